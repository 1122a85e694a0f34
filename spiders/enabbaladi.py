"""عنب بلدي (Enab Baladi, enabbaladi.net): the independent Syrian news site's Arabic edition.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe enabbaladi` runs where there is internet.
Known quirks: the English edition is english.enabbaladi.net (not taken: its URLs do not match).
The newsroom works largely from Istanbul and inside Syria; Damascus time is used for the Syrian
news it covers.
"""

from newsbot.crawl.spider import OutletSpider


class EnabbaladiSpider(OutletSpider):
    name = "enabbaladi"
    outlet_name = "عنب بلدي"
    site_names = ("عنب بلدي", "Enab Baladi", "enabbaladi.net")
    country = "SY"
    timezone = "Asia/Damascus"
    allowed_domains = ["enabbaladi.net"]
    home = "https://www.enabbaladi.net/"
    # One source each: the news-category feed a Syrian news Telegram bot reads (its saved links
    # include Enab Baladi articles), and the site-wide WordPress feed a MENA news agent's config lists.
    feeds = [
        "https://www.enabbaladi.net/archives/category/news/feed",
        "https://www.enabbaladi.net/feed",
    ]
    sitemaps = []
    # /<id>/<slug>/, e.g. /800832/<slug>/; the id is the WordPress post number.
    article_url = r"^https?://(?:www\.)?enabbaladi\.net/(?P<id>\d+)/[^/?#]+/?(?:[?#]|$)"
    provenance = {
        "https://www.enabbaladi.net/archives/category/news/feed": ("Mohamad198557/syria-news-bot:bot.py",),
        "https://www.enabbaladi.net/feed": ("abbasshayek652-boop/MENA-News-Agent-v2:config/sources.yaml",),
        "article_url": ("Mohamad198557/syria-news-bot:sent_articles.txt",),
    }
    not_authors = ("عنب بلدي", "Enab Baladi")
