"""الوطن (Alwatan, alwatan.om, formerly alwatan.com), Muscat: Oman's oldest daily and its news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alwatanoman` runs where there is internet.
Known quirks: not the Saudi, Kuwaiti, Qatari, Bahraini or Egyptian papers of the same name
(alwatan.com.sa, alwatan.com.kw, al-watan.com, alwatannews.net, elwatannews.com). The site moved
from alwatan.com (a WordPress site: /feed, /section/<name>, /details/<id>, as public scrapers of
2018-2022 read it) to alwatan.om, which keeps /details/<id> (links of 2025-2026); both domains
are declared. Whether alwatan.com/feed still answers, or redirects, is not known.
"""

from newsbot.crawl.spider import OutletSpider


class AlwatanomanSpider(OutletSpider):
    name = "alwatanoman"
    outlet_name = "الوطن"
    site_names = ("جريدة الوطن", "الوطن العمانية", "Alwatan", "Al Watan", "Al-Watan Oman", "alwatan.om", "alwatan.com")
    country = "OM"
    timezone = "Asia/Muscat"
    allowed_domains = ["alwatan.om", "alwatan.com"]
    home = "https://alwatan.om/"
    # UNVERIFIED, one-source each:
    # - /feed of the WordPress site: read by a scrapy news spider (aalorro/newsbyte-scraper,
    #   newsbyte/spiders/news_westasia.py, as http://alwatan.com/feed, country Oman, with the
    #   WordPress body path //div[@class="entry"]/p; https assumed here). Public files the code
    #   index does not name by repository list it too (a Node news router, a media directory
    #   "Al-Watan Oman ... https://alwatan.com/feed/", an Angular feed list of ~2015).
    # - /rss of the new domain: only in a news monitor's list of Gulf feeds (JIN507/Ain,
    #   backend/add_arabic_sources.py, "Al Watan Oman"); its database export shows the source never
    #   checked (last_checked null), and the list gives /rss to most sites, so it may not exist.
    feeds = [
        "https://alwatan.com/feed",
        "https://www.alwatan.om/rss",
    ]
    # No sitemap is named by any public source: robots.txt Sitemap: lines are used if the feeds fail.
    sitemaps = []
    # /details/<id>: a text-classification project keeps only URLs that are
    # http://alwatan.com/details/<digits> (stephenysh/common_scraper,
    # processor/domain_extract/alwatan_extract_processor.py); a dossier on Nizwa's Harat Al-Aqr
    # lists https://alwatan.om/details/473663 among its sources (iikel1/harat-al-aqur,
    # docs/AL-AQR.md). Section fronts (/section/local, /section/politic, ... in
    # stephenysh/common_scraper's crawler) do not match.
    article_url = r"^https?://(?:www\.)?alwatan\.(?:om|com)/details/(?P<id>\d+)(?:/[^/?#]*)?/?(?:[?#]|$)"
    provenance = {
        "https://alwatan.com/feed": ("aalorro/newsbyte-scraper:newsbyte/spiders/news_westasia.py",),
        "https://www.alwatan.om/rss": ("JIN507/Ain:backend/add_arabic_sources.py",),
        "article_url": (
            "stephenysh/common_scraper:processor/domain_extract/alwatan_extract_processor.py",
            "iikel1/harat-al-aqur:docs/AL-AQR.md",
        ),
    }
    not_authors = ("الوطن", "جريدة الوطن", "الوطن العمانية", "Alwatan", "Al Watan")
