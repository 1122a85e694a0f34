"""Dedup: an article an earlier run wrote, or a second item with the same id, is dropped;
a near-duplicate of an article written before, by any outlet within
``NEWSBOT_NEARDUP_DAYS``, carries ``duplicate_of`` (or is dropped with
``NEWSBOT_DROP_DUPLICATES``)."""

from __future__ import annotations

from itemadapter import ItemAdapter

from newsbot.core import neardup
from newsbot.crawl.drops import drop
from newsbot.crawl.state import lines_recovered, state_of
from newsbot.stores.sqlite import SQLiteState, today


class DedupPipeline:
    def __init__(self, stats, store, *, refresh: bool = False, drop_duplicates: bool = False, days: int = 30, threshold: float = 0.5):
        self.stats = stats
        self.store = store
        self.refresh = refresh
        self.drop_duplicates = drop_duplicates
        self.days = days
        self.threshold = threshold
        self.ids: set[str] = set()
        self._own_store = False

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        state = state_of(crawler)
        pipeline = cls(
            crawler.stats,
            # Without persistent state (`scrapy extract`, `-s NEWSBOT_STATE_ENABLED=0`) the run still
            # recognises copies among its own articles, in a store that lives as long as the run.
            state.store if state is not None else SQLiteState(None),
            refresh=state is not None and state.refresh,
            drop_duplicates=settings.getbool("NEWSBOT_DROP_DUPLICATES", False),
            days=settings.getint("NEWSBOT_NEARDUP_DAYS", 30),
            threshold=settings.getfloat("NEWSBOT_NEARDUP_THRESHOLD", 0.5),
        )
        pipeline._own_store = state is None
        crawler.signals.connect(pipeline.reindex, signal=lines_recovered)
        return pipeline

    def reindex(self, records: list[dict]) -> None:
        """Index the first copies among a killed run's lines that its pending rows took with it."""
        for record in records:
            if not record.get("duplicate_of"):
                self.first_copy(record["id"], record.get("body"))
        self.store.flush()  # now: the file is renamed next, and never read again

    def first_copy(self, item_id: str, body: str | None) -> tuple[str, float] | None:
        """The (id, similarity) of the indexed article this body repeats, or None; a new body is indexed."""
        signature = neardup.signature(body or "")
        if signature is None:
            return None
        matches = [(other, score) for other, score in self.store.similar(signature, today() - self.days) if score >= self.threshold]
        if any(other == item_id for other, _ in matches):
            return None  # indexed already: by an earlier run that was killed before writing it, or a refresh
        if not matches:
            self.store.index_signature(item_id, signature, today())
            return None
        return matches[0]  # the first copy indexed; duplicates are never indexed

    def open_spider(self):
        pruned = self.store.prune_signatures(today() - self.days)
        if pruned:
            self.stats.inc_value("newsbot/dedup/pruned", pruned)

    def close_spider(self):
        if self._own_store:
            self.store.close()

    def process_item(self, item):
        adapter = ItemAdapter(item)
        item_id = adapter["id"]
        if item_id in self.ids:
            raise drop(self.stats, "duplicate_id", item_id)
        if not self.refresh and self.store.written(item_id):
            # reached under another URL (a redirect, a new slug) than the one an earlier run wrote
            raise drop(self.stats, "written_before", item_id)
        self.ids.add(item_id)
        copy_of = self.first_copy(item_id, adapter.get("body"))
        if copy_of is None:
            return item
        original, score = copy_of
        if self.drop_duplicates:
            # Settled like a written article: its story is in the output, so later runs do not fetch it again.
            self.store.mark_written([item_id], adapter.get("outlet") or "")
            raise drop(self.stats, "near_duplicate", f"{item_id} repeats {original} (similarity {score:.2f})")
        self.stats.inc_value("newsbot/dedup/near_duplicate")
        adapter["duplicate_of"] = original
        return item
