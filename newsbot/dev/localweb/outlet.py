"""A synthetic site for any declared outlet: robots.txt, every declared feed and sitemap in its
declared format, and plain article pages at URLs of the outlet's real shape, dated in the outlet's
time zone. Our own text (newsbot.dev.localweb.site's clauses), no real page.

Article URLs come from the outlet's sample URLs (tests/outlets/<name>/urls.txt, real URLs seen in
public material, and the URLs of its saved pages where the captures folder is present) with the ``id`` and date groups of ``article_url`` filled in anew
(``UrlTemplate``), or from an explicit ``url_template`` built from ``{id}``, ``{slug}``,
``{year}``, ``{month:02d}`` … Either way the constructor checks that the pattern accepts them.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

from newsbot.dev.localweb.proxy import Reply
from newsbot.dev.localweb.site import Story, _story, news_sitemap, not_found, rss
from newsbot.outlets.samples import article_samples

# Characters an article URL keeps as they are when its Arabic slug is percent-encoded again.
_URL_SAFE = "/:?#[]@!$&'()*+,;=~%"
# A host no outlet has: an entry there must never be requested.
OFFSITE_HOST = "mirror.invalid"


def plain_article_page(story: Story, url: str, published: str, site_name: str) -> bytes:
    """An article page as most CMSs print one: metadata, a headline, a byline, paragraphs."""
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in story.paragraphs)
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{html.escape(story.title)} | {html.escape(site_name)}</title>
<meta property="og:title" content="{html.escape(story.title)}"><meta property="og:site_name" content="{html.escape(site_name)}">
<link rel="canonical" href="{html.escape(url)}">
<meta property="article:published_time" content="{html.escape(published)}">
</head><body><header><nav><a href="/">الرئيسية</a></nav></header>
<main><article><h1>{html.escape(story.title)}</h1><div class="author">{html.escape(story.author)}</div>
<div class="article-body">{body}</div></article></main><footer>جميع الحقوق محفوظة</footer></body></html>""".encode()


def atom(dated) -> bytes:
    """An Atom feed of (url, datetime) entries."""
    entries = "".join(
        f'<entry><title>خبر</title><link rel="alternate" href="{html.escape(u)}"/><id>{html.escape(u)}</id>'
        f"<updated>{d.isoformat(timespec='seconds')}</updated></entry>"
        for u, d in dated
    )
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>أخبار</title>{entries}</feed>'.encode()


def urlset(dated) -> bytes:
    """A plain sitemap of (url, datetime) entries."""
    rows = "".join(f"<url><loc>{html.escape(u)}</loc><lastmod>{d.isoformat(timespec='seconds')}</lastmod></url>" for u, d in dated)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()


def sitemap_index(children) -> bytes:
    """A sitemap index of (url, datetime) child sitemaps."""
    rows = "".join(f"<sitemap><loc>{html.escape(u)}</loc><lastmod>{d.isoformat(timespec='seconds')}</lastmod></sitemap>" for u, d in children)
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'.encode()


def _next_number(value: str, step: int) -> str:
    """An id like ``value`` with its last run of digits ``step`` higher ("1.4197360" -> "1.4197361")."""
    digits = re.search(r"\d+(?=\D*$)", value)
    if digits is None:
        return f"{value}{step}"
    number = str(int(digits.group()) + step).zfill(len(digits.group()))
    return value[: digits.start()] + number + value[digits.end():]


class UrlTemplate:
    """A real article URL with the parts that change between articles left blank.

    The ``id`` and ``year``/``month``/``day`` groups of the outlet's ``article_url`` are
    the blanks; without an ``id`` group the article's slug (the last path segment holding
    no group) is one too, so that articles of one day get URLs of their own.
    """

    def __init__(self, pattern: re.Pattern[str], sample: str):
        self.pattern = pattern
        self.sample = sample
        text = unquote(sample)
        match = pattern.search(text)
        if match is None:
            raise ValueError(f"{sample} is not an article URL by the pattern {pattern.pattern}")
        blanks = {g: match.span(g) for g in ("id", "year", "month", "day") if match.groupdict().get(g) is not None}
        self.values = {g: match.group(g) for g in blanks}
        if "id" not in blanks:
            blanks["slug"] = self._slug_span(text, list(blanks.values()))
            self.values["slug"] = text[slice(*blanks["slug"])]
        self.parts: list[tuple[str, str | None]] = []  # (literal, blank after it)
        last = 0
        for start, end, blank in sorted((s, e, g) for g, (s, e) in blanks.items()):
            self.parts.append((text[last:start], blank))
            last = end
        self.parts.append((text[last:], None))

    @staticmethod
    def _slug_span(text: str, taken: list[tuple[int, int]]) -> tuple[int, int]:
        parts = urlsplit(text)
        offset = len(f"{parts.scheme}://{parts.netloc}")
        start = offset
        spans = []
        for segment in parts.path.split("/"):
            stem = re.sub(r"\.[a-z]{2,5}$", "", segment)
            if stem and not any(s < start + len(segment) and e > start for s, e in taken):
                spans.append((start, start + len(stem)))
            start += len(segment) + 1
        if not spans:
            raise ValueError(f"{text}: the article URL has neither an id group nor a slug to vary")
        return spans[-1]

    def render(self, n: int, day: date) -> tuple[str, str | None]:
        """The URL of the ``n``-th synthetic article of ``day``, and its id (None without an id group)."""
        fill = {
            "id": _next_number(self.values.get("id") or "0", 1 + n),
            "year": f"{day.year:04d}",
            "month": str(day.month).zfill(len(self.values.get("month", ""))),
            "day": str(day.day).zfill(len(self.values.get("day", ""))),
            "slug": f"{self.values.get('slug')}-{n}",
        }
        text = "".join(literal + (fill[blank] if blank else "") for literal, blank in self.parts)
        url = quote(text, safe=_URL_SAFE)
        if not self.pattern.search(unquote(url)):
            raise ValueError(f"{url} (made from {self.sample}) is not an article URL by the pattern {self.pattern.pattern}")
        return url, (fill["id"] if "id" in self.values else None)


class SyntheticOutlet:
    """``stories``: the articles its feeds and sitemaps list (``publish`` adds more); ``first`` numbers them.

    Story ``n`` is listed by endpoint ``n % len(endpoints)``, so with ``count`` at least the number
    of endpoints (the default) every feed and sitemap lists an article only it names. The first
    endpoint also lists a copy on another host (``OFFSITE_HOST``), which a crawl must leave alone.
    """

    def __init__(self, spider_cls, url_template: str | None = None, count: int | None = None, first: int = 0,
                 now: datetime | None = None, crawl_delay: float = 0.0):
        self.spider_cls = spider_cls
        self.profile = spider_cls.profile
        self.url_template = url_template
        samples = [] if url_template else article_samples(spider_cls.name, self.profile.domains)
        self.templates = [UrlTemplate(self.profile.article_url, u) for u in samples]
        if not url_template and not self.templates:
            raise ValueError(f"{spider_cls.name}: no url_template, no sample URLs in tests/outlets/{spider_cls.name}/urls.txt and no saved page")
        self.zone = ZoneInfo(spider_cls.timezone)
        self.now = (now or datetime.now(self.zone)).astimezone(self.zone)
        self.day = (self.now - timedelta(hours=1)).replace(microsecond=0)
        self.crawl_delay = crawl_delay
        self.endpoints = [*self.profile.feeds, *self.profile.sitemaps]
        self.hosts = tuple(sorted(
            {h for d in self.profile.domains for h in (d, f"www.{d}")}
            | {urlsplit(u).hostname or "" for u in [*self.endpoints, *(t.sample for t in self.templates)]}
        ))
        self.routes: dict[str, Reply] = {}
        self.stories: list[Story] = []
        self.urls: dict[int, str] = {}  # story number (Story.id) -> its URL
        self.ids: dict[int, str | None] = {}  # story number -> the outlet's id its URL carries
        for n in range(first, first + (count if count is not None else max(3, len(self.endpoints)))):
            self.publish(_story(n, f"{spider_cls.name}-{n}"))

    @property
    def published(self) -> str:
        """The articles' publication time as their pages print it: local wall-clock time, with no offset
        (or labelled UTC, for an outlet declaring that quirk), so that the outlet's time zone decides."""
        local = self.day.replace(tzinfo=None).isoformat(timespec="seconds")
        return local + "Z" if self.profile.utc_is_local else local

    def url(self, story: Story) -> str:
        return self.urls[story.id]

    def _new_url(self, story: Story, n: int) -> tuple[str, str | None]:
        if self.templates:
            template, step = self.templates[n % len(self.templates)], n
            while True:  # samples' ids lie close together: skip ids another template gave already
                url, native_id = template.render(step, self.day)
                if url not in self.urls.values() and (native_id is None or native_id not in self.ids.values()):
                    return url, native_id
                step += len(self.templates)
        d = self.day
        url = self.url_template.format(id=story.id, slug=quote(story.slug), year=d.year, month=d.month, day=d.day)
        if not re.search(self.spider_cls.article_url, unquote(url)):
            raise ValueError(f"{url} is not an article URL of {self.spider_cls.name}")
        match = self.profile.match_article_url(url)
        return url, (match.groupdict().get("id") if match else None)

    def publish(self, story: Story, paragraphs: list[str] | None = None) -> Story:
        """A story appears on the site and in one endpoint (``paragraphs``: a republished text)."""
        if paragraphs is not None:
            story.paragraphs = list(paragraphs)
        url, native_id = self._new_url(story, len(self.stories))
        self.stories.append(story)
        self.urls[story.id], self.ids[story.id] = url, native_id
        self.routes[self._key(url)] = Reply(200, plain_article_page(story, url, self.published, self.spider_cls.name), {"Content-Type": "text/html; charset=utf-8"})
        self._publish_endpoints()
        return story

    def listed_by(self, endpoint: str) -> list[str]:
        """The article URLs an endpoint lists."""
        k = self.endpoints.index(endpoint)
        return [self.url(s) for i, s in enumerate(self.stories) if i % len(self.endpoints) == k]

    def _publish_endpoints(self) -> None:
        for k, endpoint in enumerate(self.endpoints):
            dated = [(u, self.day) for u in self.listed_by(endpoint)]
            if k == 0 and dated:
                parts = urlsplit(dated[0][0])
                dated.append((parts._replace(netloc=OFFSITE_HOST).geturl(), self.day))
            kind = self.profile.endpoint_format(endpoint) or "news"
            if kind == "index":
                child = f"https://{urlsplit(endpoint).hostname}/newsbot-synthetic/sitemap-{k}.xml"
                self.routes[self._key(endpoint)] = Reply(200, sitemap_index([(child, self.day)]), {"Content-Type": "application/xml"})
                self.routes[self._key(child)] = Reply(200, urlset(dated), {"Content-Type": "application/xml"})
                continue
            body, kind_type = {
                "rss": (rss, "application/rss+xml"),
                "atom": (atom, "application/atom+xml"),
                "urlset": (urlset, "application/xml"),
                "news": (news_sitemap, "application/xml"),
            }[kind]
            self.routes[self._key(endpoint)] = Reply(200, body(dated), {"Content-Type": f"{kind_type}; charset=utf-8"})

    @staticmethod
    def _key(url: str) -> str:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        return f"{host}{unquote(parts.path)}" + (f"?{unquote(parts.query)}" if parts.query else "")

    def respond(self, method: str, url: str) -> Reply | None:
        host = urlsplit(url).hostname
        if host not in self.hosts:
            return None
        if urlsplit(url).path == "/robots.txt":
            return Reply(200, f"User-agent: *\nCrawl-delay: {self.crawl_delay}\n".encode(), {"Content-Type": "text/plain"})
        return self.routes.get(self._key(url)) or not_found()
