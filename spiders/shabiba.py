"""الشبيبة (Al Shabiba, shabiba.com), Muscat: the Omani daily's news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe shabiba` runs where there is internet.
Known quirks: the only feed evidence is the RSS icon in the footer of the home page saved in
March 2018 (<li class="rss"><a href="http://www.shabiba.com/rss">; the site ran the "NewsPress"
CMS then); the page has no <link rel="alternate">, so /rss may be an HTML list of section feeds.
Article URLs end in an Arabic slug after the section name(s).
"""

from newsbot.crawl.spider import OutletSpider


class ShabibaSpider(OutletSpider):
    name = "shabiba"
    outlet_name = "الشبيبة"  # <title>: "جريدة الشبيبة - أخبار سلطنة عُمان والعالم"
    site_names = ("جريدة الشبيبة", "Al Shabiba", "shabiba", "shabiba.com")
    country = "OM"
    timezone = "Asia/Muscat"
    allowed_domains = ["shabiba.com"]
    home = "https://www.shabiba.com/"
    # UNVERIFIED, one-source: the footer RSS link of the saved home page (http there; https assumed).
    feeds = ["https://www.shabiba.com/rss"]
    # No sitemap is known from any public source.
    sitemaps = []
    # /article/<id>/<section>[/<subsection>]/<slug>, e.g.
    # /article/207577/محليات/فريق-ينجح-في-إجراء-عملية-جراحية-حرجة and
    # /article/207550/إقتصاد/محلي/بنك-مسقط-ينظم-حفل-شراكة-دائمة-السنوي. Section fronts (/104/محليات),
    # /morearticles/... listings and /Galleries do not match.
    article_url = r"^https?://(?:www\.)?shabiba\.com/article/(?P<id>\d+)(?:/[^/?#]+){0,4}/?(?:[?#]|$)"
    provenance = {
        "https://www.shabiba.com/rss": ("silverfoxy/JSCryptoMinerStudy:pagesource/shabiba.com",),
        "article_url": ("silverfoxy/JSCryptoMinerStudy:pagesource/shabiba.com",),
    }
    not_authors = ("الشبيبة", "جريدة الشبيبة", "Al Shabiba", "shabiba")
