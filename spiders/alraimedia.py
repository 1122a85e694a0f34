"""الراي (Al Rai, alraimedia.com), Kuwait City: the Al Rai Media Group's daily and its news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe alraimedia` runs where there is internet.
Known quirks: not Jordan's Al Rai (alrai.com), which some public feed lists confuse with it.
A 2026 public audit of news sources ran its Al Rai collector on the home page, not a feed.
"""

from newsbot.crawl.spider import OutletSpider


class AlraimediaSpider(OutletSpider):
    name = "alraimedia"
    outlet_name = "الراي"
    site_names = ("جريدة الراي", "صحيفة الراي", "الراي الكويتية", "Al Rai", "Alrai-media", "AlraiMedia")
    country = "KW"
    timezone = "Asia/Kuwait"
    allowed_domains = ["alraimedia.com"]
    home = "https://www.alraimedia.com/"
    # UNVERIFIED: /rssFeed/1, seeded by a Kuwaiti developer's news dashboard
    # (othmanalomair/ohabits_goth) and read by a Russian-language Middle East news bot whose
    # repository the code index does not name. Other public lists name /rss, /rss.xml and the
    # old /rssFeed.aspx?nID=1 (no evidence they work): left out.
    feeds = ["https://www.alraimedia.com/rssFeed/1"]
    # No sitemap is named by any public source: robots.txt Sitemap: lines are used if the feed fails.
    sitemaps = []
    # /article/<id>/<section>/<subsection>/<slug> (Arabic), also bare /article/<id>/, e.g.
    # /article/1734465/اقتصاد/سماسرة-العقار-زادوا-138-والمقيمون-ارتفعوا-17-. The id survives
    # slug edits. /livestream/ and section pages carry no /article/<id>.
    article_url = r"^https?://(?:www\.)?alraimedia\.com/article/(?P<id>\d+)(?:/[^?#]*)?/?(?:[?#]|$)"
    provenance = {
        "https://www.alraimedia.com/rssFeed/1": ("othmanalomair/ohabits_goth:migrations/add_news_system.sql",),
        "article_url": ("michael19823/mini-ChatGpt:research/countries/kuwait.md",),
    }
    not_authors = ("الراي", "جريدة الراي", "الراي الكويتية", "Al Rai")
