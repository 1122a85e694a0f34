"""Every requested URL ends as an item or a named drop: the losses Scrapy makes silently, named."""

from __future__ import annotations

import gzip

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, XmlResponse

from newsbot.crawl.drops import failure_reason
from newsbot.crawl.redirects import OffsiteRedirectMiddleware
from newsbot.discovery.listings import Entry
from tests.conftest import build_spider, start_requests
from tests.test_discovery import SiteSpider


def test_a_redirect_loop_is_a_named_drop_not_a_filtered_duplicate():
    spider = build_spider(SiteSpider)
    middleware = OffsiteRedirectMiddleware.from_crawler(spider.crawler)
    a, b = "https://www.news.test/story/1", "https://www.news.test/story/1-b"
    second = Request(b, meta={"redirect_urls": [a]})
    with pytest.raises(IgnoreRequest) as raised:
        middleware.process_response(second, Response(b, status=302, headers={"Location": "/story/1"}, request=second))
    assert failure_reason(raised.value) == "redirect_loop"
    assert spider.crawler.stats.get_value("newsbot/redirect/loop") == 1
    first = Request(a)
    followed = middleware.process_response(first, Response(a, status=301, headers={"Location": b}, request=first))
    assert followed.status == 301, "a redirect to a new URL is left to RedirectMiddleware"


def test_an_over_long_article_url_is_a_named_drop():
    spider = build_spider(SiteSpider, settings={"URLLENGTH_LIMIT": 100})
    long_url = "https://www.news.test/story/5?ref=" + "x" * 200
    requests = list(spider.article_requests([Entry(long_url), Entry("https://www.news.test/story/6")]))
    assert [r.url for r in requests] == ["https://www.news.test/story/6"]
    assert spider.crawler.stats.get_value("newsbot/drop/url_too_long") == 1


def test_a_decompression_bomb_served_as_raw_gzip_is_a_failed_source_not_a_traceback():
    spider = build_spider(SiteSpider, settings={"NEWSBOT_SITEMAP_MAXSIZE": 10_000})
    (request,) = start_requests(spider)  # the only declared source: its failure falls back to robots.txt
    bomb = gzip.compress(b"<urlset>" + b" " * 1_000_000 + b"</urlset>")
    out = list(spider.parse_listing(XmlResponse(request.url, body=bomb, request=request)))
    assert [r.url for r in out] == ["https://www.news.test/robots.txt"]
    assert spider.crawler.stats.get_value("newsbot/discovery/failed/sitemap") == 1
    assert spider.discovery_log[-1]["status"] == "too_large"


class ManyFeeds(SiteSpider):
    name = "manyfeeds"
    sitemaps = ()
    feeds = tuple(f"https://www.news.test/rss/{n}" for n in range(11))


def reachability(spider):
    from twisted.internet.defer import succeed

    from newsbot.crawl.reachability import ReachabilityMiddleware

    closed: list[str] = []

    class Engine:  # what the middleware asks of the engine
        def close_spider_async(self, reason):
            closed.append(reason)
            return succeed(None)

    spider.crawler.engine = Engine()
    return ReachabilityMiddleware.from_crawler(spider.crawler), closed


def test_an_outlet_that_cannot_be_reached_is_given_up_after_three_attempts_with_the_cause_named():
    """Every attempt counts, robots.txt and retries too: three of them, not three sources' worth of retries."""
    from twisted.internet.error import DNSLookupError, TimeoutError

    from newsbot.crawl.health import problems_of
    from newsbot.crawl.reachability import OutletUnreachable

    spider = build_spider(ManyFeeds)
    middleware, closed = reachability(spider)
    robots = Request("https://www.news.test/robots.txt")
    assert middleware.process_exception(robots, DNSLookupError("www.news.test")) is None, "left to RetryMiddleware"
    middleware.process_exception(robots, DNSLookupError("www.news.test"))  # its retry
    assert closed == []
    feed = Request("https://www.news.test/rss/0")
    middleware.process_exception(feed, TimeoutError())
    assert closed == ["unreachable"], "the third failed attempt, with nothing ever answered"
    middleware.process_exception(feed, TimeoutError())
    assert closed == ["unreachable"], "closed once"
    with pytest.raises(OutletUnreachable) as raised:
        middleware.process_request(Request("https://www.news.test/rss/5"))  # queued behind robots.txt: not sent
    assert failure_reason(raised.value) == "unreachable"
    errors = spider.plan.first_errors()
    assert errors == [
        "DNS lookup failed: www.news.test. (https://www.news.test/robots.txt)",
        "User timeout caused connection failure. (https://www.news.test/rss/0)",
    ]
    (problem,) = problems_of({"newsbot/health/discovered": 0}, 0.5, 0.8, endpoint_errors=errors)
    assert "first error: DNS lookup failed: www.news.test." in problem


def test_an_answer_of_any_status_keeps_the_outlet_going():
    from twisted.internet.error import DNSLookupError

    spider = build_spider(ManyFeeds)
    middleware, closed = reachability(spider)
    robots = Request("https://www.news.test/robots.txt")
    assert middleware.process_response(robots, Response(robots.url, status=404, request=robots)).status == 404
    for n in range(5):
        middleware.process_exception(Request(f"https://www.news.test/rss/{n}"), DNSLookupError("www.news.test"))
    assert closed == [] and not spider.plan.unreachable(), "the host answered once: a flaky network, not a dead outlet"
    assert middleware.process_request(Request("https://www.news.test/rss/6")) is None
