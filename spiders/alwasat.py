"""بوابة الوسط (Al Wasat, alwasat.ly), Libya: the Al Wasat media group's Arabic news portal.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alwasat` runs where there is internet.
Known quirks: the only public source for a feed lists /rss and /feed as two *candidate* feed URLs
that its app tries in turn, so neither is known to be the live one; both are declared, each
one-source. The saved 2018 home page carries no <link rel="alternate"> feed.
"""

from newsbot.crawl.spider import OutletSpider


class AlwasatSpider(OutletSpider):
    name = "alwasat"
    outlet_name = "بوابة الوسط"
    # og:site_name of the saved home page is "Alwasat News"; its titles read "فيديو بوابة الوسط | ...".
    site_names = ("الوسط", "Alwasat News", "Al Wasat", "alwasat.ly")
    country = "LY"
    # The site names no newsroom city here; its public contact number in the JSON-LD is a Cairo one
    # (+20 2...), but it is a Libyan outlet covering Libya: Libyan time.
    timezone = "Africa/Tripoli"
    # Images are on cdn-ar-2.alwasat.ly (a subdomain).
    allowed_domains = ["alwasat.ly"]
    home = "https://alwasat.ly/"
    # UNVERIFIED, one-source each: listed (in this order) as the outlet's candidate feeds in
    # Ebrahassad/libya-point:lib/data/news_sources.dart (and the same author's libya_hub copy, which
    # counts as the same source).
    feeds = ["https://alwasat.ly/rss", "https://alwasat.ly/feed"]
    # No sitemap is known from any public source.
    sitemaps = []
    # /news/<section>/<id>, e.g. /news/art-culture/200084, /news/video/200045 (a story built around a
    # video). Section pages are /section/<section> and do not match.
    article_url = r"^https?://(?:www\.)?alwasat\.ly/(?:ar/)?news/[a-z0-9-]+/(?P<id>\d+)(?:/[^/?#]*)?/?(?:[?#]|$)"
    provenance = {
        "https://alwasat.ly/rss": ("Ebrahassad/libya-point:lib/data/news_sources.dart",),
        "https://alwasat.ly/feed": ("Ebrahassad/libya-point:lib/data/news_sources.dart",),
        # The story links of the home page saved in 2018 (a crawl of news sites' front pages).
        "article_url": ("silverfoxy/JSCryptoMinerStudy:pagesource/alwasat.ly",),
    }
    not_authors = ("Alwasat News", "بوابة الوسط", "الوسط", "alwasat")
