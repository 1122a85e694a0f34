"""`scrapy state show|reset OUTLET` and `export|import FILE`, on SQLite and PostgreSQL."""

from __future__ import annotations

import os

import numpy as np
import orjson
import pytest

from newsbot.stores.leases import try_lock
from newsbot.stores.sqlite import SQLiteState
from tests.conftest import run_scrapy


def _state(data_dir) -> SQLiteState:
    store = SQLiteState(data_dir / ".state" / "state.sqlite")
    store.mark_written(["youm7:1", "youm7:2"], "youm7")
    assert store.claim("youm7:3", "youm7")
    store.mark_dropped("youm7:4", "youm7")
    for _ in range(3):
        store.mark_dropped("youm7:5", "youm7")
    store.mark_written(["lbcgroup:1"], "lbcgroup")
    store.index_signature("youm7:1", np.arange(128, dtype=np.uint32), 20_000)
    store.index_signature("lbcgroup:1", np.arange(128, dtype=np.uint32) + 7, 20_000)
    store.close()
    return store


def test_show_counts_an_outlets_rows_and_lists_its_newest_index_entries(tmp_path):
    _state(tmp_path)
    shown = run_scrapy("state", "show", "youm7", env={"NEWSBOT_DATA_DIR": str(tmp_path)})
    assert shown.returncode == 0, shown.stderr.decode()
    lines = shown.stdout.decode().splitlines()
    assert lines[0].startswith("youm7: 2 articles written, 1 claimed by a run, 1 dropped (to be retried), 1 given up after every retry")
    assert lines[1] == "  near-duplicate index: 1 articles within the retention window"
    assert lines[2].startswith("  youm7:1  indexed 2024-10-04") and len(lines) == 3


def test_reset_forgets_one_outlet_only_and_waits_for_a_running_one(tmp_path):
    _state(tmp_path)
    env = {"NEWSBOT_DATA_DIR": str(tmp_path)}
    held = try_lock(tmp_path / ".state", "youm7")  # a run of youm7 is going
    refused = run_scrapy("state", "reset", "youm7", env=env)
    os.close(held)
    assert refused.returncode == 1 and "a run holds its lease" in refused.stdout.decode()
    done = run_scrapy("state", "reset", "youm7", env=env)
    assert done.returncode == 0 and "forgot 5 articles and 1 near-duplicate index entries" in done.stdout.decode()
    store = SQLiteState(tmp_path / ".state" / "state.sqlite")
    assert not store.written("youm7:1") and store.claim("youm7:3", "youm7")  # fetched and written again next time
    assert store.written("lbcgroup:1") and store.outlet_summary("lbcgroup", 3)["near_duplicate_index"] == 1


def test_a_wrong_command_line_says_what_to_give(tmp_path):
    wrong = run_scrapy("state", "forget", "youm7", env={"NEWSBOT_DATA_DIR": str(tmp_path)})
    assert wrong.returncode == 2 and "give show OUTLET, reset OUTLET, export FILE or import FILE" in wrong.stderr.decode()


def test_a_backfills_rows_belong_to_the_articles_outlet_once_written(tmp_path):
    store = SQLiteState(None)
    assert store.claim("youm7:9", "ccnews:CC-NEWS-20240305100000-00001.warc.gz")  # claimed by the file's reader
    store.mark_written(["youm7:9"], "youm7")
    assert store.outlet_summary("youm7", 3)["written"] == 1


def test_export_then_import_moves_a_state_and_merges_into_another(tmp_path):
    source, target = tmp_path / "a", tmp_path / "b"
    _state(source)
    other = SQLiteState(target / ".state" / "state.sqlite")
    other.mark_dropped("youm7:1", "youm7")  # the target knew a drop of an article the source wrote
    other.record_progress("CC-NEWS-20240305100000-00001.warc.gz", 500)
    other.close()
    store = SQLiteState(source / ".state" / "state.sqlite")
    store.record_progress("CC-NEWS-20240305100000-00001.warc.gz", 9000)
    store.close()
    dump = tmp_path / "state.jsonl"
    exported = run_scrapy("state", "export", str(dump), env={"NEWSBOT_DATA_DIR": str(source)})
    assert exported.returncode == 0, exported.stderr.decode()
    assert "exported 6 articles, 2 near-duplicate index entries and 1 archive files" in exported.stdout.decode()
    imported = run_scrapy("state", "import", str(dump), env={"NEWSBOT_DATA_DIR": str(target)})
    assert imported.returncode == 0 and "imported 6 articles, 2 near-duplicate index entries" in imported.stdout.decode()
    moved = SQLiteState(target / ".state" / "state.sqlite")
    assert moved.written("youm7:1") and moved.written("youm7:2") and moved.written("lbcgroup:1")
    assert moved.settled(["youm7:5"], 3) == {"youm7:5": "dropped"}
    assert moved.claim("youm7:3", "youm7"), "a claim of the source's run is not carried over"
    assert [i for i, _ in moved.similar(np.arange(128, dtype=np.uint32), 0)] == ["youm7:1"]  # the index answers as before
    assert moved.progress("CC-NEWS-20240305100000-00001.warc.gz") == (9000, False)
    not_an_export = tmp_path / "x.jsonl"
    not_an_export.write_text('{"id": "youm7:1"}\n')
    refused = run_scrapy("state", "import", str(not_an_export), env={"NEWSBOT_DATA_DIR": str(target)})
    assert refused.returncode == 1 and "not a newsbot state export" in refused.stdout.decode()


@pytest.mark.postgres
def test_the_commands_move_a_sqlite_state_to_postgresql_and_work_on_it(tmp_path, postgres_url):
    """SQLite → export → import with NEWSBOT_STATE_URL → show and reset on PostgreSQL → export back."""
    _state(tmp_path)
    dump, back = tmp_path / "state.jsonl", tmp_path / "back.jsonl"
    assert run_scrapy("state", "export", str(dump), env={"NEWSBOT_DATA_DIR": str(tmp_path)}).returncode == 0
    on_postgres = {"NEWSBOT_DATA_DIR": str(tmp_path / "elsewhere"), "NEWSBOT_STATE_URL": postgres_url}
    imported = run_scrapy("state", "import", str(dump), env=on_postgres)
    assert imported.returncode == 0 and "imported 6 articles, 2 near-duplicate index entries" in imported.stdout.decode(), imported.stderr.decode()
    shown = run_scrapy("state", "show", "youm7", env=on_postgres)
    # the SQLite state's claim is not carried over: one fewer claimed, as an open article
    assert shown.stdout.decode().splitlines()[0].startswith("youm7: 2 articles written, 0 claimed by a run, 1 dropped (to be retried), 1 given up")
    reset = run_scrapy("state", "reset", "lbcgroup", env=on_postgres)
    assert reset.returncode == 0 and "forgot 1 articles and 1 near-duplicate index entries" in reset.stdout.decode()
    assert run_scrapy("state", "export", str(back), env=on_postgres).returncode == 0
    store = SQLiteState(None)
    store.import_rows(orjson.loads(line) for line in back.read_bytes().splitlines())
    assert store.written("youm7:1") and not store.written("lbcgroup:1")
    store.close()
