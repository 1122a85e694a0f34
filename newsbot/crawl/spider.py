"""The base spider: an outlet file declares facts, this class turns plans into requests.

What to read comes from ``DiscoveryPlan`` (newsbot.discovery.plan), which
article URLs to request from ``Admission`` (newsbot.discovery.admission), and
the article from ``build_article`` (newsbot.extraction.article): each is a
unit that takes and returns values. This class only makes requests of them and
counts what happened in the crawl stats.

Spider arguments (``-a days=``, ``since=``, ``limit=``, ``refresh=``) become
the settings ``NEWSBOT_DAYS``, ``NEWSBOT_SINCE``, ``NEWSBOT_LIMIT`` and
``NEWSBOT_REFRESH`` before any component is built, so every pipeline and
extension reads the same values.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

import scrapy
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.gz import gunzip

from newsbot.core.identity import host_in_domains
from newsbot.crawl import stats as keys
from newsbot.crawl.drops import failure_reason, record_drop
from newsbot.crawl.reachability import OutletUnreachable
from newsbot.crawl.rights import rights_of
from newsbot.crawl.state import state_of
from newsbot.defaults import setting
from newsbot.discovery import listings as discovery
from newsbot.discovery.admission import REQUEST, Admission, Window, article_key
from newsbot.discovery.listings import Entry, before_window, robots_sitemaps
from newsbot.discovery.plan import LISTING_PAGE, ROBOTS, SITEMAP, DiscoveryPlan, Source
from newsbot.extraction.article import Page, Rules, build_article
from newsbot.outlets.profile import REQUIRED, Layout, Listing, OutletProfile, declare

# Spider argument -> the setting it becomes.
ARGUMENT_SETTINGS = {"days": "NEWSBOT_DAYS", "since": "NEWSBOT_SINCE", "limit": "NEWSBOT_LIMIT", "refresh": "NEWSBOT_REFRESH"}


class OutletSpider(scrapy.Spider):
    """Subclass per outlet and declare; override methods only for a real quirk.

    The declarations are checked when the class is created (``cls.profile``):
    a wrong one raises OutletDeclarationError naming the file, the attribute
    and the valid values; a missing required fact makes the outlet a draft.
    """

    # ---- declarations (an outlet file sets these; see newsbot.outlets.profile) ----
    name: str = ""
    outlet_name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    language: str = "ar"
    timezone: str | None = None  # IANA zone for times the pages give without one
    allowed_domains: tuple[str, ...] = ()
    home: str | None = None  # where robots.txt is looked up; default https://www.<first domain>/
    feeds: tuple[str, ...] = ()  # RSS/Atom
    sitemaps: tuple[str, ...] = ()  # sitemap indexes, plain and Google News sitemaps
    listings: tuple[Listing, ...] = ()  # paginated HTML section/archive pages, walked by backfills (-a since=)
    article_url: str | None = None  # regex; optional named groups: id, year, month, day
    selectors: Mapping[str, str] = MappingProxyType({})  # field -> CSS, or XPath starting with /, ( or ./
    drop: tuple[str, ...] = ()  # boxes inside the body container that are not article text
    utc_is_local: bool = False  # pages label local time as UTC
    not_authors: tuple[str, ...] = ()  # bylines that name no person (site handles)
    site_names: tuple[str, ...] = ()  # other names the outlet prints beside headlines
    formats: Mapping[str, str] = MappingProxyType({})  # endpoint URL -> rss, atom, index, urlset or news
    provenance: Mapping[str, tuple[str, ...]] = MappingProxyType({})  # endpoint URL or "article_url" -> "owner/repo:path" sources
    distrust: Mapping[str, tuple[str, ...]] = MappingProxyType({})  # field -> sources giving boilerplate
    layouts: tuple[Layout, ...] = ()  # newsbot.outlets.profile.Layout versions for redesigns
    requires: tuple[str, ...] = REQUIRED  # facts without which the outlet is a draft

    profile: OutletProfile

    @classmethod
    def argument_problem(cls, arguments: dict) -> str | None:
        """Why these spider arguments cannot make a crawl (the crawl command says so), or None."""
        for name in ("days", "limit"):
            value = arguments.get(name)
            if value not in (None, "") and not str(value).strip().isdigit():
                return f"-a {name}= takes a whole number of {'days' if name == 'days' else 'articles'}, not {value!r}"
        since = arguments.get("since")
        if since:
            try:
                datetime.strptime(since, "%Y-%m-%d")
            except ValueError:
                return f"-a since= takes a date as YYYY-MM-DD, not {since!r}"
        return None

    def __init_subclass__(cls, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        if cls.name:
            cls.profile = declare(cls)

    def __init__(self, *args: Any, days: str | None = None, since: str | None = None, limit: str | None = None,
                 refresh: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.arguments = {k: v for k, v in {"days": days, "since": since, "limit": limit, "refresh": refresh}.items() if v not in (None, "")}
        self.started_at = datetime.now(timezone.utc)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        if not settings.frozen:  # before the pipelines and extensions are built from them
            for argument, value in spider.arguments.items():
                if argument in ARGUMENT_SETTINGS:  # (a subclass's own arguments, e.g. generic's domain, are not settings)
                    settings.set(ARGUMENT_SETTINGS[argument], value, priority="cmdline")
        profile = spider.profile
        window = Window.of(
            days=setting(settings, "NEWSBOT_DAYS"), since=setting(settings, "NEWSBOT_SINCE") or None,
            timezone=profile.timezone, now=spider.started_at,
        )
        spider.plan = DiscoveryPlan(profile, backfill=window.backfill)
        spider.admission = Admission(
            profile, window, limit=setting(settings, "NEWSBOT_LIMIT"), refresh=setting(settings, "NEWSBOT_REFRESH"),
            max_drops=setting(settings, "NEWSBOT_RETRY_DROPPED"),
        )
        spider.rules = Rules.from_settings(settings)
        spider.sitemap_maxsize = setting(settings, "NEWSBOT_SITEMAP_MAXSIZE")
        spider.url_length_limit = settings.getint("URLLENGTH_LIMIT") or 2083  # Scrapy's own setting
        if profile.draft:
            spider.logger.warning("%s is a draft (missing %s): scheduled runs leave it alone", spider.name, ", ".join(profile.missing))
        return spider

    @property
    def since(self) -> datetime | None:
        return self.admission.window.since

    @property
    def discovery_log(self) -> list[dict]:
        return self.plan.log

    def article_key(self, url: str) -> str:
        return article_key(self.profile, url)

    # ---- discovery ----

    def _request(self, source: Source) -> Request:
        """Discovery requests always pass the dupefilter (``dont_filter``): a dupefilter that outlives a
        run (scrapy-redis) must not keep a later run from reading a sitemap again."""
        stats = self.crawler.stats
        if source.kind == ROBOTS:
            self.logger.info("Discovery from robots.txt Sitemap: lines (%s)", source.why)
            stats.inc_value(keys.BACKFILL_ROBOTS if source.backfill else keys.ROBOTS_FALLBACK)
            callback = self.parse_robots
        elif source.kind == LISTING_PAGE:
            callback = self.parse_listing_page
        else:
            callback = self.parse_listing
        meta = {"newsbot_source": source, "newsbot_kind": source.kind}
        if source.kind == LISTING_PAGE:
            meta.update(newsbot_listing=source.listing, newsbot_page=source.page)
        elif source.kind != ROBOTS:
            meta["download_maxsize"] = self.sitemap_maxsize
        return Request(source.url, callback=callback, errback=self.listing_failed, dont_filter=True, meta=meta)

    def _source(self, url: str, kind: str) -> Request | None:
        source = self.plan.source(url, kind)
        if source is None:
            self.crawler.stats.inc_value(keys.SKIPPED + "sitemap_seen")
            return None
        return self._request(source)

    async def start(self) -> AsyncIterator[Request]:
        state = state_of(self.crawler)
        self.admission.seen = state.stores.seen if state is not None else None
        for source in self.plan.start():
            yield self._request(source)

    def _settle(self, response_or_request, ok: bool) -> Iterable[Request]:
        source = response_or_request.meta.get("newsbot_source")
        if source is not None:
            for fallback in self.plan.settle(source, ok):
                yield self._request(fallback)

    def listing_failed(self, failure) -> Iterable[Request]:
        request = failure.request
        kind = request.meta.get("newsbot_kind", "listing")
        reason = failure_reason(failure.value)
        self.crawler.stats.inc_value(keys.FAILED + kind)
        if isinstance(failure.value, OutletUnreachable):
            self.plan.record(request.url, kind, reason)  # not sent: the outlet's own first errors say why
            return
        detail = f"HTTP {reason.removeprefix('http_')}" if reason.startswith("http_") else failure.getErrorMessage()
        self.plan.record(request.url, kind, reason, error=f"{detail} ({request.url})"[:300])
        self.logger.warning("Discovery endpoint failed: %s (%s: %s)", request.url, reason, failure.getErrorMessage())
        yield from self._settle(request, ok=False)

    def parse_robots(self, response: Response) -> Iterable[Request]:
        sitemaps = [u for u in robots_sitemaps(response.text) if host_in_domains(u, self.profile.domains)]
        self.plan.record(response.url, ROBOTS, response.status, len(sitemaps))
        if not sitemaps and response.meta["newsbot_source"].backfill:
            self.logger.info("robots.txt at %s names no sitemap: the backfill reads feeds and listings only", response.url)
        elif not sitemaps:
            self.crawler.stats.inc_value(keys.FAILED + "no_sources")
            self.logger.error("No discovery source: robots.txt at %s names no sitemap", response.url)
        for url in sitemaps:
            request = self._source(url, SITEMAP)
            if request is not None:
                yield request

    def parse_listing(self, response: Response) -> Iterable[Request]:
        kind = response.meta.get("newsbot_kind", SITEMAP)
        body = response.body
        stats = self.crawler.stats
        if body[:2] == b"\x1f\x8b":  # a .xml.gz served without Content-Encoding
            try:
                body = gunzip(body, max_size=self.sitemap_maxsize)
            except (OSError, EOFError, ValueError) as exc:  # a bomb past the size cap, or broken gzip
                reason = "too_large" if isinstance(exc, ValueError) else "bad_gzip"  # gunzip's size cap raises ValueError
                stats.inc_value(keys.FAILED + kind)
                self.plan.record(response.url, f"{kind}: {reason}", reason)
                self.logger.warning("Discovery endpoint failed: %s (%s: %s)", response.url, reason, exc)
                yield from self._settle(response, ok=False)
                return
        listing = discovery.parse_listing(body, self.profile.timezone, datetime.now(timezone.utc))
        dates = [e.date for e in listing.entries if e.date is not None]
        self.plan.record(
            response.url, listing.kind if listing.kind != "unknown" else f"{kind}: not a feed or sitemap",
            response.status, len(listing.entries), max(dates).isoformat() if dates else None,
        )
        if listing.kind == "unknown":
            stats.inc_value(keys.FAILED + kind)
            self.logger.warning("Not a feed or sitemap: %s", response.url)
            yield from self._settle(response, ok=False)
            return
        stats.inc_value(keys.DISCOVERY + listing.kind)
        yield from self._settle(response, ok=True)
        if listing.kind != "sitemapindex":
            yield from self.article_requests(listing.entries)
            return
        for entry in listing.entries:
            if before_window(entry, self.since):
                stats.inc_value(keys.SKIPPED + "old_sitemap")
            elif not self.admission.limit_reached():
                request = self._source(entry.url, SITEMAP)
                if request is not None:
                    yield request

    def parse_listing_page(self, response: Response) -> Iterable[Request]:
        """One page of a declared HTML listing: its article links, then (maybe) the next page."""
        stats = self.crawler.stats
        source: Source = response.meta["newsbot_source"]
        listing = self.profile.listings[source.listing]
        if not isinstance(response, TextResponse):
            stats.inc_value(keys.FAILED + LISTING_PAGE)
            self.plan.record(response.url, f"{LISTING_PAGE}: not HTML", response.status)
            self.logger.warning("Listing page is not HTML: %s", response.url)
            return
        page = discovery.parse_listing_page(response.selector, response.url, self.profile, listing)
        stats.inc_value(keys.DISCOVERY + LISTING_PAGE)
        days = [d for d in page.days if d is not None]
        self.plan.record(response.url, LISTING_PAGE, response.status, len(page.articles), max(days).isoformat() if days else None)
        yield from self.article_requests(Entry(url) for url in page.articles)
        following, stop = self.plan.next_page(
            source, page, [self.article_key(url) for url in page.articles],
            since=self.since.date() if self.since is not None else None, limit_reached=self.admission.limit_reached(),
        )
        if following is not None:
            yield self._request(following)
            return
        stats.inc_value(keys.LISTING_STOP + stop)
        self.logger.info("Listing %s: stopped after page %d (%s)", listing.url, source.page, stop)

    def article_requests(self, entries: Iterable[Entry]) -> Iterable[Request]:
        """Requests for the entries Admission lets through; the others are counted by reason."""
        stats = self.crawler.stats
        for entry, verdict, key in self.admission.admit(entries):
            if verdict != REQUEST:
                stats.inc_value(keys.SKIPPED + verdict)
                continue
            stats.inc_value(keys.ARTICLE_REQUESTS)
            if len(entry.url) > self.url_length_limit:
                # Scrapy's UrlLengthMiddleware would drop it without a word: a named drop instead.
                record_drop(self.crawler, "url_too_long", entry.url[:300], f"{len(entry.url)} characters", key=key)
                continue
            yield Request(
                entry.url, callback=self.parse_article, errback=self.article_failed,
                cb_kwargs={"hints": {"published": entry.date}}, meta={"newsbot_key": key},
            )

    # ---- articles ----

    def article_failed(self, failure) -> None:
        """An article request that gave no page is a named drop, like an invalid item."""
        reason = failure_reason(failure.value)
        self.logger.info("Dropped %s: %s (%s)", failure.request.url, reason, failure.getErrorMessage())
        self.page_dropped(failure.request, reason, failure.getErrorMessage(), getattr(failure.value, "response", None))

    def page_dropped(self, request: Request | None, reason: str, detail: str = "", response: Response | None = None) -> None:
        """A URL that gave no item: counted, reported, and (by the state) retried on later runs up to a limit."""
        url = request.url if request is not None else response.url
        record_drop(self.crawler, reason, url, detail, response, key=request.meta.get("newsbot_key") if request is not None else None)

    def parse_article(self, response: Response, hints: dict | None = None):
        request = response.request
        page = Page(
            url=response.url,
            body=response.body,
            fetched_at=datetime.now(timezone.utc),
            content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None,
            hints=hints or {},
            amp_copy=bool(request is not None and request.meta.get("newsbot_amp")),
        )
        try:
            built = build_article(page, self.profile, self.rules)
        except Exception as exc:  # a page no rule foresaw: a named drop with the page kept, never a lost URL
            self.logger.warning("Dropped %s: extraction_error (%s: %s)", response.url, type(exc).__name__, exc, exc_info=True)
            self.page_dropped(request, "extraction_error", f"{type(exc).__name__}: {exc}"[:300], response)
            return
        stats = self.crawler.stats
        if built.repaired_from:
            stats.inc_value(f"{keys.DECODE_REPAIRED}{built.repaired_from}->{built.encoding}")
            self.logger.info("Re-decoded %s as %s (was %s)", response.url, built.encoding, built.repaired_from)
        if built.replacements and not built.drop:
            stats.inc_value(keys.DECODE_REPLACEMENTS, built.replacements)
        if built.follow_up:
            stats.inc_value(keys.AMP_FALLBACK)
            meta = {"newsbot_amp": True, "newsbot_key": request.meta.get("newsbot_key") if request is not None else None}
            yield Request(built.follow_up, callback=self.parse_article, errback=self.article_failed, cb_kwargs={"hints": hints}, meta=meta)
            return
        for rule, count in built.removed.items():
            stats.inc_value(keys.CLEAN + rule, count)
        if built.drop:
            self.logger.info("Dropped %s: %s (%s)", response.url, built.drop, built.detail)
            self.page_dropped(request, built.drop, built.detail, response)
            return
        article = built.article
        # robots_ai is what the site's robots.txt told this crawl, not the page: set here, not in build_article
        rights = rights_of(self.crawler)
        article.robots_ai = rights.robots_ai(article.url or response.url) if rights is not None else None
        yield article
