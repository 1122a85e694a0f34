"""فرانس 24 (France 24 Arabic, france24.com/ar/), Paris: the Arabic service of France Médias Monde.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe france24ar` runs where there is internet.
Known quirks: sada-app (2026-04) says /ar/rss "now returns 403" to its Cloudflare Workers (a
block of cloud addresses, not necessarily of every client). france24.com also carries the French, English and Spanish services: only /ar/
paths are this outlet's. Section names in Arabic URLs are Arabic words (الشرق-الأوسط, أفريقيا,
برامج/ضيف-اليوم, فيديو); the date is the first part of the last segment (YYYYMMDD-<slug>).
"""

from newsbot.crawl.spider import OutletSpider


class France24arSpider(OutletSpider):
    name = "france24ar"
    outlet_name = "فرانس 24"
    site_names = ("France 24", "فرانس 24 / France 24", "فرانس24")
    country = "FR"
    timezone = "Europe/Paris"
    allowed_domains = ["france24.com"]
    home = "https://www.france24.com/ar/"
    feeds = [
        # UNVERIFIED: the Arabic service's all-news feed: worldmonitor's list (its feed report,
        # scripts/rss-feeds-report.csv, has it OK on 2026-02-26), Kandaka's fetcher (its
        # content/news pages carry the /ar/... links it gave), yaqeen-agent's list.
        "https://www.france24.com/ar/rss",
        # UNVERIFIED: the Middle East section feed dz-akhbar reads (its saved page carries
        # /ar/الشرق-الأوسط/... links from it).
        "https://www.france24.com/ar/middle-east/rss",
    ]
    sitemaps = []
    # /ar/<section>[/<sub>]/<yyyymmdd>-<slug>; video and programme pages (/ar/فيديو/...,
    # /ar/برامج/...) have the same shape and are left out.
    article_url = (
        r"^https?://(?:www\.)?france24\.com/ar/(?!فيديو/|برامج/)(?:[^/?#]+/){1,2}"
        r"(?P<year>20\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)-[^/?#]+/?(?:[?#]|$)"
    )
    provenance = {
        "https://www.france24.com/ar/rss": (
            "koala73/worldmonitor:src/config/feeds.ts",
            "beewax/Kandaka:scripts/fetch_news.py",
            "Ilyasslamti/yaqeen-agent:manadger_lib.py",
            "MainAdc95/alramtha-client:data/rss.ts",
        ),
        "https://www.france24.com/ar/middle-east/rss": ("1ymenn/dz-akhbar:update_news.py",),
        "article_url": ("1ymenn/dz-akhbar:index.html", "beewax/Kandaka:content/news/ar-news-310b5372c9.ar.md"),
    }
    not_authors = ("فرانس 24", "France 24", "فرانس24/ أ ف ب", "فرانس24/ رويترز")
