"""النهار (Annahar, annahar.com), Beirut: the Lebanese daily's news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe annahar` runs where there is internet.
Known quirks: one public news app notes that the site's feed can come as UTF-16.
"""

from newsbot.crawl.spider import OutletSpider


class AnnaharSpider(OutletSpider):
    name = "annahar"
    outlet_name = "النهار"
    site_names = ("النهار", "Annahar", "An-Nahar", "annahar.com")
    country = "LB"
    timezone = "Asia/Beirut"
    allowed_domains = ["annahar.com"]
    home = "https://www.annahar.com/"
    feeds = [
        # Listed by a Lebanon news-monitor's source catalogue, by Kagi's Kite feed list and by a MENA
        # news agent's source config.
        "https://www.annahar.com/rss",
        # One source: the feed a pan-Arab news app reads for Annahar (it notes it may be UTF-16).
        "https://www.annahar.com/arabic/rss-feed",
    ]
    sitemaps = []
    # /<section>[/<subsection>]/<id>/<slug>, e.g. /lebanon/274214/<slug>, /lebanon/politics/274162/<slug>,
    # /articles/annahar-writers/274324/<slug>; the id is the article number. Old /section/<page>/<id>-<name>
    # listing pages are excluded.
    article_url = (
        r"^https?://(?:www\.)?annahar\.com/(?!section/)(?:[^/?#]+/){1,3}(?P<id>\d+)/[^/?#]+/?(?:[?#]|$)"
    )
    provenance = {
        "https://www.annahar.com/rss": (
            "SamiNakibETU/Lebanon_Monitor:LEBANON_MONITOR_V4_SOURCES%20(1).md",
            "kagisearch/kite-public:kite_feeds.json",
            "abbasshayek652-boop/MENA-News-Agent-v2:config/sources.yaml",
        ),
        "https://www.annahar.com/arabic/rss-feed": ("mrrashedy/sada-app:functions/api/feeds.js",),
        # Article links a Lebanese-news scraper collected from the site's section pages.
        "article_url": ("JoyMikhaelLeb/lebanese-news-scrapper:news_2026-01-31.csv",),
    }
    not_authors = ("النهار", "Annahar", "An-Nahar", "النهار العربي")
