"""البيان (Al Bayan, albayan.ae), Dubai: the Dubai Media daily's news site.

Discovery endpoints could not be checked from the development machines (no internet):
UNVERIFIED. `scrapy probe albayan` (once available) or a first real crawl tells.

What the page's structured data gives (Polopoly CMS, saved page of 2020-06): JSON-LD NewsArticle
headline, datePublished with its +0400 offset, articleSection (first: the top section), image,
and as author/creator the dateline credit "(أبوظبي - البيان)" typed as a Person: a place and the
paper, never a person (the engine already skips a bracketed credit). JSON-LD articleBody and the
description are the first ~300 characters of the text run together ("في العالم.ودعا"), so the
body comes from the page; the description is the only summary the outlet publishes and is kept
as the lead. meta article:modified_time (2020-03-15, before publication) is a stale template
value; JSON-LD dateModified comes first and serves.
"""

from newsbot.crawl.spider import OutletSpider

_CMLINK = "https://www.albayan.ae/cmlink/"


class AlbayanSpider(OutletSpider):
    name = "albayan"
    outlet_name = "البيان"
    country = "AE"
    timezone = "Asia/Dubai"
    # www.albayan.ae; media.albayan.ae (fonts, images) and shoof.albayan.ae (video) are subdomains.
    allowed_domains = ["albayan.ae"]
    home = "https://www.albayan.ae/"
    # UNVERIFIED: the RSS feeds the saved article page itself declares as
    # <link rel="alternate" type="application/rss+xml"> (2020 layout), the same eight the 2018
    # home page declares (silverfoxy/JSCryptoMinerStudy:pagesource/albayan.ae, which also lists
    # 1.455 مسارات البيان and feature feeds): آخر الأخبار (latest news),
    # الأخبار الرئيسية (main news), عبر الإمارات (UAE), عالم واحد (world), آراء وأفكار (opinion),
    # البيان الاقتصادي (economy), البيان الرياضي (sport), 5 الحواس (culture). The page also links
    # the HTML list of feeds at /rss-7.1835693. Public projects name guessed forms
    # (/rss, /rss.xml, /economy/rss) that no saved page confirms: not declared.
    feeds = [
        _CMLINK + "1.446",
        _CMLINK + "1.447",
        _CMLINK + "1.448",
        _CMLINK + "1.450",
        _CMLINK + "1.451",
        _CMLINK + "1.452",
        _CMLINK + "1.453",
        _CMLINK + "5-1.454",
    ]
    # No sitemap is known (none in the page, none in public code): robots.txt Sitemap: lines are
    # used if every feed fails.
    sitemaps = []
    # /<section>/<subsection>/YYYY-MM-DD-1.<content id>, e.g.
    # /across-the-uae/news-and-reports/2020-06-03-1.3874341; AMP: /amp/<section>/YYYY-MM-DD-1.<id>
    # or ?ot=ot.AMPPageLayout. "1.<n>" is the Polopoly content id (7.<n> ids are section pages).
    article_url = (
        r"^https?://(?:www\.|m\.)?albayan\.ae/(?:amp/)?(?:[\w-]+/)*"
        r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})-(?P<id>1\.\d+)/?(?:[?#]|$)"
    )
    # Where the endpoints come from ("owner/repo:path"): the home page declaring the feeds,
    # and a public app's sample data with two article URLs of this form (2021).
    provenance = {
        **{
            feed: ("silverfoxy/JSCryptoMinerStudy:pagesource/albayan.ae",)
            for feed in feeds
        },
        "article_url": ("MAlazhariy/abdullah_mansour_flutter_course:lib/modules/news_app/news_data.dart",),
    }
    selectors = {
        # The article text container (itemprop=articleBody); it also holds the boxes dropped below.
        "body": "#articledetails",
    }
    # The container opens with "المصدر: (أبوظبي - البيان)" and "التاريخ: ...": left in on purpose,
    # the cleaner turns the first into `source` and drops the second.
    drop = [
        ".follow-google",  # "تابعوا أخبار الإمارات من البيان عبر غوغل نيوز"
        ".shareholder",  # share buttons (طباعة، Email، فيسبوك، تويتر، لينكدين، Pin Interest، Whats App)
        "#parsely-related-stories",  # related stories, filled by script
    ]
    not_authors = ("البيان", "Al Bayan", "AlBayan")
