"""The state extension: the crawl's stores, opened by the backend the settings choose, and the one place
that records what became of each article.

Outcomes arrive as signals and are recorded here only:

- ``item_scraped`` (the line is in the JSONL file): the article's id is written, and so is the key
  discovery gave the URL when it differs (a redirect, for an outlet with no article numbers in its
  URLs), so the next run does not request that URL again;
- ``lines_recovered`` (a killed run's whole lines, before its file is renamed): their ids are written;
- ``item_dropped``: a near-duplicate dropped under ``NEWSBOT_DROP_DUPLICATES`` is settled as written
  (its story is in the output); a page that failed validation counts a drop;
- ``url_dropped`` (a request or page that gave no item): the URL's key counts a drop.

A URL whose key has ``NEWSBOT_RETRY_DROPPED`` drops is not requested again.
"""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy import signals

from newsbot.crawl import stats as keys
from newsbot.crawl.drops import FAULTS, NOT_RECORDED_AS_DROPS, url_dropped
from newsbot.crawl.locks import OutletLock
from newsbot.defaults import setting
from newsbot.discovery.ccnews import file_name
from newsbot.stores import backend_class, faults_of
from newsbot.stores.protocols import Stores

logger = logging.getLogger(__name__)

# Signal: the whole lines of a killed run's output, as the next run finalises them (records=[dict]).
# Whatever the killed run kept only in memory (pending near-duplicate rows) is rebuilt from them.
lines_recovered = object()


class State:
    """The crawl's stores, opened when first asked for and closed with the spider.

    Components reach them through ``state_of(crawler).stores`` (``state_of`` is None when
    ``NEWSBOT_STATE_ENABLED`` is off, as in `scrapy probe`).
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.enabled = setting(crawler.settings, "NEWSBOT_STATE_ENABLED")
        self.backend = backend_class(crawler.settings)
        self.faults = faults_of(self.backend)
        self._stores: Stores | None = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.close, signal=signals.spider_closed)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.url_dropped, signal=url_dropped)
        crawler.signals.connect(self.lines_recovered, signal=lines_recovered)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def stores(self) -> Stores:
        if self._stores is None:
            self._stores = self.backend.from_settings(self.crawler.settings)
        return self._stores

    @property
    def outlet(self) -> str:
        return self.crawler.spider.name

    def opened(self, spider):
        lock = self.crawler.get_extension(OutletLock)
        if self.enabled and lock is not None and lock.held:
            # This run holds the outlet's lease: claims of the outlet still open belong to a run that died.
            self.release_claims(spider.name)

    def release_claims(self, claimant: str) -> None:
        """Open again the claims a dead run left, unless one of its files could not be finalised: its
        lines are not recorded yet, and their articles, claimed, must not be written a second time."""
        if self.crawler.stats.get_value(keys.LEFTOVER_KEPT):
            logger.warning("%s: claims of interrupted runs stay closed until their leftover files are finalised", claimant)
            return
        released = self.stores.claims.release_claims(claimant)
        if released:
            logger.info("%s: %d articles claimed by an interrupted run are open again", claimant, released)

    def failed(self, exc: BaseException, what: str) -> None:
        """A fault of the state after its busy timeout: counted, and the run ends unhealthy. The JSONL
        writer then keeps its file a .part, whose lines the next run records before it publishes it."""
        stats = self.crawler.stats
        stats.inc_value(keys.STATE_ERRORS)
        if not stats.get_value(keys.STATE_ERROR):
            stats.set_value(keys.STATE_ERROR, f"{what}: {type(exc).__name__}: {exc}")
        logger.error("The state could not record %s: %s: %s", what, type(exc).__name__, exc)

    def item_scraped(self, item, response, spider=None):
        if not self.enabled:
            return
        adapter = ItemAdapter(item)
        item_id = adapter["id"]
        request = getattr(response, "request", None)
        found_as = request.meta.get("newsbot_key") if request is not None else None
        written = [item_id, found_as] if found_as and found_as != item_id else [item_id]
        try:
            self.stores.seen.mark_written(written, adapter.get("outlet") or self.outlet)
        except self.faults as exc:
            self.failed(exc, f"{item_id} as written")

    def lines_recovered(self, records: list[dict]) -> None:
        if not self.enabled:
            return
        try:
            self.stores.seen.mark_written([record["id"] for record in records], self.outlet)
        except self.faults as exc:
            self.failed(exc, f"{len(records)} lines of an interrupted run")
            raise  # the writer keeps the leftover a .part

    def item_dropped(self, item, response, exception, spider=None):
        reason = getattr(exception, "reason", None)
        item_id = ItemAdapter(item).get("id")
        if not self.enabled or not item_id or reason in NOT_RECORDED_AS_DROPS + FAULTS:
            return
        outlet = ItemAdapter(item).get("outlet") or self.outlet
        try:
            if reason == "near_duplicate":
                self.stores.seen.mark_written([item_id], outlet)
            else:
                # an invalid page is retried on later runs, up to NEWSBOT_RETRY_DROPPED times
                self.stores.seen.mark_dropped(item_id, outlet)
        except self.faults as exc:
            self.failed(exc, f"the drop of {item_id}")

    def url_dropped(self, url, reason, detail="", response=None, key=None, outlet=None, **kwargs):
        if self.enabled and key:
            try:
                self.stores.seen.mark_dropped(key, outlet or self.outlet)
            except self.faults as exc:
                self.failed(exc, f"the drop of {url}")

    def close(self, spider=None):
        # spider_closed comes after the item pipelines have closed: nothing is left to index.
        if self._stores is not None:
            stores, self._stores = self._stores, None
            try:
                stores.close()  # writes the near-duplicate rows still pending
            except self.faults as exc:
                self.failed(exc, "the pending near-duplicate index rows")


def claimant(item) -> str:
    """Who holds an article's claim until its line is written: its outlet's run, or for an archived page
    the run reading its WARC file (whoever takes the file's lease next releases a dead run's claims)."""
    adapter = ItemAdapter(item)
    archive = adapter.get("archive")
    return archive_claimant(archive["file"]) if archive else adapter.get("outlet") or ""


def archive_claimant(path: str) -> str:
    return f"ccnews:{file_name(path)}"


def state_of(crawler) -> State | None:
    """The crawl's State extension, or None before the extensions exist, or when the state is off."""
    try:
        extension = crawler.get_extension(State)
    except RuntimeError:  # no extension manager yet, or a crawler that never crawls
        return None
    return extension if extension is not None and extension.enabled else None
