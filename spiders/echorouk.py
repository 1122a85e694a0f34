"""الشروق أونلاين (Echorouk Online, echoroukonline.com), Algiers: the Arabic news site of the daily Echorouk.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe echorouk` runs where there is internet.
Known quirks: WordPress; article URLs are a bare (often truncated, percent-encoded) slug with no
id and no date, so identity rests on the URL. A few English-language stories live on the same
domain with Latin slugs; the pattern cannot tell them apart (the language check must).
"""

from newsbot.crawl.spider import OutletSpider


class EchoroukSpider(OutletSpider):
    name = "echorouk"
    outlet_name = "الشروق أونلاين"
    site_names = ("الشروق أونلاين", "الشروق", "Echorouk Online", "echoroukonline.com")
    country = "DZ"
    timezone = "Africa/Algiers"
    allowed_domains = ["echoroukonline.com"]
    home = "https://www.echoroukonline.com/"
    # UNVERIFIED: the site's WordPress feed, read by two independent projects (one writes
    # ".../feed/", the other ".../feed"; WordPress serves both).
    feeds = ["https://www.echoroukonline.com/feed"]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /<slug> (one path segment, words joined by hyphens, no id); section/tag/author/page paths excluded.
    article_url = r"^https?://(?:www\.)?echoroukonline\.com/(?!(?:category|tag|author|page|feed|wp-content|wp-json|amp|search|videos?)(?:[/?#]|$))[^/?#]*-[^/?#]*/?(?:[?#]|$)"
    provenance = {
        "https://www.echoroukonline.com/feed": (
            "1ymenn/dz-akhbar:update_news.py",
            "Nadirinfograph23/DZ-GPT:server.js",
        ),
        "article_url": ("1ymenn/dz-akhbar:index.html",),
    }
    not_authors = ("الشروق أونلاين", "الشروق", "Echorouk Online", "echoroukonline")
