"""Politeness: Retry-After and exponential backoff slow the whole domain; Crawl-delay is a floor."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from types import SimpleNamespace

import pytest
from scrapy.core.downloader import Slot
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.robotstxt import ProtegoRobotParser
from scrapy.settings import Settings
from scrapy.spiders import Spider
from scrapy.statscollectors import MemoryStatsCollector

from newsbot import settings as shipped
from newsbot.crawl.drops import failure_reason
from newsbot.crawl.politeness import BackoffMiddleware, CrawlDelay, backoff_seconds, retry_after_seconds


class S(Spider):
    name = "s"


def crawler_with_slot(delay=0.5, jitter=0.5, **settings):
    c = Crawler(S, Settings(settings))
    c.stats = MemoryStatsCollector(c)
    c.spider = S.from_crawler(c)
    slot = Slot(concurrency=4, delay=delay, jitter=jitter)
    downloader = SimpleNamespace(slots={"www.news.test": slot}, get_slot_key=lambda request: "www.news.test")
    c.engine = SimpleNamespace(downloader=downloader)
    return c, slot


def test_retry_after_forms():
    assert retry_after_seconds(b"120") == 120.0
    now = time.time()
    in_90s = format_datetime(datetime.fromtimestamp(now, timezone.utc) + timedelta(seconds=90), usegmt=True)
    assert 85 <= retry_after_seconds(in_90s, now=now) <= 91
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    rng = random.Random(1)
    delays = [backoff_seconds(n, 5.0, 600.0, rng) for n in range(8)]
    assert 3.75 <= delays[0] <= 6.25
    assert all(0.75 * 5 * 2**n <= d <= min(600, 1.25 * 5 * 2**n) for n, d in enumerate(delays))
    assert delays[-1] == 600.0


def test_429_with_retry_after_delays_the_domain_and_retries():
    c, slot = crawler_with_slot()
    mw = BackoffMiddleware.from_crawler(c)
    request = Request("https://www.news.test/story/1")
    retry = mw.process_response(request, Response(request.url, status=429, headers={"Retry-After": "30"}, request=request))
    assert isinstance(retry, Request) and retry.url == request.url and retry.dont_filter
    assert slot.delay == 30.0 and slot.jitter == 0.0, "the wait must not be shortened by jitter"
    assert c.stats.get_value("newsbot/backoff/429") == 1
    # the next good response restores the domain's normal pace
    ok = mw.process_response(retry, Response(request.url, status=200, request=retry))
    assert ok.status == 200 and slot.delay == 0.5 and slot.jitter == 0.5


def test_503_without_retry_after_backs_off_exponentially_then_gives_up():
    c, slot = crawler_with_slot(NEWSBOT_BACKOFF_RETRIES=3, NEWSBOT_BACKOFF_BASE=2.0)
    mw = BackoffMiddleware.from_crawler(c)
    request = Request("https://www.news.test/story/1")
    seen = []
    for _ in range(3):
        request = mw.process_response(request, Response(request.url, status=503, request=request))
        assert isinstance(request, Request)
        seen.append(slot.delay)
    assert 1.5 <= seen[0] <= 2.5 and seen[2] >= 6.0
    final = mw.process_response(request, Response(request.url, status=503, request=request))
    assert isinstance(final, Response) and final.status == 503
    assert c.stats.get_value("newsbot/backoff/gave_up/503") == 1


def test_a_retry_after_beyond_the_cap_gives_up_at_once_as_a_named_drop():
    """Issue 12: waiting the cap five times for a host that asked for a day held a run for 50 minutes."""
    c, slot = crawler_with_slot(NEWSBOT_BACKOFF_MAX_DELAY=60)
    mw = BackoffMiddleware.from_crawler(c)
    request = Request("https://www.news.test/")
    with pytest.raises(IgnoreRequest) as raised:
        mw.process_response(request, Response(request.url, status=429, headers={"Retry-After": "999999999"}, request=request))
    assert failure_reason(raised.value) == "retry_after_too_long"
    assert slot.delay == 0.5, "the domain is not slowed for it"
    assert c.stats.get_value("newsbot/backoff/gave_up/429") == 1
    within = mw.process_response(request, Response(request.url, status=429, headers={"Retry-After": "60"}, request=request))
    assert isinstance(within, Request) and slot.delay == 60.0


def test_crawl_delay_is_a_floor_that_survives_autothrottle():
    c, slot = crawler_with_slot(USER_AGENT="newsbot/0.1")
    ext = CrawlDelay.from_crawler(c)
    parser = ProtegoRobotParser(b"User-agent: *\nCrawl-delay: 7\nDisallow: /private/\n", None)
    request = Request("https://www.news.test/story/1")
    ext.robots_parsed(robotparser=parser, request=request)
    assert slot.delay == 7.0 and slot.jitter == 0.0
    slot.delay = 0.2  # AutoThrottle lowering it after a fast response
    ext.response_downloaded(response=Response(request.url), request=request)
    assert slot.delay == 7.0


def test_shipped_settings_are_polite_and_safe():
    assert shipped.ROBOTSTXT_OBEY is True
    assert shipped.REMOTE_CONTROL_ENABLED is False and shipped.TELNETCONSOLE_ENABLED is False
    assert shipped.AUTOTHROTTLE_ENABLED is True
    assert 2 <= shipped.CONCURRENT_REQUESTS_PER_DOMAIN <= 4
    assert 429 not in shipped.RETRY_HTTP_CODES and 503 not in shipped.RETRY_HTTP_CODES
    assert shipped.DOWNLOAD_MAXSIZE < shipped.NEWSBOT_SITEMAP_MAXSIZE
    assert shipped.CLOSESPIDER_TIMEOUT > 0
    assert "newsbot" in shipped.USER_AGENT
    assert shipped.FEED_EXPORT_ENCODING == "utf-8"


def test_a_run_spends_at_most_its_backoff_budget():
    c, slot = crawler_with_slot(NEWSBOT_BACKOFF_BUDGET=100, NEWSBOT_BACKOFF_MAX_DELAY=60)
    mw = BackoffMiddleware.from_crawler(c)
    outcomes = []
    for n in range(3):
        request = Request(f"https://www.news.test/story/{n}")
        outcomes.append(mw.process_response(request, Response(request.url, status=429, headers={"Retry-After": "45"}, request=request)))
    assert [type(o).__name__ for o in outcomes] == ["Request", "Request", "Response"], "45 + 45 fit in 100 s, a third wait does not"
    assert outcomes[2].status == 429 and c.stats.get_value("newsbot/backoff/budget_spent") == 1
