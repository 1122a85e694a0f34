"""الحرة (Alhurra, alhurra.com), Springfield, Virginia: the US-funded Arabic news network (MBN).

Country US, zone America/New_York: the newsroom is in the Washington area (Middle East
Broadcasting Networks, funded through the US Agency for Global Media).
Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alhurra` runs where there is internet.
Known quirks: the site's article URLs are now bare numbers (alhurra.com/<id>, as dz-akhbar saved
them in July 2026); older public code reads feeds of a previous CMS (/api/zmg/rss, /api/z-gvev_qt,
seen by exact-string search), not declared, and that CMS's dated URLs are not matched. sada-app
(2026-04) notes alhurra.com/feed "returns 200 but empty" to its Cloudflare Workers.
"""

from newsbot.crawl.spider import OutletSpider


class AlhurraSpider(OutletSpider):
    name = "alhurra"
    outlet_name = "الحرة"
    site_names = ("Alhurra", "قناة الحرة", "alhurra.com")
    country = "US"
    timezone = "America/New_York"
    allowed_domains = ["alhurra.com"]
    home = "https://www.alhurra.com/"
    feeds = [
        # UNVERIFIED: dz-akhbar's feed list (its saved page of 2026-07 carries the alhurra.com/<id>
        # links it gave) and yaqeen-agent's list (without the trailing slash).
        "https://www.alhurra.com/rss/",
    ]
    sitemaps = []
    # /<id>, the new CMS's article number (alhurra.com/24254); a trailing slug is allowed.
    article_url = r"^https?://(?:www\.)?alhurra\.com/(?P<id>\d{3,})(?:/[^/?#]*)?/?(?:[?#]|$)"
    provenance = {
        "https://www.alhurra.com/rss/": ("1ymenn/dz-akhbar:update_news.py", "Ilyasslamti/yaqeen-agent:manadger_lib.py"),
        "article_url": ("1ymenn/dz-akhbar:index.html",),
    }
    not_authors = ("الحرة", "Alhurra", "الحرة - واشنطن", "الحرة / ترجمات - واشنطن")
