"""سكاي نيوز عربية (Sky News Arabia, skynewsarabia.com), Abu Dhabi: the Arabic news channel's site.

Country AE, zone Asia/Dubai (UAE time, GMT+4; the newsroom is in Abu Dhabi).
Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe skynewsarabia` runs where there is internet.
Known quirks: public projects name several feed paths (/rss, /web/rss, /rss.xml, /rss/all,
/web/rss/<section>.xml of the 2014 site); only those a readable source names are declared. The
site's listings come from a JSON API (api.skynewsarabia.com/rest/v2/latest.json), not declared.
"""

from newsbot.crawl.spider import OutletSpider


class SkynewsarabiaSpider(OutletSpider):
    name = "skynewsarabia"
    outlet_name = "سكاي نيوز عربية"
    site_names = ("Sky News Arabia", "سكاي نيوز عربية", "skynewsarabia.com")
    country = "AE"
    timezone = "Asia/Dubai"
    allowed_domains = ["skynewsarabia.com"]
    home = "https://www.skynewsarabia.com/"
    feeds = [
        # UNVERIFIED: the all-news feed in Kagi's kite feed list (kite_feeds.json).
        "https://www.skynewsarabia.com/rss",
        # UNVERIFIED: the all-news feed as sada-app (2026-04, beside /rss/middle-east.xml and
        # /rss/world.xml) and ArabiSmart read it.
        "https://www.skynewsarabia.com/rss.xml",
        # UNVERIFIED: the Middle East section feed yaqeen-agent reads.
        "https://www.skynewsarabia.com/rss/v1/middle-east.xml",
    ]
    sitemaps = []
    # /<section>/<id>-<slug>: moustafa360's spiders build the link as section + id + "-" +
    # urlFriendlySuffix from the site's API; links with the bare id (/middle-east/1884498) and
    # with an empty slug (/middle-east/1879607-) are seen too. The id is the content number.
    # Video and programme pages (/video/..., /program/...) are left out.
    article_url = (
        r"^https?://(?:www\.)?skynewsarabia\.com/(?!video/|program/)(?:[a-z][a-z0-9-]*/){1,2}"
        r"(?P<id>\d{5,})(?:-[^/?#]*)?/?(?:[?#]|$)"
    )
    provenance = {
        "https://www.skynewsarabia.com/rss": ("kagisearch/kite-public:kite_feeds.json",),
        "https://www.skynewsarabia.com/rss.xml": ("mrrashedy/sada-app:functions/api/feeds.js", "redioarab1/ArabiSmart:backend/server.py"),
        "https://www.skynewsarabia.com/rss/v1/middle-east.xml": ("Ilyasslamti/yaqeen-agent:manadger_lib.py",),
        "article_url": ("moustafa360/ArabicNewsArticles:articles/articles/spiders/sky_news_middle_east.py",),
    }
    not_authors = ("سكاي نيوز عربية", "Sky News Arabia", "سكاي نيوز عربية - أبوظبي")
