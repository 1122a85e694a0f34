"""الأيام (Al Ayam, alayam.com), Manama: the Bahraini daily's news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alayam` runs where there is internet.
Known quirks: not the Yemeni al-Ayyam (alayyam.info) nor the Moroccan Alayam 24. The only feed
evidence is a feed list in a monitoring app (https://www.alayam.com/rss); the home page saved in
2018 (an ASP.NET page) carries no <link rel="alternate"> feed link, so /rss may not be a feed.
Online stories are /online/<section>/<id>/News.html; the page links them relatively.
"""

from newsbot.crawl.spider import OutletSpider


class AlayamSpider(OutletSpider):
    name = "alayam"
    outlet_name = "الأيام"  # the page title reads "صحيفة الأيام البحرينية"
    site_names = ("صحيفة الأيام البحرينية", "صحيفة الأيام", "الأيام البحرينية", "Al Ayam", "alayam", "alayam.com")
    country = "BH"
    timezone = "Asia/Bahrain"
    allowed_domains = ["alayam.com"]
    home = "https://www.alayam.com/"
    # UNVERIFIED, one-source: ARABIC_FEEDS['البحرين'] of JIN507/Ain (backend/add_arabic_sources.py),
    # listed as "Al Ayam Bahrain"; nothing there shows it was fetched.
    feeds = ["https://www.alayam.com/rss"]
    # No sitemap is known from any public source.
    sitemaps = []
    # /online/<section>/<id>/News.html (e.g. /online/health/717800/News.html on the saved 2018
    # home page). Section fronts (/online/local, /Latest-News, /epaper) do not match.
    article_url = r"^https?://(?:www\.)?alayam\.com/online/[A-Za-z0-9-]+/(?P<id>\d+)/News\.html/?(?:[?#]|$)"
    provenance = {
        "https://www.alayam.com/rss": ("JIN507/Ain:backend/add_arabic_sources.py",),
        "article_url": ("silverfoxy/JSCryptoMinerStudy:pagesource/alayam.com",),
    }
    not_authors = ("الأيام", "صحيفة الأيام", "الأيام البحرينية", "alayam")
