"""باب نات (Babnet Tunisie, babnet.net), Tunis: a Tunisian news portal publishing in Arabic and French.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe babnet` runs where there is internet.
Known quirks: Arabic and French stories share one feed and one URL scheme
(/<kind>detail-<id>.asp), so the language check, not the URL, keeps the Arabic ones. Which of the
kinds (rttdetail, cadredetail, festivaldetail) carries Arabic is not documented publicly.
"""

from newsbot.crawl.spider import OutletSpider


class BabnetSpider(OutletSpider):
    name = "babnet"
    outlet_name = "باب نات"
    site_names = ("باب نات", "Babnet", "Babnet Tunisie", "babnet.net")
    country = "TN"
    timezone = "Africa/Tunis"
    allowed_domains = ["babnet.net"]
    home = "https://www.babnet.net/"
    # UNVERIFIED: feed.php is read by two independent projects (one of them also names rss.php as
    # an older address in a comment; not declared).
    feeds = ["https://www.babnet.net/feed.php"]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /<kind>detail-<id>.asp
    article_url = r"^https?://(?:www\.)?babnet\.net/(?:rttdetail|cadredetail|festivaldetail)-(?P<id>\d+)\.asp/?(?:[?#]|$)"
    provenance = {
        "https://www.babnet.net/feed.php": (
            "yossgess/tunisia_intelligence:extractors/babnet_extractor.py",
            "Mermorex/breakingNews:lib/data/models/news_source.dart",
        ),
        "article_url": ("AMR-KELEG/AMR-KELEG.github.io:_projects/digitalizing_dialectal_arabic.md",),
    }
    not_authors = ("باب نات", "Babnet", "babnet")
