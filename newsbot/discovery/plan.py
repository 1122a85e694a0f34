"""Which feeds, sitemaps and listing pages a run reads, and when it falls back (pure).

The declared feeds and sitemaps are read first, each once; robots.txt
``Sitemap:`` lines when none are declared or every declared one failed. A
backfill (``-a since=``) also reads the robots.txt sitemaps when the outlet
declares none (feeds list only the latest stories) and walks the declared
HTML listings page by page. The plan hands out ``Source`` values; the spider
turns them into requests and reports back what each one gave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from newsbot.discovery.listings import ListingPage
from newsbot.outlets.profile import OutletProfile

FEED, SITEMAP, ROBOTS, LISTING_PAGE = "feed", "sitemap", "robots", "listing_page"
# Failures that mean the outlet's host cannot be reached at all, as drop reasons name them.
NETWORK_FAILURES = ("unreachable", "timeout")
# This many failed attempts before the outlet's hosts answered once, and the outlet is given up:
# waiting on every other endpoint of a host that does not answer would hold the run (and crawlall)
# for many minutes.
GIVE_UP_AFTER = 3


@dataclass(frozen=True)
class Source:
    """One discovery request: a feed, a sitemap, robots.txt or a page of a declared listing."""

    url: str
    kind: str
    declared: bool = False  # a feed or sitemap the outlet file names
    backfill: bool = False  # robots.txt read for a backfill (a robots.txt without sitemaps is no error then)
    listing: int | None = None  # index of the declared listing, for listing pages
    page: int = 1
    why: str = ""  # why robots.txt is read


class DiscoveryPlan:
    def __init__(self, outlet: OutletProfile, *, backfill: bool = False):
        self.outlet = outlet
        self.backfill = backfill
        self.requested: set[str] = set()  # every discovery URL of this run, once
        self.declared_pending = 0
        self.declared_ok = 0
        self.fell_back = False
        self.listing_keys: dict[int, set[str]] = {}  # per declared listing: article keys its pages gave
        # One row per source read: what `scrapy probe` and the health check report.
        self.log: list[dict] = []
        # Attempts at the outlet's hosts (robots.txt and every retry included), told by contact().
        self.answered = 0  # responses, of any status
        self.network_failures = 0
        self.network_errors: dict[str, str] = {}  # URL -> its first network error

    def source(self, url: str, kind: str, **kwargs) -> Source | None:
        """A source for a URL not read yet in this run (None: an index naming itself, a loop)."""
        if url in self.requested:
            return None
        self.requested.add(url)
        return Source(url, kind, **kwargs)

    def start(self) -> list[Source]:
        declared: dict[str, str] = {}  # url -> kind, each URL once
        for url, kind in [(u, FEED) for u in self.outlet.feeds] + [(u, SITEMAP) for u in self.outlet.sitemaps]:
            declared.setdefault(url, kind)
        self.declared_pending = len(declared)
        sources = [s for s in (self.source(url, kind, declared=True) for url, kind in declared.items()) if s]
        if not declared:
            sources += self.fall_back("no feeds or sitemaps declared")
        if self.backfill:
            # Feeds list the latest stories only: with no sitemap declared, the robots.txt sitemaps
            # (whose dated children reach back to `since`) are read too. And each listing's first page.
            if not self.outlet.sitemaps:
                sources += self.fall_back("backfill: no sitemap declared", backfill=True)
            for index, listing in enumerate(self.outlet.listings):
                first = self.source(listing.url, LISTING_PAGE, listing=index, page=1)
                if first is not None:
                    sources.append(first)
        return sources

    def fall_back(self, why: str, *, backfill: bool = False) -> list[Source]:
        """robots.txt, once a run."""
        if self.fell_back or (not self.outlet.domains and not self.outlet.home):
            return []
        self.fell_back = True
        return [Source(self.outlet.robots_url(), ROBOTS, backfill=backfill, why=why)]

    def settle(self, source: Source, ok: bool) -> list[Source]:
        """A declared source has answered: robots.txt when every declared one failed."""
        if not source.declared:
            return []
        self.declared_pending -= 1
        self.declared_ok += ok
        if self.declared_pending == 0 and self.declared_ok == 0:
            return self.fall_back("every declared feed and sitemap failed")
        return []

    def record(self, url: str, kind: str, status, entries: int = 0, newest: str | None = None, error: str | None = None) -> None:
        """A source read (status: the HTTP status, or the drop reason of a request that gave no response)."""
        self.log.append({"url": url, "kind": kind, "status": status, "entries": entries, "newest": newest, "error": error})

    def contact(self, url: str, error: str | None = None) -> bool:
        """One attempt at the outlet's hosts: ``error`` when it failed on the network, None when it got
        a response. True for the attempt that makes the outlet unreachable (once)."""
        if error is None:
            self.answered += 1
            return False
        self.network_failures += 1
        self.network_errors.setdefault(url, f"{error} ({url})"[:300])
        return self.answered == 0 and self.network_failures == GIVE_UP_AFTER

    def unreachable(self) -> bool:
        """Nothing answered and the network failed GIVE_UP_AFTER times: the outlet cannot be reached."""
        return self.answered == 0 and self.network_failures >= GIVE_UP_AFTER

    def first_errors(self) -> list[str]:
        """The first error of each endpoint that failed, e.g. "DNS lookup failed: … (URL)": on the network
        first (robots.txt too), then each source's final error (an HTTP status)."""
        logged = [row["error"] for row in self.log if row.get("error") and row["url"] not in self.network_errors]
        return list(self.network_errors.values()) + logged

    def discovered(self) -> int:
        """Entries every source but robots.txt gave (health: something was discovered)."""
        return sum(row["entries"] for row in self.log if row["kind"] != ROBOTS)

    def next_page(
        self, source: Source, page: ListingPage, keys: list[str], *, since: date | None, limit_reached: bool
    ) -> tuple[Source | None, str | None]:
        """After a listing page: the next page to read, or why the walk stops.

        It stops at ``max_pages``, when there is no next link, when a page gives no
        article link the listing's earlier pages did not, when every article on the
        page is dated (by its URL) before ``since``, or at the limit.
        """
        assert source.listing is not None, "a listing page's source names its listing"
        listing = self.outlet.listings[source.listing]
        seen = self.listing_keys.setdefault(source.listing, set())
        new = len(set(keys) - seen)
        seen.update(keys)
        if new == 0:
            return None, "no_new"
        if since is not None and page.older_than(since):
            return None, "older_than_since"
        if page.next_url is None:
            return None, "no_next"
        if source.page >= listing.max_pages:
            return None, "max_pages"
        if limit_reached:
            return None, "limit"
        following = self.source(page.next_url, LISTING_PAGE, listing=source.listing, page=source.page + 1)
        return (following, None) if following is not None else (None, "loop")
