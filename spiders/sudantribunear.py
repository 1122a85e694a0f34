"""سودان تربيون (Sudan Tribune, Arabic edition, sudantribune.net): Sudan news in Arabic.

The English edition is sudantribune.com (not this spider). The .net articles public code saved
are Arabic, datelined from Khartoum («الخرطوم 12 أغسطس 2026-»).
Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe sudantribunear` runs where there is internet.
Known quirks: some public projects label the sudantribune.net feed as English (a "mirror" of the
.com site); the items one of them saved from it are Arabic. The paper has long been edited from
Paris: the time zone is the dateline's (Khartoum) and only serves pages that give no offset.
"""

from newsbot.crawl.spider import OutletSpider


class SudantribunearSpider(OutletSpider):
    name = "sudantribunear"
    outlet_name = "سودان تربيون"
    site_names = ("سودان تربيون", "Sudan Tribune", "sudantribune.net")
    country = "SD"
    timezone = "Africa/Khartoum"
    allowed_domains = ["sudantribune.net"]
    home = "https://sudantribune.net/"
    # UNVERIFIED: the WordPress main feed, read by three independent projects (one spells it
    # https://sudantribune.net/feed, without the trailing slash; one notes it answers 200 with no
    # items to requests from Cloudflare Workers, i.e. datacenter addresses).
    feeds = ["https://sudantribune.net/feed/"]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /article/<id>, e.g. https://sudantribune.net/article/317313 (links taken from the feed).
    article_url = r"^https?://(?:www\.)?sudantribune\.net/article/(?P<id>\d+)/?(?:[?#]|$)"
    provenance = {
        "https://sudantribune.net/feed/": (
            "beewax/Kandaka:scripts/fetch_news.py",
            "samoradeng/south-sudan-news:server/sources.js",
            "mrrashedy/sada-app:functions/api/feeds.js",
        ),
        "article_url": ("beewax/Kandaka:content/news/ar-news-0045e8cd83.ar.md",),
    }
    not_authors = ("سودان تربيون", "Sudan Tribune", "sudantribune")
