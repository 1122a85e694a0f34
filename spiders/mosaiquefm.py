"""موزاييك أف أم (Mosaïque FM, mosaiquefm.net), Tunis: the news site of Tunisia's most-listened radio.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe mosaiquefm` runs where there is internet.
Known quirks: the site is bilingual; only the Arabic edition (/ar/ and /amp/ar/ paths and the
/ar/rss feed) is declared here, the French edition (/fr/) is left out by the pattern.
"""

from newsbot.crawl.spider import OutletSpider


class MosaiquefmSpider(OutletSpider):
    name = "mosaiquefm"
    outlet_name = "موزاييك أف أم"
    site_names = ("موزاييك أف أم", "موزاييك", "Mosaïque FM", "Mosaique FM", "mosaiquefm.net")
    country = "TN"
    timezone = "Africa/Tunis"
    allowed_domains = ["mosaiquefm.net"]
    home = "https://www.mosaiquefm.net/"
    # UNVERIFIED: the Arabic feed, read by two independent projects (and by several more public
    # aggregator configs whose repository could not be resolved).
    feeds = ["https://www.mosaiquefm.net/ar/rss"]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /ar/<section-slug>/<id>/<slug>, AMP copy at /amp/ar/...; section listings
    # (/ar/actualites/<section>/<page>) do not have a numeric second segment followed by a slug.
    article_url = r"^https?://(?:www\.)?mosaiquefm\.net/(?:amp/)?ar/[^/?#]+/(?P<id>\d+)/[^/?#]+/?(?:[?#]|$)"
    provenance = {
        "https://www.mosaiquefm.net/ar/rss": (
            "yossgess/tunisia_intelligence:extractors/mosaiquefm_extractor.py",
            "Mermorex/breakingNews:lib/data/models/news_source.dart",
        ),
        "article_url": ("chaddaess/social_share_hub:tests/Unit/Controller/PictureExtractionTest.php",),
    }
    not_authors = ("موزاييك أف أم", "موزاييك", "Mosaïque FM", "Mosaique FM", "La rédaction")
