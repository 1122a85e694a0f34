"""وكالة عمون الإخبارية (Ammon News, ammonnews.net), Amman: Jordan's first online news agency.

Discovery endpoints and the article-URL pattern come from public material about this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe ammonnews` runs where there is internet.
Known quirks: the only citable source is a saved copy of the home page from about 2018 (a
crypto-miner study's page corpus), so the feed paths may have moved since; the English edition
lives on en.ammonnews.net (not taken).
"""

from newsbot.crawl.spider import OutletSpider

_HOME_COPY = "silverfoxy/JSCryptoMinerStudy:pagesource/ammonnews.net"


class AmmonnewsSpider(OutletSpider):
    name = "ammonnews"
    outlet_name = "وكالة عمون الإخبارية"
    site_names = ("عمون", "وكالة عمون الاخبارية", "وكالة عمون الإخبارية", "Ammon News", "ammonnews.net")
    country = "JO"
    timezone = "Asia/Amman"
    allowed_domains = ["ammonnews.net"]
    home = "https://www.ammonnews.net/"
    # One source each: the saved home page links its RSS icon to rss.php and the economy block's
    # feed icon to rss.php?type=news&id=3.
    feeds = [
        "https://www.ammonnews.net/rss.php",
        "https://www.ammonnews.net/rss.php?type=news&id=3",
    ]
    sitemaps = []
    # /article/<id>, e.g. /article/361900; sections are /category/<n>.
    article_url = r"^https?://(?:www\.)?ammonnews\.net/article/(?P<id>\d+)/?(?:[?#]|$)"
    provenance = {
        "https://www.ammonnews.net/rss.php": (_HOME_COPY,),
        "https://www.ammonnews.net/rss.php?type=news&id=3": (_HOME_COPY,),
        "article_url": (_HOME_COPY,),
    }
    not_authors = ("عمون", "وكالة عمون", "Ammon News", "ammonnews")
