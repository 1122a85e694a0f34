"""Text cleanup: normalised title and lead, body split into clean paragraphs, hashes."""

from __future__ import annotations

from itemadapter import ItemAdapter

from newsbot.identity import content_hash
from newsbot.text import join_paragraphs, normalise, split_paragraphs, word_count


class CleanPipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        adapter = ItemAdapter(item)
        for name in ("title", "lead", "section", "source"):
            if adapter.get(name):
                adapter[name] = normalise(adapter[name]) or None
        for name in ("authors", "tags"):
            adapter[name] = [v for v in (normalise(x) for x in adapter.get(name) or []) if v]
        paragraphs = split_paragraphs(adapter.get("body") or "")
        # The Arabic noise cleaner ("اقرأ أيضاً", "المصدر", "مقالات مشابهة"...) runs here,
        # on these paragraphs, before the hash and the word count are taken.
        body = join_paragraphs(paragraphs)
        adapter["body"] = body
        adapter["word_count"] = word_count(body)
        adapter["content_hash"] = content_hash(body) if body else None
        return item
