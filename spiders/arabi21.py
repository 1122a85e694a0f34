"""عربي21 (Arabi21, arabi21.com), London: an independent pan-Arab news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe arabi21` runs where there is internet.
Known quirks: https://arabi21.com/rss is not a feed but an HTML page listing the section feeds
(arabi21_Larevel's ImportCategories command reads its ".rssIcon a" links for the ids);
dz-akhbar and yaqeen-agent read it as a feed, and dz-akhbar's saved pages show nothing from it.
The section feeds are /Rss/SectionNewsRSS?id=<n>; arabi21_Larevel's log (2021) shows 40 posts
imported from each of 46 of them. Their section names are not in that source, so only the first
five ids of its log are declared.
"""

from newsbot.crawl.spider import OutletSpider

_SECTION = "https://arabi21.com/Rss/SectionNewsRSS?id="
_LOG = "ABDESSAMED-tech/arabi21_Larevel:log.txt"


class Arabi21Spider(OutletSpider):
    name = "arabi21"
    outlet_name = "عربي21"
    site_names = ("عربي 21", "Arabi21", "arabi21.com")
    country = "GB"
    timezone = "Europe/London"
    allowed_domains = ["arabi21.com"]
    home = "https://arabi21.com/"
    # UNVERIFIED: section feeds arabi21_Larevel's crawler reads (config/crawler.php: RSS_BASE_URL
    # + category id; log.txt: "Importing: 40 posts from: ...id=288" and so on).
    feeds = [_SECTION + n for n in ("288", "293", "295", "299", "305")]
    sitemaps = []
    # /story/<id>/<slug>: arabi21_Larevel takes the post id as the second path segment of the
    # feed's permalink (ImportSinglePost::getPostId) and rebuilds the page URL as
    # https://arabi21.com/story/<id> (config/crawler.php post_base_url).
    article_url = r"^https?://(?:www\.)?arabi21\.com/story/(?P<id>\d+)(?:/[^/?#]*)?/?(?:[?#]|$)"
    provenance = {
        **{_SECTION + n: (_LOG,) for n in ("288", "293", "295", "299", "305")},
        "article_url": ("ABDESSAMED-tech/arabi21_Larevel:config/crawler.php",),
    }
    not_authors = ("عربي21", "عربي 21", "Arabi21", "لندن- عربي21")
