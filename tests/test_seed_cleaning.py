"""The article the project was specified from: `scrapy extract` on it gives its clean form."""

from __future__ import annotations

import json
import re

from newsbot.core.noise import markdown_table, shipped_tables
from tests.conftest import REPO, require_seed, run_scrapy

PERSIAN_LETTERS = re.compile("[\u06a9\u06cc\u06d5\u06f0-\u06f9]")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_seed_article_cleans_to_its_expected_form():
    seed = require_seed()
    expected = json.loads((seed / "expected.json").read_text("utf-8"))
    result = run_scrapy("extract", str(seed / "aggregator-article.txt"))
    assert result.returncode == 0, result.stderr.decode()
    item = json.loads(result.stdout)
    paragraphs = item["body"].split("\n\n")
    assert len(paragraphs) == len(expected["paragraphs"])
    for got, want in zip(paragraphs, expected["paragraphs"]):
        # whitespace is ignored; at the repaired joint, dots and spaces too
        assert _squash(got) == _squash(want) or _squash(got).replace(".", "") == _squash(want).replace(".", ""), (got, want)
    for noise in expected["must_not_contain"]:
        assert noise not in item["body"], noise
    assert item["source"] == expected["source"]
    for headline in expected["related_headlines"]:
        assert headline in item["related"]
    assert item["tags"] and not any(PERSIAN_LETTERS.search(tag) for tag in item["tags"])
    assert all(headline not in item["body"] for headline in expected["similar_articles"])


def test_readme_rule_table_matches_the_catalogue():
    readme = (REPO / "README.md").read_text("utf-8")
    block = readme.split("<!-- noise-rules:start -->\n", 1)[1].split("<!-- noise-rules:end -->", 1)[0]
    assert block == markdown_table(shipped_tables()), "README drifted: paste `python -m newsbot.core.noise` between the markers"
