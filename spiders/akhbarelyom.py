"""بوابة أخبار اليوم (Akhbar El Yom portal, akhbarelyom.com), Cairo: Dar Akhbar El Yom's news site.

Discovery endpoints could not be checked from the development machines (no internet):
UNVERIFIED. `scrapy probe akhbarelyom` (once available) or a first real crawl tells. The saved
page carries no <link rel="alternate" type="application/rss+xml">; its footer RSS icon links
/RSS/GetSectionRSS?JournalID=1, which the site's own (public) controller code shows to be an
HTML list of the section feeds, not a feed.

What the page's structured data gives: no JSON-LD. og:title (with a trailing &#160;),
og:image, article:section; article:published_time is Arabic prose without a zone
("الأربعاء، 07 أكتوبر 2020 - 12:09 م", Cairo time); og:description is the site's slogan
("بوابة أخبار اليوم الإلكترونية"), meta author is the site handle "akhbarelyom", and
article:tag holds every tag in one comma-joined string: the page's own elements serve for
lead, authors and tags.
"""

from newsbot.crawl.spider import OutletSpider


class AkhbarelyomSpider(OutletSpider):
    name = "akhbarelyom"
    outlet_name = "بوابة أخبار اليوم"  # og:site_name spells it "بوابة اخبار اليوم"
    country = "EG"
    timezone = "Africa/Cairo"
    # akhbarelyom.com with its mobile/AMP host m.akhbarelyom.com (and sister hosts such as
    # reyada.akhbarelyom.com), all subdomains; akhbarelyom.org.eg is the old site (before the
    # portal moved to .com; named in public code comments).
    allowed_domains = ["akhbarelyom.com", "akhbarelyom.org.eg"]
    home = "https://akhbarelyom.com/"
    # UNVERIFIED: the latest-news section feed (SectionID=1 of journal 1, the portal), read by an
    # Egyptian news app (cited) and listed in a media directory whose repository the search index
    # does not name. An older Arabic aggregator's source list writes the form
    # /RSS/GetSectionNewsRSS?JournalID=1&SectionID=1; the site's public backend code now routes
    # feeds to RSS/NewsRSS?SectionID=<n> (GetSectionNewsRSS views are kept as "-hold").
    feeds = ["https://akhbarelyom.com/RSS/GetSectionNewsRSS/1?SectionID=1"]
    # UNVERIFIED: a sitemap index of daily sitemaps (https://akhbarelyom.com/Sitemap/Y/M/D, each
    # with <lastmod>, so old days are skipped), as written by the site's SitemapController in
    # public source code of the site (its RouteConfig maps {controller}/{year}/{month}/{day}).
    # The same code also writes /sitemap.xml ->
    # /sitemapsections.xml + /NewsSitemap.xml, whose entries carry no date: not declared, as
    # dateless entries cannot be kept out of the date window.
    sitemaps = ["https://akhbarelyom.com/Sitemap"]
    # /news/newdetails/<id>/<journal>/<slug>, e.g. /news/newdetails/3126898/1/36-عامًا..-سر-رحيل-...;
    # the mobile copy is m.akhbarelyom.com/news/NewDetails/<id>/1/<slug>, AMP adds /amp.
    # Section pages (/news/newssection/36/1/...) are not articles.
    # The path's case varies (newdetails / NewDetails): matched case-insensitively.
    article_url = r"(?i)^https?://(?:www\.|m\.)?akhbarelyom\.com/news/newdetails/(?P<id>\d+)/\d+(?:[/?#]|$)"
    selectors = {
        # The story: <p>s only. The byline, the ad slot, the tags and the share bar are its siblings.
        "body": ".post-full div.entry-content",
        # The byline link under the picture ("نورهان نبيل"); meta author is the site handle.
        "authors": ".post-meta-author a",
        # The first paragraph as the page's microdata description (og:description is the slogan).
        "lead": "//meta[@itemprop='description']/@content",
        # One tag per link ("الكلمات الدالة :" is the box label, a span, left out).
        "tags": ".post-tags a.post-tags_link",
    }
    # Meta description is the site slogan; article:tag is all tags in one comma-joined string.
    distrust = {"lead": ("meta",), "tags": ("meta",)}
    # No drop: the container holds the story's <p>s only (ad slots, tags, share bar and the
    # "إقرأ أيضاً" / "الأكثر قراءة" lists are outside it).
    # meta author / operator: the site handle, never a person.
    not_authors = ("akhbarelyom", "akhbarelyom.com", "AkhbarElYoum", "بوابة اخبار اليوم", "أخبار اليوم")
    site_names = ("بوابة أخبار اليوم", "بوابة اخبار اليوم", "أخبار اليوم", "Akhbar El Yom")
    formats = {"https://akhbarelyom.com/Sitemap": "index"}
    provenance = {
        "https://akhbarelyom.com/RSS/GetSectionNewsRSS/1?SectionID=1": (
            "zo0oka/Egypt_Latest_News_New:app/src/main/java/com/zookanews/egyptlatestnews/helper/DataManager.java",
        ),
        "https://akhbarelyom.com/Sitemap": ("ahmedgalal007/AkhbarOldBackend:Desktop/Controllers/SiteMapController.cs",),
        "article_url": (
            "ahmedgalal007/AkhbarOldBackend:Desktop/Views/Shared/_Layout1.cshtml",
            "Davasny/arabic-publishers-scrapers:src/clients/AkhbarElyomClient.spec.ts",
        ),
    }
