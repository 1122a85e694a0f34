"""One run per outlet at a time, as a Scrapy extension over the outlet lease of the state backend."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import CloseSpider

from newsbot.crawl import stats as keys
from newsbot.ops.history import ALREADY_RUNNING  # the finish reason of a run that found its outlet locked
from newsbot.stores import backend_class, faults_of

logger = logging.getLogger(__name__)

LEASE_FAILED = "lease_failed"  # the finish reason of a run whose lease could not be asked for (the state failing)


class OutletLock:
    """One run per outlet at a time, however it was started (`scrapy crawl`, `crawlall`, scrapyd).

    Taken when the spider opens; a run that finds it held closes at once with the
    finish reason ``already_running``, before it requests anything. Released when
    the spider closes (or by the kernel, if the process dies).
    """

    def __init__(self, crawler):
        self.crawler = crawler
        backend = backend_class(crawler.settings)
        self.leases = backend.leases_for(crawler.settings)
        self.faults = faults_of(backend)
        self.held = False
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        if getattr(spider, "outlets_from_items", False):
            return  # an archive backfill's units are its files: it leases each file as it reads it
        try:
            self.held = self.leases.acquire(spider.name)
        except self.faults as exc:
            # never crawl without the lease: another node may hold it
            stats = self.crawler.stats
            stats.inc_value(keys.STATE_ERRORS)
            stats.set_value(keys.STATE_ERROR, f"the lease of {spider.name}: {type(exc).__name__}: {exc}")
            logger.error("%s: not crawled, its lease could not be taken: %s: %s", spider.name, type(exc).__name__, exc)
            raise CloseSpider(LEASE_FAILED) from None
        if not self.held:
            logger.warning("%s: skipped, already running (another run holds %s)", spider.name, self.leases.where(spider.name))
            raise CloseSpider(ALREADY_RUNNING)

    def spider_closed(self, spider):
        if self.held:
            self.leases.release(spider.name)
            self.held = False
