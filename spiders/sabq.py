"""سبق (Sabq, sabq.org), Riyadh: the Saudi online newspaper "صحيفة سبق الإلكترونية".

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe sabq` runs where there is internet.
Known quirks: the site is served by the outlet's own platform, whose source is public
(sabq4org/sabq.org): robots.txt, llms.txt, the RSS route and the sitemaps are read from it. The
earlier Quintype site's URLs (/saudia/..., short links) redirect to /article/<slug> or 404; the
old feed https://sabq.org/rss, still in many public bots' lists (and declared by the 2018 home
page), is not listed by the new platform and is left out. English (/en/article/...) and Urdu
(/ur/...) editions share the domain; only the Arabic /article/ pages are matched.
"""

from newsbot.crawl.spider import OutletSpider


class SabqSpider(OutletSpider):
    name = "sabq"
    outlet_name = "صحيفة سبق الإلكترونية"  # og:site_name and the NewsMediaOrganization name
    site_names = ("سبق", "سبق الذكية", "صحيفة سبق", "Sabq")  # home title "سبق الذكية - صحيفة سبق الإلكترونية"
    country = "SA"
    timezone = "Asia/Riyadh"
    # sabq.org; media.sabq.org (images) and api.sabq.org (the platform's API) are subdomains.
    allowed_domains = ["sabq.org"]
    home = "https://sabq.org/"
    # UNVERIFIED: the RSS the platform's llms.txt lists (and its home page declares as
    # rel=alternate; robots.txt allows /api/rss/ though /api/ is disallowed). A JSON Feed twin
    # lives at /api/rss/articles.json (not used).
    feeds = ["https://sabq.org/api/rss/articles"]
    # UNVERIFIED: the two Sitemap: lines of the platform's robots.txt. The index lists article
    # sitemaps (/sitemap-articles-<n>.xml, 500 Arabic archive parts) and section sitemaps;
    # sitemap-news.xml holds the last 48 hours.
    sitemaps = [
        "https://sabq.org/sitemap-news.xml",
        "https://sabq.org/sitemap.xml",
    ]
    formats = {
        "https://sabq.org/sitemap-news.xml": "news",
        "https://sabq.org/sitemap.xml": "index",
    }
    # /article/<slug>: the slug is a short code (/article/HI8Xj8y) or an English slug; no number
    # to key on, so no id group. Sections are /category/<name>, columns /opinion, authors
    # /reporter/<slug>.
    article_url = r"^https?://(?:www\.)?sabq\.org/article/[^/?#]+/?(?:[?#]|$)"
    provenance = {
        "https://sabq.org/api/rss/articles": ("sabq4org/sabq.org:client/public/llms.txt",),
        "https://sabq.org/sitemap-news.xml": ("sabq4org/sabq.org:server/utils/robotsTxt.ts",),
        "https://sabq.org/sitemap.xml": ("sabq4org/sabq.org:server/utils/robotsTxt.ts",),
        "article_url": ("sabq4org/sabq.org:scripts/reindex-recent-articles.ts",),
    }
    not_authors = ("سبق", "صحيفة سبق", "صحيفة سبق الإلكترونية", "Sabq", "sabq")
