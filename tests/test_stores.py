"""The store protocols (newsbot.stores.protocols), with the same assertions on both backends: the
embedded SQLite state and the PostgreSQL state shared by several machines."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psycopg
import pytest

from newsbot.core import neardup
from newsbot.stores import backend_class
from newsbot.stores.common import DAY, today
from newsbot.stores.postgres import MIGRATIONS, PostgresStores, migrate
from newsbot.stores.protocols import DROPPED, WRITTEN, StateUnavailable
from newsbot.stores.sqlite import SQLiteState, SQLiteStores

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _words(seed: int, n: int = 200) -> str:
    rng = np.random.default_rng(seed)
    return " ".join(f"كلمة{int(w)}" for w in rng.integers(0, 50_000, n))


def _copy(text: str) -> str:
    """The same story with an agency line and a tail changed: a near-duplicate, not equal."""
    words = text.split()
    return " ".join(["(رويترز)", *words[:-5], "المصدر", "وكالات"])


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    """``open(node=…, claim_ttl=…)`` gives an open Stores of the backend under test, one database for the test."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        settings = {"NEWSBOT_STATE_URL": url}
    else:
        settings = {"NEWSBOT_STATE_DIR": str(tmp_path / "state")}
    opened = []

    def open_(node: str = "node-a", claim_ttl: float = 86400.0, batch: int = 512, **more):
        stores = backend_class(settings | {"NEWSBOT_NODE": node, "NEWSBOT_CLAIM_TTL": claim_ttl, "NEWSBOT_NEARDUP_BATCH": batch} | more)
        opened.append(stores.from_settings(settings | {"NEWSBOT_NODE": node, "NEWSBOT_CLAIM_TTL": claim_ttl, "NEWSBOT_NEARDUP_BATCH": batch} | more))
        return opened[-1]

    open_.kind = request.param
    open_.settings = settings
    yield open_
    for stores in opened:
        stores.close()


def _unshared(backend, node: str, claim_ttl: float = 86400.0):
    """A second connection to the same state, as another process (or machine) has: not the process's shared store."""
    if backend.kind == "postgres":
        from newsbot.stores.postgres import PostgresState

        return PostgresState(backend.settings["NEWSBOT_STATE_URL"], node, claim_ttl)
    return SQLiteState(Path(backend.settings["NEWSBOT_STATE_DIR"]) / "state.sqlite", node=node, claim_ttl=claim_ttl)


def test_the_backend_is_chosen_by_the_state_url(tmp_path):
    assert backend_class({}) is SQLiteStores
    assert backend_class({"NEWSBOT_STATE_URL": "postgresql://db.example/newsbot"}) is PostgresStores
    assert backend_class({"NEWSBOT_STATE_URL": "postgresql://x/y", "NEWSBOT_STORES": "newsbot.stores.sqlite.SQLiteStores"}) is SQLiteStores


# ---- seen articles ----

def test_written_and_dropped_articles_are_settled_in_one_batched_lookup(backend):
    stores = backend()
    stores.seen.mark_written(["youm7:1", "youm7:https://x/1", "youm7:1"], "youm7")
    for _ in range(3):
        stores.seen.mark_dropped("youm7:9", "youm7")
    stores.seen.mark_dropped("youm7:8", "youm7")
    keys = ["youm7:1", "youm7:https://x/1", "youm7:9", "youm7:8", "youm7:404"] + [f"youm7:n{i}" for i in range(2000)]
    assert stores.seen.settled(keys, max_drops=3) == {"youm7:1": WRITTEN, "youm7:https://x/1": WRITTEN, "youm7:9": DROPPED}
    assert stores.seen.settled([], 3) == {}
    assert stores.seen.written("youm7:1") and not stores.seen.written("youm7:8")
    assert stores.seen.drops("youm7:9") == 3 and stores.seen.drops("youm7:1") == 0


# ---- claims ----

def test_an_article_is_claimed_once_and_a_written_one_never_again(backend):
    stores = backend()
    assert stores.claims.claim("youm7:1", "youm7")
    assert not stores.claims.claim("youm7:1", "youm7")
    assert not stores.claims.claim("youm7:1", "ccnews:CC-NEWS-1.warc.gz")
    stores.seen.mark_written(["youm7:1"], "youm7")
    assert not stores.claims.claim("youm7:1", "youm7")
    assert stores.claims.release_claims("youm7") == 0  # written: not a claim any more
    stores.seen.mark_dropped("youm7:2", "youm7")
    assert stores.claims.claim("youm7:2", "youm7"), "a dropped page may be claimed when retried"


def test_a_node_voids_only_its_own_dead_claims_and_any_claim_expires(backend):
    """Node A's unwritten claims may have lines in A's .part file: only A (which finalises it) voids them.
    B waits until they expire."""
    a = _unshared(backend, "node-a", claim_ttl=2)
    b = _unshared(backend, "node-b", claim_ttl=2)
    try:
        assert a.claim("youm7:1", "youm7") and a.claim("youm7:2", "youm7")
        assert b.release_claims("youm7") == 0
        assert not b.claim("youm7:1", "youm7")
        assert a.release_claims("ccnews:other") == 0
        a.mark_written(["youm7:2"], "youm7")  # its line was in the .part, recorded when finalised
        assert a.release_claims("youm7") == 1
        assert b.claim("youm7:1", "youm7")  # open again: fetched by whoever comes first
        time.sleep(3.1)  # B dies holding it; past the TTL anyone may take it
        assert a.claim("youm7:1", "youm7")
        assert not a.claim("youm7:2", "youm7"), "a written article never expires"
    finally:
        a.close()
        b.close()


def test_concurrent_claims_from_many_connections_give_each_article_one_winner(backend):
    keys = [f"youm7:{i}" for i in range(150)]
    won: list[list[str]] = [[] for _ in range(4)]
    barrier = threading.Barrier(len(won))
    backend().close()  # the state exists before the race

    def race(i):
        store = _unshared(backend, f"node-{i}")  # a connection of its own, in its own thread
        barrier.wait()
        for key in keys:
            if store.claim(key, "youm7"):
                won[i].append(key)
        store.close()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(won))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    claimed = [k for w in won for k in w]
    assert sorted(claimed) == sorted(keys), "every article claimed exactly once"
    assert sum(1 for w in won if w) >= 1


# ---- near-duplicate index ----

def test_the_first_copy_is_indexed_and_a_later_copy_points_to_it(backend):
    stores = backend(batch=1)
    story, other = neardup.signature(_words(1)), neardup.signature(_words(2))
    copy = neardup.signature(_copy(_words(1)))
    assert stores.neardup.first_copy("youm7:1", story, today(), today() - 30, 0.5) is None
    assert stores.neardup.first_copy("ahram:1", other, today(), today() - 30, 0.5) is None
    match = stores.neardup.first_copy("hespress:7", copy, today(), today() - 30, 0.5)
    assert match is not None and match[0] == "youm7:1" and match[1] > 0.8
    assert stores.neardup.first_copy("youm7:1", story, today(), today() - 30, 0.5) is None, "an indexed article is no copy of itself"
    assert stores.admin.outlet_summary("hespress", 3)["near_duplicate_index"] == 0, "a copy is never indexed"
    # outside the retention window the first copy is not matched
    assert stores.neardup.first_copy("masrawy:1", copy, today(), today() + 1, 0.5) is None


def test_pending_index_rows_are_matched_and_flushed(backend):
    stores = backend(batch=100)
    story = neardup.signature(_words(3))
    stores.neardup.index_signature("youm7:3", story, today())
    assert [i for i, _ in stores.neardup.similar(neardup.signature(_copy(_words(3))), today() - 1)] == ["youm7:3"]
    stores.neardup.flush()
    assert [i for i, s in stores.neardup.similar(story, today() - 1) if s == 1.0] == ["youm7:3"]


def test_old_signatures_are_pruned_once_a_day(backend):
    stores = backend(batch=1)
    stores.neardup.index_signature("youm7:old", neardup.signature(_words(4)), today() - 40)
    stores.neardup.index_signature("youm7:new", neardup.signature(_words(5)), today())
    assert stores.neardup.prune_signatures(today() - 30) == 1
    assert stores.neardup.prune_signatures(today() - 30) == 0  # done today
    assert stores.admin.outlet_summary("youm7", 3)["near_duplicate_index"] == 1


@pytest.mark.postgres
def test_two_machines_checking_copies_of_one_story_at_once_find_exactly_one_first(postgres_url):
    """The check and the insert are one transaction under band locks: no window in which both see none."""
    from newsbot.stores.postgres import PostgresState

    nodes = [PostgresState(postgres_url, f"node-{i}") for i in range(4)]
    rounds = 25
    firsts: list[int] = []
    lock = threading.Lock()
    for r in range(rounds):
        text = _words(100 + r)
        signatures = [neardup.signature(text if i == 0 else _copy(text)) for i in range(len(nodes))]
        barrier = threading.Barrier(len(nodes))
        results: list = [None] * len(nodes)

        def check(i, signatures=signatures, barrier=barrier, results=results, r=r):
            barrier.wait()
            results[i] = nodes[i].first_copy(f"outlet{i}:{r}", signatures[i], today(), today() - 30, 0.5)

        threads = [threading.Thread(target=check, args=(i,)) for i in range(len(nodes))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with lock:
            firsts.append(sum(1 for m in results if m is None))
        originals = {m[0] for m in results if m is not None}
        assert len(originals) == 1, results
    for n in nodes:
        n.close()
    assert firsts == [1] * rounds


# ---- leases ----

_HOLD_LEASE = """
import sys, time
from newsbot.stores import backend_class
settings = {"NEWSBOT_STATE_URL": sys.argv[1], "NEWSBOT_STATE_DIR": sys.argv[2]}
leases = backend_class(settings).leases_for(settings)
assert leases.acquire("youm7")
print("held", flush=True)
time.sleep(600)
"""


def test_a_lease_is_held_by_one_holder_and_freed_when_its_process_is_killed(backend, tmp_path):
    settings = dict(backend.settings)
    cls = backend_class(settings)
    url = settings.get("NEWSBOT_STATE_URL", "")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LEASE, url, settings.get("NEWSBOT_STATE_DIR", "")],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        if backend.kind == "postgres":  # a lease object of another "machine": its own connection
            from newsbot.stores.postgres import PostgresLeases

            leases = PostgresLeases(url, "node-b")
        else:
            leases = cls.leases_for(settings)
        assert not leases.acquire("youm7")
        assert "youm7" in leases.where("youm7")
        assert leases.acquire("ahram"), "another outlet is free"
        holder.kill()  # kill -9: no clean-up runs
        holder.wait(10)
        deadline = time.monotonic() + 10
        while not leases.acquire("youm7"):
            assert time.monotonic() < deadline, "the killed holder's lease never freed"
            time.sleep(0.1)
        leases.release("youm7")
        leases.release("ahram")
    finally:
        holder.kill()
        holder.wait(10)


# ---- archive files ----

def test_archive_progress_is_kept_by_file_name(backend):
    stores = backend()
    assert stores.archive.progress("CC-NEWS-1.warc.gz") == (None, False)
    stores.archive.record_progress("CC-NEWS-1.warc.gz", 4096)
    stores.archive.record_progress("CC-NEWS-2.warc.gz", 10, done=True)
    assert stores.archive.progress("CC-NEWS-1.warc.gz") == (4096, False)
    assert stores.archive.progress("CC-NEWS-2.warc.gz") == (10, True)


# ---- what an operator asks ----

def test_an_outlet_is_summarised_and_forgotten_alone(backend):
    stores = backend(batch=1)
    stores.seen.mark_written(["youm7:1", "youm7:2"], "youm7")
    stores.claims.claim("youm7:3", "ccnews:CC-NEWS-1.warc.gz")  # claimed by a backfill: still youm7's article
    stores.seen.mark_dropped("youm7:4", "youm7")
    stores.seen.mark_written(["ahram:1"], "ahram")
    stores.neardup.first_copy("youm7:1", neardup.signature(_words(6)), today(), today() - 30, 0.5)
    summary = stores.admin.outlet_summary("youm7", 3)
    assert {k: summary[k] for k in ("written", "claimed", "dropped", "given_up", "near_duplicate_index")} == {
        "written": 2, "claimed": 1, "dropped": 1, "given_up": 0, "near_duplicate_index": 1,
    }
    assert summary["newest"] == [{"id": "youm7:1", "day": today() * DAY}]
    assert stores.admin.forget_outlet("youm7") == {"articles": 4, "near_duplicate_index": 1}
    assert stores.seen.settled(["youm7:1", "ahram:1"], 3) == {"ahram:1": WRITTEN}


@pytest.mark.postgres
def test_a_state_moves_between_sqlite_and_postgresql_and_back(tmp_path, postgres_url):
    """export → import into the other backend → export again: the same rows, claims not carried over."""
    postgres = postgres_url
    source = SQLiteState(tmp_path / "a" / "state.sqlite", node="n")
    source.mark_written(["youm7:1", "youm7:https://x/1"], "youm7")
    source.mark_dropped("youm7:2", "youm7")
    source.claim("youm7:3", "youm7")
    source.first_copy("youm7:1", neardup.signature(_words(7)), today(), today() - 30, 0.5)
    source.record_progress("CC-NEWS-1.warc.gz", 77)
    exported = list(source.export_rows())
    source.close()

    target = PostgresStores(postgres, "n", 86400, 30, 1)
    try:
        taken = target.admin.import_rows(exported)
        assert taken == {"articles": 4, "neardup": 1, "archive": 1}
        assert target.seen.settled(["youm7:1", "youm7:https://x/1"], 3) == {"youm7:1": WRITTEN, "youm7:https://x/1": WRITTEN}
        assert target.claims.claim("youm7:3", "youm7"), "the source's claim is not carried over"
        assert target.archive.progress("CC-NEWS-1.warc.gz") == (77, False)
        copy = target.neardup.first_copy("ahram:9", neardup.signature(_copy(_words(7))), today(), today() - 30, 0.5)
        assert copy is not None and copy[0] == "youm7:1"
        back = list(target.admin.export_rows())
    finally:
        target.close()
    again = SQLiteState(tmp_path / "b" / "state.sqlite")
    again.import_rows(back)
    assert again.settled(["youm7:1", "youm7:2"], 1) == {"youm7:1": WRITTEN, "youm7:2": DROPPED}
    assert again.outlet_summary("youm7", 3)["near_duplicate_index"] == 1
    again.close()


# ---- schema ----

def test_a_sqlite_state_of_the_earlier_schema_keeps_its_claims_voidable(tmp_path):
    import sqlite3

    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE articles (key INTEGER PRIMARY KEY, outlet TEXT NOT NULL, first_seen INTEGER NOT NULL,"
        " written INTEGER NOT NULL DEFAULT 0, drops INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
    )
    from newsbot.stores.common import key_hash

    db.execute("INSERT INTO articles VALUES (?, 'youm7', 1, 2, 0)", (key_hash("youm7:1"),))
    db.commit()
    db.close()
    store = SQLiteState(path, node="me")
    assert not store.claim("youm7:1", "youm7")
    assert store.release_claims("youm7") == 1  # a claim of the old schema had no node: its outlet's run voids it
    assert store.claim("youm7:1", "youm7")
    store.close()


@pytest.mark.postgres
def test_migrations_apply_once_when_two_nodes_start_at_once(postgres_url):
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def start():
        try:
            with psycopg.connect(postgres_url, autocommit=True) as conn:
                barrier.wait()
                migrate(conn)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(postgres_url) as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM newsbot_schema ORDER BY version")]
    assert versions == [v for v, _ in MIGRATIONS]


@pytest.mark.postgres
def test_a_state_of_a_newer_schema_is_refused(postgres_url):
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        migrate(conn)
        conn.execute("INSERT INTO newsbot_schema (version) VALUES (999)")
    with pytest.raises(StateUnavailable, match="version 999, newer"):
        PostgresStores(postgres_url, "n", 86400, 30, 1)


def test_an_unreachable_server_is_a_named_failure_without_the_password():
    from newsbot.dev.postgres import free_port

    url = f"postgresql://crawler:s3cret@127.0.0.1:{free_port()}/newsbot"
    started = time.monotonic()
    with pytest.raises(StateUnavailable) as failure:
        PostgresStores(url, "n", 86400, 5, 1)
    assert time.monotonic() - started < 30
    assert "cannot be opened" in str(failure.value) and "127.0.0.1" in str(failure.value)
    assert "s3cret" not in str(failure.value)
