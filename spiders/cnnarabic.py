"""CNN بالعربية (CNN Arabic, arabic.cnn.com), CNN's Arabic-language site, edited in the UAE.

Country AE: the Arabic newsroom works from the UAE (Dubai Media City, later Abu Dhabi), and the
site states its times in UAE time ("آخر تحديث 02:21 (GMT+0400)"); the parent company (CNN) is
American, but the outlet is the Arabic site. Timezone Asia/Dubai = GMT+4, no DST: the offset the
2013 pages print (a printed offset wins anyway; the zone serves times printed without one).

Discovery endpoints come from public code that reads this outlet (cited per endpoint in
`provenance`); they could not be checked from the development machines (no internet): UNVERIFIED. The saved 2013 pages carry no
<link rel="alternate" type="application/rss+xml">; their header only links an HTML /rss/ page.
"""

from newsbot.crawl.spider import OutletSpider
from newsbot.outlets.profile import Layout


class CnnArabicSpider(OutletSpider):
    name = "cnnarabic"
    outlet_name = "CNN بالعربية"  # as the site names itself ("موقع CNN بالعربية"); og:site_name is "CNNArabic"
    country = "AE"
    timezone = "Asia/Dubai"
    allowed_domains = ["arabic.cnn.com"]
    home = "https://arabic.cnn.com/"
    site_names = ("CNN Arabic", "CNNArabic", "CNN بالعربية")  # og:site_name is "CNNArabic"
    # UNVERIFIED: the all-news feed of the current CMS: listed for CNN by newspaper4k's test
    # fixtures (tests/conftest.py, beside rss.cnn.com's feeds) and read directly by sada-app's feed
    # module (2026-04).
    # Not declared: the section feeds of the same API (api/v1/rss/<section>/rss.xml: middle-east,
    # world, business, sport, tech, health) and /sitemap.xml. Public code found by exact-string
    # search uses them, but none of it could be resolved to a repository and path from the
    # development machines, so none can be cited; robots.txt Sitemap: lines are used instead.
    # The 2014 site's feeds (/rss/cnnarabic_<section>.rss, in ikhbr-SmartArabicNewsAggregator's
    # ArabicSources.json) belong to the retired CMS.
    feeds = [
        "https://arabic.cnn.com/api/v1/rss/rss.xml",
    ]
    sitemaps = []
    # The URL carries the date but no article number (no id group). Three generations:
    #   2013 and before: /2013/middle_east/8/3/syria.clashes/index.html  (year, section, M, D)
    #   about 2014-2017: /middleeast/2014/01/26/saudiearthquake            (section, year, MM, DD)
    #   since:           /middle-east/article/2023/10/30/<slug>            (videos: /<section>/video/..., not articles)
    # One pattern takes all three: an optional section before the year (with "article/"), an
    # optional section after it. The publication date comes from these groups: the 2013 pages
    # show no publication date at all.
    article_url = (
        r"^https?://arabic\.cnn\.com/(?:[a-z][\w-]*/(?:article/)?)?"
        r"(?P<year>(?:19|20)\d{2})/(?:[a-z][\w.-]*/)?(?P<month>\d{1,2})/(?P<day>\d{1,2})/[^/?#]+"
    )
    provenance = {
        "https://arabic.cnn.com/api/v1/rss/rss.xml": (
            "AndyTheFactory/newspaper4k:tests/conftest.py",
            "mrrashedy/sada-app:functions/api/feeds.js",
        ),
        "article_url": (
            "AndyTheFactory/newspaper4k:README.md",
            "Nahla-yasmine/Arabic-News-Scraper:CNN-ARABIA/CNN-ARABIA-FINAL.csv",
        ),
    }
    # Bylines that name no person (not seen in the captures; the site name and og:site_name
    # "CNNArabic" are excluded anyway).
    not_authors = ("CNN", "CNN Arabic")
    layouts = (
        # The 2013 layout (saved pages of 2013-08): no JSON-LD, no date meta; og:title, og:image
        # and og:description give title, image and lead.
        Layout(
            name="2013",
            detect="#cnnContentContainer .cnn_strycntntrgt",
            selectors={
                # The story column; its sibling .cnn_strycntntlft (ads, "الأكثر تصفحاً") stays out.
                "body": "#cnnContentContainer .cnn_strycntntrgt",
                # The page's only stamp is "الأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21 (GMT+0400)":
                # a last-update time, so it is modified_at; published_at is the URL's date.
                "modified": ".cnn_strytmstmp",
                # The section tab the page highlights ("الشرق الأوسط").
                "section": "#intl-menu a.nav-on",
            },
            # After the 3px black rule in the story column: the comment-policy boilerplate
            # ("ترحب شبكة CNN بالنقاش...", "الآراء الواردة أدناه...") and the Facebook comments box.
            drop=(".cnn_divln3pxblck ~ *",),
        ),
    )
