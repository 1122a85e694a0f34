"""العربية نت (Al Arabiya, alarabiya.net), Dubai: the Arabic site of the Saudi-owned Al Arabiya channel.

Country AE, zone Asia/Dubai: the newsroom is in Dubai Media City (the owner, MBC, is Saudi).
Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alarabiya` runs where there is internet.
Known quirks: the site answers bots behind Cloudflare (newspaper4k lists it among "known sites not
working: Protected by cloudflair", 2023-11; worldmonitor notes its English site blocks cloud IPs
while "AR RSS is direct"). Public projects name more feed paths (/.mrss/ar/all.xml, /.mrss/ar/last-24-hours.xml,
/rss/, /rss.xml); only those a readable source names are declared.
"""

from newsbot.crawl.spider import OutletSpider


class AlarabiyaSpider(OutletSpider):
    name = "alarabiya"
    outlet_name = "العربية"
    site_names = ("العربية نت", "Al Arabiya", "alarabiya.net")
    country = "AE"
    timezone = "Asia/Dubai"
    allowed_domains = ["alarabiya.net"]
    home = "https://www.alarabiya.net/"
    feeds = [
        # UNVERIFIED: the all-news feed of the current CMS (/feed/rss2/<lang>.xml; the English site's
        # /feed/rss2/en.xml is in Kagi's kite feed list), as DZ-GPT's news module reads it.
        "https://www.alarabiya.net/feed/rss2/ar.xml",
        # UNVERIFIED: worldmonitor's feed list reads this MRSS endpoint for Al Arabiya in Arabic
        # ("AR RSS is direct").
        "https://www.alarabiya.net/tools/mrss/?cat=main",
        # UNVERIFIED: the legacy MRSS all-news feed, in alramtha-client's feed list (beside
        # /.mrss/ar/<section>.xml feeds); sada-app notes it "now 403s" to its Cloudflare Workers
        # (2026-04).
        "https://www.alarabiya.net/.mrss/ar.xml",
    ]
    sitemaps = []
    # /<section>[/<sub>]/<yyyy>/<mm>/<dd>/<slug>; older URLs start with /ar/ and end in .html:
    #   /aswaq/economy/2021/07/01/<slug>, /medicine-and-health/2021/06/30/<slug>,
    #   /last-page/2023/11/19/<slug>, /ar/arab-and-world/syria/2014/02/02/<slug>.html
    # No article number -> no id group.
    article_url = (
        r"^https?://(?:www\.)?alarabiya\.net/(?:ar/)?(?:[a-z][a-z0-9-]*/){1,3}"
        r"(?P<year>20\d{2})/(?P<month>\d{1,2})/(?P<day>\d{1,2})/[^/?#]+/?(?:[?#]|$)"
    )
    provenance = {
        "https://www.alarabiya.net/feed/rss2/ar.xml": ("Nadirinfograph23/DZ-GPT:lib/news.js",),
        "https://www.alarabiya.net/tools/mrss/?cat=main": ("koala73/worldmonitor:src/config/feeds.ts",),
        "https://www.alarabiya.net/.mrss/ar.xml": ("MainAdc95/alramtha-client:data/rss.ts", "mrrashedy/sada-app:functions/api/feeds.js"),
        "article_url": (
            "AndyTheFactory/newspaper4k:tests/data/test_urls.txt",
            "MAlazhariy/abdullah_mansour_flutter_course:lib/modules/news_app/news_data.dart",
        ),
    }
    not_authors = ("العربية", "العربية نت", "العربية.نت", "Al Arabiya", "alarabiya.net", "دبي - العربية.نت")
