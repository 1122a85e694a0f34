"""قناة صدى البلد (Sada El Balad TV, elbaladtv.net), Cairo: the TV channel's news site.

Not the sister newspaper site صدى البلد (elbalad.news). WordPress with the JNews theme and the
Rank Math SEO plugin (the JSON-LD block is class="rank-math-schema"; the meta block with the
" - قناة صدى البلد" og:title is Rank Math's, the plain one before it is JNews's).

Discovery endpoints could not be checked from the development machines (no internet):
UNVERIFIED. `scrapy probe elbaladtv` (once available) or a first real crawl tells.

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
    # UNVERIFIED: the WordPress main feed, named by the saved page's own
    # <link rel="alternate" type="application/rss+xml" title="قناة صدى البلد « الخلاصة">.
    # No public code that reads this outlet was found (search for "elbaladtv.net/feed": none).
    feeds = ["https://elbaladtv.net/feed/"]
    # UNVERIFIED: Rank Math's sitemap index (its fixed location) and Rank Math PRO's Google News
    # sitemap (exists only if the site runs the news module). Neither is named by the page or by
    # public code; robots.txt Sitemap: lines are used if every declared endpoint fails.
    sitemaps = [
        "https://elbaladtv.net/sitemap_index.xml",
        "https://elbaladtv.net/news-sitemap.xml",
    ]
    # Post-name permalinks: one percent-encoded Arabic slug, no date and no article number in
    # the URL (the post id only appears in the ?p=317359 shortlink). Archive and system paths
    # are excluded; the JNews AMP copy is <slug>/amp/.
    article_url = (
        r"^https?://(?:www\.)?elbaladtv\.net/"
        r"(?!(?:category|tag|author|page|feed|comments|search|wp-[a-z]+|amp)(?:/|$))"
        r"[^/?#.]+/(?:amp/?)?(?:[?#]|$)"
    )
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
