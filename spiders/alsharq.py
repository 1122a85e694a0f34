"""الشرق (Al Sharq, al-sharq.com), Doha: Dar Al Sharq's Arabic daily and its news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alsharq` runs where there is internet.
Known quirks: https://al-sharq.com/rss (named by several public lists) is an HTML index of the
feeds, not a feed ("HTTP 200 but zero <item>", as one public project's migration notes); the
feed is /rss/latestNews. Article URLs carry the date day-first (DD/MM/YYYY). The same CMS runs
the group's English paper, thepeninsulaqatar.com, and Al Arab (alarab.qa/rss/latestNews).
"""

from newsbot.crawl.spider import OutletSpider


class AlsharqSpider(OutletSpider):
    name = "alsharq"
    outlet_name = "الشرق"
    site_names = ("صحيفة الشرق", "جريدة الشرق", "الشرق القطرية", "Al Sharq", "Alsharq")
    country = "QA"
    timezone = "Asia/Qatar"
    allowed_domains = ["al-sharq.com"]
    home = "https://al-sharq.com/"
    # UNVERIFIED: latest news, read by a news app (mrrashedy/sada-app) and by about ten other
    # public projects whose repositories the code index does not name (feed lists, SQL seeds).
    feeds = ["https://al-sharq.com/rss/latestNews"]
    # No sitemap is named by any public source: robots.txt Sitemap: lines are used if the feed fails.
    sitemaps = []
    # /article/DD/MM/YYYY/<slug> (Arabic slug), e.g.
    # /article/25/01/2026/وفق-موقع-وزارة-الصحة-13-مليون-منتج-غذائي-مسجل-في-نظام-واثق. No article
    # number, so no id group (identity rules apply).
    article_url = (
        r"^https?://(?:www\.)?al-sharq\.com/article/(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})/"
        r"[^/?#]+/?(?:[?#]|$)"
    )
    provenance = {
        "https://al-sharq.com/rss/latestNews": ("mrrashedy/sada-app:functions/api/feeds.js",),
        "article_url": ("michael19823/mini-ChatGpt:research/countries/qatar.md",),
    }
    not_authors = ("الشرق", "صحيفة الشرق", "بوابة الشرق", "الدوحة - الشرق", "Al Sharq")
