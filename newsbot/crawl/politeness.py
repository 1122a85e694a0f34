"""Politeness that Scrapy lacks: robots.txt Crawl-delay, and backoff on 429/503.

Both work through the downloader slot of the domain (its ``delay``), so the
whole domain slows down, not just one request. Jitter is switched off on a
slot while a floor applies, so the wait is never shorter than asked.
"""

from __future__ import annotations

import logging
import random
import time
from email.utils import parsedate_to_datetime

from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest

from newsbot.crawl import stats as keys
from newsbot.defaults import setting

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP-date); None if absent or bad."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff_seconds(attempt: int, base: float, cap: float, rng: random.Random = random) -> float:
    """Exponential backoff with jitter: base·2^attempt, ±25%, capped."""
    return min(cap, base * (2**attempt) * rng.uniform(0.75, 1.25))


def _slot(crawler, request):
    downloader = crawler.engine.downloader
    key = downloader.get_slot_key(request)
    return key, downloader.slots.get(key)


class CrawlDelay:
    """Applies robots.txt ``Crawl-delay`` as a floor on the domain's delay.

    AutoThrottle lowers slot delays after every response; this extension is
    ordered after it and raises the delay back to the floor.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.cap = setting(crawler.settings, "NEWSBOT_MAX_CRAWL_DELAY")
        self.user_agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
        self.floors: dict[str, float] = {}
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def robots_parsed(self, robotparser, request):
        delay = robotparser.crawl_delay(self.user_agent) if hasattr(robotparser, "crawl_delay") else None
        if not delay:
            return
        key, slot = _slot(self.crawler, request)
        self.floors[key] = min(float(delay), self.cap)
        self.crawler.stats.set_value(keys.CRAWL_DELAY + key, self.floors[key])
        logger.info("robots.txt Crawl-delay for %s: %.1fs", key, self.floors[key])
        if slot is not None:
            self._apply(slot, self.floors[key])

    def response_downloaded(self, response, request):
        key, slot = _slot(self.crawler, request)
        if slot is not None and key in self.floors:
            self._apply(slot, self.floors[key])

    @staticmethod
    def _apply(slot, floor: float) -> None:
        slot.jitter = 0.0
        slot.delay = max(slot.delay, floor)


class BackoffMiddleware:
    """On 429/503, delay the whole domain by Retry-After (capped) or by exponential backoff, then retry.

    Scrapy's RetryMiddleware retries these at once; this middleware owns them
    (keep 429 and 503 out of RETRY_HTTP_CODES).
    """

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.statuses = {int(s) for s in setting(settings, "NEWSBOT_BACKOFF_HTTP_CODES")}
        self.max_retries = setting(settings, "NEWSBOT_BACKOFF_RETRIES")
        self.base = setting(settings, "NEWSBOT_BACKOFF_BASE")
        self.cap = setting(settings, "NEWSBOT_BACKOFF_MAX_DELAY")
        self.budget = setting(settings, "NEWSBOT_BACKOFF_BUDGET")
        self.waited = 0.0  # seconds of backoff this run has spent, against the budget
        self.saved: dict[str, tuple[float, float]] = {}  # slot key -> (delay, jitter) before backoff

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        key, slot = _slot(self.crawler, request)
        if response.status not in self.statuses:
            if slot is not None and key in self.saved:
                slot.delay, slot.jitter = self.saved.pop(key)
            return response
        stats = self.crawler.stats
        attempt = request.meta.get("newsbot_backoff", 0)
        if attempt >= self.max_retries:
            stats.inc_value(f"{keys.BACKOFF_GAVE_UP}{response.status}")
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.cap:
            # Waiting the cap again and again would hold the run for nothing: the host asked for longer.
            stats.inc_value(f"{keys.BACKOFF_GAVE_UP}{response.status}")
            logger.warning("HTTP %d from %s asks to wait %.0fs, beyond NEWSBOT_BACKOFF_MAX_DELAY: given up", response.status, request.url, asked)
            raise IgnoreRequest(f"Retry-After of {asked:.0f}s is beyond the {self.cap:.0f}s cap")
        delay = asked if asked is not None else backoff_seconds(attempt, self.base, self.cap)
        if self.budget and self.waited + delay > self.budget:
            # A host that keeps answering 429/503 must not hold the run: past the budget, no more waiting.
            stats.inc_value(f"{keys.BACKOFF_GAVE_UP}{response.status}")
            stats.inc_value(keys.BACKOFF_BUDGET_SPENT)
            logger.warning("HTTP %d from %s: the run's backoff budget (%.0fs) is spent: given up", response.status, request.url, self.budget)
            return response
        self.waited += delay
        if slot is not None:
            self.saved.setdefault(key, (slot.delay, slot.jitter))
            slot.jitter = 0.0
            slot.delay = max(slot.delay, delay)
            # The slot counts its delay from its last request; count it from this answer.
            slot.lastseen = max(slot.lastseen, time.monotonic())  # the downloader's clock
        stats.inc_value(f"{keys.BACKOFF}{response.status}")
        logger.info("HTTP %d from %s: waiting %.1fs before retry %d", response.status, request.url, delay, attempt + 1)
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"backoff_{response.status}",
            max_retry_times=self.max_retries,
            stats_base_key=keys.BACKOFF_RETRY,
        )
        if retry is None:
            return response
        retry.meta["newsbot_backoff"] = attempt + 1
        return retry
