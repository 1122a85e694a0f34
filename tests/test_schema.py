"""The article contract: item and JSON Schema agree; lines of earlier 1.x versions still validate."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from newsbot.core.item import ARTICLE_FIELDS, SCHEMA_VERSION, Article, article_schema

DATA = Path(__file__).parent / "data" / "schema"


def test_schema_is_valid_draft_2020_12():
    schema = article_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_item_fields_and_schema_properties_agree():
    assert set(ARTICLE_FIELDS) == set(article_schema()["properties"])
    assert set(article_schema()["required"]) == {"id", "url", "outlet", "title", "body", "crawled_at"}


def test_schema_version_is_semver_and_matches_the_schema_pattern():
    major, minor, patch = (int(x) for x in SCHEMA_VERSION.split("."))
    assert Article().schema_version == SCHEMA_VERSION
    Draft202012Validator(article_schema()["properties"]["schema_version"]).validate(SCHEMA_VERSION)
    assert major == 1


@pytest.mark.parametrize("path", sorted(DATA.glob("article-*.jsonl")), ids=lambda p: p.stem)
def test_lines_written_by_earlier_versions_still_validate(path):
    """Within a major version fields are only added: an old reader's line stays valid."""
    validator = Draft202012Validator(article_schema())
    lines = path.read_text("utf-8").splitlines()
    assert lines
    for line in lines:
        record = json.loads(line)
        assert record["schema_version"].split(".")[0] == SCHEMA_VERSION.split(".")[0]
        errors = list(validator.iter_errors(record))
        assert not errors, [e.message for e in errors]


def test_a_new_line_from_the_item_validates():
    record = {f.name: getattr(Article(), f.name) for f in fields(Article)} | {
        "id": "youm7:1", "url": "https://www.youm7.com/story/2026/1/1/x/1", "outlet": "youm7",
        "title": "عنوان", "body": "نص", "crawled_at": "2026-11-29T06:00:00+00:00",
    }
    Draft202012Validator(article_schema()).validate(record)
    bad = record | {"published_at": "2026-11-29 06:00"}
    assert list(Draft202012Validator(article_schema()).iter_errors(bad))


def test_a_1_2_0_line_without_the_rights_fields_of_1_3_0_still_validates():
    """1.3.0 added robots_ai, free_access and license: optional, so a line written before them is valid."""
    line = {
        "id": "ccnews.example:0123456789abcdef0123456789abcdef", "url": "https://www.ccnews.example/a/1", "outlet": "ccnews.example",
        "title": "عنوان", "body": "نص", "crawled_at": "2024-03-05T10:00:00+00:00", "agency": None, "related": [], "origin": "ccnews",
        "archive": {"file": "crawl-data/CC-NEWS/2024/03/CC-NEWS-20240305100000-00001.warc.gz", "offset": 0, "record_id": "<urn:uuid:1>"},
        "schema_version": "1.2.0",
    }
    validator = Draft202012Validator(article_schema())
    assert not list(validator.iter_errors(line))
    assert {"robots_ai", "free_access", "license"} <= set(article_schema()["properties"]) - set(line)
