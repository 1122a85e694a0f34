"""سانا (SANA, Syrian Arab News Agency, sana.sy), Damascus: the state news agency's Arabic site.

Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe sana` runs where there is internet.
Known quirks: a WordPress site (feed ?feed=rss2); other languages live under /en/, /tr/ etc.;
video and photo-gallery items share the numeric URL form and are not taken as articles.
"""

from newsbot.crawl.spider import OutletSpider


class SanaSpider(OutletSpider):
    name = "sana"
    outlet_name = "الوكالة العربية السورية للأنباء"
    site_names = ("سانا", "SANA", "الوكالة العربية السورية للأنباء", "sana.sy")
    country = "SY"
    timezone = "Asia/Damascus"
    allowed_domains = ["sana.sy"]
    home = "https://sana.sy/"
    # One source: a Syrian news Telegram bot reads it, and the links it saved (some 1,700 sana.sy
    # article URLs) show it serves.
    feeds = ["https://sana.sy/?feed=rss2"]
    sitemaps = []
    # /<section>[/<subsection>]/<id>/, e.g. /locals/2431958/, /governorates/aleppo/2432371/; the id is
    # the WordPress post number. Not /video/, /photos/, /infographic/ items, nor other languages.
    article_url = (
        r"^https?://(?:www\.)?sana\.sy/(?![a-z]{2}/)(?!(?:video|photos|infographic)/)(?:[^/?#]+/){1,2}(?P<id>\d+)/?(?:[?#]|$)"
    )
    provenance = {
        "https://sana.sy/?feed=rss2": ("Mohamad198557/syria-news-bot:bot.py",),
        "article_url": ("Mohamad198557/syria-news-bot:sent_articles.txt",),
    }
    not_authors = ("سانا", "SANA", "sana")
