"""LBCI (المؤسسة اللبنانية للإرسال انترناسيونال, lbcgroup.tv), Beirut: the broadcaster's news site.

The Arabic pages name the outlet "LBCI" even in Arabic text ("حمل الآن تطبيق LBCI"); the site is
bilingual and an article's language is the last segment of its URL (/ar or /en). This spider
takes the Arabic articles only.

Discovery endpoints come from public code that reads this outlet; they could not be checked
from the development machines (no internet): UNVERIFIED. `scrapy probe lbcgroup` (once
available) or a first real crawl tells. The saved page names no feed or sitemap itself (its
footer only links the HTML page /rss/ar).

What the page's structured data gives: JSON-LD NewsArticle headline (with the quotation marks
the visible <h1> shows; og:title drops them), datePublished in UTC, image. Meta gives the
author "LBCI" (the station, not a person), a description that is only "| Lebanon News" when
the article has no lead, and keywords "news , lbci , أخبار" that are not the article's tags:
`distrust` declares meta unreliable for those two fields, so the page's own selectors serve.
"""

from urllib.parse import quote

from newsbot.crawl.spider import OutletSpider

_FUNDUS = "flairNLP/fundus:src/fundus/publishers/lb/__init__.py"
_FUNDUS_PAGE = "flairNLP/fundus:tests/resources/parser/test_data/lb/LBCGroup_2026_01_08.html.gz"

# Arabic section feeds (/Rss/News/ar/<section id>/<section name>): all twenty are listed (percent-
# encoded) by fundus (flairNLP/fundus, src/fundus/publishers/lb/__init__.py), the only public source
# found for them. They are declared percent-encoded, as fundus writes them and as they go on the wire.
_AR_SECTIONS = (
    "1/أخبار-لبنان",
    "123/خبر-عاجل",
    "6/أخبار-دولية",
    "7/اسرار",
    "5/صحف-اليوم",
    "3/أمن-وقضاء",
    "65/تقارير-نشرة-الاخبار",
    "25/اقتصاد",
    "107/رياضة",
    "29/منوعات",
    "24/صحة-وتغذية",
    "49/علوم-وتكنولوجيا",
    "130/ثقافة",
    "33/فنّ",
    "129/السياحة-في-لبنان",
    "55/موضة-وجمال",
    "54/عالم-الطبخ",
    "88/خبر-كاذب",
    "101/اخبار-البرامج",
    "27/حال-الطقس",
)


class LbcgroupSpider(OutletSpider):
    name = "lbcgroup"
    outlet_name = "LBCI"
    # The station's other names, as public aggregators label it (e.g. "إل بي سي آي" in a news app).
    site_names = ("LBCI", "LBCI Lebanon", "إل بي سي آي", "lbcgroup.tv")
    country = "LB"
    timezone = "Asia/Beirut"
    # www.lbcgroup.tv; article pages are also served from the CDN host v7cdn.lbcgroup.tv (seen in
    # public link lists), a subdomain, so covered.
    allowed_domains = ["lbcgroup.tv"]
    home = "https://www.lbcgroup.tv/"
    # UNVERIFIED, one source each: flairNLP/fundus (src/fundus/publishers/lb/__init__.py) lists the
    # Arabic latest-news and highlights feeds and the twenty Arabic section feeds; the English ones
    # (/en) are left out. (Another public project, SamiNakibETU/Lebanon_Monitor, names /rss and
    # /rss/ar instead; no second project confirms those, and none of the fundus URLs, so they are
    # not declared.)
    feeds = [
        "https://www.lbcgroup.tv/Rss/latest-news/ar",
        "https://www.lbcgroup.tv/Rss/NewsHighlights/ar",
    ] + [f"https://www.lbcgroup.tv/Rss/News/ar/{quote(section)}" for section in _AR_SECTIONS]
    # UNVERIFIED, one source: the Google News sitemap fundus reads as a NewsMap, for both languages
    # (English entries are skipped by article_url).
    sitemaps = ["https://www.lbcgroup.tv/newssitemap.xml"]
    formats = {"https://www.lbcgroup.tv/newssitemap.xml": "news"}
    # /news/<section>/<id>/<slug>/ar, e.g. /news/lifestyle/898682/<Arabic slug>/ar; feeds add
    # ?src=rss&utm_...; og:url uses the placeholder slug "lbci-lebanon-articles". Category pages
    # (/news/category/29/منوعات/ar) are not articles; /en pages are English.
    article_url = (
        r"^https?://(?:[\w-]+\.)?lbcgroup\.tv/news/(?!category/)[^/?#]+/(?P<id>\d+)/(?:[^/?#]+/)?ar/?(?:[?#]|$)"
    )
    selectors = {
        # The text is div.LongDesc (one <div> split by <br><br>) inside this container, which
        # also holds the boxes dropped below; an article's lead (.ShortDesc, empty on the saved
        # page) stays in the body, as the page shows it above the text.
        "body": "div.article_details_body[itemprop='articleBody']",
        # The lead and tags the page shows (meta's are boilerplate: see `distrust`).
        "lead": ".article_details_body .ShortDesc",
        "tags": ".article_details_tags .article_details_tag:not(.cat-color) h3",
        # No JSON-LD or meta section; the first tag (class cat-color) is the category ("منوعات").
        "section": ".article_details_tags .article_details_tag.cat-color h3",
    }
    # Meta description ("| Lebanon News") and keywords ("news, lbci, أخبار") are site boilerplate.
    distrust = {"lead": ("meta",), "tags": ("meta",)}
    drop = [
        ".article_details_time_to_read_container_full_width",  # "2 min" time-to-read badge
        "span.d-none",  # hidden copy of the title (also caught by the generic d-none rule)
        ".article_details_tags",  # section + search tags
        ".article_details_prev_next",  # next/previous article teasers ("التالي", "السابق")
        ".my-gallery",  # hidden PhotoSwipe copy of the inline images
    ]
    # Where each endpoint and the pattern come from ("owner/repo:path"); every endpoint is one-source.
    provenance = {
        **{url: (_FUNDUS,) for url in feeds},
        "https://www.lbcgroup.tv/newssitemap.xml": (_FUNDUS,),
        # fundus's saved article page: its canonical /news/lifestyle/898682/<slug>/ar, the og:url
        # placeholder form, and two related-article links of the same shape.
        "article_url": (_FUNDUS_PAGE,),
    }
    # Meta author / itemprop author is the station, never a person.
    not_authors = ("LBCI", "LBCI Lebanon", "LBCI News", "LBC", "LBCIV7")
