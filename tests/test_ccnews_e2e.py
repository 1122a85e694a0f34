"""End to end: the real, unmodified `scrapy crawl ccnews` against data.commoncrawl.org on the local
web (newsbot/dev/localweb/archive.py): listings and WARC files at their real URLs, with and without
Range support, resets, truncated files, kill -9 and resume, and a live crawl of the same articles."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from newsbot.core.item import article_schema
from newsbot.dev.localweb import LocalWeb
from newsbot.dev.localweb.archive import ArchiveSite, Sites
from newsbot.dev.localweb.bulk import BulkYoum7
from newsbot.dev.warcs import Capture, mixed_captures, warc_bytes
from tests.conftest import REPO, output_files

pytestmark = pytest.mark.e2e

MARCH = "crawl-data/CC-NEWS/2024/03/"
FILE_A = MARCH + "CC-NEWS-20240305100000-00001.warc.gz"
FILE_B = MARCH + "CC-NEWS-20240306100000-00002.warc.gz"
APRIL_FILE = "crawl-data/CC-NEWS/2024/04/CC-NEWS-20240401000000-00003.warc.gz"


def ccnews(web: LocalWeb, data_dir: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scrapy", "crawl", "ccnews", "-s", f"NEWSBOT_DATA_DIR={data_dir}", "-s", "NEWSBOT_CCNEWS_TIMEOUT=5", *args]
    return subprocess.run(command, cwd=REPO, env={**os.environ, **web.proxy_env()}, capture_output=True, text=True, timeout=timeout)


def lines_of(data_dir: Path) -> list[dict]:
    return [json.loads(line) for f in output_files(data_dir) for line in f.read_bytes().splitlines()]


def section(result: subprocess.CompletedProcess) -> dict:
    path = re.search(r"report: (\S+)", result.stdout).group(1)
    return json.loads(Path(path).read_text("utf-8"))["outlets"]["ccnews"]


def _archive(**kwargs) -> tuple[ArchiveSite, dict[str, list[Capture]]]:
    captures = {FILE_A: mixed_captures(24), FILE_B: mixed_captures(12, first=1000, date="2024-03-06T10:00:00Z")}
    captures[APRIL_FILE] = mixed_captures(4, first=2000, date="2024-04-01T00:00:00Z")
    return ArchiveSite({path: warc_bytes(c) for path, c in captures.items()}, **kwargs), captures


@pytest.fixture(scope="module")
def arabic_run(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("arabic")
    site, captures = _archive()
    with LocalWeb(site) as web:
        result = ccnews(web, data_dir, "-a", "since=2024-03", "-a", "until=2024-03", "-a", "outlets=arabic")
        log = list(web.log)
    return result, log, data_dir, site


def test_outlets_arabic_reads_the_window_and_writes_every_arabic_article_once(arabic_run):
    result, log, data_dir, _ = arabic_run
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    records = lines_of(data_dir)
    validator = Draft202012Validator(article_schema())
    for record in records:
        assert not list(validator.iter_errors(record)), record["id"]
    # youm7 through its own profile (ids as a live crawl's), the rest under their registered domain
    by_outlet = Counter(r["outlet"] for r in records)
    assert by_outlet == {"youm7": 12 + 6, "assabah.com.tn": 12 + 6}, by_outlet
    assert all(r["id"].startswith("youm7:7") for r in records if r["outlet"] == "youm7")
    assert len({r["id"] for r in records}) == len(records)
    assert {p.parent.parent.name for p in output_files(data_dir)} == {"youm7", "assabah.com.tn"}
    for record in records:
        assert record["origin"] == "ccnews" and record["language"] == "ar"
        assert record["archive"]["file"] in (FILE_A, FILE_B) and record["archive"]["record_id"].startswith("<urn:uuid:")
        assert record["crawled_at"].startswith(("2024-03-05T10:00:00", "2024-03-06T10:00:00"))


def test_the_archive_is_the_only_host_contacted_and_april_is_not_read(arabic_run):
    result, log, _, _ = arabic_run
    hosts = {r["url"].rsplit(":", 1)[0] if r["method"] == "CONNECT" else r["url"].split("/")[2] for r in log}
    assert hosts == {"data.commoncrawl.org"}, hosts
    fetched = [r["url"] for r in log if r["method"] == "GET"]
    assert fetched == [
        "https://data.commoncrawl.org/crawl-data/CC-NEWS/2024/03/warc.paths.gz",
        f"https://data.commoncrawl.org/{FILE_A}", f"https://data.commoncrawl.org/{FILE_B}",
    ]


def test_records_that_are_not_arabic_articles_are_skipped_by_reason_not_dropped(arabic_run):
    result, _, _, _ = arabic_run
    report = section(result)
    skipped = report["archive"]["skipped"]
    # 36 articles, and 9 Persian and 9 English pages, 9 PDFs, 9 images (not youm7's article URLs),
    # 5 404s, 4 revisits; a request record per capture
    assert skipped["not_arabic"] == 18 and skipped["not_html"] == 9 and skipped["not_article"] == 9, skipped
    assert skipped["not_200"] == 5 and skipped["revisit"] == 4 and "seen" not in skipped, skipped
    assert report["dropped"] == 0 and report["health"]["ok"] is True
    files = {f["file"]: f for f in report["archive"]["files"]}
    assert files[FILE_A]["status"] == files[FILE_B]["status"] == "done"
    assert files[FILE_A]["written"] == 24 and files[FILE_B]["written"] == 12


def test_each_archive_offset_is_where_its_record_starts(arabic_run):
    from fastwarc import ArchiveIterator

    _, _, data_dir, site = arabic_run
    record = next(r for r in lines_of(data_dir) if r["archive"]["file"] == FILE_B)
    body = site.files[FILE_B][record["archive"]["offset"]:]
    first = next(iter(ArchiveIterator(io.BytesIO(body))))  # the file read from the offset starts with that record
    assert first.record_id == record["archive"]["record_id"]
    assert first.headers.get("WARC-Target-URI") == record["url"]


def test_outlets_all_reads_declared_outlets_only_and_a_second_run_reads_nothing_again(tmp_path):
    site, _ = _archive(ranges=False)
    with LocalWeb(site) as web:
        first = ccnews(web, tmp_path, "-a", "since=2024-03-05", "-a", "until=2024-03-06")
        second = ccnews(web, tmp_path, "-a", "since=2024-03-05", "-a", "until=2024-03-06")
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-3000:]
    records = lines_of(tmp_path)
    assert Counter(r["outlet"] for r in records) == {"youm7": 18}
    assert section(first)["archive"]["skipped"]["other_host"] > 0
    # the files are done: nothing is read, nothing is written twice, and the run is healthy
    assert second.returncode == 0, second.stdout[-2000:]
    assert [f["status"] for f in section(second)["archive"]["files"]] == ["done_before", "done_before"]
    assert len(lines_of(tmp_path)) == 18


def test_a_window_with_no_file_and_a_listing_that_fails_are_unhealthy(tmp_path):
    site, _ = _archive(broken_listings=("crawl-data/CC-NEWS/2024/05/warc.paths.gz",))
    with LocalWeb(site) as web:
        empty = ccnews(web, tmp_path, "-a", "since=2024-03-20", "-a", "until=2024-03-25")
        broken = ccnews(web, tmp_path, "-a", "since=2024-05")
    assert empty.returncode == 1 and "no file of the listings is in the window 2024-03-20..2024-03-25" in empty.stdout, empty.stdout[-2000:]
    assert broken.returncode == 1 and "listing https://data.commoncrawl.org/crawl-data/CC-NEWS/2024/05/warc.paths.gz" in broken.stdout
    assert "HTTP 500" in broken.stdout


def test_arguments_that_make_no_backfill_say_why_before_anything_starts(tmp_path):
    site, _ = _archive()
    with LocalWeb(site) as web:
        no_window = ccnews(web, tmp_path)
        no_outlet = ccnews(web, tmp_path, "-a", "since=2024-03", "-a", "outlets=youm7,nosuchoutlet")
        requests = list(web.log)
    assert no_window.returncode == 2 and "-a since=YYYY-MM[-DD] is required" in no_window.stderr
    assert no_outlet.returncode == 2 and "no outlet is named nosuchoutlet" in no_outlet.stderr
    assert "Traceback" not in no_window.stderr + no_outlet.stderr and requests == []


@pytest.mark.parametrize("ranges", [True, False], ids=["range", "no_range"])
def test_a_reset_connection_is_retried_from_the_last_offset(tmp_path, ranges):
    site, _ = _archive(ranges=ranges, resets={FILE_A: 2}, reset_after=30_000)
    with LocalWeb(site) as web:
        result = ccnews(web, tmp_path, "-a", "since=2024-03-05", "-a", "until=2024-03-05", "-a", "outlets=arabic",
                        "-s", "NEWSBOT_CCNEWS_CHECKPOINT=0")
        gets = [r for r in web.log if r["method"] == "GET" and r["url"].endswith(FILE_A)]
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    records = lines_of(tmp_path)
    assert len(records) == 24 and len({r["id"] for r in records}) == 24
    report = section(result)["archive"]["files"][0]
    assert report["attempts"] == 3 and len(report["errors"]) == 2 and "IncompleteRead" in report["errors"][0]
    assert len(gets) == 3


def test_a_503_slow_down_is_waited_out_and_a_404_is_not_retried(tmp_path):
    site, _ = _archive(slow_downs={FILE_A: 2})
    del site.files[FILE_B]  # listed, but gone
    with LocalWeb(site) as web:
        result = ccnews(web, tmp_path, "-a", "since=2024-03", "-a", "until=2024-03", "-a", "outlets=arabic", "-s", "NEWSBOT_BACKOFF_BASE=0.1")
        gets = Counter(r["url"].rsplit("/", 1)[-1] for r in web.log if r["method"] == "GET" and r["url"].endswith(".warc.gz"))
    files = {f["file"]: f for f in section(result)["archive"]["files"]}
    assert files[FILE_A]["status"] == "done" and files[FILE_A]["attempts"] == 3 and "HTTP 503" in files[FILE_A]["errors"][0]
    assert files[FILE_B]["status"] == "failed" and files[FILE_B]["attempts"] == 1 and "HTTP 404" in files[FILE_B]["errors"][0]
    assert gets == {FILE_A.rsplit("/", 1)[-1]: 3, FILE_B.rsplit("/", 1)[-1]: 1}
    assert result.returncode == 1 and len(lines_of(tmp_path)) == 24


def test_a_truncated_file_is_named_and_the_run_is_unhealthy(tmp_path):
    site, _ = _archive()
    site.files[FILE_A] = site.files[FILE_A][: len(site.files[FILE_A]) // 2]
    with LocalWeb(site) as web:
        result = ccnews(web, tmp_path, "-a", "since=2024-03-05", "-a", "until=2024-03-05", "-a", "outlets=arabic",
                        "-s", "NEWSBOT_CCNEWS_RETRIES=1")
    assert result.returncode == 1
    report = section(result)
    assert report["archive"]["files"][0]["status"] == "failed" and "TruncatedRecord" in report["archive"]["files"][0]["errors"][-1]
    assert "archive files not read to the end" in result.stdout
    # what was read before the cut is written, once
    records = lines_of(tmp_path)
    assert 0 < len(records) < 24 and len({r["id"] for r in records}) == len(records)


def _checkpointed(data_dir) -> bool:
    """Whether a run has recorded a file's offset in the embedded state (read-only, beside the writer)."""
    path = data_dir / ".state" / "state.sqlite"
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)) as db:
            return db.execute("SELECT 1 FROM archive_files WHERE last_offset > 0 AND NOT done").fetchone() is not None
    except sqlite3.Error:  # the table is not there yet
        return False


def test_kill_9_mid_file_then_resume_writes_every_article_exactly_once(tmp_path):
    captures = mixed_captures(400)
    site = ArchiveSite({FILE_A: warc_bytes(captures)})
    command = [sys.executable, "-m", "scrapy", "crawl", "ccnews", "-s", f"NEWSBOT_DATA_DIR={tmp_path}", "-a", "since=2024-03-05",
               "-a", "until=2024-03-05", "-a", "outlets=arabic", "-s", "NEWSBOT_CCNEWS_CHECKPOINT=0.2"]
    with LocalWeb(site) as web:
        env = {**os.environ, **web.proxy_env()}
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        # kill once 60 articles are written and a checkpoint is on record, so the resume has an offset to start from
        while time.monotonic() < deadline and not (
            sum(len(f.read_bytes().splitlines()) for f in output_files(tmp_path, "*.jsonl.part")) >= 60 and _checkpointed(tmp_path)
        ):
            time.sleep(0.2)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert output_files(tmp_path, "*.jsonl.part"), "the kill came after the run"
        resumed = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        gets = [r for r in web.log if r["method"] == "GET" and r["url"].endswith(FILE_A)]
    assert resumed.returncode == 0, resumed.stdout[-2000:] + resumed.stderr[-3000:]
    records = lines_of(tmp_path)
    ids = [r["id"] for r in records]
    assert len(ids) == 400 and len(set(ids)) == 400
    assert not output_files(tmp_path, "*.jsonl.part")
    files = section(resumed)["archive"]["files"]
    assert files[0]["resumed_after"] is not None and files[0]["resumed_after"] > 0
    assert len(gets) == 2


def test_a_live_crawl_and_a_backfill_of_the_same_articles_write_each_once(tmp_path):
    live = BulkYoum7(n=20)
    # the archive captured the same 20 articles (and other pages) the live site lists today
    from newsbot.dev.localweb.bulk import bulk_story
    from newsbot.dev.localweb.site import article_page

    captures = [Capture(live.url(n), article_page(bulk_story(n), live.url(n), live.day.replace(tzinfo=None))) for n in range(30)]
    archive = ArchiveSite({FILE_A: warc_bytes(captures)})
    with LocalWeb(Sites(live, archive)) as web:
        env = {**os.environ, **web.proxy_env()}
        crawl = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "youm7", "-s", f"NEWSBOT_DATA_DIR={tmp_path}", "-s", "DOWNLOAD_DELAY=0",
                                "-s", "AUTOTHROTTLE_ENABLED=0"], cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
        backfill = ccnews(web, tmp_path, "-a", "since=2024-03-05", "-a", "until=2024-03-05")
    assert crawl.returncode == 0, crawl.stdout[-2000:] + crawl.stderr[-2000:]
    assert backfill.returncode == 0, backfill.stdout[-2000:] + backfill.stderr[-2000:]
    records = lines_of(tmp_path)
    assert Counter(r["origin"] for r in records) == {"web": 20, "ccnews": 10}
    assert len({r["id"] for r in records}) == 30
    assert section(backfill)["archive"]["skipped"]["written_before"] == 20


def test_two_processes_split_a_window_by_file_leases_and_write_each_article_once(tmp_path):
    paths = [MARCH + f"CC-NEWS-2024030{d}100000-0000{d}.warc.gz" for d in (1, 2, 3, 4)]
    site = ArchiveSite({p: warc_bytes(mixed_captures(60, first=1000 * n)) for n, p in enumerate(paths)})
    command = [sys.executable, "-m", "scrapy", "crawl", "ccnews", "-s", f"NEWSBOT_DATA_DIR={tmp_path}", "-a", "since=2024-03",
               "-a", "until=2024-03", "-a", "outlets=arabic", "-s", "NEWSBOT_PROGRESS_INTERVAL=0.2"]
    with LocalWeb(site) as web:
        env = {**os.environ, **web.proxy_env()}
        both = [subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [p.communicate(timeout=300) for p in both]
        gets = Counter(r["url"].rsplit("/", 1)[-1] for r in web.log if r["method"] == "GET" and r["url"].endswith(".warc.gz"))
    assert [p.returncode for p in both] == [0, 0], [o[0][-1500:] + o[1][-1500:] for o in outputs]
    records = lines_of(tmp_path)
    assert len(records) == 4 * 60 and len({r["id"] for r in records}) == 4 * 60
    assert sorted(gets.values()) == [1, 1, 1, 1], gets  # each file read by one process
    statuses = [f["status"] for out, _ in outputs for f in section(subprocess.CompletedProcess([], 0, out))["archive"]["files"]]
    assert statuses.count("done") == 4 and set(statuses) <= {"done", "done_before", "leased"}
    assert any("ccnews: files " in err and " records/s, written: " in err for _, err in outputs)  # the progress lines
