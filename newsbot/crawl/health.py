"""Health of a run: a scheduled job must fail loudly when an outlet breaks.

At the end of a crawl the run is checked: something was discovered (not
merely nothing new), the share of article requests that failed stays under
``NEWSBOT_HEALTH_MAX_ERROR_RATE``, and the written articles have a title, a
body and a publication date at least ``NEWSBOT_HEALTH_MIN_COVERAGE`` of the
time. Problems are logged at ERROR and kept in the stats as
``newsbot/health/problems``; `scrapy crawl` then exits 1.
"""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy import signals

from newsbot.crawl.locks import ALREADY_RUNNING

logger = logging.getLogger(__name__)

# Drop reasons that mean the site failed us (not robots.txt, offsite or content checks).
FAILURE_REASONS = ("timeout", "too_large", "unreachable", "download_error", "data_loss")
COVERED = ("title", "body", "published_at")


def problems_of(stats: dict, max_error_rate: float, min_coverage: float) -> list[str]:
    """The health problems a run's stats show (pure, for tests and reports)."""
    problems = []
    discovered = stats.get("newsbot/health/discovered", 0)
    if not discovered:
        problems.append("nothing discovered: no feed or sitemap gave any entry")
    requests = stats.get("newsbot/discovery/article_requests", 0)
    failed = sum(
        v for k, v in stats.items()
        if k.startswith("newsbot/drop/") and (k.removeprefix("newsbot/drop/") in FAILURE_REASONS or k.startswith("newsbot/drop/http_"))
    )
    if requests and failed / requests > max_error_rate:
        problems.append(f"error rate {failed}/{requests} above {max_error_rate:.0%}")
    written = stats.get("newsbot/jsonl/written", 0)
    for field in COVERED:
        have = stats.get(f"newsbot/coverage/{field}", 0)
        if written and have / written < min_coverage:
            problems.append(f"{field} on {have}/{written} articles, below {min_coverage:.0%}")
    return problems


class Health:
    def __init__(self, crawler):
        self.crawler = crawler
        self.max_error_rate = crawler.settings.getfloat("NEWSBOT_HEALTH_MAX_ERROR_RATE", 0.5)
        self.min_coverage = crawler.settings.getfloat("NEWSBOT_HEALTH_MIN_COVERAGE", 0.8)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def item_scraped(self, item, response, spider):
        adapter = ItemAdapter(item)
        for field in COVERED:
            if adapter.get(field):
                self.crawler.stats.inc_value(f"newsbot/coverage/{field}")

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats
        if reason == ALREADY_RUNNING:
            return  # skipped, not failed: the run holding the lock is checked on its own
        discovered = sum(row["entries"] for row in getattr(spider, "discovery_log", []) if row["kind"] != "robots")
        stats.set_value("newsbot/health/discovered", discovered)
        problems = problems_of(stats.get_stats(), self.max_error_rate, self.min_coverage)
        if problems:
            stats.set_value("newsbot/health/problems", "; ".join(problems))
            logger.error("Outlet %s is unhealthy: %s", spider.name, "; ".join(problems))
        else:
            stats.set_value("newsbot/health/ok", True)


def run_failed(crawler) -> bool:
    return bool(crawler.stats.get_value("newsbot/health/problems"))
