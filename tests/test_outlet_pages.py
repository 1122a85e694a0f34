"""Saved pages through their outlet's spider, compared with hand-made gold. The tests find themselves:

* every real capture under the captures folder (``../shared/captures/<domain>/<name>.html``), run
  through the spider that `newsbot.crawl.registry` picks for its URL;
* every synthetic page under ``tests/pages/<spider>/<name>.html`` (same .meta.json/.gold.json files),
  for spiders with no real capture (and for the generic spider).

Each page goes through ``build_article`` and the crawl's validation, in-process: the one path a crawl,
`scrapy extract` and the benches share. One smoke test checks that `scrapy extract` prints the same item.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from itemadapter import ItemAdapter
from scrapy.http import HtmlResponse
from scrapy.utils.project import get_project_settings

from newsbot.commands.outlets import page_tests
from newsbot.core.text import bag_of_words_f1, split_paragraphs
from newsbot.core.validation import ArticleValidator
from newsbot.crawl.registry import generic_spider, outlet_spiders, spider_for_url
from newsbot.defaults import setting
from newsbot.extraction.article import Page, Rules, build_article
from newsbot.extraction.fields import extract
from tests.conftest import captures_dir, load_capture, require_captures, run_scrapy

SYNTHETIC = Path(__file__).parent / "pages"
os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
SETTINGS = get_project_settings()
RULES = Rules.from_settings(SETTINGS)
VALIDATOR = ArticleValidator("article", setting(SETTINGS, "NEWSBOT_MIN_WORDS"), tuple(setting(SETTINGS, "NEWSBOT_LANGUAGES")))


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


def extracted(page: Path, spider) -> dict:
    """The page's article as a crawl would write it: build_article, then the crawl's validation."""
    meta, _ = load_capture(page)
    built = build_article(Page(meta["url"], page.read_bytes(), datetime.now(timezone.utc)), spider.profile, RULES)
    assert built.article is not None, f"dropped: {built.drop or 'javascript_body'} {built.detail}"
    item = ItemAdapter(built.article).asdict()
    assert VALIDATOR.problem(item) is None, VALIDATOR.problem(item)
    return item


def expected_offset(gold_published: str, item_published: str, profile):
    """The offset the date must carry: the gold's, or (for a date-only gold, or an outlet that labels
    its local time as UTC, whose gold copies the label) the outlet zone's at that moment."""
    gold = datetime.fromisoformat(gold_published) if "T" in gold_published else None
    if gold is not None and gold.tzinfo is not None and not profile.utc_is_local:
        return gold.utcoffset()
    assert profile.timezone, f"{profile.name} declares no timezone: dates without an offset cannot be read"
    return datetime.fromisoformat(item_published).replace(tzinfo=None).replace(tzinfo=ZoneInfo(profile.timezone)).utcoffset()


def check_page(page: Path) -> None:
    meta, gold = load_capture(page)
    spider = spider_for(page)
    assert spider is not None, f"no outlet spider claims {meta['url']}: add one (scrapy newoutlet)"
    assert not spider.profile.draft, f"{spider.name} is a draft: fill in {', '.join(spider.profile.missing)}"
    item = extracted(page, spider)

    assert item["outlet"] == spider.name
    assert item["title"] == gold["title"]
    assert item["authors"] == gold["authors"]
    assert item["published_at"], "no publication date"
    assert item["published_at"][:10] == gold["published"][:10]
    assert item["published_at"][19:20] in ("+", "-", "Z"), "publication time must carry an offset"
    offset = datetime.fromisoformat(item["published_at"]).utcoffset()
    assert offset == expected_offset(gold["published"], item["published_at"], spider.profile), "wrong time zone"
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
    raw = "\n".join(split_paragraphs(extract(response.selector, meta["url"], spider.profile).body))
    cleaned = extracted(page, spider)["body"]
    gold_text = "\n".join(gold["paragraphs"])
    assert bag_f1(cleaned, gold_text) >= bag_f1(raw, gold_text)


def test_every_spider_has_a_page_test():
    require_captures()
    covered = set(page_tests(SETTINGS))  # the same reckoning as the README's "page test" column
    spiders = {cls.name for cls in outlet_spiders(SETTINGS)} | {generic_spider(SETTINGS).name}
    assert spiders - covered == set(), "spiders without a saved-page test (real capture or tests/pages/<spider>/)"


def test_scrapy_extract_prints_the_article_build_article_makes():
    """The CLI smoke test: the real command, on a synthetic page, prints the in-process item."""
    page = sorted(SYNTHETIC.glob("*/*.html"))[0]
    meta, _ = load_capture(page)
    spider = spider_for(page)
    result = run_scrapy("extract", str(page), "--url", meta["url"], "--spider", spider.name, "--explain")
    assert result.returncode == 0, result.stderr.decode()
    printed, made = json.loads(result.stdout), extracted(page, spider)
    assert {k: v for k, v in printed.items() if k != "crawled_at"} == {k: v for k, v in made.items() if k != "crawled_at"}
    sources = result.stderr.decode().split("\nconsidered ", 1)[0]  # then every candidate of each field
    explained = dict(line.split(None, 1) for line in sources.splitlines() if line.strip() and "removed" not in line)
    built = build_article(Page(meta["url"], page.read_bytes(), datetime.now(timezone.utc)), spider.profile, RULES)
    assert explained == built.sources, "--explain describes the very item printed"
