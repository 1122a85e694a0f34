"""End to end: the real, unmodified `scrapy crawl youm7` against the local web.

The local web is a proxy on 127.0.0.1 that answers for www.youm7.com with a
synthetic site (newsbot/localweb/site.py): good articles and every bad case.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from newsbot.core.item import article_schema
from newsbot.dev.localweb import LocalWeb, SyntheticYoum7
from spiders.youm7 import Youm7Spider
from tests.conftest import REPO, output_files

pytestmark = pytest.mark.e2e  # subprocess crawls against the local web

ARABIC = re.compile("[\u0600-\u06ff]")
CRAWL_SETTINGS = ["-s", "DOWNLOAD_TIMEOUT=2", "-s", "LOG_LEVEL=INFO"]


def crawl_args(data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "youm7", "-s", f"NEWSBOT_DATA_DIR={data_dir}", *CRAWL_SETTINGS]


def run_crawl(web: LocalWeb, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(crawl_args(data_dir), cwd=REPO, env={**os.environ, **web.proxy_env()}, capture_output=True, text=True, timeout=120)


def run_section(result: subprocess.CompletedProcess, outlet: str = "youm7") -> dict:
    """The outlet's section of the run's report (runs/<run_id>.json), found through the path the command prints."""
    path = re.search(r"report: (\S+)", result.stdout).group(1)
    return json.loads(Path(path).read_text("utf-8"))["outlets"][outlet]


def final_stats(result: subprocess.CompletedProcess) -> dict[str, float]:
    """The run's final crawl stats, as its report keeps them."""
    return run_section(result)["stats"]


def lines_of(data_dir: Path) -> list[dict]:
    return [json.loads(line) for f in output_files(data_dir) for line in f.read_bytes().splitlines()]


@pytest.fixture(scope="module")
def feeds_run(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("feeds")
    site = SyntheticYoum7("feeds")
    with LocalWeb(site) as web:
        result = run_crawl(web, data_dir)
        log = list(web.log)
    return site, result, log, data_dir


def test_crawl_writes_one_valid_raw_utf8_file(feeds_run):
    site, result, log, data_dir = feeds_run
    assert result.returncode == 0, result.stderr[-3000:]
    files = output_files(data_dir, "*.jsonl*")
    assert len(files) == 1 and files[0].suffix == ".jsonl", files
    assert files[0].parent.parent.name == "youm7"
    raw = files[0].read_bytes()
    assert b"\\u" not in raw and ARABIC.search(raw.decode("utf-8"))
    validator = Draft202012Validator(article_schema())
    records = lines_of(data_dir)
    for record in records:
        assert not list(validator.iter_errors(record)), record["id"]


def test_good_pages_become_items_with_stable_ids(feeds_run):
    site, _, _, data_dir = feeds_run
    records = {r["id"]: r for r in lines_of(data_dir)}
    expected = {f"youm7:{site.stories[n].id}" for n in ("good1", "good2", "moved", "throttled", "flaky", "slow", "broken", "copy", "legacy")}
    assert set(records) == expected
    moved = records[f"youm7:{site.stories['moved'].id}"]
    assert moved["url"] == moved["canonical_url"], "the redirect from the old slug is followed"
    # the republished copy: whichever of the two arrived second points at the first
    original, copy = (f"youm7:{site.stories[n].id}" for n in ("good1", "copy"))
    assert {records[original]["duplicate_of"], records[copy]["duplicate_of"]} in ({None, original}, {None, copy})
    assert sum(1 for r in records.values() if r["duplicate_of"]) == 1
    broken = records[f"youm7:{site.stories['broken'].id}"]
    assert broken["body"].split("\n\n") == site.stories["broken"].paragraphs
    good = records[f"youm7:{site.stories['good1'].id}"]
    assert good["authors"] == ["سلمى عبد الرحمن"] and good["title"] == site.stories["good1"].title
    assert good["published_at"].endswith(("+02:00", "+03:00")), "youm7's 'Z' is Cairo wall-clock time"
    assert "صورة أرشيفية" not in good["body"] and "مشاركة" not in good["body"]
    # windows-1256 bytes served as ISO-8859-1: repaired, no mojibake
    legacy = records[f"youm7:{site.stories['legacy'].id}"]
    assert legacy["title"] == site.stories["legacy"].title
    assert legacy["body"].split("\n\n") == site.stories["legacy"].paragraphs


def test_bad_pages_end_as_named_drops(feeds_run):
    _, result, _, _ = feeds_run
    stats = final_stats(result)
    for reason in ("http_404", "robots", "timeout", "too_large", "offsite", "language"):
        assert stats.get(f"newsbot/drop/{reason}") == 1, (reason, {k: v for k, v in stats.items() if "drop" in k})
    assert stats["newsbot/discovery/skipped/old_article"] == 1
    assert stats["newsbot/discovery/skipped/not_article"] == 1
    assert stats["newsbot/crawl_delay/www.youm7.com"] == 0.5
    assert stats["newsbot/decode/repaired/cp1252->cp1256"] == 1


def test_disallowed_offsite_and_old_urls_are_never_requested(feeds_run):
    _, _, log, _ = feeds_run
    urls = [entry["url"] for entry in log]
    assert not [u for u in urls if "private-report" in u]
    assert not [u for u in urls if "evil.example.net" in u]
    assert not [u for u in urls if "/story/2019/" in u]
    assert not [u for u in urls if "/Section/" in u]
    assert all(u.startswith(("https://www.youm7.com/", "www.youm7.com:")) for u in urls)


def test_429_is_retried_after_its_retry_after_and_500_then_200(feeds_run):
    site, _, log, _ = feeds_run
    throttled = [e for e in log if e["url"].endswith(f"/{site.stories['throttled'].id}")]
    assert [e["status"] for e in throttled] == [429, 200]
    assert throttled[1]["t"] - throttled[0]["t"] >= 2.0 - 0.05
    flaky = [e["status"] for e in log if e["url"].endswith(f"/{site.stories['flaky'].id}")]
    assert flaky == [500, 200]


def test_sitemap_discovery_when_every_feed_is_gone(tmp_path):
    site = SyntheticYoum7("sitemaps")
    with LocalWeb(site) as web:
        result = run_crawl(web, tmp_path)
        urls = [e["url"] for e in web.log]
    assert result.returncode == 0, result.stderr[-3000:]
    stats = final_stats(result)
    assert stats["newsbot/discovery/robots_fallback"] == 1
    assert stats["newsbot/discovery/failed/feed"] == len(Youm7Spider.feeds)
    assert "https://www.youm7.com/sitemaps/index.xml" in urls and "https://www.youm7.com/sitemaps/news.xml" in urls
    assert not [u for u in urls if "archive-" in u], "old child sitemaps are skipped by their lastmod"
    assert len(lines_of(tmp_path)) == 9


def test_sigkill_mid_run_then_next_run_leaves_only_whole_lines(tmp_path):
    # slow pages keep the first run busy long enough to be killed mid-run
    site = SyntheticYoum7("feeds", slow_seconds=1.5, crawl_delay=1.0)
    with LocalWeb(site) as web:
        proc = subprocess.Popen(crawl_args(tmp_path), cwd=REPO, env={**os.environ, **web.proxy_env()}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        part = None
        while time.time() < deadline:
            parts = output_files(tmp_path, "*.jsonl.part")
            if parts and parts[0].read_bytes().count(b"\n") >= 1:
                part = parts[0]
                break
            time.sleep(0.1)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert part is not None, "the first run never wrote a line"
        assert part.exists(), "a killed run leaves its .part"
        # a torn line, as a kill in the middle of a write would leave
        with open(part, "ab") as f:
            f.write('{"id": "youm7:torn", "title": "نص مقطو'.encode())
        result = run_crawl(web, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not list(tmp_path.rglob("*.part"))
    files = output_files(tmp_path)
    assert len(files) == 2
    records = lines_of(tmp_path)  # every line of every file parses
    assert "youm7:torn" not in {r["id"] for r in records}
    assert final_stats(result)["newsbot/jsonl/finalised_leftover"] == 1


def test_later_runs_fetch_only_what_is_new(tmp_path):
    site = SyntheticYoum7("feeds", crawl_delay=0.1)
    retry_once = ["-s", "NEWSBOT_RETRY_DROPPED=1"]
    with LocalWeb(site) as web:
        env = {**os.environ, **web.proxy_env()}

        def crawl() -> tuple[subprocess.CompletedProcess, list[str]]:
            started = time.time()
            result = subprocess.run(crawl_args(tmp_path) + retry_once, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, result.stderr[-3000:]
            # requests that arrived during this run (a slow answer of the run before is logged late)
            return result, [e["url"] for e in list(web.log) if e["t"] >= started and "/story/" in e["url"]]

        first, first_articles = crawl()
        written_first = len(lines_of(tmp_path))
        assert written_first == 9 and first_articles

        second, second_articles = crawl()
        assert second_articles == [], "nothing new: no article request at all"
        assert len(lines_of(tmp_path)) == written_first
        stats = final_stats(second)
        assert stats["newsbot/discovery/skipped/written_before"] == 9
        assert stats.get("newsbot/jsonl/written") is None
        assert "https://www.youm7.com/rss/SectionRss?SectionID=319" in [e["url"] for e in list(web.log)[-40:]], "feeds are always read"

        new = site.publish("المواصلات")
        third, third_articles = crawl()
        assert [u.rsplit("/", 1)[-1] for u in third_articles] == [str(new.id)]
        records = lines_of(tmp_path)
        assert len(records) == written_first + 1 and records[-1]["id"] == f"youm7:{new.id}"
        assert len({r["id"] for r in records}) == len(records), "every article written once"

        # a story of the first run, republished later under another id with a dateline: a near-duplicate
        original = site.stories["good2"]
        republished = site.publish("الأخبار", ["القاهرة - (أ ش أ) - " + original.paragraphs[0], *original.paragraphs[1:]])
        crawl()
        copy = {r["id"]: r for r in lines_of(tmp_path)}[f"youm7:{republished.id}"]
        assert copy["duplicate_of"] == f"youm7:{original.id}", "recognised across runs, through the state store"
