"""An article's ``robots_ai``: the AI crawlers its site's robots.txt disallows for its URL.

Scrapy's RobotsTxtMiddleware reads each host's robots.txt once and sends ``robots_parsed`` when it has
parsed it; this extension keeps that robots.txt per host, read again as ``ProtegoRules`` (Scrapy's
parser takes ``User-agent: Applebot`` for Applebot-Extended too; these match the product token
exactly), and the spider asks it about each article's URL (newsbot.core.rights.disallowed_agents).
No robots.txt read for a host (ROBOTSTXT_OBEY off, the download failed, or it answered 5xx: the site's
wishes are unknown, RFC 9309 2.3.1.4) leaves ``robots_ai`` None; a 4xx means the site has none, so
nothing is disallowed (RFC 9309 2.3.1.3).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsbot.core.rights import ProtegoRules, disallowed_agents


class RobotsRights:
    def __init__(self, crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured  # no robots.txt is read: every robots_ai stays None
        self.rules: dict[str, ProtegoRules | None] = {}  # host (netloc, as Scrapy keys it) -> its robots.txt
        self.answers: dict[str, tuple[int, bytes]] = {}  # host -> its robots.txt's HTTP status and body, until parsed
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def response_received(self, response, request, spider=None) -> None:
        # The middleware's own robots.txt request (not the spider's discovery one); after a redirect,
        # the host it was asked of is the first URL's.
        if request.meta.get("dont_obey_robotstxt"):
            asked = urlsplit((request.meta.get("redirect_urls") or [request.url])[0])
            if asked.path == "/robots.txt":
                self.answers[asked.netloc] = (response.status, response.body)

    def robots_parsed(self, robotparser: Any, request) -> None:
        # The body the middleware parsed, not its parser (whose group matching is Protego's own).
        host = urlsplit(request.url).netloc
        answer = self.answers.pop(host, None)
        if answer is None or answer[0] >= 500:
            self.rules[host] = None  # its answer unseen, or a server error: unknown
        else:
            status, body = answer
            self.rules[host] = ProtegoRules(b"" if status >= 400 else body)  # a 4xx: no robots.txt

    def robots_ai(self, url: str) -> list[str] | None:
        """The AI agents the robots.txt of ``url``'s host disallows for it, or None if none was read."""
        rules = self.rules.get(urlsplit(url).netloc)
        return None if rules is None else disallowed_agents(rules, url)


def rights_of(crawler) -> RobotsRights | None:
    """The crawl's RobotsRights extension, or None (no extension manager yet, or not enabled)."""
    try:
        return crawler.get_extension(RobotsRights)
    except RuntimeError:  # no extension manager yet, or a crawler that never crawls
        return None
