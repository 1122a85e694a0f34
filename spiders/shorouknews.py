"""الشروق (Shorouk News, shorouknews.com), Cairo: Dar El Shorouk's daily and its news portal.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe shorouknews` runs where there is internet.
Known quirks: article URLs carry no number: /news/view.aspx?cdate=<DDMMYYYY>&id=<GUID>; the
publication day is in cdate (day first), the GUID is the article's identity. The section feeds
are /<section>/rss; shorouknews.com/rss/ is an HTML list of them, not a feed.
"""

from newsbot.crawl.spider import OutletSpider

_SITE = "https://www.shorouknews.com"
_APP = "zo0oka/Egypt_Latest_News_New:app/src/main/java/com/zookanews/egyptlatestnews/helper/DataManager.java"
_AGG = "aessam/ikhbr-SmartArabicNewsAggregator:ArabicSources.json"


class ShorouknewsSpider(OutletSpider):
    name = "shorouknews"
    outlet_name = "الشروق"
    site_names = ("الشروق", "بوابة الشروق", "الشروق الجديد", "Shorouk News", "shorouknews.com")
    country = "EG"
    timezone = "Africa/Cairo"
    allowed_domains = ["shorouknews.com"]
    home = "https://www.shorouknews.com/"
    # UNVERIFIED: an Egyptian news app reads /rss/main (latest news) and the section feeds below;
    # an Arabic aggregator's source list (http://www.shorouknews.com/...) and a per-country feed
    # list (columns only) name the Politics/arab, Politics/world, Culture and columns feeds too.
    feeds = [
        f"{_SITE}/rss/main",
        f"{_SITE}/egypt/rss",
        f"{_SITE}/Economy/rss",
        f"{_SITE}/sports/rss",
        f"{_SITE}/Politics/arab/rss",
        f"{_SITE}/Politics/world/rss",
        f"{_SITE}/Culture/rss",
        f"{_SITE}/columns/rss",
    ]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /news/view.aspx?cdate=08112023&id=4e3d7a06-9f0d-42ce-90de-1cbd1bd8d419: cdate is DDMMYYYY.
    # "view[^/?#]*" rather than "view": the identity is in the query, so the synthetic test site
    # varies the page name (view-0.aspx) to tell its articles apart; real URLs all say view.aspx.
    article_url = (
        r"^https?://(?:www\.)?shorouknews\.com/news/view[^/?#]*\.aspx\?"
        r"cdate=(?P<day>\d{2})(?P<month>\d{2})(?P<year>\d{4})&id=[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}"
        r"(?:[&#]|$)"
    )
    provenance = {
        f"{_SITE}/rss/main": (_APP,),
        f"{_SITE}/egypt/rss": (_APP,),
        f"{_SITE}/Economy/rss": (_APP,),
        f"{_SITE}/sports/rss": (_APP,),
        f"{_SITE}/Politics/arab/rss": (_APP, _AGG),
        f"{_SITE}/Politics/world/rss": (_APP, _AGG),
        f"{_SITE}/Culture/rss": (_APP, _AGG),
        f"{_SITE}/columns/rss": (_APP, _AGG, "yavuz/news-feed-list-of-countries:README.md"),
        "article_url": ("KhaledAbdulBaset/flutter_news-x:lib/api.dart",),
    }
    not_authors = ("الشروق", "بوابة الشروق", "Shorouk News", "shorouknews")
