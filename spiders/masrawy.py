"""مصراوي (Masrawy, masrawy.com), Cairo: one of the largest Egyptian Arabic news portals.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe masrawy` runs where there is internet.
Known quirks: one public project notes the feed works from ordinary networks but comes back
with no items to requests from datacenter addresses (Cloudflare Workers). The older feeds
/News/rss/<Section>.aspx and beta.masrawy.com/rssfeed/... named by an older aggregator's source
list belong to an earlier site design: not declared. Section pages are /News/<Section>/section/<n>/<name>.
"""

from newsbot.crawl.spider import OutletSpider

_FEED = "https://www.masrawy.com/rss/feed/25/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"  # /rss/feed/25/أخبار


class MasrawySpider(OutletSpider):
    name = "masrawy"
    outlet_name = "مصراوي"  # og:site_name of a saved home page: "مصراوي.كوم"
    site_names = ("مصراوي", "مصراوي.كوم", "Masrawy", "masrawy.com")
    country = "EG"
    timezone = "Africa/Cairo"
    allowed_domains = ["masrawy.com"]
    home = "https://www.masrawy.com/"
    # UNVERIFIED: the news feed (category 25, أخبار), read by one public project (an Arabic
    # news-reader app); one more file, whose repository the search index does not name, lists it too.
    feeds = [_FEED]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /news/<section>/details/YYYY/M/D/<id>/<slug>, e.g.
    # /news/news_egypt/details/2021/7/2/2049795/أظهر-رد-فعل-...; sections news_egypt, news_economy,
    # news-banking seen. Case-insensitive: the site's own links write /News/News_Egypt/...
    article_url = (
        r"(?i)^https?://(?:www\.|m\.)?masrawy\.com/news/[a-z_-]+/details/"
        r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<id>\d+)(?:/[^/?#]*)?/?(?:[?#]|$)"
    )
    provenance = {
        _FEED: ("mrrashedy/sada-app:functions/api/feeds.js",),
        "article_url": ("MAlazhariy/abdullah_mansour_flutter_course:lib/modules/news_app/news_data.dart",),
    }
    not_authors = ("مصراوي", "مصراوي.كوم", "Masrawy", "masrawy")
