"""قناة صدى البلد (Sada El Balad TV, elbaladtv.net), Cairo: the TV channel's news site.

Not the sister newspaper site صدى البلد (elbalad.news). WordPress with the JNews theme and the
Rank Math SEO plugin (the JSON-LD block is class="rank-math-schema"; the meta block with the
" - قناة صدى البلد" og:title is Rank Math's, the plain one before it is JNews's).

Discovery endpoints could not be checked from the development machines (no internet):
UNVERIFIED until `scrapy probe elbaladtv` runs where there is internet. The only public material
found for this outlet is one of its article pages, saved by adbar/htmldate's test set.

The JSON-LD headline carries the site name ("<headline> - قناة صدى البلد"): stripped like og:title's.
"""

from newsbot.crawl.spider import OutletSpider


class ElbaladtvSpider(OutletSpider):
    name = "elbaladtv"
    outlet_name = "قناة صدى البلد"  # og:site_name, the feed title and the page footer all say so
    country = "EG"
    timezone = "Africa/Cairo"
    # Images are served from cdn.elbaladtv.net (a subdomain, covered); no other domain is known.
    allowed_domains = ["elbaladtv.net"]
    home = "https://elbaladtv.net/"
    # UNVERIFIED: the WordPress main feed, named by the outlet's own page: its
    # <link rel="alternate" type="application/rss+xml" title="قناة صدى البلد « الخلاصة"> in the article
    # page saved by adbar/htmldate (one source). No public code that reads this outlet was found
    # ("elbaladtv.net/feed" and "https://elbaladtv.net/" occur in no indexed public file).
    feeds = ["https://elbaladtv.net/feed/"]
    # No sitemap is named by the page or by public code (Rank Math's usual /sitemap_index.xml is a
    # guess, so it is not declared): robots.txt Sitemap: lines are used if the feed fails.
    sitemaps = []
    # Post-name permalinks: one percent-encoded Arabic slug, no date and no article number in
    # the URL (the post id only appears in the ?p=317359 shortlink). Archive and system paths
    # are excluded; the JNews AMP copy is <slug>/amp/.
    article_url = (
        r"^https?://(?:www\.)?elbaladtv\.net/"
        r"(?!(?:category|tag|author|page|feed|comments|search|wp-[a-z]+|amp)(?:/|$))"
        r"[^/?#.]+/(?:amp/?)?(?:[?#]|$)"
    )
    # The pattern rests on that saved page's canonical URL (one source); no other public article URL was found.
    provenance = {
        "https://elbaladtv.net/feed/": ("adbar/htmldate:tests/test_set/1806793639.html",),
        "article_url": ("adbar/htmldate:tests/test_set/1806793639.html",),
    }
    site_names = ("قناة صدى البلد", "صدى البلد")
    selectors = {
        # JNews: div.entry-content > div.content-inner holds the article's <p>s; the share bar
        # sits beside it in .entry-content.
        "body": "div.entry-content > div.content-inner",
        # The visible headline. JSON-LD gives the title first (with the site name appended), so
        # this only serves pages without JSON-LD or og:title.
        "title": "h1.jeg_post_title",
    }
    drop = [
        ".jnews_inline_related_post_wrapper",  # "إقرأ أيضاً" with two headlines and their dates
        ".jeg_post_tags",  # "تاجز:" and the tag links
        ".code-block",  # AdSense blocks (Ad Inserter)
        ".jeg_ad",  # inline ad wrappers
    ]
