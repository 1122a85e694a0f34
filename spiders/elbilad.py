"""البلاد (El Bilad, elbilad.net), Algiers: the news site of the daily El Bilad and its TV channel.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe elbilad` runs where there is internet.
Known quirks: video pages (/videos/<slug>) carry no id and are not articles.
"""

from newsbot.crawl.spider import OutletSpider


class ElbiladSpider(OutletSpider):
    name = "elbilad"
    outlet_name = "البلاد"
    site_names = ("البلاد", "El Bilad", "elbilad.net")
    country = "DZ"
    timezone = "Africa/Algiers"
    allowed_domains = ["elbilad.net"]
    home = "https://www.elbilad.net/"
    # UNVERIFIED: listed by two independent projects (one writes ".../feed", the other ".../feed/").
    feeds = ["https://www.elbilad.net/feed"]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /<section>/<slug>-<id>, e.g. /national/...-144808; /videos/ excluded.
    article_url = r"^https?://(?:www\.)?elbilad\.net/(?!videos/)[a-z0-9-]+/[^/?#]+-(?P<id>\d+)/?(?:[?#]|$)"
    provenance = {
        "https://www.elbilad.net/feed": (
            "1ymenn/dz-akhbar:update_news.py",
            "Nadirinfograph23/DZ-GPT:server.js",
        ),
        "article_url": ("1ymenn/dz-akhbar:index.html",),
    }
    not_authors = ("البلاد", "El Bilad", "elbilad")
