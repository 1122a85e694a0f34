"""Text cleanup: the Arabic noise cleaner on the body, faithful normalisation, hashes.

The body's paragraphs are normalised (newsbot.core.text.normalise), then the noise
catalogue (newsbot/noise_rules.toml + NEWSBOT_NOISE_RULES) removes what is not
the article's own text and keeps what it carried in ``source``, ``tags``,
``related`` and ``agency``. Every removal is counted as
``newsbot/clean/<rule>``.
"""

from __future__ import annotations

from itemadapter import ItemAdapter

from newsbot.core.identity import content_hash
from newsbot.core.language import detect_language
from newsbot.core.noise import clean_paragraphs, load_catalogue
from newsbot.core.text import join_paragraphs, normalise, split_paragraphs, word_count


class CleanPipeline:
    def __init__(self, stats, rule_files: tuple[str, ...] = (), min_body_words: int = 15):
        self.stats = stats
        self.catalogue = load_catalogue(tuple(rule_files))
        self.min_body_words = min_body_words

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            crawler.stats,
            tuple(settings.getlist("NEWSBOT_NOISE_RULES", [])),
            settings.getint("NEWSBOT_CLEAN_MIN_BODY_WORDS", 15),
        )

    def process_item(self, item):
        adapter = ItemAdapter(item)
        # Language first, on the text as the page wrote it: normalising ک→ك and ی→ي erases
        # half of what tells Persian from Arabic. `lang` attributes are not trusted.
        detected = detect_language(f"{adapter.get('title') or ''}\n{adapter.get('body') or ''}")
        if detected:
            adapter["language"] = detected
        for name in ("title", "lead", "section", "source"):
            if adapter.get(name):
                adapter[name] = normalise(adapter[name]) or None
        for name in ("authors", "tags"):
            adapter[name] = [v for v in (normalise(x) for x in adapter.get(name) or []) if v]

        cleaned = clean_paragraphs(split_paragraphs(adapter.get("body") or ""), self.catalogue, self.min_body_words)
        for rule, count in cleaned.removed.items():
            self.stats.inc_value(f"newsbot/clean/{rule}", count)
        if cleaned.source and not adapter.get("source"):
            adapter["source"] = cleaned.source
        adapter["tags"] = list(dict.fromkeys(adapter["tags"] + cleaned.tags))
        adapter["related"] = list(dict.fromkeys((adapter.get("related") or []) + cleaned.related))
        if cleaned.agency and not adapter.get("agency"):
            adapter["agency"] = cleaned.agency

        body = join_paragraphs(cleaned.paragraphs)
        adapter["body"] = body
        adapter["word_count"] = word_count(body)
        adapter["content_hash"] = content_hash(body) if body else None
        return item
