"""Every saved page of an outlet through `scrapy extract`, compared with its hand-made gold."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from newsbot.text import fold_key
from tests.conftest import captures_for, load_capture, require_captures, run_scrapy

OUTLET_DOMAINS = ["youm7.com"]


def bag_f1(predicted: str, gold: str) -> float:
    """Bag-of-words F1 over folded words."""
    p, g = Counter(fold_key(predicted).split()), Counter(fold_key(gold).split())
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def test_bag_f1_measures_overlap():
    assert bag_f1("a b c d", "a b c d") == 1.0
    assert bag_f1("x y", "a b") == 0.0
    assert 0.6 < bag_f1("a b c", "a b c d e") < 0.8


def _pages():
    params = []
    for domain in OUTLET_DOMAINS:
        pages = captures_for(domain)
        params += [pytest.param(p, id=f"{domain}/{p.stem}") for p in pages] or [pytest.param(None, id=f"{domain}/absent")]
    return params


@pytest.mark.parametrize("page", _pages())
def test_saved_page_matches_gold(page):
    require_captures()
    assert page is not None, "the outlet has no saved page in the captures folder"
    meta, gold = load_capture(page)
    result = run_scrapy("extract", str(page), "--url", meta["url"])
    assert result.returncode == 0, result.stderr.decode()
    item = json.loads(result.stdout)

    assert item["title"] == gold["title"]
    assert item["authors"] == gold["authors"]
    assert item["published_at"][:10] == gold["published"][:10]
    assert item["published_at"][19:] not in ("",), "publication time must carry an offset"
    assert item["published_at"][19] in "+-Z"
    if gold.get("modified"):
        assert item["modified_at"][:10] == gold["modified"][:10]

    f1 = bag_f1(item["body"], "\n".join(gold["paragraphs"]))
    assert f1 >= 0.97, f"body F1 {f1:.3f}"
    body_paragraphs = item["body"].split("\n\n")
    for noise in gold["noise_in_container"]:
        assert noise not in body_paragraphs, f"noise kept as a paragraph: {noise!r}"
        assert noise not in item["body"] or any(noise in g for g in gold["paragraphs"]), f"noise in body: {noise!r}"
