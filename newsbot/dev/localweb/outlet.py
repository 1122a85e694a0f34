"""A synthetic site for any declared outlet: robots.txt, its declared feeds (the first lists the
articles), empty sitemaps, and plain article pages at URLs the outlet's ``article_url`` accepts,
dated in the outlet's time zone. Our own text (newsbot.dev.localweb.site's clauses), no real page.

``url_template`` builds an article URL from ``{id}``, ``{slug}``, ``{year}``, ``{month:02d}`` … of
a story and its day; the constructor checks that the outlet's pattern accepts it.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from newsbot.dev.localweb.proxy import Reply
from newsbot.dev.localweb.site import Story, _story, news_sitemap, not_found, rss


def plain_article_page(story: Story, url: str, published: datetime, site_name: str) -> bytes:
    """An article page as most CMSs print one: metadata, a headline, a byline, paragraphs."""
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in story.paragraphs)
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{html.escape(story.title)} | {html.escape(site_name)}</title>
<meta property="og:title" content="{html.escape(story.title)}"><meta property="og:site_name" content="{html.escape(site_name)}">
<link rel="canonical" href="{html.escape(url)}">
<meta property="article:published_time" content="{published.isoformat(timespec='seconds')}">
</head><body><header><nav><a href="/">الرئيسية</a></nav></header>
<main><article><h1>{html.escape(story.title)}</h1><div class="author">{html.escape(story.author)}</div>
<div class="article-body">{body}</div></article></main><footer>جميع الحقوق محفوظة</footer></body></html>""".encode()


class SyntheticOutlet:
    """``stories``: the articles the first feed lists (``publish`` adds more); ``first`` numbers them."""

    def __init__(self, spider_cls, url_template: str, count: int = 5, first: int = 0, now: datetime | None = None, crawl_delay: float = 0.0):
        self.spider_cls = spider_cls
        self.url_template = url_template
        self.zone = ZoneInfo(spider_cls.timezone)
        self.now = (now or datetime.now(self.zone)).astimezone(self.zone)
        self.day = (self.now - timedelta(hours=1)).replace(microsecond=0)
        self.crawl_delay = crawl_delay
        self.hosts = tuple(sorted({h for d in spider_cls.allowed_domains for h in (d, f"www.{d}")} | {urlsplit(u).hostname for u in spider_cls.feeds}))
        self.routes: dict[str, Reply] = {}
        self.stories: list[Story] = []
        for n in range(first, first + count):
            self.publish(_story(n, f"{spider_cls.name}-{n}"))

    def url(self, story: Story) -> str:
        d = self.day
        url = self.url_template.format(id=story.id, slug=quote(story.slug), year=d.year, month=d.month, day=d.day)
        if not re.search(self.spider_cls.article_url, url):
            raise ValueError(f"{url} is not an article URL of {self.spider_cls.name}")
        return url

    def publish(self, story: Story, paragraphs: list[str] | None = None) -> Story:
        """A story appears on the site and in its first feed (``paragraphs``: a republished text)."""
        if paragraphs is not None:
            story.paragraphs = list(paragraphs)
        self.stories.append(story)
        url = self.url(story)
        self.routes[self._key(url)] = Reply(200, plain_article_page(story, url, self.day, self.spider_cls.name), {"Content-Type": "text/html; charset=utf-8"})
        listed = [(self.url(s), self.day) for s in self.stories]
        rss_type = {"Content-Type": "application/rss+xml; charset=utf-8"}
        for feed in self.spider_cls.feeds:
            self.routes[self._key(feed)] = Reply(200, rss([]), rss_type)
        self.routes[self._key(self.spider_cls.feeds[0])] = Reply(200, rss(listed), rss_type)
        for sitemap in self.spider_cls.sitemaps:
            self.routes[self._key(sitemap)] = Reply(200, news_sitemap([]), {"Content-Type": "application/xml"})
        return story

    @staticmethod
    def _key(url: str) -> str:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        return f"{host}{parts.path}" + (f"?{parts.query}" if parts.query else "")

    def respond(self, method: str, url: str) -> Reply | None:
        host = urlsplit(url).hostname
        if host not in self.hosts:
            return None
        if urlsplit(url).path == "/robots.txt":
            return Reply(200, f"User-agent: *\nCrawl-delay: {self.crawl_delay}\n".encode(), {"Content-Type": "text/plain"})
        return self.routes.get(self._key(url)) or not_found()
