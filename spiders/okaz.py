"""عكاظ (Okaz, okaz.com.sa), Jeddah: the Okaz Organization's daily and its news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe okaz` runs where there is internet.
Known quirks: the site runs the same CMS as alyaum.com and al-madina.com (feeds are
/rssFeed/<section id>); article URLs changed form around 2019 (see article_url).
"""

from newsbot.crawl.spider import OutletSpider


class OkazSpider(OutletSpider):
    name = "okaz"
    outlet_name = "عكاظ"  # the 2018 home page's <title> ends "| صحيفة عكاظ"; meta copyright "Okaz"
    site_names = ("صحيفة عكاظ", "Okaz")
    country = "SA"
    timezone = "Asia/Riyadh"
    allowed_domains = ["okaz.com.sa"]
    home = "https://www.okaz.com.sa/"
    # UNVERIFIED. /rssFeed/0 (all news) is read by a news bot (Waleed1Gr/Labeeb), a news app
    # (mrrashedy/sada-app) and about ten other public projects whose repositories the code
    # index does not name; /rssFeed/1 and /rssFeed/190 are in Kagi's Kite feed list. One more
    # project reads /rssFeed/4 (economy), and Sabq's own radar reads https://www.okaz.com.sa/rss
    # (the page the 2018 home page links as its RSS icon, probably an HTML list of feeds):
    # both left out.
    feeds = [
        "https://www.okaz.com.sa/rssFeed/0",
        "https://www.okaz.com.sa/rssFeed/1",
        "https://www.okaz.com.sa/rssFeed/190",
    ]
    # No sitemap is named by any public source: robots.txt Sitemap: lines are used if the feeds fail.
    sitemaps = []
    # The article id (6-7 digits) survives slug edits. Two URL forms:
    #  - 2018 layout (saved home page): /article/<id>/<section>/<slug>, e.g.
    #    /article/1624325/السياسة/لندن-بوتين-...
    #  - current layout (public scrapers and bots, 2021-2026): /news/<section>/<id>
    #    (/news/local/2020308) and /<section>/<subsection>/<id> (/local/na/2233592,
    #    /economy/na/2231722, /articles/authors/2234703 for columns).
    # Section pages (/news/local, /morearticles/<name>) carry no id; image paths
    # (/uploads/images/2018/03/17/...) have no 6-digit segment after two path parts.
    article_url = (
        r"^https?://(?:www\.)?okaz\.com\.sa/(?:article/|(?:news|[a-z-]+)/[^/?#]+/)"
        r"(?P<id>\d{6,})(?:/[^?#]*)?/?(?:[?#]|$)"
    )
    provenance = {
        "https://www.okaz.com.sa/rssFeed/0": (
            "Waleed1Gr/Labeeb:api_clients/news_api.py",
            "mrrashedy/sada-app:functions/api/feeds.js",
        ),
        "https://www.okaz.com.sa/rssFeed/1": ("kagisearch/kite-public:kite_feeds.json",),
        "https://www.okaz.com.sa/rssFeed/190": ("kagisearch/kite-public:kite_feeds.json",),
        "article_url": ("silverfoxy/JSCryptoMinerStudy:pagesource/okaz.com.sa",),
    }
    not_authors = ("عكاظ", "صحيفة عكاظ", "Okaz", "okaz")
