"""هسبريس (Hespress, hespress.com), Rabat: Morocco's most-read Arabic news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe hespress` runs where there is internet.
Known quirks: the French and English editions live on fr.hespress.com and en.hespress.com; the
article pattern only admits the bare/www host, so their URLs are never taken as Arabic articles.
Slugs are cut short by the site (often mid-word) before the -<id>.html tail.
"""

from newsbot.crawl.spider import OutletSpider


class HespressSpider(OutletSpider):
    name = "hespress"
    outlet_name = "هسبريس"
    site_names = ("هسبريس", "Hespress", "hespress.com")
    country = "MA"
    timezone = "Africa/Casablanca"
    allowed_domains = ["hespress.com"]
    home = "https://www.hespress.com/"
    # UNVERIFIED: the site-wide WordPress feed is read by two independent projects; the two section
    # feeds (politique, societe) by one of them only.
    feeds = [
        "https://www.hespress.com/feed",
        "https://www.hespress.com/politique/feed",
        "https://www.hespress.com/societe/feed",
    ]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /<slug>-<id>.html (current); /<section>/<id>.html is the pre-2020 form seen in an older corpus.
    # Host must be bare or www: fr./en. editions excluded.
    article_url = r"^https?://(?:www\.)?hespress\.com/(?:[a-z-]+/)?(?:[^/?#]+-)?(?P<id>\d+)\.html/?(?:[?#]|$)"
    provenance = {
        "https://www.hespress.com/feed": (
            "Ilyasslamti/yaqeen-agent:manadger_lib.py",
            "Mermorex/breakingNews:lib/data/models/news_source.dart",
        ),
        "https://www.hespress.com/politique/feed": ("Ilyasslamti/yaqeen-agent:manadger_lib.py",),
        "https://www.hespress.com/societe/feed": ("Ilyasslamti/yaqeen-agent:manadger_lib.py",),
        "article_url": (
            "NabilKannane/Hespress-Project:data/hespress_data_most_commented.json",
            "abdellatif-laghjaj/hespress-comments-analysis:dashboard/random_data.json",
            "elsayed-issa/The-Moroccan-News-Corpus:hespress/hespress/spiders/hes.py",
        ),
    }
    not_authors = ("هسبريس", "Hespress", "hespress", "هسبريس من الرباط")
