"""الراكوبة (Alrakoba, alrakoba.net): a Sudanese Arabic news and opinion site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alrakoba` runs where there is internet.
Known quirks: public code comments (not citable here) report that the site sits behind Cloudflare
bot protection (the feed answered 403 to one project) and that its robots.txt disallows AI
crawlers; check robots.txt before scheduling. WordPress permalinks /<post id>/<slug>/.
"""

from newsbot.crawl.spider import OutletSpider


class AlrakobaSpider(OutletSpider):
    name = "alrakoba"
    outlet_name = "الراكوبة"
    site_names = ("الراكوبة", "صحيفة الراكوبة", "Alrakoba", "alrakoba.net")
    country = "SD"
    timezone = "Africa/Khartoum"
    allowed_domains = ["alrakoba.net"]
    home = "https://www.alrakoba.net/"
    # UNVERIFIED: the WordPress main feed, read by one public project (a Sudan news aggregator,
    # whose earlier commits spell it https://alrakoba.net/feed without www and slash).
    feeds = ["https://www.alrakoba.net/feed/"]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /<post id>/<percent-encoded Arabic slug>/, e.g. /32166423/أول-لقاح-على-مستوى-العالم-.../
    # (links the aggregator above took from the feed). The id has 8 digits; 5+ keeps /2024/ archives out.
    article_url = r"^https?://(?:www\.)?alrakoba\.net/(?P<id>\d{5,})/[^/?#]+/?(?:[?#]|$)"
    provenance = {
        "https://www.alrakoba.net/feed/": ("beewax/Kandaka:scripts/fetch_news.py",),
        "article_url": (
            "beewax/Kandaka:content/posts/أول-لقاح-على-مستوى-العالم-يصمم-بالذكاء-الاصطناعي-def140a2.ar.md",
        ),
    }
    not_authors = ("الراكوبة", "صحيفة الراكوبة", "Alrakoba", "alrakoba")
