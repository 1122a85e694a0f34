"""A full disk and a locked state: never a torn line, never a duplicate, never "healthy" after a loss.

Faults are injected (a write that stops half-way with ENOSPC, an fsync that fails, a second
connection holding the state database's write lock), then a clean run must repair everything.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3

import pytest

from newsbot.crawl.drops import ArticleDropped
from newsbot.crawl.health import problems_of
from newsbot.crawl.state import State
from newsbot.stores.sqlite import SQLiteState
from pipelines.jsonl import JsonlWriterPipeline
from tests.conftest import output_files
from tests.test_pipelines import article, crawler


def run(data_dir, **settings):
    """A writer and the state extension, wired by signals as in a crawl."""
    c = crawler(NEWSBOT_DATA_DIR=str(data_dir), NEWSBOT_STATE_BUSY_TIMEOUT=0.2, **settings)
    state = State(c)
    writer = JsonlWriterPipeline.from_crawler(c)
    return c, state, writer


def deliver(state: State, writer: JsonlWriterPipeline, item) -> None:
    """What the engine does with an item: the pipeline, then item_scraped."""
    state.item_scraped(writer.process_item(item), None, writer.crawler.spider)


def items(n: int, start: int = 0):
    return [article(id=f"outlet:{i}", url=f"https://www.news.test/story/{i}") for i in range(start, start + n)]


def state_file(data_dir):
    return data_dir / ".state" / "state.sqlite"


def test_a_disk_that_fills_mid_line_leaves_whole_lines_stops_the_output_and_fails_the_run(tmp_path, monkeypatch):
    c, state, writer = run(tmp_path)
    writer.open_spider()
    for item in items(3):
        deliver(state, writer, item)
    real_write, calls = os.write, []

    def full_disk(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))  # a short write ...
        raise OSError(errno.ENOSPC, "No space left on device")  # ... then the disk is full

    monkeypatch.setattr("pipelines.jsonl.os.write", full_disk)
    with pytest.raises(ArticleDropped) as raised:
        deliver(state, writer, items(1, 3)[0])
    assert raised.value.reason == "storage_error"
    with pytest.raises(ArticleDropped):
        deliver(state, writer, items(1, 4)[0])  # the output stays stopped
    monkeypatch.setattr("pipelines.jsonl.os.write", real_write)
    writer.close_spider()
    state.close()

    (part,) = output_files(tmp_path, "*.jsonl.part")
    assert not output_files(tmp_path), "not published: the next run finalises it"
    assert [json.loads(line)["id"] for line in part.read_bytes().splitlines()] == ["outlet:0", "outlet:1", "outlet:2"]
    assert part.read_bytes().endswith(b"\n"), "no torn line"
    stats = c.stats.get_stats()
    assert stats["newsbot/drop/storage_error"] == 2
    problems = problems_of({**stats, "newsbot/health/discovered": 5, "newsbot/discovery/article_requests": 5}, 0.5, 0.8)
    assert any(p.startswith("storage error, output stopped: OSError") and "(2 articles not written)" in p for p in problems)

    # space is back: the next run publishes the whole lines and writes the two missing articles once
    c2, state2, writer2 = run(tmp_path)
    writer2.open_spider()
    for item in items(5):
        if not state2.stores.seen.written(item.id):
            deliver(state2, writer2, item)
    writer2.close_spider()
    state2.close()
    ids = [json.loads(line)["id"] for f in output_files(tmp_path) for line in f.read_bytes().splitlines()]
    assert sorted(ids) == [f"outlet:{i}" for i in range(5)], "every article exactly once"
    assert not output_files(tmp_path, "*.jsonl.part")


def test_a_failing_fsync_at_the_end_keeps_the_file_unpublished(tmp_path, monkeypatch):
    c, state, writer = run(tmp_path)
    writer.open_spider()
    for item in items(2):
        deliver(state, writer, item)

    def failing_fsync(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("pipelines.jsonl.os.fsync", failing_fsync)
    writer.close_spider()
    state.close()
    assert output_files(tmp_path) == [] and len(output_files(tmp_path, "*.jsonl.part")) == 1
    assert c.stats.get_value("newsbot/storage/error").startswith("OSError")


def hold_write_lock(data_dir) -> sqlite3.Connection:
    """Another process's connection in the middle of a long write transaction."""
    SQLiteState(state_file(data_dir)).close()  # the database exists
    other = sqlite3.connect(state_file(data_dir), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_locked_state_after_the_line_is_written_is_reconciled_from_the_output(tmp_path):
    c, state, writer = run(tmp_path)
    writer.open_spider()
    deliver(state, writer, items(1)[0])  # recorded
    other = hold_write_lock(tmp_path)
    for item in items(3, 1):
        deliver(state, writer, item)  # on disk, but the state is locked past its busy timeout
    writer.close_spider()
    other.rollback()
    other.close()
    state.close()
    stats = c.stats.get_stats()
    assert stats["newsbot/state/errors"] == 3 and "database is locked" in stats["newsbot/state/error"]
    problems = problems_of({**stats, "newsbot/health/discovered": 4, "newsbot/discovery/article_requests": 4}, 0.5, 0.8)
    assert any(p.startswith("state errors: 3 outcomes not recorded") for p in problems), "never healthy after a loss"
    assert output_files(tmp_path) == [], "kept as .part: its lines are recorded before anyone reads it"

    c2, state2, writer2 = run(tmp_path)
    writer2.open_spider()  # the leftover's lines are recorded, then the file is published
    assert all(state2.stores.seen.written(item.id) for item in items(4)), "the next run knows all four were written"
    writer2.close_spider()
    state2.close()
    assert [json.loads(line)["id"] for f in output_files(tmp_path) for line in f.read_bytes().splitlines()] == [f"outlet:{i}" for i in range(4)]


def test_a_leftover_whose_lines_cannot_be_recorded_stays_a_part(tmp_path):
    day = tmp_path / "outlet" / "2026-11-28"
    day.mkdir(parents=True)
    part = day / "dead.jsonl.part"
    part.write_bytes(b'{"id": "outlet:1", "outlet": "outlet"}\n')
    other = hold_write_lock(tmp_path)
    c, state, writer = run(tmp_path)
    writer.open_spider()
    assert part.exists() and not (day / "dead.jsonl").exists()
    assert c.stats.get_value("newsbot/jsonl/leftover_kept") == 1
    writer.close_spider()
    state.close()
    other.rollback()
    other.close()
    c2, state2, writer2 = run(tmp_path)
    writer2.open_spider()
    assert (day / "dead.jsonl").exists() and state2.stores.seen.written("outlet:1")
    writer2.close_spider()
    state2.close()


def test_a_claim_that_fails_is_a_state_error_drop_not_a_crash(tmp_path):
    from pipelines.dedup import DedupPipeline

    c, state, _ = run(tmp_path)
    c.get_extension = lambda cls: state  # as a crawl's extension manager answers
    dedup = DedupPipeline.from_crawler(c)
    other = hold_write_lock(tmp_path)
    with pytest.raises(ArticleDropped) as raised:
        dedup.process_item(items(1)[0])
    other.rollback()
    other.close()
    assert raised.value.reason == "state_error" and c.stats.get_value("newsbot/state/errors") == 1
    state.close()


@pytest.mark.e2e
def test_a_crawl_on_a_filling_disk_fails_then_the_next_run_writes_every_article_once(tmp_path):
    """The real `scrapy crawl` with a file-size limit (RLIMIT_FSIZE: writes past it fail as on a full
    disk; Python ignores SIGXFSZ), then a run with room again."""
    import resource
    import subprocess
    import sys

    from newsbot.dev.localweb import LocalWeb
    from newsbot.dev.localweb.bulk import BulkYoum7
    from tests.conftest import REPO
    from tests.test_e2e_crawl import run_section

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))

    args = [sys.executable, "-m", "scrapy", "crawl", "youm7", "-s", f"NEWSBOT_DATA_DIR={tmp_path}", "-s", "AUTOTHROTTLE_ENABLED=0",
            "-s", "DOWNLOAD_DELAY=0", "-s", "NEWSBOT_STATE_BUSY_TIMEOUT=1"]
    with LocalWeb(BulkYoum7(120)) as web:
        env = {**os.environ, **web.proxy_env()}
        full = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, preexec_fn=small_disk)
        assert full.returncode == 1, full.stdout + full.stderr[-2000:]
        problems = run_section(full)["health"]["problems"]
        assert any(p.startswith(("state errors:", "storage error")) for p in problems), problems
        assert "UNHEALTHY" in full.stdout
        again = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stdout + again.stderr[-2000:]
    ids = [json.loads(line)["id"] for f in output_files(tmp_path) for line in f.read_bytes().splitlines()]
    assert len(ids) == 120 and len(set(ids)) == 120, "every article exactly once"
    assert output_files(tmp_path, "*.jsonl.part") == []
    store = SQLiteState(state_file(tmp_path))
    assert all(store.written(i) for i in ids)
    store.close()


@pytest.mark.e2e
def test_a_state_that_cannot_be_opened_stops_the_run_with_the_reason_in_one_line(tmp_path):
    from tests.conftest import run_scrapy

    state = tmp_path / ".state" / "state.sqlite"
    state.parent.mkdir()
    state.write_bytes(b"not a database " * 100)
    for command in (("crawl", "youm7"), ("crawlall", "youm7", "lbcgroup")):
        result = run_scrapy(*command, "-s", f"NEWSBOT_DATA_DIR={tmp_path}", env={"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"})
        out, err = result.stdout.decode(), result.stderr.decode()
        assert result.returncode == 1, command
        reason = f"did not start: StateUnavailable: the state {state} cannot be opened: DatabaseError: file is not a database"
        assert f"youm7: {reason}" in out, out
        assert "Traceback" not in err, err[-3000:]
        assert state.read_bytes() == b"not a database " * 100, "the state is left for the operator to look at"
