"""DW عربية (DW Arabic, dw.com/ar), Berlin/Bonn: the Arabic service of Deutsche Welle.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe dwarabic` runs where there is internet.
Known quirks: sada-app (2026-04) says "rss.dw.com no longer responds reliably" from Cloudflare
Workers. dw.com carries some 30 language services: only /ar/ paths are this outlet's. The
feed host is rss.dw.com, with one all-news feed per language (rss-de-all, rss-en-all in fundus's
DW publisher; rss-ar-all for Arabic). fundus also reads /de/ and /en/ article-sitemap.xml and
news-sitemap.xml, but no source names the /ar/ ones: not declared. Feed links carry a ?maca=
tracking parameter. Learning pages (learngerman.dw.com) and /s-<n> section pages are not articles.
"""

from newsbot.crawl.spider import OutletSpider


class DwarabicSpider(OutletSpider):
    name = "dwarabic"
    outlet_name = "DW عربية"
    site_names = ("DW", "دويتشه فيله", "DW Arabic", "DW عربية")
    country = "DE"
    timezone = "Europe/Berlin"
    allowed_domains = ["dw.com"]
    home = "https://www.dw.com/ar/"
    feeds = [
        # UNVERIFIED: the Arabic all-news feed: menamonitor's feed list, yaqeen-agent's list and
        # newser's Arabic sources analysis.
        "https://rss.dw.com/xml/rss-ar-all",
    ]
    sitemaps = []
    # /ar/<slug>/a-<id> (the DW content number), e.g. /ar/<slug>/a-64910971; fundus's DW test
    # data has the same shape for German (/de/<slug>/a-65464327?maca=...).
    article_url = r"^https?://(?:www\.)?dw\.com/ar/[^/?#]+/a-(?P<id>\d{6,})/?(?:[?#]|$)"
    provenance = {
        "https://rss.dw.com/xml/rss-ar-all": (
            "Akramovic1/menamonitor:src/config/feeds.ts",
            "Ilyasslamti/yaqeen-agent:manadger_lib.py",
            "roimaishar/newser:ARABIC_NEWS_ANALYSIS.md",
        ),
        "article_url": ("flairNLP/fundus:tests/resources/parser/test_data/de/meta.info",),
    }
    not_authors = ("DW", "DW عربية", "دويتشه فيله", "Deutsche Welle")
