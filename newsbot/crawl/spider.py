"""The base spider: an outlet file declares facts, this class does the crawling.

Discovery runs from the declared feeds and sitemaps; from robots.txt
``Sitemap:`` lines when none are declared or every declared one fails. A date
window (``-a days=N``, default ``NEWSBOT_DAYS``; or ``-a since=YYYY-MM-DD``)
keeps old child sitemaps and old articles from being requested at all.

A backfill (``-a since=YYYY-MM-DD``) also walks what reaches further back: the
robots.txt sitemaps when the outlet declares none (feeds only list the latest
stories), and the outlet's paginated HTML ``listings``. Every article request,
whatever found it, goes through ``article_request``: one check against this
run's requests and the state of earlier runs, so a backfill and the hourly runs
never fetch or write an article twice.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any, AsyncIterator, Iterable

import scrapy
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.gz import gunzip

from newsbot.core.dates import zone
from newsbot.core.decoding import guard_response
from newsbot.discovery import listings as discovery
from newsbot.discovery.listings import Entry, before_window, robots_sitemaps
from newsbot.crawl.drops import failure_reason, record_drop
from newsbot.extraction import extract, to_article
from newsbot.core.identity import article_id, host_in_domains
from newsbot.core.noise import load_catalogue
from newsbot.outlets.profile import Listing, OutletProfile
from newsbot.crawl.state import state_of
from newsbot.core.text import word_count

FEED, SITEMAP, ROBOTS, LISTING_PAGE = "feed", "sitemap", "robots", "listing_page"


class OutletSpider(scrapy.Spider):
    """Subclass per outlet and declare; override methods only for a real quirk."""

    # ---- declarations (an outlet file sets these) ----
    name: str = ""
    outlet_name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    language: str = "ar"
    timezone: str | None = None  # IANA zone for times the pages give without one
    allowed_domains: list[str] = []
    home: str | None = None  # where robots.txt is looked up; default https://www.<first domain>/
    feeds: list[str] = []  # RSS/Atom
    sitemaps: list[str] = []  # sitemap indexes, plain and Google News sitemaps
    listings: list[Listing] = []  # paginated HTML section/archive pages, walked by backfills (-a since=)
    article_url: str | None = None  # regex; optional named groups: id, year, month, day
    selectors: dict[str, str] = {}  # field -> CSS (or XPath starting with "/"), see newsbot.outlets.profile
    drop: list[str] = []  # boxes inside the body container that are not article text
    utc_is_local: bool = False  # pages label local time as UTC
    not_authors: list[str] = []  # bylines that name no person (site handles)
    distrust: dict[str, tuple[str, ...]] = {}  # field -> sources ("jsonld", "meta") giving boilerplate
    layouts: tuple = ()  # newsbot.outlets.profile.Layout versions for redesigns

    def __init__(
        self, *args: Any, days: str | None = None, since: str | None = None, limit: str | None = None,
        refresh: str | None = None, **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.refresh = refresh not in (None, "", "0", "false", "no")
        self._days_arg, self._since_arg = days, since
        # A backfill walks older sitemaps and the declared listing pages back to `since`.
        self.backfill = bool(since)
        self.limit = int(limit) if limit else None
        self.profile = OutletProfile.from_spider(self)
        self.started_at = datetime.now(timezone.utc)
        self.since: datetime | None = None
        self._scheduled_ids: set[str] = set()
        self._settled_ids: set[str] = set()  # written or given up on by earlier runs: not requested
        self._declared_pending = 0
        self._declared_ok = 0
        self._fell_back = False
        self._discovery_urls: set[str] = set()  # feeds, sitemaps and listing pages requested in this run
        self._listing_keys: dict[int, set[str]] = {}  # per declared listing: article keys its pages gave
        # One row per feed/sitemap/robots.txt read: what `scrapy probe` reports.
        self.discovery_log: list[dict] = []

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.since = spider.window_start(crawler.settings.getint("NEWSBOT_DAYS", 2))
        spider.sitemap_maxsize = crawler.settings.getint("NEWSBOT_SITEMAP_MAXSIZE", 50 * 1024 * 1024)
        spider.catalogue = load_catalogue(tuple(crawler.settings.getlist("NEWSBOT_NOISE_RULES", [])))
        spider.min_words = crawler.settings.getint("NEWSBOT_MIN_WORDS", 30)
        spider.max_drops = crawler.settings.getint("NEWSBOT_RETRY_DROPPED", 3)
        return spider

    def window_start(self, default_days: int) -> datetime | None:
        """Start of the date window; None when the window is off (``-a days=0``)."""
        if self._since_arg:
            day = datetime.strptime(self._since_arg, "%Y-%m-%d").date()
            return datetime.combine(day, time(), tzinfo=zone(self.timezone))
        days = int(self._days_arg) if self._days_arg not in (None, "") else default_days
        return self.started_at - timedelta(days=days) if days > 0 else None

    # ---- discovery ----

    def _listing_request(self, url: str, kind: str, *, declared: bool = False) -> Request | None:
        """A feed or sitemap request; None for one already requested in this run (an index naming itself).

        Always past the dupefilter (``dont_filter``): a dupefilter that outlives a run
        (scrapy-redis) must not keep a later run from reading a sitemap again.
        """
        if url in self._discovery_urls:
            self.crawler.stats.inc_value("newsbot/discovery/skipped/sitemap_seen")
            return None
        self._discovery_urls.add(url)
        return Request(
            url,
            callback=self.parse_listing,
            errback=self.listing_failed,
            dont_filter=True,
            meta={"newsbot_kind": kind, "newsbot_declared": declared, "download_maxsize": self.sitemap_maxsize},
        )

    def _listing_page_request(self, index: int, url: str, number: int) -> Request | None:
        if url in self._discovery_urls:
            return None
        self._discovery_urls.add(url)
        return Request(
            url, callback=self.parse_listing_page, errback=self.listing_failed, dont_filter=True,
            meta={"newsbot_kind": LISTING_PAGE, "newsbot_listing": index, "newsbot_page": number},
        )

    def robots_url(self) -> str:
        base = self.home or f"https://www.{self.allowed_domains[0]}/"
        return base.split("://", 1)[0] + "://" + base.split("://", 1)[1].split("/", 1)[0] + "/robots.txt"

    async def start(self) -> AsyncIterator[Request]:
        declared: dict[str, str] = {}  # url -> kind, each URL once
        for url, kind in [(u, FEED) for u in self.feeds] + [(u, SITEMAP) for u in self.sitemaps]:
            declared.setdefault(url, kind)
        self._declared_pending = len(declared)
        for url, kind in declared.items():
            yield self._listing_request(url, kind, declared=True)
        if not declared:
            for request in self._fall_back_to_robots("no feeds or sitemaps declared"):
                yield request
        if self.backfill:
            for request in self.backfill_requests():
                yield request

    def backfill_requests(self) -> Iterable[Request]:
        """What a backfill reads besides the declared feeds and sitemaps.

        Feeds list the latest stories only: with no sitemap declared, the robots.txt
        sitemaps (whose dated children reach back to ``since``) are read too. And the
        first page of each declared listing.
        """
        if not self.sitemaps:
            yield from self._fall_back_to_robots("backfill: no sitemap declared", backfill=True)
        for index, listing in enumerate(self.listings):
            request = self._listing_page_request(index, listing.url, 1)
            if request is not None:
                yield request

    def _fall_back_to_robots(self, why: str, *, backfill: bool = False) -> Iterable[Request]:
        if self._fell_back:
            return
        self._fell_back = True
        self.logger.info("Discovery from robots.txt Sitemap: lines (%s)", why)
        self.crawler.stats.inc_value("newsbot/discovery/backfill_robots" if backfill else "newsbot/discovery/robots_fallback")
        yield Request(
            self.robots_url(), callback=self.parse_robots, errback=self.listing_failed, dont_filter=True,
            meta={"newsbot_kind": ROBOTS, "newsbot_backfill": backfill},
        )

    def _settle_declared(self, request: Request, ok: bool) -> Iterable[Request]:
        if not request.meta.get("newsbot_declared"):
            return
        self._declared_pending -= 1
        self._declared_ok += ok
        if self._declared_pending == 0 and self._declared_ok == 0:
            yield from self._fall_back_to_robots("every declared feed and sitemap failed")

    def listing_failed(self, failure) -> Iterable[Request]:
        request = failure.request
        kind = request.meta.get("newsbot_kind", "listing")
        reason = failure_reason(failure.value)
        self.crawler.stats.inc_value(f"newsbot/discovery/failed/{kind}")
        self.discovery_log.append({"url": request.url, "kind": kind, "status": reason, "entries": 0, "newest": None})
        self.logger.warning("Discovery endpoint failed: %s (%s)", request.url, reason)
        yield from self._settle_declared(request, ok=False)

    def parse_robots(self, response: Response) -> Iterable[Request]:
        sitemaps = [u for u in robots_sitemaps(response.text) if host_in_domains(u, self.allowed_domains)]
        self.discovery_log.append({"url": response.url, "kind": ROBOTS, "status": response.status, "entries": len(sitemaps), "newest": None})
        if not sitemaps and response.meta.get("newsbot_backfill"):
            self.logger.info("robots.txt at %s names no sitemap: the backfill reads feeds and listings only", response.url)
        elif not sitemaps:
            self.crawler.stats.inc_value("newsbot/discovery/failed/no_sources")
            self.logger.error("No discovery source: robots.txt at %s names no sitemap", response.url)
        for url in sitemaps:
            request = self._listing_request(url, SITEMAP)
            if request is not None:
                yield request

    def parse_listing(self, response: Response) -> Iterable[Request]:
        kind = response.meta.get("newsbot_kind", SITEMAP)
        body = response.body
        if body[:2] == b"\x1f\x8b":  # a .xml.gz served without Content-Encoding
            body = gunzip(body, max_size=self.sitemap_maxsize)
        listing = discovery.parse_listing(body, self.timezone)
        stats = self.crawler.stats
        dates = [e.date for e in listing.entries if e.date is not None]
        self.discovery_log.append(
            {
                "url": response.url,
                "kind": listing.kind if listing.kind != "unknown" else f"{kind}: not a feed or sitemap",
                "status": response.status,
                "entries": len(listing.entries),
                "newest": max(dates).isoformat() if dates else None,
            }
        )
        if listing.kind == "unknown":
            stats.inc_value(f"newsbot/discovery/failed/{kind}")
            self.logger.warning("Not a feed or sitemap: %s", response.url)
            yield from self._settle_declared(response.request, ok=False)
            return
        stats.inc_value(f"newsbot/discovery/{listing.kind}")
        yield from self._settle_declared(response.request, ok=True)
        for entry in listing.entries:
            if listing.kind == "sitemapindex":
                if before_window(entry, self.since):
                    stats.inc_value("newsbot/discovery/skipped/old_sitemap")
                elif not self.limit_reached():
                    request = self._listing_request(entry.url, SITEMAP)
                    if request is not None:
                        yield request
            else:
                yield from self.article_request(entry)

    def parse_listing_page(self, response: Response) -> Iterable[Request]:
        """One page of a declared HTML listing: its article links, then (maybe) the next page.

        The walk stops at ``max_pages``, when there is no next link, when a page gives
        no article link the listing's earlier pages did not, when every article on the
        page is dated (by its URL) before ``since``, or at ``limit``.
        """
        stats = self.crawler.stats
        index, number = response.meta["newsbot_listing"], response.meta["newsbot_page"]
        listing = self.listings[index]
        if not isinstance(response, TextResponse):
            stats.inc_value(f"newsbot/discovery/failed/{LISTING_PAGE}")
            self.discovery_log.append({"url": response.url, "kind": f"{LISTING_PAGE}: not HTML", "status": response.status, "entries": 0, "newest": None})
            self.logger.warning("Listing page is not HTML: %s", response.url)
            return
        page = discovery.parse_listing_page(response.selector, response.url, self.profile, listing)
        stats.inc_value(f"newsbot/discovery/{LISTING_PAGE}")
        days = [d for d in page.days if d is not None]
        self.discovery_log.append(
            {"url": response.url, "kind": LISTING_PAGE, "status": response.status, "entries": len(page.articles),
             "newest": max(days).isoformat() if days else None}
        )
        seen = self._listing_keys.setdefault(index, set())
        new = 0
        for url in page.articles:
            key = self.article_key(url)
            if key not in seen:
                seen.add(key)
                new += 1
            yield from self.article_request(Entry(url))
        if new == 0:
            stop = "no_new"
        elif self.since is not None and page.older_than(self.since.date()):
            stop = "older_than_since"
        elif page.next_url is None:
            stop = "no_next"
        elif number >= listing.max_pages:
            stop = "max_pages"
        elif self.limit_reached():
            stop = "limit"
        else:
            request = self._listing_page_request(index, page.next_url, number + 1)
            if request is not None:
                yield request
                return
            stop = "loop"
        stats.inc_value(f"newsbot/discovery/listing_stop/{stop}")
        self.logger.info("Listing %s: stopped after page %d (%s)", listing.url, number, stop)

    def limit_reached(self) -> bool:
        return self.limit is not None and len(self._scheduled_ids) >= self.limit

    def is_article_url(self, url: str) -> bool:
        if not host_in_domains(url, self.allowed_domains):
            return False
        return self.profile.article_url is None or self.profile.match_article_url(url) is not None

    def article_key(self, url: str) -> str:
        """The article's id: ``<outlet>:<native id>`` when the URL pattern gives one, else a URL hash."""
        match = self.profile.match_article_url(url)
        return article_id(self.name, url, match.groupdict().get("id") if match else None)

    def article_request(self, entry: Entry) -> Iterable[Request]:
        stats = self.crawler.stats
        if not self.is_article_url(entry.url):
            stats.inc_value("newsbot/discovery/skipped/not_article")
            return
        if before_window(entry, self.since):
            stats.inc_value("newsbot/discovery/skipped/old_article")
            return
        key = self.article_key(entry.url)
        if key in self._scheduled_ids or key in self._settled_ids:
            stats.inc_value("newsbot/discovery/skipped/seen")
            return
        state = state_of(self.crawler)
        if state is not None and not self.refresh:
            # Checked before download: an article written by an earlier run costs no request.
            # Once per article and run: a feed, a sitemap and a listing page naming it count as one.
            if state.store.written(key):
                self._settled_ids.add(key)
                stats.inc_value("newsbot/discovery/skipped/written_before")
                return
            if state.store.drops(key) >= self.max_drops:
                self._settled_ids.add(key)
                stats.inc_value("newsbot/discovery/skipped/dropped_before")
                return
        if self.limit_reached():
            stats.inc_value("newsbot/discovery/skipped/limit")
            return
        self._scheduled_ids.add(key)
        stats.inc_value("newsbot/discovery/article_requests")
        yield Request(
            entry.url, callback=self.parse_article, errback=self.article_failed,
            cb_kwargs={"hints": {"published": entry.date}}, meta={"newsbot_key": key},
        )

    def article_failed(self, failure) -> None:
        """An article request that gave no page is a named drop, like an invalid item."""
        reason = failure_reason(failure.value)
        self.logger.info("Dropped %s: %s (%s)", failure.request.url, reason, failure.getErrorMessage())
        self.page_dropped(failure.request, reason, failure.getErrorMessage(), getattr(failure.value, "response", None))

    def page_dropped(self, request: Request | None, reason: str, detail: str = "", response: Response | None = None) -> None:
        """A URL that gave no item: counted, reported, and retried on later runs up to a limit."""
        url = request.url if request is not None else response.url
        record_drop(self.crawler, reason, url, detail, response)
        state = state_of(self.crawler)
        if state is not None and request is not None and request.meta.get("newsbot_key"):
            state.store.mark_dropped(request.meta["newsbot_key"], self.name)

    # ---- extraction ----

    def decode_guard(self, response: TextResponse) -> TextResponse | None:
        """Re-decode a page Scrapy decoded wrongly; drop one that is still mojibake."""
        guarded, decision = guard_response(response)
        if decision.repaired:
            self.crawler.stats.inc_value(f"newsbot/decode/repaired/{response.encoding}->{decision.encoding}")
            self.logger.info("Re-decoded %s as %s (was %s)", response.url, decision.encoding, response.encoding)
        if guarded is None:
            self.logger.warning("Dropped %s: encoding (no decoding reads as text)", response.url)
            self.page_dropped(response.request, "encoding", f"declared {response.encoding}", response)
        return guarded

    def parse_article(self, response: Response, hints: dict | None = None):
        if not isinstance(response, TextResponse):
            self.logger.info("Not an HTML page: %s", response.url)
            self.page_dropped(response.request, "not_html", response.headers.get("Content-Type", b"").decode("latin-1"), response)
            return
        response = self.decode_guard(response)
        if response is None:
            return
        extraction = extract(
            response.selector, response.url, self.profile, hints=hints, relative_base=self.started_at, catalogue=self.catalogue
        )
        amp = response.xpath('//link[@rel="amphtml"]/@href').get()
        amp_tried = response.request is not None and response.request.meta.get("newsbot_amp")
        if amp and not amp_tried and word_count(extraction.body) < self.min_words:
            # The body is probably filled by JavaScript: the AMP copy has it in the HTML. Once.
            self.crawler.stats.inc_value("newsbot/discovery/amp_fallback")
            yield Request(
                response.urljoin(amp.strip()), callback=self.parse_article, errback=self.article_failed,
                cb_kwargs={"hints": hints}, meta={"newsbot_amp": True},
            )
            return
        for kind, count in extraction.removed.items():
            self.crawler.stats.inc_value(f"newsbot/clean/{kind}", count)
        yield to_article(extraction, self.profile, crawled_at=datetime.now(timezone.utc))
