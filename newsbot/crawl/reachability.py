"""Give up fast on an outlet whose hosts do not answer (DNS failing, connections refused or black-holed).

Counting only sources whose retries were spent, a black-holed network held each outlet for
robots.txt (which holds back every other request of its host) plus three sources, each
``DOWNLOAD_TIMEOUT`` × (``RETRY_TIMES`` + 1): five minutes an outlet, twelve for a crawlall.
This middleware counts every attempt instead, robots.txt and retries included, in the outlet's
discovery plan. After GIVE_UP_AFTER failed attempts with no response of any status, it closes the
spider as ``unreachable`` and fails what is still queued at once, instead of letting it time out.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import deferred_from_coro

from newsbot.crawl.drops import failure_reason
from newsbot.discovery.plan import NETWORK_FAILURES

logger = logging.getLogger(__name__)

UNREACHABLE = "unreachable"  # the finish reason, and the drop reason of what was still queued


class OutletUnreachable(IgnoreRequest):
    """A request not sent: the outlet was given up as unreachable."""


class ReachabilityMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def plan(self):
        return getattr(self.crawler.spider, "plan", None)  # outlet spiders only

    def process_request(self, request):
        plan = self.plan
        if plan is not None and plan.unreachable():
            raise OutletUnreachable(f"not sent: the outlet is unreachable ({request.url})")

    def process_response(self, request, response):
        if self.plan is not None:
            self.plan.contact(request.url)
        return response

    def process_exception(self, request, exception):
        plan = self.plan
        if plan is None or isinstance(exception, OutletUnreachable) or failure_reason(exception) not in NETWORK_FAILURES:
            return None
        if plan.contact(request.url, str(exception) or type(exception).__name__):
            spider = self.crawler.spider
            logger.error("%s cannot be reached (%s): giving up the outlet", spider.name, plan.first_errors()[0], extra={"spider": spider})
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=UNREACHABLE))
        return None
