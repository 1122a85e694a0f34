"""الشرق الأوسط (Asharq Al-Awsat, aawsat.com), London: the pan-Arab daily of the Saudi Research
and Media Group.

Country GB, zone Europe/London: the paper is edited from London, where it was founded in 1978
(its owner is Saudi; offices in Riyadh and Jeddah are bureaus). No public source shows a printed
time offset of its pages, so the zone is the newsroom's.
Discovery endpoints and the article-URL pattern come from public code that reads this outlet
(cited per endpoint in `provenance`); none could be checked from the development machines (no
internet): UNVERIFIED until `scrapy probe aawsat` runs where there is internet.
Known quirks: feed items link /node/<id>; the site's own links are /<id>-<slug>. The English
edition (english.aawsat.com, its own feed english.aawsat.com/feed) is a separate outlet and
not matched here.
"""

from newsbot.crawl.spider import OutletSpider


class AawsatSpider(OutletSpider):
    name = "aawsat"
    outlet_name = "الشرق الأوسط"
    site_names = ("Asharq Al-Awsat", "aawsat", "صحيفة الشرق الأوسط")
    country = "GB"
    timezone = "Europe/London"
    allowed_domains = ["aawsat.com"]
    home = "https://aawsat.com/"
    feeds = [
        # UNVERIFIED: the all-news feed (Drupal /feed): in Kagi's kite feed list, and read by
        # Kandaka's and dz-akhbar's fetchers, whose saved pages carry the /node/<id> links it gave
        # (dz-akhbar writes it with a trailing slash); sada-app reads it directly (2026-04).
        "https://aawsat.com/feed",
    ]
    sitemaps = []
    # /node/<id> (the feed's links) or /<id>-<slug> (the site's links), e.g. /node/5290623 and
    # /5290638-<slug>; the id is the Drupal node number.
    article_url = r"^https?://(?:www\.)?aawsat\.com/(?:node/)?(?P<id>\d{5,})(?:-[^/?#]*)?/?(?:[?#]|$)"
    provenance = {
        "https://aawsat.com/feed": (
            "kagisearch/kite-public:kite_feeds.json",
            "beewax/Kandaka:scripts/fetch_news.py",
            "1ymenn/dz-akhbar:update_news.py",
            "mrrashedy/sada-app:functions/api/feeds.js",
        ),
        "article_url": ("1ymenn/dz-akhbar:index.html", "beewax/Kandaka:content/news/ar-news-50ebe07427.ar.md"),
    }
    not_authors = ("الشرق الأوسط", "Asharq Al-Awsat", "«الشرق الأوسط»", "لندن: «الشرق الأوسط»")
