"""RT Arabic (روسيا اليوم, arabic.rt.com), Moscow: the Arabic service of the Russian state broadcaster RT.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe rtarabic` runs where there is internet.
Known quirks: the site is blocked in parts of Europe, so a probe from there can fail while the
outlet is alive. Its listings are paged as /listing/trend.<hex>/noprepare/trend/10/<n> (not
articles).
"""

from newsbot.crawl.spider import OutletSpider


class RtarabicSpider(OutletSpider):
    name = "rtarabic"
    outlet_name = "RT Arabic"
    site_names = ("RT عربي", "روسيا اليوم", "RT Arabic", "arabic.rt.com")
    country = "RU"
    timezone = "Europe/Moscow"
    allowed_domains = ["arabic.rt.com"]
    home = "https://arabic.rt.com/"
    feeds = [
        # UNVERIFIED: the all-news feed: menamonitor's feed list (an entry its own, not in the
        # worldmonitor project it forks), yaqeen-agent's and ArabiSmart's lists (both without the
        # trailing slash); sada-app reads it directly (2026-04).
        "https://arabic.rt.com/rss/",
    ]
    sitemaps = []
    # /<section>/<id>-<slug>/ (world, middle_east, funny, business, sport, ...); the id is the
    # article number. moustafa360's spiders join the site's relative links to https://arabic.rt.com.
    article_url = r"^https?://(?:www\.)?arabic\.rt\.com/(?:[a-z][a-z_]*/){1,2}(?P<id>\d{5,})-[^/?#]*/?(?:[?#]|$)"
    provenance = {
        "https://arabic.rt.com/rss/": (
            "Akramovic1/menamonitor:src/config/feeds.ts",
            "Ilyasslamti/yaqeen-agent:manadger_lib.py",
            "redioarab1/ArabiSmart:backend/server.py",
            "mrrashedy/sada-app:functions/api/feeds.js",
            "MainAdc95/alramtha-client:data/rss.ts",
        ),
        "article_url": (
            # (moustafa360/ArabicNewsArticles's rtbusiness spider joins relative links and shows no
            # article URL, so it is not counted.)
            "MAlazhariy/abdullah_mansour_flutter_course:lib/modules/news_app/news_data.dart",
        ),
    }
    not_authors = ("RT", "RT Arabic", "RT عربي", "روسيا اليوم", "المصدر: RT")
