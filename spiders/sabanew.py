"""وكالة الأنباء اليمنية سبأ (Saba Net, sabanew.net): the Yemeni government's news agency.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe sabanew` runs where there is internet.
Known quirks: sabanew.net is the agency of the internationally recognised government (the saved
2018 home page reports for President Hadi and calls the Houthis "مليشيا الحوثي"); the Sana'a
authorities run a rival Saba at saba.ye, a different outlet. The only evidence is that 2018 page
(a plain PHP site): its feed link is relative (href="rss.php?lang=ar") and its stories are
viewstory.php?id=<n>; the site may have been rebuilt since.
"""

from newsbot.crawl.spider import OutletSpider


class SabanewSpider(OutletSpider):
    name = "sabanew"
    outlet_name = "وكالة الأنباء اليمنية (سبأ)"  # the feed title: "آخر أخبار وكالة الأنباء اليمنية (سبأ)"
    site_names = ("سبأ نت", "سبأ", "Saba Net", "Saba", "sabanew.net")
    country = "YE"
    # The government sits in Aden; Yemen has one time zone.
    timezone = "Asia/Aden"
    allowed_domains = ["sabanew.net"]
    home = "https://www.sabanew.net/"
    # UNVERIFIED, one-source: <link rel="alternate" type="application/rss+xml" href="rss.php?lang=ar">
    # of the saved home page (relative; resolved against the site root, https assumed).
    feeds = ["https://www.sabanew.net/rss.php?lang=ar"]
    # No sitemap is known from any public source.
    sitemaps = []
    # viewstory.php?id=<n> (e.g. viewstory.php?id=30460). Category pages are viewcategory.php?...
    # and do not match. (viewstory.php?id=3 on the saved page is the "advertise with us" page, a
    # story-type page too.)
    article_url = r"^https?://(?:www\.)?sabanew\.net/viewstory\.php\?(?:[^#]*&)?id=(?P<id>\d+)(?:[&#]|$)"
    provenance = {
        "https://www.sabanew.net/rss.php?lang=ar": ("silverfoxy/JSCryptoMinerStudy:pagesource/sabanew.net",),
        "article_url": ("silverfoxy/JSCryptoMinerStudy:pagesource/sabanew.net",),
    }
    not_authors = ("سبأ", "سبأ نت", "وكالة سبأ", "Saba", "sabanew")
