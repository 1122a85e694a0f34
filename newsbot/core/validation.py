"""Validation of an article record against the published JSON Schema, with a named reason (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from newsbot.core.item import article_schema

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


class ArticleValidator:
    def __init__(self, profile: str = "article", min_words: int = 0, languages: tuple[str, ...] = ("ar",)):
        if profile not in PROFILES:
            raise ValueError(f"NEWSBOT_VALIDATION_PROFILE must be one of {sorted(PROFILES)}, not {profile!r}")
        schema = dict(article_schema())
        relaxed = PROFILES[profile]
        if relaxed:
            schema["required"] = [f for f in schema["required"] if f not in relaxed]
        self.validator = Draft202012Validator(schema)
        self.min_words = min_words
        self.languages = tuple(languages)

    def problem(self, record: Mapping[str, Any]) -> tuple[str, str] | None:
        """(reason, detail) when the record may not be written, else None."""
        # Drop empty values first so that a missing title reads "missing_title", not "invalid_title".
        present = {k: v for k, v in record.items() if v not in (None, "", [])}
        for key in ("authors", "tags"):
            present.setdefault(key, [])
        where = record.get("url") or record.get("id")
        error = best_match(self.validator.iter_errors(present))
        if error is not None:
            return _reason(error), f"{where}: {error.message[:200]}"
        if self.languages and record.get("language") not in self.languages:
            return "language", f"{where}: {record.get('language')}"
        if (record.get("word_count") or 0) < self.min_words:
            return "too_short", f"{record.get('url')}: {record.get('word_count')} words"
        return None
