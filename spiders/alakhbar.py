"""الأخبار (Al-Akhbar, al-akhbar.com), Beirut: the Lebanese daily's news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alakhbar` runs where there is internet.
"""

from newsbot.crawl.spider import OutletSpider


class AlakhbarSpider(OutletSpider):
    name = "alakhbar"
    outlet_name = "الأخبار"
    site_names = ("الأخبار", "جريدة الأخبار", "Al-Akhbar", "Al Akhbar", "al-akhbar.com")
    country = "LB"
    timezone = "Asia/Beirut"
    allowed_domains = ["al-akhbar.com"]
    home = "https://www.al-akhbar.com/"
    # Listed (without www.) by a Lebanon news-monitor's source catalogue and by a MENA news agent's
    # source config.
    feeds = ["https://al-akhbar.com/rss"]
    sitemaps = []
    # /news/<section>/<id>/<slug>, e.g. /news/lebanon/878075/<slug>; the printed paper's articles are
    # /NewspaperArticles/<section>/<id>[/<slug>] (a headline digest links some without the slug), and a
    # public scraper also takes /Newspaper%20Articles/lebanon/ links.
    article_url = (
        r"^https?://(?:www\.)?al-akhbar\.com/(?:news|Newspaper ?Articles)/[^/?#]+/(?P<id>\d+)(?:/[^/?#]*)?/?(?:[?#]|$)"
    )
    provenance = {
        "https://al-akhbar.com/rss": (
            "SamiNakibETU/Lebanon_Monitor:LEBANON_MONITOR_V4_SOURCES%20(1).md",
            "abbasshayek652-boop/MENA-News-Agent-v2:config/sources.yaml",
        ),
        "article_url": (
            "JoyMikhaelLeb/lebanese-news-scrapper:al-akhbar.py",
            "JoyMikhaelLeb/lebanese-news-scrapper:news_2026-01-31.csv",
            "MiddleEastObserver/mena-newsstand:headlines.json",
        ),
    }
    not_authors = ("الأخبار", "Al-Akhbar", "Al Akhbar")
