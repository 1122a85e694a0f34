"""الجريدة (Al Jarida, aljarida.com), Kuwait City: the Kuwaiti daily and its news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe aljarida` runs where there is internet.
Known quirks: article URLs changed from /articles/<19-digit id>/ (to about 2022) to
/article/<id>; both are matched. A 2026 public audit of news sources ran its Al Jarida
collector on the home page, not a feed.
"""

from newsbot.crawl.spider import OutletSpider


class AljaridaSpider(OutletSpider):
    name = "aljarida"
    outlet_name = "الجريدة"
    site_names = ("جريدة الجريدة", "الجريدة الكويتية", "Al Jarida", "Aljarida")
    country = "KW"
    timezone = "Asia/Kuwait"
    allowed_domains = ["aljarida.com"]
    home = "https://www.aljarida.com/"
    # UNVERIFIED: /rssFeed/1, seeded by a Kuwaiti developer's news dashboard
    # (othmanalomair/ohabits_goth). An economic-news app (azizalotaibi89-bit/alqabas-economic)
    # tries /rss/ and /feed/, another project /feeds/all.xml: left out (no second source, and
    # the first project guesses the same two paths for every Kuwaiti paper).
    feeds = ["https://www.aljarida.com/rssFeed/1"]
    # No sitemap is named by any public source: robots.txt Sitemap: lines are used if the feed fails.
    sitemaps = []
    # /article/<id> (/article/74133, /article/136311) and the older
    # /articles/<19-digit id>/ (/articles/1514307955238106000/). Images live under
    # /jarida/uploads/ and /uploads/, not matched.
    article_url = r"^https?://(?:www\.)?aljarida\.com/articles?/(?P<id>\d+)/?(?:[?#]|$)"
    provenance = {
        "https://www.aljarida.com/rssFeed/1": ("othmanalomair/ohabits_goth:migrations/add_news_system.sql",),
        "article_url": ("michael19823/mini-ChatGpt:research/countries/kuwait.md",),
    }
    not_authors = ("الجريدة", "جريدة الجريدة", "الجريدة الكويتية", "Al Jarida")
