"""اليوم (Al Yaum, alyaum.com), Dammam: the Eastern Province daily's news site.

Discovery endpoints could not be checked from the development machines (no internet):
UNVERIFIED. `scrapy probe alyaum` (once available) or a first real crawl tells. The saved page
names no feed or sitemap itself.

What the page's structured data gives (saved page of 2020-12): JSON-LD NewsArticle headline,
datePublished with its +03:00 offset, image, and the byline "حسام أبو العلا - القاهرة" (a name
and the place it was filed from; the engine keeps the name). JSON-LD description repeats the
headline, and meta keywords are the headline's words split at the spaces ("طهران,تدفن,..."):
`distrust` skips both, so the lead is og:description (the first lines of the text, cut with
"...") and tags stay empty (the page shows none). meta article:published_time has no zone
("2020-12-01 02:00:00", Riyadh time); meta dateModified (2020-11-30 20:36) is earlier than
publication; JSON-LD comes first for both.
"""

from newsbot.crawl.spider import OutletSpider


class AlyaumSpider(OutletSpider):
    name = "alyaum"
    outlet_name = "اليوم"  # "صحيفة اليوم" in the page's microdata publisher; og:site_name "alyaum"
    country = "SA"
    timezone = "Asia/Riyadh"
    # alyaum.com; lym.news is the outlet's short-link domain (the page's share links:
    # https://lym.news/a/6291787), which redirects to the article. Images come from a CMS
    # vendor's CDN (cdn.premiumread.com), not an outlet domain.
    allowed_domains = ["alyaum.com", "lym.news"]
    home = "https://www.alyaum.com/"
    # UNVERIFIED: /rssFeed/<n> is the feed form of the site's CMS (also okaz.com.sa,
    # al-madina.com, makkahnewspaper.com). rssFeed/1005 is read by about ten public projects
    # (news bots' feed lists); rssFeed/1 by three. Single projects also name rssFeed/1006,
    # rssFeed/1009 and rssFeed/1005/92 (sub-sections, left out).
    feeds = [
        "https://www.alyaum.com/rssFeed/1005",
        "https://www.alyaum.com/rssFeed/1",
    ]
    # No sitemap is known (none in the page, none in public code): robots.txt Sitemap: lines are
    # used if both feeds fail.
    sitemaps = []
    # /articles/<id>/<section>[/<subsection>]/<slug> (Arabic section and slug), also bare
    # /articles/<id>; the short link is lym.news/a/<id>. The id survives headline edits.
    # Section pages are /morearticles/<section>.
    article_url = r"^https?://(?:www\.)?(?:alyaum\.com/articles|lym\.news/a)/(?P<id>\d+)(?:[/?#]|$)"
    selectors = {
        # The text: one <div> split by <br><br>, inside article#post-<id>. The page's <h1> and
        # the "ajax" copy of the headline, the photo caption, the "استمع" (listen) button and the
        # byline sit outside it.
        "body": "article[id^='post-'] .aksa-articleBody",
    }
    # JSON-LD description is the headline; meta keywords are the headline's words.
    distrust = {"lead": ("jsonld",), "tags": ("meta",)}
    # The in-text ad slot between paragraphs (empty, filled by script).
    drop = ["[id^='div-gpt-ad']"]
    not_authors = ("alyaum", "Alyaum", "صحيفة اليوم", "جريدة اليوم")
