"""The article item: the contract with downstream users (see newsbot/schema/)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib.resources import files

import orjson

# Semver: within a major version fields are only added, never removed or retyped.
SCHEMA_VERSION = "1.3.0"
SCHEMA_RESOURCE = "article.schema.json"


@dataclass
class Article:
    id: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    outlet_name: str | None = None
    country: str | None = None
    language: str | None = None
    title: str | None = None
    lead: str | None = None
    body: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    crawled_at: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    source: str | None = None
    agency: str | None = None
    related: list[str] = field(default_factory=list)
    word_count: int | None = None
    content_hash: str | None = None
    duplicate_of: str | None = None
    origin: str | None = "web"  # or "ccnews"
    archive: dict | None = None  # {file, offset, record_id} of an archived page
    # What the outlet says about reuse (1.3.0): the AI crawlers its robots.txt disallows for this URL
    # (None: no robots.txt was read), JSON-LD isAccessibleForFree, the licence link the page declares.
    robots_ai: list[str] | None = None
    free_access: bool | None = None
    license: str | None = None
    schema_version: str = SCHEMA_VERSION


ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


@lru_cache(maxsize=1)
def article_schema() -> dict:
    """The JSON Schema (draft 2020-12) every written line validates against."""
    return json.loads(files("newsbot.core.schema").joinpath(SCHEMA_RESOURCE).read_text("utf-8"))


def encode_line(item: Article | dict) -> bytes:
    """One JSON line of an article, raw UTF-8 (no \\u escapes); orjson reads the dataclass itself.

    (Not through itemadapter, which imports Scrapy: this module stays pure.)
    """
    return orjson.dumps(item, option=orjson.OPT_APPEND_NEWLINE)
