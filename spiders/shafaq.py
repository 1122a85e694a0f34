"""شفق نيوز (Shafaq News, shafaq.com), Baghdad: the Iraqi news agency's Arabic site (/ar/ only).

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe shafaq` runs where there is internet.
Known quirks: the site is trilingual (/ar/, /en/, /ku/); only /ar/ pages are taken. Article URLs
carry no number or date: /ar/<section>/<headline slug>; section names keep tatweel (أمـن, ريـاضة).
"""

from newsbot.crawl.spider import OutletSpider


class ShafaqSpider(OutletSpider):
    name = "shafaq"
    outlet_name = "شفق نيوز"
    site_names = ("شفق نيوز", "Shafaq News", "shafaq.com")
    country = "IQ"
    timezone = "Asia/Baghdad"
    allowed_domains = ["shafaq.com"]
    home = "https://shafaq.com/ar"
    # One source: an Iraqi news Telegram bot reads the Arabic feed.
    feeds = ["https://shafaq.com/ar/rss"]
    sitemaps = []
    # /ar/<section>/<slug>, e.g. /ar/أمـن/اعتقال-147-...; a public watcher takes ^https://shafaq.com/ar/[^/]+/[^/]+$
    # and skips /tags/; the slug is asked to hold a hyphen so that two-word listing paths are not taken.
    article_url = r"^https?://(?:www\.)?shafaq\.com/ar/(?!tags/|author/)[^/?#]+/(?=[^/?#]*-)[^/?#]+/?(?:[?#]|$)"
    provenance = {
        "https://shafaq.com/ar/rss": ("iraqrahomi/iraqnews-bot:news_bot.py",),
        "article_url": (
            "sxatrader-cmd/Iraq-news:iraq_news_watcher.py",
            "sxatrader-cmd/Iraq-news:seen_urls.json",
        ),
    }
    not_authors = ("شفق نيوز", "Shafaq News")
