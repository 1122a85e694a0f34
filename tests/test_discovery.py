"""Discovery: feeds and sitemaps parsed with their dates; the date window; robots.txt fallback; limit."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from parsel import Selector
from scrapy.http import Request, TextResponse, XmlResponse
from twisted.python.failure import Failure

from newsbot.crawl.spider import OutletSpider
from newsbot.discovery.listings import Entry, ListingPage, before_window, parse_listing, parse_listing_page, robots_sitemaps, url_date_range
from newsbot.outlets.profile import Listing, OutletProfile
from tests.conftest import build_spider, start_requests

NOW = datetime.now(timezone.utc)


class SiteSpider(OutletSpider):
    name = "site"
    timezone = "Africa/Cairo"
    allowed_domains = ["news.test"]
    home = "https://www.news.test/"
    sitemaps = ["https://www.news.test/sitemap-index.xml"]
    article_url = r"^https://www\.news\.test/story/(?P<id>\d+)"


def make_spider(cls=SiteSpider, **kwargs) -> OutletSpider:
    return build_spider(cls, **kwargs)


def xml_response(url: str, body: str, request: Request | None = None) -> XmlResponse:
    request = request or Request(url, meta={"newsbot_kind": "sitemap"})
    return XmlResponse(url=url, body=body.encode("utf-8"), request=request)


def sitemap_index(children: list[tuple[str, str | None]]) -> str:
    rows = "".join(
        f"<sitemap><loc>{loc}</loc>{f'<lastmod>{lastmod}</lastmod>' if lastmod else ''}</sitemap>" for loc, lastmod in children
    )
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'


def test_index_of_500_dated_children_costs_at_most_3_sitemap_requests():
    days = [(NOW - timedelta(days=i)).date() for i in range(500)]
    # Half give <lastmod>, half only a date in their URL.
    children = [
        (f"https://www.news.test/sitemap-{d:%Y-%m-%d}.xml", f"{d:%Y-%m-%d}T23:59:00+02:00" if i % 2 == 0 else None)
        for i, d in enumerate(days)
    ]
    spider = make_spider(days="1")
    start = start_requests(spider)
    assert [r.url for r in start] == SiteSpider.sitemaps
    children_requested = list(spider.parse_listing(xml_response(start[0].url, sitemap_index(children), start[0])))
    sitemap_requests = len(start) + len(children_requested)
    assert sitemap_requests <= 3, [r.url for r in children_requested]
    requested_urls = " ".join(r.url for r in children_requested)
    assert f"{NOW:%Y-%m-%d}" in requested_urls, "today's sitemap (dated by lastmod) must be requested"
    assert f"{NOW - timedelta(days=1):%Y-%m-%d}" in requested_urls, "yesterday's sitemap (dated by its URL) must be requested"
    assert spider.crawler.stats.get_value("newsbot/discovery/skipped/old_sitemap") >= 497


def test_since_widens_the_window():
    spider = make_spider(since=f"{(NOW - timedelta(days=10)).date():%Y-%m-%d}")
    children = [(f"https://www.news.test/sitemap-{(NOW - timedelta(days=i)).date():%Y-%m-%d}.xml", None) for i in range(30)]
    requested = list(spider.parse_listing(xml_response(SiteSpider.sitemaps[0], sitemap_index(children))))
    assert 10 <= len(requested) <= 12


def test_days_zero_turns_the_window_off():
    spider = make_spider(days="0")
    assert spider.since is None
    children = [(f"https://www.news.test/sitemap-{2001 + i}-01-01.xml", None) for i in range(5)]
    assert len(list(spider.parse_listing(xml_response(SiteSpider.sitemaps[0], sitemap_index(children))))) == 5


NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>https://www.news.test/story/101</loc><news:news><news:publication><news:name>T</news:name><news:language>ar</news:language></news:publication>
   <news:publication_date>{fresh}</news:publication_date><news:title>خبر جديد</news:title></news:news></url>
 <url><loc>https://www.news.test/story/102</loc><news:news><news:publication_date>2019-01-01T10:00:00+02:00</news:publication_date><news:title>خبر قديم</news:title></news:news></url>
 <url><loc>https://www.news.test/section/politics</loc></url>
 <url><loc>https://elsewhere.test/story/103</loc></url>
 <url><loc>https://www.news.test/story/101?utm_source=x</loc></url>
</urlset>"""


def test_news_sitemap_dates_filter_articles_and_reach_the_item_as_hints():
    spider = make_spider()
    fresh = (NOW - timedelta(hours=3)).isoformat(timespec="seconds")
    requests = list(spider.parse_listing(xml_response("https://www.news.test/news.xml", NEWS_SITEMAP.format(fresh=fresh))))
    assert [r.url for r in requests] == ["https://www.news.test/story/101"]
    assert requests[0].cb_kwargs["hints"]["published"] == datetime.fromisoformat(fresh)
    stats = spider.crawler.stats
    assert stats.get_value("newsbot/discovery/skipped/old_article") == 1
    assert stats.get_value("newsbot/discovery/skipped/not_article") == 2
    assert stats.get_value("newsbot/discovery/skipped/seen") == 1


RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
<item><title>أ</title><link>https://www.news.test/story/1</link><pubDate>{d1}</pubDate></item>
<item><title>ب</title><link>https://www.news.test/story/2</link><pubDate>Tue, 01 Jan 2019 10:00:00 +0200</pubDate></item>
<item><title>ج</title><guid isPermaLink="true">https://www.news.test/story/3</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>أ</title><link rel="alternate" href="https://www.news.test/story/7"/><updated>2024-05-13T06:00:00Z</updated></entry>
</feed>"""


def test_feeds_rss_and_atom():
    d1 = (NOW - timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    rss = parse_listing(RSS.format(d1=d1).encode())
    assert rss.kind == "feed"
    assert [e.url for e in rss.entries] == [f"https://www.news.test/story/{i}" for i in (1, 2, 3)]
    assert rss.entries[1].date == datetime(2019, 1, 1, 8, tzinfo=timezone.utc)
    assert rss.entries[2].date is None
    atom = parse_listing(ATOM.encode())
    assert atom.entries == (Entry("https://www.news.test/story/7", datetime(2024, 5, 13, 6, tzinfo=timezone.utc), "أ"),)

    spider = make_spider()
    requests = list(spider.parse_listing(xml_response("https://www.news.test/rss", RSS.format(d1=d1))))
    # the 2019 item is outside the 2-day window; the undated one cannot be proven old
    assert [r.url for r in requests] == ["https://www.news.test/story/1", "https://www.news.test/story/3"]


def test_broken_listing_is_counted_not_crashed():
    assert parse_listing(b"<html><body>not a feed</body></html>").kind == "unknown"
    assert parse_listing(b"").kind == "unknown"
    assert parse_listing(b"\x00\xff garbage").kind == "unknown"
    spider = make_spider()
    (request,) = start_requests(spider)  # the only declared source
    out = list(spider.parse_listing(xml_response(request.url, "<html>maintenance</html>", request)))
    assert spider.crawler.stats.get_value("newsbot/discovery/failed/sitemap") == 1
    # the only declared source failed: discovery falls back to robots.txt
    assert [r.url for r in out] == ["https://www.news.test/robots.txt"]


def test_robots_fallback_when_every_declared_source_fails():
    spider = make_spider()
    requests = start_requests(spider)
    assert len(requests) == 1
    failure = Failure(ConnectionRefusedError("refused"))
    failure.request = requests[0]
    out = list(spider.listing_failed(failure))
    assert [r.url for r in out] == ["https://www.news.test/robots.txt"]
    assert spider.crawler.stats.get_value("newsbot/discovery/failed/sitemap") == 1
    robots = TextResponse(
        url="https://www.news.test/robots.txt",
        body=b"User-agent: *\nDisallow: /private/\nSitemap: https://www.news.test/sitemap-from-robots.xml\nSitemap: https://other.test/s.xml\n",
        encoding="utf-8",
    )
    assert [r.url for r in spider.parse_robots(robots)] == ["https://www.news.test/sitemap-from-robots.xml"]


def test_robots_used_when_nothing_is_declared():
    class Bare(SiteSpider):
        name = "bare"
        sitemaps = []

    assert [r.url for r in start_requests(make_spider(Bare))] == ["https://www.news.test/robots.txt"]


def test_limit_caps_article_requests():
    spider = make_spider(limit="2")
    rows = "".join(f"<url><loc>https://www.news.test/story/{i}</loc></url>" for i in range(10))
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'
    assert len(list(spider.parse_listing(xml_response("https://www.news.test/s.xml", body)))) == 2
    assert spider.crawler.stats.get_value("newsbot/discovery/skipped/limit") == 8


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://x.test/sitemap-2024-05-13.xml", (date(2024, 5, 13), date(2024, 5, 13))),
        ("https://x.test/sitemaps/2024/5/13/", (date(2024, 5, 13), date(2024, 5, 13))),
        ("https://x.test/sitemap_20240513.xml", (date(2024, 5, 13), date(2024, 5, 13))),
        ("https://x.test/sitemap-2024-02.xml", (date(2024, 2, 1), date(2024, 2, 29))),
        ("https://x.test/sitemap-2024-11.xml", (date(2024, 11, 1), date(2024, 11, 30))),
        ("https://x.test/sitemap-2024-12.xml", (date(2024, 12, 1), date(2024, 12, 31))),
        ("https://x.test/sitemaps/2024/11/", (date(2024, 11, 1), date(2024, 11, 30))),
        ("https://x.test/sitemap-2024-11-29.xml", (date(2024, 11, 29), date(2024, 11, 29))),
        ("https://x.test/Sitemap/2024/1/2", (date(2024, 1, 2), date(2024, 1, 2))),
        ("https://x.test/post-sitemap-2023.xml", (date(2023, 1, 1), date(2023, 12, 31))),
        ("https://x.test/post-sitemap3.xml", None),
        ("https://2024.x.test/sitemap.xml", None),
    ],
)
def test_url_date_range(url, expected):
    assert url_date_range(url) == expected


def test_before_window_prefers_the_entry_date_to_the_url_date():
    since = datetime(2024, 5, 10, tzinfo=timezone.utc)
    assert before_window(Entry("https://x.test/s-2024-05-01.xml"), since)
    assert not before_window(Entry("https://x.test/s-2024-05-01.xml", datetime(2024, 5, 12, tzinfo=timezone.utc)), since)
    assert not before_window(Entry("https://x.test/s.xml"), since)
    assert not before_window(Entry("https://x.test/s-2024-05-01.xml"), None)


def test_robots_sitemaps():
    assert robots_sitemaps("User-agent: *\nsitemap: https://a.test/1.xml\n  Sitemap:https://a.test/2.xml\n#Sitemap: x") == [
        "https://a.test/1.xml", "https://a.test/2.xml",
    ]


# ---- backfills: older sitemaps ----


def test_since_walks_nested_indexes_and_undated_children_and_skips_older_ones():
    since = (NOW - timedelta(days=10)).date()
    spider = make_spider(since=f"{since:%Y-%m-%d}")
    assert [r.url for r in start_requests(spider)] == SiteSpider.sitemaps, "declared sitemaps: robots.txt is not read"
    old, recent = since - timedelta(days=5), since + timedelta(days=3)
    top = sitemap_index([
        ("https://www.news.test/archive/index.xml", None),  # nested index, no date at all: walked
        (f"https://www.news.test/sitemap-{recent:%Y-%m}.xml", None),  # a month that reaches into the window
        (f"https://www.news.test/sitemap-{old - timedelta(days=40):%Y-%m}.xml", None),  # a month before it
        ("https://www.news.test/posts-3.xml", f"{recent:%Y-%m-%d}"),  # lastmod in the window
        ("https://www.news.test/posts-2.xml", f"{old:%Y-%m-%d}"),  # lastmod before since
        ("https://www.news.test/posts-1.xml", None),  # undated: walked
    ])
    children = [r.url for r in spider.parse_listing(xml_response(SiteSpider.sitemaps[0], top))]
    assert children == [
        "https://www.news.test/archive/index.xml", f"https://www.news.test/sitemap-{recent:%Y-%m}.xml",
        "https://www.news.test/posts-3.xml", "https://www.news.test/posts-1.xml",
    ]
    assert spider.crawler.stats.get_value("newsbot/discovery/skipped/old_sitemap") == 2
    nested = sitemap_index([
        (f"https://www.news.test/archive/{d:%Y-%m-%d}.xml", None) for d in (recent, since, since - timedelta(days=1), old)
    ] + [("https://www.news.test/archive/index.xml", None), (SiteSpider.sitemaps[0], None)])  # and itself, and its parent
    grandchildren = [r.url for r in spider.parse_listing(xml_response(children[0], nested))]
    assert grandchildren == [
        f"https://www.news.test/archive/{d:%Y-%m-%d}.xml" for d in (recent, since, since - timedelta(days=1))
    ], "the day before since is walked too (a day's slack for time zones); an index read once is not read again"
    assert all(r.dont_filter for r in spider.parse_listing(xml_response(children[0], sitemap_index([("https://www.news.test/x.xml", None)]))))


# ---- backfills: HTML listing pages (pure functions) ----

PROFILE = OutletProfile(
    name="site", domains=("news.test",),
    article_url=__import__("re").compile(r"^https://(?:www\.)?news\.test/story/(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<id>\d+)"),
)
LISTING_HTML = """<html><head><base href="https://www.news.test/"></head><body>
<nav><a href="/">الرئيسية</a><a href="/section/politics">سياسة</a><a href="/story/2024/5/13/1">في القائمة</a></nav>
<div class="list">
  <div class="box"><h3><a href="/story/2024/5/12/2#comments">أ</a></h3><a href="/story/2024/5/12/2"><img></a></div>
  <div class="box"><h3><a href="https://news.test/story/2024/5/11/3?utm_source=x">ب</a></h3></div>
  <div class="box"><h3><a href="https://elsewhere.test/story/2024/5/11/4">ج</a></h3></div>
  <div class="box"><h3><a href="javascript:void(0)">د</a> <a href="story/2024/5/10/5">هـ</a></h3></div>
</div>
<ul class="pager"><li class="prev"><a href="/section/news/1">السابق</a></li><li class="next"><a href="/section/news/3">التالي</a></li></ul>
</body></html>"""


def test_listing_page_article_links_match_the_outlet_pattern_and_domains():
    page = parse_listing_page(Selector(text=LISTING_HTML), "https://www.news.test/section/news/2", PROFILE, Listing("x", next="li.next a"))
    assert page.articles == (
        "https://www.news.test/story/2024/5/13/1", "https://www.news.test/story/2024/5/12/2",
        "https://news.test/story/2024/5/11/3?utm_source=x", "https://www.news.test/story/2024/5/10/5",  # <base href>
    )
    assert page.days == (date(2024, 5, 13), date(2024, 5, 12), date(2024, 5, 11), date(2024, 5, 10))
    assert page.next_url == "https://www.news.test/section/news/3"
    narrowed = parse_listing_page(Selector(text=LISTING_HTML), "https://www.news.test/section/news/2", PROFILE, Listing("x", links="div.box h3"))
    assert narrowed.articles[0] == "https://www.news.test/story/2024/5/12/2" and len(narrowed.articles) == 3
    assert narrowed.next_url is None, "no next selector: no next page"


@pytest.mark.parametrize("next_sel", ["li.next a", "li.next", "li.next a::attr(href)", "//li[@class='next']/a/@href", "a:contains('التالي')"])
def test_listing_page_next_link_forms(next_sel):
    page = parse_listing_page(Selector(text=LISTING_HTML), "https://www.news.test/section/news/2", PROFILE, Listing("x", next=next_sel))
    assert page.next_url == "https://www.news.test/section/news/3"


def test_listing_page_next_link_must_stay_on_the_site_and_move():
    html = '<a class="n" href="https://evil.test/p/2">x</a><a class="n" href="/p/1">x</a><a class="n" href="/p/2">x</a>'
    page = parse_listing_page(Selector(text=html), "https://www.news.test/p/1", PROFILE, Listing("x", next="a.n"))
    assert page.next_url == "https://www.news.test/p/2"
    assert parse_listing_page(Selector(text="<p>nothing</p>"), "https://www.news.test/p/1", PROFILE, Listing("x", next="a.n")) == ListingPage()


def test_listing_page_without_an_article_pattern_takes_every_link_on_the_site():
    bare = OutletProfile(name="bare")
    html = '<a href="/a/1">1</a><a href="https://other.test/2">2</a><a href="mailto:x@news.test">m</a>'
    page = parse_listing_page(Selector(text=html), "https://www.news.test/list", bare, Listing("x", links="a"))
    assert page.articles == ("https://www.news.test/a/1",) and page.days == (None,)


def test_a_listing_page_is_older_than_since_only_when_every_article_is_dated_before_it():
    since = date(2024, 5, 10)
    assert ListingPage(("a", "b"), (date(2024, 5, 1), date(2024, 5, 8))).older_than(since)
    assert not ListingPage(("a", "b"), (date(2024, 5, 1), date(2024, 5, 9))).older_than(since), "a day's slack"
    assert not ListingPage(("a", "b"), (date(2024, 5, 1), None)).older_than(since), "an undated article might be newer"
    assert not ListingPage().older_than(since)


def test_listing_declaration():
    with pytest.raises(ValueError):
        Listing("https://www.news.test/s/1", max_pages=0)
    assert SiteSpider.profile.url_day("https://www.news.test/story/1") is None
    assert PROFILE.url_day("https://www.news.test/story/2024/2/30/1") is None
    assert PROFILE.url_day("https://www.news.test/story/2024/2/29/1") == date(2024, 2, 29)


def test_youm7_listing_reads_the_synthetic_section_page():
    from newsbot.dev.localweb.site import SECTION_PAGES, SyntheticYoum7
    from spiders.youm7 import Youm7Spider

    site = SyntheticYoum7("backfill")
    (listing,) = Youm7Spider.listings
    assert site.section_url(1) == Request(listing.url).url, "the declared first page is the synthetic site's"
    profile = Youm7Spider.profile
    body = site.routes[site.section_url(1)].body.decode("utf-8")
    page = parse_listing_page(Selector(text=body), site.section_url(1), profile, listing)
    expected = [site._url(site.stories[n]) if n in site.stories else site.archive_url(n) for n in SECTION_PAGES[1]]
    assert list(page.articles) == expected, "story boxes only: not the sidebar, the nav or the image links twice"
    assert page.next_url == site.section_url(2)
    last = site.routes[site.section_url(max(SECTION_PAGES))].body.decode("utf-8")
    assert parse_listing_page(Selector(text=last), site.section_url(4), profile, listing).next_url is None
