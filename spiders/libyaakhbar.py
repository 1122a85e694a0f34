"""اخبار ليبيا (Libya Akhbar, libyaakhbar.com), Libya: a WordPress news portal that gathers Libyan news.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe libyaakhbar` runs where there is internet.
Known quirks: the site is largely an aggregator ("اخر اخبار ليبيا من جميع المصادر كل دقيقة"; its
saved home page loads the wp-automatic plugin): many stories are republished from other Libyan
outlets, and the WordPress "author" of such a story is the source outlet ("مصدر الخبر / عين ليبيا"),
not a person. Expect near-duplicates of other outlets' stories.
"""

from newsbot.crawl.spider import OutletSpider


class LibyaakhbarSpider(OutletSpider):
    name = "libyaakhbar"
    outlet_name = "اخبار ليبيا"  # og:site_name and <title> of the saved home page
    site_names = ("أخبار ليبيا", "ليبيا أخبار", "libyaakhbar", "libyaakhbar.com")
    country = "LY"
    timezone = "Africa/Tripoli"
    allowed_domains = ["libyaakhbar.com"]
    home = "https://www.libyaakhbar.com/"
    # UNVERIFIED: the WordPress main feed. The saved home page announces it in
    # <link rel="alternate" type="application/rss+xml" href="https://www.libyaakhbar.com/feed">, and a
    # Libyan news app lists https://libyaakhbar.com/feed/ (same feed, bare host).
    feeds = ["https://www.libyaakhbar.com/feed"]
    # No sitemap is known from any public source (the home page shows Yoast SEO, which usually writes
    # /sitemap_index.xml, but nothing public names it: not declared).
    sitemaps = []
    # /<category>/<post id>.html, e.g. /libya-news/602221.html, /news/602220.html, /sports/602217.html;
    # category pages (/libya-news, /breaking), /author/<x> and /page/<n> do not match.
    article_url = r"^https?://(?:www\.)?libyaakhbar\.com/[a-z0-9-]+/(?P<id>\d+)\.html/?(?:[?#]|$)"
    provenance = {
        "https://www.libyaakhbar.com/feed": (
            "silverfoxy/JSCryptoMinerStudy:pagesource/libyaakhbar.com",
            "Ebrahassad/libya_hub:lib/data/news_sources.dart",
        ),
        "article_url": ("silverfoxy/JSCryptoMinerStudy:pagesource/libyaakhbar.com",),
    }
    # The bylines are the outlets a story was taken from (seen on the saved home page), never a person.
    not_authors = (
        "اخبار ليبيا", "libyaakhbar", "قناة ليبيا", "عين ليبيا", "صحيفة المتوسط الليبية", "ايوان ليبيا",
        "اخبار ليبيا 24", "ليبيا نيوز",
    )
