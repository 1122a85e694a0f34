"""الرياض (Al Riyadh, alriyadh.com), Riyadh: Al Yamamah Press's daily and its news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alriyadh` runs where there is internet.
Known quirks: feeds are /section.<section>.xml (the section names of the site's menu:
/news.local, /news.econ, ...); article URLs are the bare article number.
"""

from newsbot.crawl.spider import OutletSpider


class AlriyadhSpider(OutletSpider):
    name = "alriyadh"
    outlet_name = "الرياض"
    site_names = ("جريدة الرياض", "صحيفة الرياض", "AlRiyadh", "Al Riyadh")  # home <title> "جريدة الرياض"
    country = "SA"
    timezone = "Asia/Riyadh"
    allowed_domains = ["alriyadh.com"]
    home = "https://www.alriyadh.com/"
    # UNVERIFIED: the main-news feed, read by a news reader app (MostafaAnter/SecretNewsClub,
    # in its feed list at commit a9b6d95; a later version, b29b0ae, dropped it) and by several
    # public projects whose repositories the code index does not name (a CodeIgniter site, a Python alert bot). Single unnamed
    # projects read section.economy.xml, section.news.econ.xml, section.columns.xml and
    # section.realestate.xml; many lists name guessed /rss or /rss.xml: all left out.
    feeds = ["https://www.alriyadh.com/section.main.xml"]
    # No sitemap is named by any public source: robots.txt Sitemap: lines are used if the feed fails.
    sitemaps = []
    # /<article id>: the saved 2018 home page links every story as /1669218 etc., and the
    # AlRiyadh COVID dataset gives "http://www.alriyadh.com/1867288" as an article URL ("add
    # alriyadh.com/ before the ID"). Section pages are words (/news.local, /econ/, /columns);
    # images live under /media/thumb/.
    article_url = r"^https?://(?:www\.)?alriyadh\.com/(?P<id>\d{5,})/?(?:[?#]|$)"
    provenance = {
        "https://www.alriyadh.com/section.main.xml": (
            "MostafaAnter/SecretNewsClub:app/src/main/java/secret/news/club/infrastructure/rss/RssData.kt",
        ),
        "article_url": (
            "silverfoxy/JSCryptoMinerStudy:pagesource/alriyadh.com",
            "alioh/AlRiyadh-Newspaper-Covid-Dataset:README.md",
        ),
    }
    not_authors = ("الرياض", "جريدة الرياض", "الرياض - واس", "AlRiyadh")
