"""البلاد (Al Bilad, albiladpress.com), Manama: the Bahraini daily's news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe albiladpress` runs where there is internet.
Known quirks: the only feed evidence is the RSS icon in the header of the home page saved in
2018 (<a href="http://www.albiladpress.com/rss"><i class="fa fa-rss">); the page carries no
<link rel="alternate">, so /rss may turn out to be an HTML list of section feeds rather than a feed.
URLs carry the print issue number (/news/2018/3447/...), not a date.
"""

from newsbot.crawl.spider import OutletSpider


class AlbiladpressSpider(OutletSpider):
    name = "albiladpress"
    outlet_name = "البلاد"  # the page title reads "جريدة البلاد"
    site_names = ("جريدة البلاد", "صحيفة البلاد", "البلاد البحرينية", "albiladpress", "albiladpress.com")
    country = "BH"
    timezone = "Asia/Bahrain"
    allowed_domains = ["albiladpress.com"]
    home = "https://www.albiladpress.com/"
    # UNVERIFIED, one-source: the header RSS link of the saved home page (http there; https assumed).
    feeds = ["https://www.albiladpress.com/rss"]
    # No sitemap is known from any public source.
    sitemaps = []
    # Print-edition stories: /news/<year>/<issue>/<section>/<id>.html (e.g. /news/2018/3447/bahrain/486935.html);
    # online pieces: /articles/<id>.html. The year alone is no date (no month/day): not captured.
    # Section fronts (/news/2018/3446/bahrain), /columns-list, /caricatures/... do not match.
    article_url = r"^https?://(?:www\.)?albiladpress\.com/(?:news/\d{4}/\d+/[a-z0-9-]+|articles)/(?P<id>\d+)\.html/?(?:[?#]|$)"
    provenance = {
        "https://www.albiladpress.com/rss": ("silverfoxy/JSCryptoMinerStudy:pagesource/albiladpress.com",),
        "article_url": ("silverfoxy/JSCryptoMinerStudy:pagesource/albiladpress.com",),
    }
    not_authors = ("البلاد", "جريدة البلاد", "albiladpress")
