"""القدس (Al-Quds, alquds.com), Jerusalem: the Palestinian daily's news site (not alquds.co.uk).

Discovery endpoints and the article-URL pattern come from public material about this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alqudsps` runs where there is internet.
Known quirks: the feed comes only from a saved copy of the home page of about 2018 (a crypto-miner
study's page corpus), when articles were /lang/ar/articles/<id>/; the site has since moved to
/ar/posts/<id> (linked by a 2026 Palestinian news project), so the feed path may have moved too.
Kagi's Kite list reads an English feed at /en/rss (English pages are not taken here).
"""

from newsbot.crawl.spider import OutletSpider

_HOME_COPY = "silverfoxy/JSCryptoMinerStudy:pagesource/alquds.com"


class AlqudspsSpider(OutletSpider):
    name = "alqudsps"
    outlet_name = "القدس"
    site_names = ("القدس", "صحيفة القدس", "جريدة القدس", "Al-Quds", "alquds.com")
    country = "PS"
    timezone = "Asia/Hebron"
    allowed_domains = ["alquds.com"]
    home = "https://www.alquds.com/"
    # One source: the saved home page's RSS icon links http://alquds.com/rss (written with https).
    feeds = ["https://alquds.com/rss"]
    sitemaps = []
    # Current /ar/posts/<id>; older /lang/ar/articles/<id>/. Channels (/lang/ar/channels/<name>/) are
    # not articles.
    article_url = r"^https?://(?:www\.)?alquds\.com/(?:lang/)?ar/(?:posts|articles)/(?P<id>\d+)/?(?:[?#]|$)"
    provenance = {
        "https://alquds.com/rss": (_HOME_COPY,),
        "article_url": (
            _HOME_COPY,
            "timesofpalestine/TimesofPalestine:originals/morocco-jerusalem-summer-schools-2026.ar.txt",
        ),
    }
    not_authors = ("القدس", "القدس دوت كوم", "Al-Quds", "alquds")
