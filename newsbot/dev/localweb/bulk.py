"""A big synthetic اليوم السابع (youm7.com) for the local web: N generated articles, nothing else.

For load and crash tests: every declared feed lists a share of the articles
(round-robin), a Google News sitemap lists them all, robots.txt names the
sitemap and a (low) Crawl-delay. Each article has its own generated text, so
no two are duplicates or near-duplicates. ``delay`` slows every article page
down so a crawl lasts long enough to be interrupted. ``scheme="http"`` lists
plain-HTTP article URLs (the youm7 URL pattern accepts both): the proxy then
answers them directly, with no CONNECT tunnel and TLS handshake per connection.

Pages are rendered on request from the article number (cheap, nothing stored
but the listings), in the outlet's layout (``article_page`` of ``site.py``).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from newsbot.dev.localweb.proxy import Reply
from newsbot.dev.localweb.site import CAIRO, HOST, ORIGIN, SENTENCES, TOPICS, Story, article_page, news_sitemap, not_found, route_key, rss

FIRST_ID = 7_000_000
# Words of our own sentences, plus a few function words the language check counts.
VOCABULARY = sorted({w for s in SENTENCES for w in s.split()} | set(TOPICS) | {"في", "من", "على", "إلى", "التي", "الذي", "عن", "أن", "هذا", "وقد"})
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
XML = {"Content-Type": "application/xml"}


def bulk_story(n: int) -> Story:
    """Article number ``n``: same text every time, different from every other article."""
    rng = random.Random(n)
    topic = TOPICS[n % len(TOPICS)]
    paragraphs = [" ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(18, 28))) + "." for _ in range(4)]
    return Story(FIRST_ID + n, f"خبر-{n}-عن-{topic}", f"خبر رقم {n} عن قطاع {topic}", "سلمى عبد الرحمن", paragraphs)


class BulkYoum7:
    hosts = (HOST, "youm7.com", "m.youm7.com")

    def __init__(self, n: int = 2000, *, delay: float = 0.0, crawl_delay: float = 0.0, now: datetime | None = None, scheme: str = "https"):
        from newsbot.crawl.registry import spider_classes

        Youm7Spider = spider_classes(("spiders",))["youm7"]  # the outlet the site stands in for

        if scheme not in ("https", "http"):
            raise ValueError(scheme)
        self.n = n
        self.scheme = scheme  # of the article URLs the listings give ("http": no CONNECT and TLS per connection)
        self.delay = delay
        self.crawl_delay = crawl_delay
        self.now = (now or datetime.now(timezone.utc)).astimezone(CAIRO)
        self.day = self.now - timedelta(hours=1)
        self._prefix = f"/story/{self.day.year}/{self.day.month}/{self.day.day}/"
        self.listed = [self.url(i) for i in range(n)]  # article URLs, in article-number order
        self.ids = [f"youm7:{FIRST_ID + i}" for i in range(n)]  # the article id each URL gives
        feeds = Youm7Spider.feeds
        self.routes: dict[str, Reply] = {
            feed: Reply(200, rss([(u, self.day) for u in self.listed[k :: len(feeds)]]), RSS) for k, feed in enumerate(feeds)
        }
        self.routes[ORIGIN + "/sitemaps/news.xml"] = Reply(200, news_sitemap([(u, self.day) for u in self.listed]), XML)
        delay_line = f"Crawl-delay: {crawl_delay:g}\n" if crawl_delay else ""
        self.routes[ORIGIN + "/robots.txt"] = Reply(
            200, f"User-agent: *\n{delay_line}Sitemap: {ORIGIN}/sitemaps/news.xml\n".encode(), {"Content-Type": "text/plain"}
        )

    def url(self, n: int) -> str:
        return f"{self.scheme}://{HOST}" + bulk_story(n).path(self.day)

    def number_of(self, url: str) -> int | None:
        """The article number a URL of this site names, or None."""
        path = urlsplit(url).path
        if not path.startswith(self._prefix):
            return None
        tail = path.rsplit("/", 1)[-1]
        if not tail.isdigit():
            return None
        n = int(tail) - FIRST_ID
        return n if 0 <= n < self.n else None

    def respond(self, method: str, url: str) -> Reply | None:
        key = route_key(url, self.hosts)
        if key is None:
            return None
        route = self.routes.get(key)
        if route is not None:
            return route
        n = self.number_of(url)
        if n is None:
            return not_found()
        story = bulk_story(n)
        return Reply(200, article_page(story, self.url(n), self.day.replace(tzinfo=None)), delay=self.delay)
