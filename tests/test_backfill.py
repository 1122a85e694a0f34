"""Backfills (`-a since=YYYY-MM-DD`): older sitemaps and paginated listing pages, sharing state with hourly runs.

The spider's listing walk is tested without an engine; then the real `scrapy crawl youm7 -a since=...`
runs against the synthetic youm7.com (newsbot/localweb/site.py, scenario "backfill"), followed by an
hourly run and a second backfill on the same data directory.
"""

from __future__ import annotations

import os
import subprocess
import time
from datetime import datetime, timedelta, timezone

import pytest
from scrapy.http import HtmlResponse, TextResponse

from newsbot.crawl.spider import OutletSpider
from newsbot.dev.localweb import LocalWeb, SyntheticYoum7
from newsbot.dev.localweb.site import ARCHIVE_DAYS, SECTION_PAGES
from newsbot.discovery.plan import Source
from newsbot.outlets.profile import Listing
from tests.conftest import REPO, build_spider, output_files, start_requests
from tests.test_e2e_crawl import crawl_args, final_stats, lines_of

NOW = datetime.now(timezone.utc)


class SectionSpider(OutletSpider):
    name = "section"
    timezone = "Africa/Cairo"
    allowed_domains = ["news.test"]
    feeds = ["https://www.news.test/rss"]
    article_url = r"^https://www\.news\.test/(?P<year>\d{4})/(?P<month>\d\d)/(?P<day>\d\d)/(?P<id>\d+)"
    listings = [Listing("https://www.news.test/section/1", next="a.next", max_pages=3)]


def story(day, n: int) -> str:
    return f"https://www.news.test/{day:%Y/%m/%d}/{n}"


def section_page(number: int, links: list[str], next_page: int | None) -> str:
    items = "".join(f'<li><a href="{u}">خبر</a></li>' for u in links)
    pager = f'<a class="next" href="/section/{next_page}">التالي</a>' if next_page else ""
    return f"<html><body><nav><a href='/about'>من نحن</a></nav><ul>{items}</ul>{pager}</body></html>"


def page_response(spider, number: int, body: str, index: int = 0) -> HtmlResponse:
    url = f"https://www.news.test/section/{number}"
    request = spider._request(Source(url, "listing_page", listing=index, page=number))
    return HtmlResponse(url=url, body=body.encode("utf-8"), encoding="utf-8", request=request)


def walk(spider, response):
    out = list(spider.parse_listing_page(response))
    articles = [r for r in out if r.callback == spider.parse_article]
    pages = [r for r in out if r.callback == spider.parse_listing_page]
    return articles, pages


def stat(spider, key):
    return spider.crawler.stats.get_value(f"newsbot/discovery/{key}")


# ---- what a backfill reads ----


def test_listings_and_robots_sitemaps_only_in_a_backfill():
    hourly = [r.url for r in start_requests(build_spider(SectionSpider))]
    assert hourly == ["https://www.news.test/rss"]
    since = f"{(NOW - timedelta(days=30)).date():%Y-%m-%d}"
    backfill = start_requests(build_spider(SectionSpider, since=since))
    assert [r.url for r in backfill] == [
        "https://www.news.test/rss", "https://www.news.test/robots.txt", "https://www.news.test/section/1",
    ], "feeds only list the latest stories: a backfill also reads the robots.txt sitemaps and the listings"
    assert all(r.dont_filter for r in backfill)

    class WithSitemap(SectionSpider):
        name = "withsitemap"
        sitemaps = ["https://www.news.test/sitemap-index.xml"]

    urls = [r.url for r in start_requests(build_spider(WithSitemap, since=since))]
    assert "https://www.news.test/robots.txt" not in urls, "declared sitemaps are the outlet's sitemaps"
    assert "https://www.news.test/section/1" in urls


def test_robots_txt_without_sitemaps_is_no_error_in_a_backfill():
    spider = build_spider(SectionSpider, since=f"{(NOW - timedelta(days=30)).date():%Y-%m-%d}")
    robots = start_requests(spider)[1]
    response = TextResponse(url=robots.url, body=b"User-agent: *\nDisallow: /private/\n", encoding="utf-8", request=robots)
    assert list(spider.parse_robots(response)) == []
    assert stat(spider, "failed/no_sources") is None, "the feeds and listings are still there"


# ---- the listing walk ----


def test_listing_walk_follows_next_and_requests_articles_through_the_usual_checks():
    spider = build_spider(SectionSpider, since=f"{(NOW - timedelta(days=30)).date():%Y-%m-%d}")
    days = [(NOW - timedelta(days=i)).date() for i in range(10)]
    first = page_response(spider, 1, section_page(1, [story(days[1], 11), story(days[2], 12), "https://other.test/2024/01/01/1"], 2))
    articles, pages = walk(spider, first)
    assert [r.url for r in articles] == [story(days[1], 11), story(days[2], 12)]
    assert [(r.url, r.meta["newsbot_page"], r.dont_filter) for r in pages] == [("https://www.news.test/section/2", 2, True)]
    # page 2 repeats one article of page 1 (the list moved on): new ones still make it worth going on
    articles, pages = walk(spider, page_response(spider, 2, section_page(2, [story(days[2], 12), story(days[5], 15)], 3)))
    assert [r.url for r in articles] == [story(days[5], 15)]
    assert stat(spider, "skipped/seen") == 1
    assert [r.url for r in pages] == ["https://www.news.test/section/3"]
    # page 3 is max_pages: its articles are requested, no page 4
    articles, pages = walk(spider, page_response(spider, 3, section_page(3, [story(days[8], 18)], 4)))
    assert len(articles) == 1 and pages == []
    assert stat(spider, "listing_page") == 3 and stat(spider, "listing_stop/max_pages") == 1
    assert [(row["kind"], row["entries"]) for row in spider.discovery_log] == [("listing_page", 2), ("listing_page", 2), ("listing_page", 1)]
    assert spider.discovery_log[0]["newest"] == days[1].isoformat()


@pytest.mark.parametrize("case", ["no_next", "no_new", "older_than_since", "limit"])
def test_listing_walk_stops(case):
    since = (NOW - timedelta(days=10)).date()
    spider = build_spider(SectionSpider, since=f"{since:%Y-%m-%d}", **({"limit": "2"} if case == "limit" else {}))
    recent = [story(NOW - timedelta(days=1), n) for n in (1, 2, 3)]
    if case == "no_next":
        _, pages = walk(spider, page_response(spider, 1, section_page(1, recent, None)))
    elif case == "no_new":  # a site answering every page number past the end with the last page
        walk(spider, page_response(spider, 1, section_page(1, recent, 2)))
        _, pages = walk(spider, page_response(spider, 2, section_page(2, recent, 3)))
    elif case == "older_than_since":
        old = [story(since - timedelta(days=d), d) for d in (3, 5)]
        articles, pages = walk(spider, page_response(spider, 1, section_page(1, old, 2)))
        assert articles == [] and stat(spider, "skipped/old_article") == 2
    else:
        articles, pages = walk(spider, page_response(spider, 1, section_page(1, recent, 2)))
        assert len(articles) == 2 and stat(spider, "skipped/limit") == 1
    assert pages == []
    assert stat(spider, f"listing_stop/{case}") == 1


def test_a_page_with_some_old_articles_is_not_the_end():
    since = (NOW - timedelta(days=10)).date()
    spider = build_spider(SectionSpider, since=f"{since:%Y-%m-%d}")
    mixed = [story(since, 1), story(since - timedelta(days=5), 2)]
    articles, pages = walk(spider, page_response(spider, 1, section_page(1, mixed, 2)))
    assert [r.url for r in articles] == [mixed[0]] and len(pages) == 1


def test_articles_written_before_cost_no_request(monkeypatch):
    spider = build_spider(SectionSpider, since=f"{(NOW - timedelta(days=10)).date():%Y-%m-%d}")
    urls = [story(NOW - timedelta(days=2), n) for n in (1, 2, 3)]
    written = {spider.article_key(urls[0]), spider.article_key(urls[2])}

    class Seen:  # the state of earlier runs (newsbot.stores.protocols.SeenStore), as admission asks it
        def settled(self, keys, max_drops):
            return {key: "written" for key in keys if key in written}

    spider.admission.seen = Seen()
    articles, pages = walk(spider, page_response(spider, 1, section_page(1, urls[:2], 2)))
    assert [r.url for r in articles] == [urls[1]]
    assert stat(spider, "skipped/written_before") == 1
    assert len(pages) == 1, "written articles still count as the page's articles: a backfill after hourly runs goes on"
    articles, pages = walk(spider, page_response(spider, 2, section_page(2, urls[2:], 3)))
    assert articles == [] and len(pages) == 1, "a page of written articles only is not the end either"


def test_failed_and_non_html_listing_pages_are_logged():
    from scrapy.http import Response
    from twisted.python.failure import Failure

    spider = build_spider(SectionSpider, since=f"{(NOW - timedelta(days=10)).date():%Y-%m-%d}")
    first = start_requests(spider)[-1]
    failure = Failure(ConnectionRefusedError("refused"))
    failure.request = first
    assert list(spider.listing_failed(failure)) == []
    assert stat(spider, "failed/listing_page") == 1
    binary = Response(url=first.url, body=b"\x00\x01", request=first)
    assert list(spider.parse_listing_page(binary)) == []
    assert [row["kind"] for row in spider.discovery_log] == ["listing_page", "listing_page: not HTML"]
    assert stat(spider, "failed/listing_page") == 2


# ---- end to end: backfill, hourly run, backfill again ----

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]


@pytest.mark.e2e
def test_backfill_then_hourly_then_backfill_write_every_article_once(tmp_path):
    site = SyntheticYoum7("backfill", crawl_delay=0.05)
    since = f"{(site.now - timedelta(days=10)).date():%Y-%m-%d}"
    archive = {name: site.archive_url(name) for name in ARCHIVE_DAYS}
    inside = [n for n, age in ARCHIVE_DAYS.items() if age <= 9]  # a4 .. a9
    current = {f"youm7:{site.stories[n].id}" for n in ("good1", "good2", "moved", "broken", "legacy")}

    with LocalWeb(site) as web:
        env = {**os.environ, **web.proxy_env()}

        def crawl(*extra: str) -> tuple[dict, list[str]]:
            started = time.time()
            result = subprocess.run(crawl_args(tmp_path) + FAST + list(extra), cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, result.stderr[-3000:]
            return final_stats(result), [e["url"] for e in list(web.log) if e["t"] >= started]

        # 1. the backfill
        stats, urls = crawl("-a", f"since={since}")
        written = {r["id"] for r in lines_of(tmp_path)}
        assert written == current | {f"youm7:{site.archive[n][0].id}" for n in inside}
        for name in inside:
            assert urls.count(archive[name]) == 1, name  # a5 is in a day sitemap and on page 1: one request
        for name in ("a12", "a15", "a20"):
            assert archive[name] not in urls, f"{name} is older than since: never requested"
        sitemaps = [u for u in urls if "/sitemaps/" in u]
        assert {"https://www.youm7.com/sitemaps/older.xml", "https://www.youm7.com/sitemaps/days/index.xml"} <= set(sitemaps)
        assert "https://www.youm7.com/sitemaps/oldest.xml" not in sitemaps, "a child whose lastmod is before since is skipped"
        assert not [u for u in sitemaps if "archive-" in u]
        old_day = site.archive["a12"][1]
        assert f"https://www.youm7.com/sitemaps/days/{old_day:%Y-%m-%d}.xml" not in sitemaps, "dated by its URL before since"
        assert [u for u in urls if "/Section/" in u] == [site.section_url(p) for p in (1, 2, 3)], "page 3 is all older than since"
        assert stats["newsbot/discovery/listing_page"] == 3
        assert stats["newsbot/discovery/listing_stop/older_than_since"] == 1
        assert stats["newsbot/discovery/backfill_robots"] == 1
        assert site.section_url(4) not in urls and len(SECTION_PAGES) == 4

        # 2. an hourly run: only the new story, no listing page, no request for anything written
        new = site.publish("المواصلات")
        stats, urls = crawl()
        stories = [u for u in urls if "/story/" in u]
        assert [u.rsplit("/", 1)[-1] for u in stories] == [str(new.id)]
        assert not [u for u in urls if "/Section/" in u or "/sitemaps/" in u]
        assert stats["newsbot/discovery/skipped/written_before"] == len(current)  # the feed lists good1, good2, moved, broken, legacy
        after_hourly = {r["id"] for r in lines_of(tmp_path)}
        assert after_hourly == written | {f"youm7:{new.id}"}

        # 3. the same backfill again: it reads the sitemaps and listings, and requests no article
        stats, urls = crawl("-a", f"since={since}")
        assert [u for u in urls if "/story/" in u] == [], "every article it finds was written by one of the runs before"
        assert [u for u in urls if "/Section/" in u] == [site.section_url(p) for p in (1, 2, 3)]
        assert stats.get("newsbot/jsonl/written") is None
        assert stats["newsbot/discovery/skipped/written_before"] == len(after_hourly)

    records = lines_of(tmp_path)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) == len(after_hourly), "every article written once across all the runs' files"
    assert len(output_files(tmp_path)) == 2, "the third run wrote no file"
