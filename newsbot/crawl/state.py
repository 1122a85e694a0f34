"""The state extension: the crawl's stores, opened from the settings and released with the spider."""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy import signals

from newsbot.stores.leases import state_dir
from newsbot.stores.sqlite import StateStore, open_shared, release_shared

# Signal: the whole lines of a killed run's output, as the next run finalises them (records=[dict]).
# Whatever the killed run kept only in memory (pending near-duplicate rows) is rebuilt from them.
lines_recovered = object()


class State:
    """The crawl's state store, opened on demand and released with the spider.

    Components reach it through ``crawler.get_extension(State).store`` (None when
    ``NEWSBOT_STATE_ENABLED`` is off, as in `scrapy probe`).
    """

    def __init__(self, crawler):
        settings = crawler.settings
        self.enabled = settings.getbool("NEWSBOT_STATE_ENABLED", True)
        self.path = (state_dir(settings) / "state.sqlite").resolve()
        self.batch = settings.getint("NEWSBOT_NEARDUP_BATCH", 512)
        self._store: SQLiteState | None = None
        self.refresh = False  # `-a refresh=1`: recrawl what was written, but still record it
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.close, signal=signals.spider_closed)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def store(self) -> StateStore | None:
        if self.enabled and self._store is None:
            self._store = open_shared(self.path, self.batch)
        return self._store if self.enabled else None

    def opened(self, spider):
        self.refresh = bool(getattr(spider, "refresh", False))

    def item_scraped(self, item, response, spider):
        """After the line is written: also record the key discovery gave the URL, when it is not the
        item's id (a redirect to another URL, for an outlet whose URLs carry no article number), so
        the next run does not request the URL it found again."""
        request = getattr(response, "request", None)
        key = request.meta.get("newsbot_key") if request is not None else None
        if self.enabled and key and key != ItemAdapter(item).get("id"):
            self.store.mark_written([key], spider.name)

    def close(self, spider=None):
        # spider_closed comes after the item pipelines have closed: nothing is left to index.
        if self._store is not None:
            self._store = None
            release_shared(self.path)


def state_of(crawler) -> State | None:
    """The crawl's State extension, or None outside a crawl (`scrapy extract`) or when disabled."""
    if getattr(crawler, "_extensions", None) is None:
        return None
    extension = crawler.get_extension(State)
    return extension if extension is not None and extension.enabled else None
