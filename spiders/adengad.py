"""عدن الغد (Aden al-Ghad, adengad.net), Aden: the Aden-based news site of مؤسسة عدن الغد للإعلام.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe adengad` runs where there is internet.
Known quirks: the home page saved in 2018 (adengad.net) has no feed link and links its stories
relatively (/news/<n>/). The only feed evidence is a news bot that reads "عدن الغد" at
https://www.adenalghad.net/rss: a second domain, which no source here proves is the same site
(the saved page's own stylesheet is /skins/public/css/adenalghad2.css and it links an old copy at
old.adenghad.net). If adenalghad.net turns out not to be this outlet, drop it and the feed.
"""

from newsbot.crawl.spider import OutletSpider


class AdengadSpider(OutletSpider):
    name = "adengad"
    outlet_name = "عدن الغد"  # the page title reads "عدن الغد | الرئيسية"
    site_names = ("عدن الغد", "صحيفة عدن الغد", "مؤسسة عدن الغد للإعلام", "Aden Al-Ghad", "adengad.net")
    country = "YE"
    timezone = "Asia/Aden"
    allowed_domains = ["adengad.net", "adenalghad.net"]
    home = "https://adengad.net/"
    # UNVERIFIED, one-source: FEEDS of nashhal/nashha's news bot (scripts/news_bot_v2.py), listed
    # as "عدن الغد" on adenalghad.net (see the module docstring about the domain).
    feeds = ["https://www.adenalghad.net/rss"]
    # No sitemap is known from any public source.
    sitemaps = []
    # /news/<n>/ (e.g. /news/309306/ on the saved 2018 home page). Section fronts are
    # /catshow/<n>/, static pages /pages/<n>/, the video studio /video/; none matches.
    article_url = r"^https?://(?:www\.)?(?:adengad|adenalghad)\.net/news/(?P<id>\d+)/?(?:[?#]|$)"
    provenance = {
        "https://www.adenalghad.net/rss": ("nashhal/nashha:scripts/news_bot_v2.py",),
        "article_url": ("silverfoxy/JSCryptoMinerStudy:pagesource/adengad.net",),
    }
    not_authors = ("عدن الغد", "صحيفة عدن الغد", "adengad")
