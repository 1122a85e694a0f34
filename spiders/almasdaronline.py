"""المصدر أونلاين (Al-Masdar Online, almasdaronline.com): an independent Yemeni daily news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe almasdaronline` runs where there is internet.
Known quirks: the home page saved in 2018 carries no <link rel="alternate"> feed link; the only
feed evidence is a news bot that reads https://almasdaronline.com/rss (its committed output holds
no item from it, so whether the feed answers is unknown). Some links on that page point at a
mirror host, almasdaronline1.com (section headings, placeholder images); stories are on
almasdaronline.com/article/<n>. The site also has an English section (/category/42).
"""

from newsbot.crawl.spider import OutletSpider


class AlmasdaronlineSpider(OutletSpider):
    name = "almasdaronline"
    outlet_name = "المصدر أونلاين"  # og:site_name of the saved home page
    site_names = ("المصدر أونلاين", "Almasdar Online", "Almasder Online", "almasdaronline", "almasdaronline.com")
    country = "YE"
    timezone = "Asia/Aden"
    allowed_domains = ["almasdaronline.com"]
    home = "https://almasdaronline.com/"
    # UNVERIFIED, one-source: FEEDS of nashhal/nashha's news bot (scripts/news_bot_v2.py; the
    # same URL is in the repo's earlier scripts/news_bot.py, the same project, counted once).
    feeds = ["https://almasdaronline.com/rss"]
    # No sitemap is known from any public source.
    sitemaps = []
    # /article/<n> (e.g. /article/97702 on the saved 2018 home page). Section fronts are
    # /category/<n>, search is /search/...; neither matches.
    article_url = r"^https?://(?:www\.)?almasdaronline\.com/article/(?P<id>\d+)/?(?:[?#]|$)"
    provenance = {
        "https://almasdaronline.com/rss": ("nashhal/nashha:scripts/news_bot_v2.py",),
        "article_url": ("silverfoxy/JSCryptoMinerStudy:pagesource/almasdaronline.com",),
    }
    not_authors = ("المصدر أونلاين", "المصدر اونلاين", "Almasdar Online", "almasdaronline")
