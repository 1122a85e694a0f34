"""Saved pages through their outlet's spider, compared with hand-made gold. The tests find themselves:

* every real capture under the captures folder (``../shared/captures/<domain>/<name>.html``), run
  through the spider that `newsbot.crawl.registry` picks for its URL;
* every synthetic page under ``tests/pages/<spider>/<name>.html`` (same .meta.json/.gold.json files),
  for spiders with no real capture (and for the generic spider).

Each page goes through the real `scrapy extract` path.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.project import get_project_settings

from newsbot.commands.outlets import page_tests
from newsbot.extraction import extract
from newsbot.outlets.profile import OutletProfile
from newsbot.crawl.registry import generic_spider, outlet_spiders, spider_for_url
from newsbot.core.text import bag_of_words_f1, split_paragraphs
from tests.conftest import captures_dir, load_capture, require_captures, run_scrapy

SYNTHETIC = Path(__file__).parent / "pages"
os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
SETTINGS = get_project_settings()


bag_f1 = bag_of_words_f1


def test_bag_f1_measures_overlap():
    assert bag_f1("a b c d", "a b c d") == 1.0
    assert bag_f1("x y", "a b") == 0.0
    assert 0.6 < bag_f1("a b c", "a b c d e") < 0.8


def spider_for(page: Path):
    """The spider a page belongs to: by its URL (real captures), by its folder (synthetic pages)."""
    if page.is_relative_to(SYNTHETIC):
        name = page.parent.name
        return next((cls for cls in [*outlet_spiders(SETTINGS), generic_spider(SETTINGS)] if cls.name == name), None)
    meta, _ = load_capture(page)
    return spider_for_url(meta["url"], SETTINGS)


def _real_pages() -> list:
    pages = sorted(captures_dir().glob("*/*.html"))
    return [pytest.param(p, id=f"{p.parent.name}/{p.stem}") for p in pages] or [pytest.param(None, id="captures-absent")]


def _synthetic_pages() -> list:
    return [pytest.param(p, id=f"synthetic/{p.parent.name}/{p.stem}") for p in sorted(SYNTHETIC.glob("*/*.html"))]


def check_page(page: Path) -> None:
    meta, gold = load_capture(page)
    spider = spider_for(page)
    assert spider is not None, f"no outlet spider claims {meta['url']}: add one (scrapy newoutlet)"
    result = run_scrapy("extract", str(page), "--url", meta["url"], "--spider", spider.name)
    assert result.returncode == 0, result.stderr.decode()
    item = json.loads(result.stdout)

    assert item["outlet"] == spider.name
    assert item["title"] == gold["title"]
    assert item["authors"] == gold["authors"]
    assert item["published_at"], "no publication date"
    assert item["published_at"][:10] == gold["published"][:10]
    assert item["published_at"][19:20] in ("+", "-", "Z"), "publication time must carry an offset"
    if gold.get("modified"):
        assert item["modified_at"] and item["modified_at"][:10] == gold["modified"][:10]
    f1 = bag_f1(item["body"], "\n".join(gold["paragraphs"]))
    assert f1 >= 0.97, f"body F1 {f1:.3f}"
    for noise in gold["noise_in_container"]:
        if not any(noise in paragraph for paragraph in gold["paragraphs"]):
            assert noise not in item["body"], f"noise in body: {noise!r}"


@pytest.mark.parametrize("page", _real_pages())
def test_real_page_matches_gold(page):
    require_captures()
    check_page(page)


@pytest.mark.parametrize("page", _synthetic_pages())
def test_synthetic_page_matches_gold(page):
    check_page(page)


@pytest.mark.parametrize("page", _real_pages())
def test_cleaner_never_lowers_body_f1(page):
    require_captures()
    meta, gold = load_capture(page)
    spider = spider_for(page) or generic_spider(SETTINGS)
    response = HtmlResponse(url=meta["url"], body=page.read_bytes())
    raw = "\n".join(split_paragraphs(extract(response.selector, meta["url"], OutletProfile.from_spider(spider)).body))
    cleaned = json.loads(run_scrapy("extract", str(page), "--url", meta["url"], "--spider", spider.name).stdout)["body"]
    gold_text = "\n".join(gold["paragraphs"])
    assert bag_f1(cleaned, gold_text) >= bag_f1(raw, gold_text)


def test_every_spider_has_a_page_test():
    require_captures()
    covered = set(page_tests(SETTINGS))  # the same reckoning as the README's "page test" column
    spiders = {cls.name for cls in outlet_spiders(SETTINGS)} | {generic_spider(SETTINGS).name}
    assert spiders - covered == set(), "spiders without a saved-page test (real capture or tests/pages/<spider>/)"
