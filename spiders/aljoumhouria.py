"""الجمهورية (Al Joumhouria, aljoumhouria.com), Beirut: the Lebanese daily's news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe aljoumhouria` runs where there is internet.
Known quirks: the only feed found is named by an old multi-country Scrapy project (written as
http://www.aljoumhouria.com/news/rss, before the site moved its pages under /ar/): it may be gone;
robots.txt Sitemap: lines are then the fallback. Category pages add ?utm_source=category&... to the
article links.
"""

from newsbot.crawl.spider import OutletSpider


class AljoumhouriaSpider(OutletSpider):
    name = "aljoumhouria"
    outlet_name = "الجمهورية"
    site_names = ("الجمهورية", "جريدة الجمهورية", "Al Joumhouria", "aljoumhouria.com")
    country = "LB"
    timezone = "Asia/Beirut"
    allowed_domains = ["aljoumhouria.com"]
    home = "https://www.aljoumhouria.com/ar"
    # One source (old): a news scraper's West Asia feed list; written here with https.
    feeds = ["https://www.aljoumhouria.com/news/rss"]
    sitemaps = []
    # /ar/news/<id>/<slug>, e.g. /ar/news/795531/<slug>; category pages are /ar/news/category/<n>/<name>.
    article_url = r"^https?://(?:www\.)?aljoumhouria\.com/ar/news/(?P<id>\d+)(?:/[^/?#]*)?/?(?:[?#]|$)"
    provenance = {
        "https://www.aljoumhouria.com/news/rss": ("aalorro/newsbyte-scraper:newsbyte/spiders/news_westasia.py",),
        "article_url": (
            "JoyMikhaelLeb/lebanese-news-scrapper:jomhouriya.py",
            "JoyMikhaelLeb/lebanese-news-scrapper:news_2026-01-31.csv",
        ),
    }
    not_authors = ("الجمهورية", "Al Joumhouria", "aljoumhouria")
