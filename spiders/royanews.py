"""رؤيا الإخباري (Roya News, royanews.tv), Amman: the news site of Jordan's Roya TV.

Discovery endpoints and the article-URL pattern come from public material about this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe royanews` runs where there is internet.
Known quirks: the only citable source is a saved copy of the home page from March 2018 (a
crypto-miner study's page corpus), which links the feed as http://www.royanews.tv/rss; the
English edition is en.royanews.tv (its URLs share the /news/<id> form: not told apart here).
"""

from newsbot.crawl.spider import OutletSpider

_HOME_COPY = "silverfoxy/JSCryptoMinerStudy:pagesource/royanews.tv"


class RoyanewsSpider(OutletSpider):
    name = "royanews"
    outlet_name = "رؤيا الإخباري"
    site_names = ("رؤيا الإخباري", "رؤيا", "Roya News", "royanews.tv")
    country = "JO"
    timezone = "Asia/Amman"
    allowed_domains = ["royanews.tv"]
    home = "https://royanews.tv/"
    # One source: the saved home page's RSS icon and its Organization JSON-LD (sameAs) both give
    # http://www.royanews.tv/rss; written here with https.
    feeds = ["https://www.royanews.tv/rss"]
    sitemaps = []
    # /news/<id>, e.g. /news/150361; sections are /section/<n>.
    article_url = r"^https?://(?:www\.)?royanews\.tv/news/(?P<id>\d+)/?(?:[?#]|$)"
    provenance = {
        "https://www.royanews.tv/rss": (_HOME_COPY,),
        "article_url": (_HOME_COPY,),
    }
    not_authors = ("رؤيا", "رؤيا الإخباري", "Roya News", "Roya")
