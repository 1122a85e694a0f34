"""راديو دبنقا (Radio Dabanga, dabangasudan.org/ar): the Arabic service of the Sudan news radio.

Radio Dabanga is produced from Amsterdam (hence NL and Europe/Amsterdam) for listeners in Sudan;
the English edition lives under dabangasudan.org/en and is not taken (the pattern admits /ar/ only).
Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe dabangasudan` runs where there is internet.
Known quirks: article URLs carry no number: /ar/all-news/article/<slug>, the slug cut short by
the site (often mid-word); daily programme pages (جولة السودان اليوم 5-6-2026, نشرة الاخبار ...)
share the article form.
"""

from newsbot.crawl.spider import OutletSpider


class DabangasudanSpider(OutletSpider):
    name = "dabangasudan"
    outlet_name = "راديو دبنقا"
    site_names = ("راديو دبنقا", "دبنقا", "Radio Dabanga", "dabangasudan.org")
    country = "NL"
    timezone = "Europe/Amsterdam"
    allowed_domains = ["dabangasudan.org"]
    home = "https://www.dabangasudan.org/ar"
    # UNVERIFIED: the Arabic service's feed, read by one public project (a Sudan news aggregator,
    # which also reads /en/feed, the English one, named by two more projects).
    feeds = ["https://www.dabangasudan.org/ar/feed"]
    # No sitemap is named by any public source found: robots.txt Sitemap: lines are used.
    sitemaps = []
    formats = {}
    # /ar/all-news/article/<percent-encoded Arabic slug> (no id, no date: identity rules apply).
    article_url = r"^https?://(?:www\.)?dabangasudan\.org/ar/all-news/article/[^/?#]+/?(?:[?#]|$)"
    provenance = {
        "https://www.dabangasudan.org/ar/feed": ("beewax/Kandaka:scripts/fetch_news.py",),
        "article_url": ("beewax/Kandaka:content/news/ar-news-05c46a3540.ar.md",),
    }
    not_authors = ("راديو دبنقا", "دبنقا", "Radio Dabanga", "dabanga")
