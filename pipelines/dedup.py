"""Dedup: an article an earlier run wrote, or a second item with the same id, is dropped;
one with the same content as another is marked (``duplicate_of``)."""

from __future__ import annotations

from itemadapter import ItemAdapter

from newsbot.drops import drop
from newsbot.state import state_of


class DedupPipeline:
    def __init__(self, stats, content_action: str = "mark", state=None):
        if content_action not in ("mark", "drop"):
            raise ValueError("NEWSBOT_DEDUP_CONTENT must be 'mark' or 'drop'")
        self.stats = stats
        self.content_action = content_action
        self.state = state
        self.ids: set[str] = set()
        self.first_with_hash: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.get("NEWSBOT_DEDUP_CONTENT", "mark"), state_of(crawler))

    def process_item(self, item):
        adapter = ItemAdapter(item)
        item_id = adapter["id"]
        if item_id in self.ids:
            raise drop(self.stats, "duplicate_id", item_id)
        if self.state is not None and not self.state.refresh and self.state.store.written(item_id):
            # reached under another URL (a redirect, a new slug) than the one an earlier run wrote
            raise drop(self.stats, "written_before", item_id)
        self.ids.add(item_id)
        digest = adapter.get("content_hash")
        if digest:
            original = self.first_with_hash.setdefault(digest, item_id)
            if original != item_id:
                if self.content_action == "drop":
                    raise drop(self.stats, "duplicate_content", f"{item_id} repeats {original}")
                self.stats.inc_value("newsbot/dedup/duplicate_content")
                adapter["duplicate_of"] = original
        return item
