"""النهار أونلاين (Ennahar Online, ennaharonline.com), Algiers: the news site of the daily Ennahar El Djadid.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe ennahar` runs where there is internet.
Known quirks: WordPress; article URLs are a bare percent-encoded slug with a trailing slash, no id
and no date, so identity rests on the URL.
"""

from newsbot.crawl.spider import OutletSpider


class EnnaharSpider(OutletSpider):
    name = "ennahar"
    outlet_name = "النهار أونلاين"
    site_names = ("النهار أونلاين", "النهار", "Ennahar Online", "ennaharonline.com")
    country = "DZ"
    timezone = "Africa/Algiers"
    allowed_domains = ["ennaharonline.com"]
    home = "https://www.ennaharonline.com/"
    # UNVERIFIED: the WordPress feed, listed by two independent projects.
    feeds = ["https://www.ennaharonline.com/feed/"]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /<slug>/ (one path segment with hyphens, no id); section/tag/author/page paths excluded.
    article_url = r"^https?://(?:www\.)?ennaharonline\.com/(?!(?:category|tag|author|page|feed|wp-content|wp-json|amp|search|videos?)(?:[/?#]|$))[^/?#]*-[^/?#]*/?(?:[?#]|$)"
    provenance = {
        "https://www.ennaharonline.com/feed/": (
            "1ymenn/dz-akhbar:update_news.py",
            "Nadirinfograph23/DZ-GPT:server.js",
        ),
        "article_url": ("1ymenn/dz-akhbar:index.html",),
    }
    not_authors = ("النهار أونلاين", "النهار", "Ennahar Online", "ennaharonline")
