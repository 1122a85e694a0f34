"""المصري اليوم (Al-Masry Al-Youm, almasryalyoum.com), Cairo: the private daily's news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe almasryalyoum` runs where there is internet.
Known quirks: the site is ASP.NET (paths are case-insensitive: the calibre recipe writes
/rss/RssFeeds, the news app /rss/rssfeeds); one public scraper needs a Cloudflare bypass to
read pages. /editor/details/<id> are writer pages, not articles.
"""

from newsbot.crawl.spider import OutletSpider

_RSS = "https://www.almasryalyoum.com/rss/rssfeeds"


class AlmasryalyoumSpider(OutletSpider):
    name = "almasryalyoum"
    outlet_name = "المصري اليوم"
    site_names = ("المصري اليوم", "Al-Masry Al-Youm", "Almasryalyoum", "almasryalyoum.com")
    country = "EG"
    timezone = "Africa/Cairo"
    allowed_domains = ["almasryalyoum.com"]
    home = "https://www.almasryalyoum.com/"
    # UNVERIFIED: the latest-news feed /rss/rssfeeds (an Egyptian news app and calibre's recipe)
    # and its section feeds ?sectionId=N (3 أخبار مصر, 4 اقتصاد, 7 حوادث, 8 رياضة, 10 فنون; the
    # same two, and an Arabic aggregator's source list for 4, 7, 8 and 10). /rss/rssfeed (no s)
    # is the feed a news-search project and an Arabic news-reader app read.
    feeds = [
        _RSS,
        f"{_RSS}?sectionId=3",
        f"{_RSS}?sectionId=4",
        f"{_RSS}?sectionId=7",
        f"{_RSS}?sectionId=8",
        f"{_RSS}?sectionId=10",
        "https://www.almasryalyoum.com/rss/rssfeed",
    ]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /news/details/<id>, e.g. /news/details/3496398 (no slug, no date).
    article_url = r"^https?://(?:www\.|m\.)?almasryalyoum\.com/news/details/(?P<id>\d+)(?:/[^/?#]*)?/?(?:[?#]|$)"
    provenance = {
        _RSS: (
            "zo0oka/Egypt_Latest_News_New:app/src/main/java/com/zookanews/egyptlatestnews/helper/DataManager.java",
            "kovidgoyal/calibre:recipes/al_masry_alyoum_arabic.recipe",
        ),
        f"{_RSS}?sectionId=3": (
            "zo0oka/Egypt_Latest_News_New:app/src/main/java/com/zookanews/egyptlatestnews/helper/DataManager.java",
            "kovidgoyal/calibre:recipes/al_masry_alyoum_arabic.recipe",
        ),
        f"{_RSS}?sectionId=4": (
            "zo0oka/Egypt_Latest_News_New:app/src/main/java/com/zookanews/egyptlatestnews/helper/DataManager.java",
            "kovidgoyal/calibre:recipes/al_masry_alyoum_arabic.recipe",
            "aessam/ikhbr-SmartArabicNewsAggregator:ArabicSources.json",
        ),
        f"{_RSS}?sectionId=7": (
            "zo0oka/Egypt_Latest_News_New:app/src/main/java/com/zookanews/egyptlatestnews/helper/DataManager.java",
            "kovidgoyal/calibre:recipes/al_masry_alyoum_arabic.recipe",
            "aessam/ikhbr-SmartArabicNewsAggregator:ArabicSources.json",
        ),
        f"{_RSS}?sectionId=8": (
            "zo0oka/Egypt_Latest_News_New:app/src/main/java/com/zookanews/egyptlatestnews/helper/DataManager.java",
            "kovidgoyal/calibre:recipes/al_masry_alyoum_arabic.recipe",
            "aessam/ikhbr-SmartArabicNewsAggregator:ArabicSources.json",
        ),
        f"{_RSS}?sectionId=10": (
            "zo0oka/Egypt_Latest_News_New:app/src/main/java/com/zookanews/egyptlatestnews/helper/DataManager.java",
            "kovidgoyal/calibre:recipes/al_masry_alyoum_arabic.recipe",
            "aessam/ikhbr-SmartArabicNewsAggregator:ArabicSources.json",
        ),
        "https://www.almasryalyoum.com/rss/rssfeed": (
            "kagisearch/kite-public:kite_feeds.json",
            "mrrashedy/sada-app:functions/api/feeds.js",
        ),
        "article_url": (
            "Oelazab/almasry-alyoum-scraper:response/results.json",
            "MAlazhariy/abdullah_mansour_flutter_course:lib/modules/news_app/news_data.dart",
            "AndyTheFactory/newspaper4k:tests/data/test_urls.txt",
        ),
    }
    not_authors = ("المصري اليوم", "Al-Masry Al-Youm", "Almasryalyoum", "almasryalyoum.com")
