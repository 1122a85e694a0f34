"""Dedup: a second item with the same id in a run, or an article another run wrote (or is writing:
the id is claimed atomically in the state), is dropped; a near-duplicate of an article written
before, by any outlet within ``NEWSBOT_NEARDUP_DAYS``, carries ``duplicate_of`` (or is dropped with
``NEWSBOT_DROP_DUPLICATES``)."""

from __future__ import annotations

from itemadapter import ItemAdapter

from newsbot.core import neardup
from newsbot.crawl import stats as keys
from newsbot.crawl.drops import drop
from newsbot.crawl.state import claimant, lines_recovered, state_of
from newsbot.defaults import setting
from newsbot.stores.protocols import ClaimStore, NearDupIndex
from newsbot.stores.sqlite import SQLiteState, SQLiteStores, today


class DedupPipeline:
    def __init__(
        self, stats, claims: ClaimStore, index: NearDupIndex, *, refresh: bool = False,
        drop_duplicates: bool = False, days: int = 30, threshold: float = 0.5,
        faults: tuple[type[BaseException], ...] = SQLiteStores.faults,
    ):
        self.faults = faults
        self.stats = stats
        self.claims = claims
        self.index = index
        self.refresh = refresh
        self.drop_duplicates = drop_duplicates
        self.days = days
        self.threshold = threshold
        self.ids: set[str] = set()
        self._own: SQLiteState | None = None  # the run's own in-memory store, closed with it

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        state = state_of(crawler)
        # Without persistent state (`-s NEWSBOT_STATE_ENABLED=0`, as in `scrapy probe`) the run still
        # recognises copies among its own articles, in a store that lives as long as the run.
        own = SQLiteState(None) if state is None else None
        pipeline = cls(
            crawler.stats,
            own or state.stores.claims,
            own or state.stores.neardup,
            refresh=setting(settings, "NEWSBOT_REFRESH"),
            drop_duplicates=setting(settings, "NEWSBOT_DROP_DUPLICATES"),
            days=setting(settings, "NEWSBOT_NEARDUP_DAYS"),
            threshold=setting(settings, "NEWSBOT_NEARDUP_THRESHOLD"),
            faults=SQLiteStores.faults if state is None else state.faults,
        )
        pipeline._own = own
        crawler.signals.connect(pipeline.reindex, signal=lines_recovered)
        return pipeline

    def reindex(self, records: list[dict]) -> None:
        """Index the first copies among a killed run's lines that its pending rows took with it."""
        for record in records:
            if not record.get("duplicate_of"):
                self.first_copy(record["id"], record.get("body"))
        self.index.flush()  # now: the file is renamed next, and never read again

    def first_copy(self, item_id: str, body: str | None) -> tuple[str, float] | None:
        """The (id, similarity) of the indexed article this body repeats, or None; a new body is indexed."""
        signature = neardup.signature(body or "")
        if signature is None:
            return None
        # atomic in the store: of two copies crawled at once on two machines, one is the first
        return self.index.first_copy(item_id, signature, today(), today() - self.days, self.threshold)

    def open_spider(self):
        pruned = self.index.prune_signatures(today() - self.days)
        if pruned:
            self.stats.inc_value(keys.PRUNED, pruned)

    def close_spider(self):
        if self._own is not None:
            self._own.close()

    def process_item(self, item):
        adapter = ItemAdapter(item)
        item_id = adapter["id"]
        if item_id in self.ids:
            raise drop(self.stats, "duplicate_id", item_id)
        try:
            claimed = self.refresh or self.claims.claim(item_id, claimant(item))
        except self.faults as exc:  # locked past its busy timeout, or a full disk
            self.stats.inc_value(keys.STATE_ERRORS)
            raise drop(self.stats, "state_error", f"{item_id}: claim failed: {type(exc).__name__}: {exc}") from None
        if not claimed:
            # written (or being written) by another run: reached under another URL (a redirect,
            # a new slug) than the one an earlier run wrote
            raise drop(self.stats, "written_before", item_id)
        self.ids.add(item_id)
        try:
            copy_of = self.first_copy(item_id, adapter.get("body"))
        except self.faults as exc:  # the claim stays open: the next run of this node fetches the article again
            self.stats.inc_value(keys.STATE_ERRORS)
            raise drop(self.stats, "state_error", f"{item_id}: near-duplicate index failed: {type(exc).__name__}: {exc}") from None
        if copy_of is None:
            return item
        original, score = copy_of
        if self.drop_duplicates:
            # The state settles it like a written article: its story is in the output, so later runs do not fetch it again.
            raise drop(self.stats, "near_duplicate", f"{item_id} repeats {original} (similarity {score:.2f})")
        self.stats.inc_value(keys.NEAR_DUPLICATE)
        adapter["duplicate_of"] = original
        return item
