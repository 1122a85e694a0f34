"""The generic spider: discovery for outlets without a file, AMP fallback, and its extraction quality."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request

from newsbot.bench import generic_scores
from spiders.generic import COMMON_LISTINGS, GenericSpider
from tests.conftest import build_spider, require_captures, start_requests


def make(**kwargs) -> GenericSpider:
    return build_spider(GenericSpider, **kwargs)


def test_discovery_without_declarations_tries_robots_home_feeds_and_common_locations():
    spider = make(domain="www.madina-news.example")
    urls = [r.url for r in start_requests(spider)]
    assert spider.allowed_domains == ["madina-news.example"]
    assert urls[0] == "https://www.madina-news.example/robots.txt"
    assert "https://www.madina-news.example/" in urls
    for path, _ in COMMON_LISTINGS:
        assert "https://www.madina-news.example" + path in urls
    home = HtmlResponse(
        url="https://www.madina-news.example/",
        body=b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed/news">'
        b'<link rel="alternate" type="application/atom+xml" href="https://other.example/feed">'
        b'<link rel="alternate" hreflang="en" href="/en/"></head></html>',
    )
    assert [r.url for r in spider.parse_home(home)] == ["https://www.madina-news.example/feed/news"]


def test_declared_feeds_are_used_alone():
    spider = make(domain="madina-news.example", feeds="https://madina-news.example/rss1,https://madina-news.example/rss2")
    assert [r.url for r in start_requests(spider)] == ["https://madina-news.example/rss1", "https://madina-news.example/rss2"]


JS_PAGE = b"""<html><head><meta charset="utf-8"><title>t</title>
<link rel="amphtml" href="https://www.madina-news.example/amp/story-1">
<link rel="canonical" href="https://www.madina-news.example/story-1"></head>
<body><h1>\xd8\xb9\xd9\x86\xd9\x88\xd8\xa7\xd9\x86</h1><div id="app"></div><script>render()</script></body></html>"""

AMP_PAGE = (
    '<html><head><meta charset="utf-8"><link rel="canonical" href="https://www.madina-news.example/story-1"></head>'
    "<body><h1>عنوان الخبر</h1><article>"
    + "".join(f"<p>هذه فقرة رقم {i} من نص الخبر الذي تعرضه نسخة الصفحات المسرعة كاملا دون الحاجة إلى تشغيل أي برنامج في المتصفح.</p>" for i in range(4))
    + "</article></body></html>"
)


def test_a_javascript_filled_page_is_tried_once_through_its_amp_copy():
    spider = make(domain="madina-news.example")
    first = list(spider.parse_article(HtmlResponse(url="https://www.madina-news.example/story-1", body=JS_PAGE)))
    assert len(first) == 1 and isinstance(first[0], Request)
    assert first[0].url == "https://www.madina-news.example/amp/story-1" and first[0].meta["newsbot_amp"]
    assert spider.crawler.stats.get_value("newsbot/discovery/amp_fallback") == 1
    amp = HtmlResponse(url=first[0].url, body=AMP_PAGE.encode(), request=first[0])
    (item,) = spider.parse_article(amp)
    assert item.canonical_url == "https://www.madina-news.example/story-1"
    assert "نسخة الصفحات المسرعة" in item.body
    # the AMP copy is never followed again, even if it were thin too
    thin_amp = HtmlResponse(url=first[0].url, body=JS_PAGE, request=first[0])
    assert not [o for o in spider.parse_article(thin_amp) if isinstance(o, Request)]


@pytest.mark.parametrize("stripped", [False, True], ids=["metadata on", "metadata stripped"])
def test_generic_extraction_reads_every_capture_as_a_reader_does(stripped):
    """The held-back check: every saved page through the generic profile (outlet selectors off),
    with its metadata and without it (JSON-LD, <meta>, microdata, RDFa and datetime removed)."""
    rows = generic_scores(require_captures(), stripped=stripped)
    assert len(rows) >= 10
    f1 = [r["f1"] for r in rows]
    assert sum(f1) / len(f1) >= 0.95 and min(f1) >= 0.85, rows
    for r in rows:
        assert r["title"], (r["page"], r["got"]["title"])
        assert r["day"], (r["page"], r["got"]["published_at"])
        assert r["authors"], (r["page"], r["got"]["authors"])
        assert r["bylines_in_body"] == 0, (r["page"], r["got"]["bylines"])
