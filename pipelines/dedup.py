"""In-run dedup: a second item with the same id is dropped; one with the same content is marked."""

from __future__ import annotations

from itemadapter import ItemAdapter

from newsbot.drops import drop


class DedupPipeline:
    def __init__(self, stats, content_action: str = "mark"):
        if content_action not in ("mark", "drop"):
            raise ValueError("NEWSBOT_DEDUP_CONTENT must be 'mark' or 'drop'")
        self.stats = stats
        self.content_action = content_action
        self.ids: set[str] = set()
        self.first_with_hash: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.get("NEWSBOT_DEDUP_CONTENT", "mark"))

    def process_item(self, item):
        adapter = ItemAdapter(item)
        item_id = adapter["id"]
        if item_id in self.ids:
            raise drop(self.stats, "duplicate_id", item_id)
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
