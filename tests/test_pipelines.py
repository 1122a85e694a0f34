"""Pipelines: validate (named drops), dedup, and the JSONL writer's crash safety; and the cleaning
every article gets in build_article."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import orjson
import pytest
from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.spiders import Spider
from scrapy.statscollectors import MemoryStatsCollector

from newsbot.core.item import Article
from newsbot.core.text import split_paragraphs
from newsbot.crawl.drops import ArticleDropped
from newsbot.extraction.article import Page, Rules, build_article, clean_article
from newsbot.outlets.profile import OutletProfile
from pipelines.dedup import DedupPipeline
from pipelines.jsonl import JsonlWriterPipeline, finalise_leftovers, finalise_part
from pipelines.validate import ValidatePipeline

BODY = "قالت الوزارة في بيان رسمي إن المشروع الجديد سيبدأ العام المقبل في عدة محافظات. " * 4


class OutletSpider(Spider):
    name = "outlet"


def crawler(**settings) -> Crawler:
    c = Crawler(OutletSpider, Settings(settings))
    c.stats = MemoryStatsCollector(c)
    c.spider = OutletSpider()
    return c


def article(**fields) -> Article:
    base = dict(
        id="outlet:1", url="https://www.news.test/story/1", outlet="outlet", title="عنوان الخبر", language="ar",
        body=BODY, crawled_at="2026-11-29T06:00:00+00:00",
    )
    return Article(**(base | fields))


def cleaned(item: Article) -> Article:
    """The article as build_article finishes every article: language, cleaning, hashes."""
    clean_article(item, split_paragraphs(item.body or ""), Rules())
    return item


def test_build_article_normalises_once_and_hashes():
    page = (
        '<html><head><meta name="author" content=" أسماء  نصار "></head><body><h1>  عنوان\u200f  الخبر </h1>'
        '<div class="article-body"><p>فقرة أولى\u200b هنا</p>\n\n\n  \n<p>فقرة ثانية ک</p></div></body></html>'
    )
    built = build_article(Page("https://www.news.test/story/1", page.encode(), datetime.now(timezone.utc)), OutletProfile(name="outlet", selectors={"body": ".article-body"}))
    item = built.article
    assert item.title == "عنوان الخبر"
    assert item.body == "فقرة أولى هنا\n\nفقرة ثانية ك"
    assert item.authors == ["أسماء نصار"]
    assert item.word_count == 6
    assert item.content_hash.startswith("xxh3_128:")


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"title": None}, "missing_title"),
        ({"title": ""}, "missing_title"),
        ({"body": ""}, "missing_body"),
        ({"url": "ftp://x"}, "invalid_url"),
        ({"published_at": "yesterday"}, "invalid_published_at"),
        ({"body": "قصير جدا"}, "too_short"),
    ],
)
def test_validate_drops_with_named_reason(fields, reason):
    c = crawler(NEWSBOT_MIN_WORDS=30)
    item = cleaned(article(**fields))
    with pytest.raises(ArticleDropped) as raised:
        ValidatePipeline.from_crawler(c).process_item(item)
    assert raised.value.reason == reason
    assert c.stats.get_value(f"newsbot/drop/{reason}") == 1


def test_validate_passes_a_good_item_and_the_text_profile_needs_no_url_or_title():
    c = crawler(NEWSBOT_MIN_WORDS=30)
    good = cleaned(article())
    assert ValidatePipeline.from_crawler(c).process_item(good) is good
    text_only = cleaned(article(url=None, title=None))
    with pytest.raises(ArticleDropped):
        ValidatePipeline.from_crawler(c).process_item(text_only)
    c_text = crawler(NEWSBOT_VALIDATION_PROFILE="text")
    assert ValidatePipeline.from_crawler(c_text).process_item(text_only) is text_only


def test_dedup_drops_same_id_and_marks_near_duplicates():
    c = crawler()
    dedup = DedupPipeline.from_crawler(c)
    first = dedup.process_item(cleaned(article(id="outlet:1")))
    assert first.duplicate_of is None
    with pytest.raises(ArticleDropped) as raised:
        dedup.process_item(cleaned(article(id="outlet:1", title="عنوان آخر")))
    assert raised.value.reason == "duplicate_id"
    # same body, different spelling of hamza and spacing: same folded content
    copy = dedup.process_item(cleaned(article(id="outlet:2", body=BODY.replace("إن", "ان") + "  ")))
    assert copy.duplicate_of == "outlet:1"
    assert c.stats.get_value("newsbot/dedup/near_duplicate") == 1
    other = dedup.process_item(cleaned(article(id="outlet:4", body=" ".join(reversed(BODY.split())))))
    assert other.duplicate_of is None, "the same words in another order are another text"
    c_drop = crawler(NEWSBOT_DROP_DUPLICATES=True)
    dedup_drop = DedupPipeline.from_crawler(c_drop)
    dedup_drop.process_item(cleaned(article(id="outlet:1")))
    with pytest.raises(ArticleDropped) as raised:
        dedup_drop.process_item(cleaned(article(id="outlet:3")))
    assert raised.value.reason == "near_duplicate"


def _writer(tmp_path: Path) -> tuple[JsonlWriterPipeline, Crawler]:
    c = crawler(NEWSBOT_DATA_DIR=str(tmp_path))
    return JsonlWriterPipeline.from_crawler(c), c


def test_writer_writes_raw_utf8_lines_and_renames_on_close(tmp_path):
    writer, c = _writer(tmp_path)
    writer.open_spider()
    parts = list(tmp_path.glob("outlet/*/*.jsonl.part"))
    assert len(parts) == 1 and not list(tmp_path.glob("outlet/*/*.jsonl"))
    writer.process_item(article(id="outlet:1"))
    writer.process_item(article(id="outlet:2"))
    # lines are on disk before the run ends
    assert parts[0].read_bytes().count(b"\n") == 2
    writer.close_spider()
    (final,) = tmp_path.glob("outlet/*/*.jsonl")
    assert not final.name.endswith(".part")
    raw = final.read_bytes()
    assert "عنوان الخبر".encode() in raw and b"\\u" not in raw
    assert [json.loads(line)["id"] for line in raw.splitlines()] == ["outlet:1", "outlet:2"]
    assert c.stats.get_value("newsbot/jsonl/written") == 2
    assert c.stats.get_value("newsbot/jsonl/path") == str(final)


def test_writer_leaves_no_file_for_an_empty_run(tmp_path):
    writer, _ = _writer(tmp_path)
    writer.open_spider()
    writer.close_spider()
    assert not list(tmp_path.rglob("*.jsonl*"))


def test_finalise_trims_a_torn_last_line(tmp_path):
    day = tmp_path / "outlet" / "2026-11-28"
    day.mkdir(parents=True)
    part = day / "run1.jsonl.part"
    whole = orjson.dumps({"id": "outlet:1", "title": "عنوان"}) + b"\n"
    part.write_bytes(whole + whole + '{"id": "outlet:3", "title": "عن'.encode())
    final, trimmed = finalise_part(part)
    assert final == day / "run1.jsonl" and trimmed > 0
    assert [json.loads(line)["id"] for line in final.read_bytes().splitlines()] == ["outlet:1", "outlet:1"]
    torn_only = day / "run2.jsonl.part"
    torn_only.write_bytes(b'{"id": "out')
    assert finalise_part(torn_only) == (None, 11)
    assert not torn_only.exists()


def test_next_run_finalises_leftovers_but_not_a_live_run(tmp_path):
    live, _ = _writer(tmp_path)
    live.open_spider()  # a concurrent run holding its file
    live.process_item(article(id="outlet:9"))
    day = tmp_path / "outlet" / "2026-11-28"
    day.mkdir(parents=True)
    (day / "dead.jsonl.part").write_bytes(b'{"id": "outlet:1"}\n{"id"')
    nxt, c = _writer(tmp_path)
    nxt.open_spider()
    assert (day / "dead.jsonl").exists()
    assert c.stats.get_value("newsbot/jsonl/finalised_leftover") == 1
    assert live.part_path.exists(), "a live run's file must not be finalised under it"
    live.close_spider()
    nxt.close_spider()


WRITER_SCRIPT = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {repo!r})
    from tests.test_pipelines import _writer, article
    from pathlib import Path
    writer, _ = _writer(Path({data!r}))
    writer.open_spider()
    i = 0
    while True:
        writer.process_item(article(id=f"outlet:{{i}}", body="نص " * 2000))
        i += 1
        if i == 50:
            print("ready", flush=True)
    """
)


def test_sigkill_mid_run_leaves_only_whole_lines_after_the_next_run(tmp_path):
    repo = str(Path(__file__).resolve().parent.parent)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER_SCRIPT.format(repo=repo, data=str(tmp_path))], stdout=subprocess.PIPE
    )
    assert proc.stdout.readline().strip() == b"ready"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert list(tmp_path.glob("outlet/*/*.jsonl.part"))
    results = finalise_leftovers(tmp_path / "outlet")
    assert results and all(final is not None for _, final, _ in results)
    (final,) = tmp_path.glob("outlet/*/*.jsonl")
    lines = final.read_bytes().splitlines()
    assert len(lines) >= 50
    assert all(ItemAdapter(json.loads(line)).get("id") for line in lines)
