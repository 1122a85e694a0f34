"""المدن (Almodon, almodon.com), Beirut: the Lebanese online newspaper.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe almodon` runs where there is internet.
"""

from newsbot.crawl.spider import OutletSpider


class AlmodonSpider(OutletSpider):
    name = "almodon"
    outlet_name = "المدن"
    site_names = ("المدن", "Almodon", "almodon.com")
    country = "LB"
    timezone = "Asia/Beirut"
    allowed_domains = ["almodon.com"]
    home = "https://www.almodon.com/"
    # One source: a Lebanon news-monitor's source catalogue lists it.
    feeds = ["https://www.almodon.com/rss"]
    sitemaps = []
    # /<section>/<yyyy>/<mm>/<dd>/<slug>, e.g. /politics/2026/01/31/<slug> (a public scraper reads the date
    # from the URL with /(\d{4})/(\d{2})/(\d{2})/); no article number in the URL.
    article_url = (
        r"^https?://(?:www\.)?almodon\.com/[^/?#]+/(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})/[^/?#]+/?(?:[?#]|$)"
    )
    provenance = {
        "https://www.almodon.com/rss": ("SamiNakibETU/Lebanon_Monitor:LEBANON_MONITOR_V4_SOURCES%20(1).md",),
        "article_url": (
            "JoyMikhaelLeb/lebanese-news-scrapper:almodon.py",
            "JoyMikhaelLeb/lebanese-news-scrapper:news_2026-01-31.csv",
        ),
    }
    not_authors = ("المدن", "Almodon", "almodon")
