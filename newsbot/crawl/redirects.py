"""Redirects that leave the outlet's domains, or come back to a URL already passed: named drops.

Scrapy drops such redirects silently (an offsite target at scheduling time, a
loop A -> B -> A in the duplicate filter); a site that moved to a new domain
would then just stop producing articles. This middleware answers the redirect
itself, before RedirectMiddleware, so the request's errback names the drop
(``newsbot/drop/offsite``, ``newsbot/drop/redirect_loop``).
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest
from w3lib.url import safe_url_string

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
        passed = [*request.meta.get("redirect_urls", ()), request.url]
        if safe_url_string(target.split("#", 1)[0]) in passed:
            self.crawler.stats.inc_value(keys.REDIRECT_LOOP)
            logger.warning("Redirect loop, not followed: %s", " -> ".join([*passed, target]))
            raise IgnoreRequest(f"Redirect loop back to {target}")
        if not domains or host_in_domains(target, domains):
            return response
        self.crawler.stats.inc_value(keys.OFFSITE_REDIRECT)
        logger.warning("Redirect to an undeclared domain, not followed: %s -> %s", request.url, target)
        raise IgnoreRequest(f"Offsite redirect to {target}")
