"""اليوم 24 (Alyaoum24, alyaoum24.com), Casablanca: a Moroccan Arabic news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alyaoum24` runs where there is internet.
Known quirks: article URLs are /<id>.html with no slug; section pages live under /news/<section>.
"""

from newsbot.crawl.spider import OutletSpider


class Alyaoum24Spider(OutletSpider):
    name = "alyaoum24"
    outlet_name = "اليوم 24"
    site_names = ("اليوم 24", "اليوم24", "Alyaoum24", "alyaoum24.com")
    country = "MA"
    timezone = "Africa/Casablanca"
    allowed_domains = ["alyaoum24.com"]
    home = "https://www.alyaoum24.com/"
    # UNVERIFIED: the WordPress feed, listed by two independent projects (in Mermorex/breakingNews
    # only in an earlier version of the file, commit 8adbf3ba6c935170fe9644863a67710f269dfb8a).
    feeds = ["https://alyaoum24.com/feed"]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /<id>.html
    article_url = r"^https?://(?:www\.)?alyaoum24\.com/(?P<id>\d+)\.html/?(?:[?#]|$)"
    provenance = {
        "https://alyaoum24.com/feed": (
            "Ilyasslamti/yaqeen-agent:manadger_lib.py",
            "Mermorex/breakingNews:lib/presentation/screens/morocco_news_screen.dart",
        ),
        "article_url": ("elsayed-issa/The-Moroccan-News-Corpus:today24/today24/spiders/today_crawler.py",),
    }
    not_authors = ("اليوم 24", "اليوم24", "Alyaoum24", "alyaoum24")
