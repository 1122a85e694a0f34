"""تلفزيون سوريا (Syria TV, syria.tv): the Syrian opposition broadcaster's news site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe syriatv` runs where there is internet.
Known quirks: an article URL is only the headline slug (https://www.syria.tv/<slug>), no number
or date; some slugs keep spaces and "?" from the headline. The pattern asks for a slug of four or
more hyphen-joined words so that one-word pages (sections, /live) are not taken.
The station broadcasts from Istanbul; Damascus time is used for its Syrian news.
"""

from newsbot.crawl.spider import OutletSpider


class SyriatvSpider(OutletSpider):
    name = "syriatv"
    outlet_name = "تلفزيون سوريا"
    site_names = ("تلفزيون سوريا", "Syria TV", "syria.tv")
    country = "SY"
    timezone = "Asia/Damascus"
    allowed_domains = ["syria.tv"]
    home = "https://www.syria.tv/"
    # One source: a Syrian news Telegram bot reads it; it saved some 2,100 syria.tv links from it.
    feeds = ["https://www.syria.tv/feed"]
    sitemaps = []
    # /<headline slug>; no id, no date (identity rules apply).
    article_url = r"^https?://(?:www\.)?syria\.tv/(?=(?:[^/?#]*-){3})[^/?#]+/?(?:[?#]|$)"
    provenance = {
        "https://www.syria.tv/feed": ("Mohamad198557/syria-news-bot:bot.py",),
        "article_url": ("Mohamad198557/syria-news-bot:sent_articles.txt",),
    }
    not_authors = ("تلفزيون سوريا", "Syria TV")
