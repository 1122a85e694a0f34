"""Redirects that leave the outlet's domains: logged at WARNING, counted, never followed.

Scrapy drops such redirects silently at scheduling time; a site that moved
to a new domain would then just stop producing articles. This middleware
answers the redirect itself, before RedirectMiddleware, so the request's
errback names the drop (``newsbot/drop/offsite``).
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest

from newsbot.core.identity import host_in_domains
from newsbot.crawl import stats as keys

logger = logging.getLogger(__name__)


class OffsiteRedirectMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        if response.status not in (301, 302, 303, 307, 308) or b"Location" not in response.headers:
            return response
        domains = getattr(self.crawler.spider, "allowed_domains", None) or []
        target = urljoin(request.url, response.headers[b"Location"].decode("latin-1"))
        if not domains or host_in_domains(target, domains):
            return response
        self.crawler.stats.inc_value(keys.OFFSITE_REDIRECT)
        logger.warning("Redirect to an undeclared domain, not followed: %s -> %s", request.url, target)
        raise IgnoreRequest(f"Offsite redirect to {target}")
