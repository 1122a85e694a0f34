"""Validation against the article JSON Schema; an invalid item is dropped under a named reason."""

from __future__ import annotations

from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from newsbot.crawl.drops import ArticleDropped, drop
from newsbot.core.item import article_schema
from newsbot.crawl.state import state_of

# The "text" profile validates a bare body (``scrapy extract file.txt``): no URL or title.
PROFILES = {
    "article": None,
    "text": {"url", "title"},
}


def _reason(error) -> str:
    if error.validator == "required":
        missing = next((f for f in error.validator_value if f not in error.instance), "field")
        return f"missing_{missing}"
    field = next(iter(error.absolute_path), None) or "item"
    if error.validator == "minLength" and field in ("title", "body"):
        return f"empty_{field}"
    return f"invalid_{field}"


class ValidatePipeline:
    def __init__(self, stats, profile: str = "article", min_words: int = 0, languages: tuple[str, ...] = ("ar",), state=None):
        if profile not in PROFILES:
            raise ValueError(f"NEWSBOT_VALIDATION_PROFILE must be one of {sorted(PROFILES)}, not {profile!r}")
        schema = dict(article_schema())
        relaxed = PROFILES[profile]
        if relaxed:
            schema["required"] = [f for f in schema["required"] if f not in relaxed]
        self.validator = Draft202012Validator(schema)
        self.stats = stats
        self.min_words = min_words
        self.languages = tuple(languages)
        self.state = state

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            crawler.stats,
            settings.get("NEWSBOT_VALIDATION_PROFILE", "article"),
            settings.getint("NEWSBOT_MIN_WORDS", 0),
            tuple(settings.getlist("NEWSBOT_LANGUAGES", ["ar"])),
            state_of(crawler),
        )

    def process_item(self, item):
        try:
            return self._validate(item)
        except ArticleDropped:
            if self.state is not None and ItemAdapter(item).get("id"):
                # an invalid page is retried on later runs, up to NEWSBOT_RETRY_DROPPED times
                self.state.store.mark_dropped(ItemAdapter(item)["id"], ItemAdapter(item).get("outlet") or "")
            raise

    def _validate(self, item):
        data = ItemAdapter(item).asdict()
        # Drop empty values first so that a missing title reads "missing_title", not "invalid_title".
        present = {k: v for k, v in data.items() if v not in (None, "", [])}
        for key in ("authors", "tags"):
            present.setdefault(key, [])
        error = best_match(self.validator.iter_errors(present))
        if error is not None:
            raise drop(self.stats, _reason(error), f"{data.get('url') or data.get('id')}: {error.message[:200]}")
        if self.languages and data.get("language") not in self.languages:
            raise drop(self.stats, "language", f"{data.get('url') or data.get('id')}: {data.get('language')}")
        if (data.get("word_count") or 0) < self.min_words:
            raise drop(self.stats, "too_short", f"{data.get('url')}: {data.get('word_count')} words")
        return item
