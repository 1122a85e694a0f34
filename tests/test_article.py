"""build_article: the one function from a fetched page to an article or a named drop (no engine)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from scrapy.http import HtmlResponse, Request

from newsbot.core.dates import parse_date, to_iso
from newsbot.dev.localweb.site import SyntheticYoum7
from newsbot.extraction.article import Page, Rules, build_article, prose_words
from spiders.youm7 import Youm7Spider
from tests.conftest import build_spider

FETCHED = datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)
PARAGRAPHS = [
    "أعلنت وزارة النقل اليوم عن بدء العمل في مشروع جديد لتطوير الطرق السريعة بين المحافظات الكبرى.",
    "وقال الوزير في مؤتمر صحفي إن المرحلة الأولى تشمل ثلاثة محاور رئيسية وتنتهي خلال عامين.",
    "وأضاف أن المشروع يوفر آلاف فرص العمل للشباب ويخفف الزحام في المدن الكبرى بشكل ملحوظ.",
]


def page_html(*, date: str = "", body: str | None = None, amp: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) if body is None else body
    return (
        f'<html><head><title>خطة جديدة للطرق</title>{amp}</head><body><article><h1>خطة جديدة للطرق</h1>'
        f'<span class="date">{date}</span><div class="article-body">{body}</div></article></body></html>'
    ).encode()


class NewsSpider(Youm7Spider):
    name = "news"
    allowed_domains = ["news.test"]
    home, feeds, listings = "https://www.news.test/", (), ()
    article_url = r"^https://www\.news\.test/story/(?P<id>\d+)"
    selectors = {"body": ".article-body", "published": "span.date"}
    utc_is_local = False


URL = "https://www.news.test/story/7"


def test_crawled_at_and_relative_dates_come_from_the_fetch_time():
    """An archived record passes its capture time: "3 hours ago" is 3 hours before it, not before now."""
    built = build_article(Page(URL, page_html(date="منذ 3 ساعات"), FETCHED), NewsSpider.profile)
    article = built.article
    assert article.crawled_at == "2026-11-29T08:00:00+00:00"
    assert datetime.fromisoformat(article.published_at) == FETCHED - timedelta(hours=3)
    assert built.sources["published_at"] == "selector"


def test_identity_hashes_and_word_count_are_computed_once_on_the_clean_body():
    article = build_article(Page(URL, page_html(), FETCHED), NewsSpider.profile).article
    assert article.id == "news:7"
    assert article.body.split("\n\n") == PARAGRAPHS
    assert article.word_count == sum(len(p.split()) for p in PARAGRAPHS)
    assert article.content_hash.startswith("xxh3_128:")


def test_a_page_without_its_text_is_a_missing_body_drop_not_a_junk_article():
    """A redesign that fills the text by JavaScript: the generic fallback finds only the menu and teasers."""
    site = SyntheticYoum7("textless")
    url = site.listed[0]
    built = build_article(Page(url, site.routes[url].body, FETCHED), Youm7Spider.profile)
    assert built.article is None and built.drop == "missing_body"
    assert "no prose" in built.detail
    whole = SyntheticYoum7("backfill")
    assert build_article(Page(url, whole.routes[url].body, FETCHED), Youm7Spider.profile).article is not None


def test_short_link_like_lines_are_no_prose_but_sentences_are():
    teasers = [f"الحكومة تعلن خطة جديدة لقطاع الطرق رقم {i}" for i in range(30)]
    assert prose_words(teasers) == 0
    assert prose_words(PARAGRAPHS) == sum(len(p.split()) for p in PARAGRAPHS)


def test_a_page_filled_by_javascript_asks_for_its_amp_copy_once():
    amp = '<link rel="amphtml" href="https://www.news.test/amp/story/7">'
    built = build_article(Page(URL, page_html(body="", amp=amp), FETCHED), NewsSpider.profile)
    assert built.follow_up == "https://www.news.test/amp/story/7" and built.article is None
    again = build_article(Page(URL, page_html(body="", amp=amp), FETCHED, amp_copy=True), NewsSpider.profile)
    assert again.follow_up is None


def test_the_amp_follow_up_keeps_the_article_key_so_its_failure_is_recorded():
    spider = build_spider(NewsSpider)
    amp = '<link rel="amphtml" href="https://www.news.test/amp/story/7">'
    request = Request(URL, meta={"newsbot_key": "news:7"})
    response = HtmlResponse(URL, body=page_html(body="", amp=amp), request=request)
    (follow,) = list(spider.parse_article(response, hints={}))
    assert follow.url == "https://www.news.test/amp/story/7"
    assert follow.meta["newsbot_key"] == "news:7" and follow.meta["newsbot_amp"]


@pytest.mark.parametrize(
    "content_type, body, reason",
    [
        ("image/jpeg", b"\xff\xd8\xff\xe0JFIF", "not_html"),
        (None, b"%PDF-1.7 binary", "not_html"),
        ("text/html; charset=iso-8859-1", b"<html><body><p>" + bytes(range(128, 256)) * 200 + b"</p></body></html>", "encoding"),
    ],
)
def test_pages_that_are_not_text_are_named_drops(content_type, body, reason):
    built = build_article(Page(URL, body, FETCHED, content_type=content_type), NewsSpider.profile)
    assert built.article is None and built.drop == reason


def test_rules_come_from_the_settings():
    from scrapy.settings import Settings

    rules = Rules.from_settings(Settings({"NEWSBOT_MIN_WORDS": 12, "NEWSBOT_CLEAN_MIN_BODY_WORDS": 5}))
    assert (rules.min_words, rules.min_body_words) == (12, 5)


# ---- hostile markup: an article when the text is readable, a named drop otherwise, never a traceback ----

READABLE = "<p>" + "نص عربي مقروء في الصفحة عن خطة الطرق الجديدة. " * 10 + "</p>"
GRAPH_OPEN = '{"@graph":'


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(f'<html><body><div class="article-body">{READABLE}{"<div>" * 100_000}<span>x</span>{"</div>" * 100_000}</div></body></html>', id="100k-nested-divs"),
        pytest.param(f'<html><head><script type="application/ld+json">{"[" * 100_000}{"]" * 100_000}</script></head><body><div class="article-body">{READABLE}</div></body></html>', id="jsonld-deep-arrays"),
        pytest.param(f'<html><head><script type="application/ld+json">{GRAPH_OPEN * 900}{{"headline":"x"}}{"}" * 900}</script></head><body><div class="article-body">{READABLE}</div></body></html>', id="jsonld-deep-graph"),
    ],
)
def test_deeply_nested_markup_still_gives_its_article(page):
    built = build_article(Page(URL, page.encode(), FETCHED), NewsSpider.profile)
    assert built.article is not None and built.article.word_count >= 80


def test_an_exception_in_extraction_is_a_named_drop_with_the_page_kept(monkeypatch):
    spider = build_spider(NewsSpider)
    dropped = []
    monkeypatch.setattr(spider, "page_dropped", lambda request, reason, detail="", response=None: dropped.append((reason, detail, response)))
    monkeypatch.setattr("newsbot.crawl.spider.build_article", lambda *a, **k: (_ for _ in ()).throw(ValueError("unforeseen")))
    response = HtmlResponse(URL, body=page_html(), request=Request(URL, meta={"newsbot_key": "news:7"}))
    assert list(spider.parse_article(response, hints={})) == []
    (reason, detail, kept), = dropped
    assert reason == "extraction_error" and detail == "ValueError: unforeseen" and kept is response


# ---- dates that cannot be true are refused, and the next source is tried ----


def test_a_year_zero_or_future_date_is_refused_and_the_next_source_serves():
    head = (
        '<meta property="article:published_time" content="{}">'
        '<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{}"}}</script>'
    )
    for bad in ("Mon, 01 Jan 0000 10:00:00 +0000", "2027-05-01T00:00:00Z"):
        page = page_html().replace(b"<title>", head.format("2026-11-28T09:00:00+02:00", bad).encode() + b"<title>")
        built = build_article(Page(URL, page, FETCHED), NewsSpider.profile)
        assert built.article.published_at == "2026-11-28T09:00:00+02:00", bad
        assert built.sources["published_at"] == "meta"


def test_an_epoch_is_unix_seconds_in_utc_and_a_millisecond_guess_is_refused():
    head = '<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": {}}}</script><meta property="article:published_time" content="2026-11-28T09:00:00+02:00">'
    # 10^12 "seconds" is no date: it is not read as milliseconds (2001); the next source serves
    for bad, good in (("1000000000000", "2026-11-28T09:00:00+02:00"), ('"1000000000000"', "2026-11-28T09:00:00+02:00"),
                      ('"1764313200"', "2025-11-28T09:00:00+02:00")):
        page = page_html().replace(b"<title>", head.format(bad).encode() + b"<title>")
        built = build_article(Page(URL, page, FETCHED), NewsSpider.profile)
        assert built.article.published_at == good, bad
    # an epoch is an instant: 1598253793 is 07:23:13 UTC, 09:23:13 in Cairo (dateparser said 07:23 +02:00)
    assert to_iso(parse_date("1598253793", "Africa/Cairo")) == "2020-08-24T09:23:13+02:00"
    assert to_iso(parse_date(1598253793, "Africa/Cairo")) == "2020-08-24T09:23:13+02:00"
    assert parse_date("1598253793000", "Africa/Cairo") is None
    assert parse_date("4102444800", "Africa/Cairo", relative_base=FETCHED) is None, "2100: after the fetch"
    assert parse_date(True, "Africa/Cairo") is None


def test_a_feed_date_that_cannot_be_true_never_hides_an_article_as_old():
    from newsbot.discovery.listings import before_window, parse_listing

    feed = (
        b'<rss><channel><item><link>https://www.news.test/story/1</link><pubDate>Mon, 01 Jan 0000 10:00:00 +0000</pubDate></item>'
        b'<item><link>https://www.news.test/story/2</link><pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>'
    )
    entries = parse_listing(feed, "Africa/Cairo", FETCHED).entries
    assert [e.date for e in entries] == [None, datetime(2026, 11, 28, 10, tzinfo=timezone.utc)]
    assert not before_window(entries[0], FETCHED - timedelta(days=2)), "undated: requested, and dated by its page"


def test_stray_undecodable_bytes_are_removed_and_counted_many_drop_the_page():
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 3).encode()
    stray = b'<html><head><meta charset="utf-8"><title>\xd8\xae\xd8\xb7\xd8\xa9 \xd9 \xd8\xac\xd8\xaf\xd9\x8a\xd8\xaf\xd8\xa9</title></head><body><article><div class="article-body">' + body.replace("الطرق".encode(), b"\xd8\xa7\xd9\x84\xd8\xb7\xd8\xb1\xd9\x82\xff", 1) + b"</div></article></body></html>"
    built = build_article(Page(URL, stray, FETCHED), NewsSpider.profile)
    assert built.article is not None and built.replacements == 2
    assert "\ufffd" not in built.article.title and "\ufffd" not in built.article.body
    assert built.article.title == "خطة جديدة"
    many = stray.replace("في".encode(), b"\xff")
    dropped = build_article(Page(URL, many, FETCHED), NewsSpider.profile)
    assert dropped.article is None and dropped.drop == "encoding" and "undecodable bytes" in dropped.detail
