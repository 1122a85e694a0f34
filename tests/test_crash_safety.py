"""Crash safety: `kill -9` at random moments of real crawls, then a run to the end.

Across all the runs every article is written exactly once, no line is torn,
no ``.part`` is left, and the state says written for exactly the articles in
the JSONL. The kills are random but seeded: the seed is printed (``-s`` shows
it; a failure message repeats it) and ``NEWSBOT_CRASH_SEED=<n>`` replays a run;
``NEWSBOT_CRASH_KILLS=<n>`` kills more times (default 5).

The site is ``newsbot.dev.localweb.bulk.BulkYoum7``: a synthetic youm7.com with a
few hundred generated articles served through the local web (127.0.0.1).
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsbot.crawl.state import State
from newsbot.dev.localweb import LocalWeb
from newsbot.dev.localweb.bulk import FIRST_ID, BulkYoum7, bulk_story
from newsbot.stores.sqlite import SQLiteState
from pipelines.jsonl import JsonlWriterPipeline
from tests.conftest import REPO, output_files
from tests.test_pipelines import article, crawler

ARTICLES = 400
PAGE_DELAY = 0.01  # seconds per article page: a run lasts a few seconds
KILLS = int(os.environ.get("NEWSBOT_CRASH_KILLS", 5))  # more for a stress run
FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO", "-s", "DOWNLOAD_TIMEOUT=10"]


def crawl_args(data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "youm7", "-s", f"NEWSBOT_DATA_DIR={data_dir}", *FAST]


def whole_lines(data_dir: Path) -> tuple[list[dict], int]:
    """Every whole line of every output file (finished or not) parsed, and the number of torn tails.

    A ``.jsonl`` must end with a newline; only a ``.part`` of a killed run may end in a torn line.
    """
    records, torn = [], 0
    for path in output_files(data_dir, "*.jsonl*"):
        data = path.read_bytes()
        keep = data.rfind(b"\n") + 1
        if keep < len(data):
            assert path.suffix == ".part", f"a finished file ends in a torn line: {path}"
            torn += 1
        for line in data[:keep].splitlines():
            records.append(json.loads(line))  # a line that does not parse fails here
    return records, torn


def parts_of(data_dir: Path) -> set[Path]:
    return set(output_files(data_dir, "*.jsonl.part"))


def line_count(paths) -> int:
    count = 0
    for path in paths:
        try:
            count += path.read_bytes().count(b"\n")
        except FileNotFoundError:
            pass
    return count


def written_in_state(data_dir: Path, ids) -> set[str]:
    store = SQLiteState(data_dir / ".state" / "state.sqlite")
    try:
        return {i for i in ids if store.written(i)}
    finally:
        store.close()


def kill_somewhere(proc: subprocess.Popen, data_dir: Path, rng: random.Random, remaining: int, anywhere: bool = True) -> str:
    """SIGKILL the crawl at a random moment; returns what the moment was."""
    before = parts_of(data_dir)
    if anywhere and rng.random() < 0.3:
        # anywhere: start-up, finalising leftovers, discovery, or among the articles
        wait = rng.uniform(0.2, 3.0)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.005)
        how = f"after {wait:.2f}s"
    else:
        # among the articles: after a random number of this run's lines, plus a random instant
        target = rng.randint(1, max(1, remaining * 3 // 4))
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if line_count(parts_of(data_dir) - before) >= target:
                break
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.02))
        how = f"after line {target}"
    if proc.poll() is not None:
        return how + " (had finished)"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return how


def seeded(what: str) -> tuple[int, random.Random]:
    """A seed for a randomised test (NEWSBOT_CRASH_SEED replays one), printed, and its generator."""
    seed = int(os.environ.get("NEWSBOT_CRASH_SEED") or random.SystemRandom().randrange(2**32))
    print(f"{what} seed: NEWSBOT_CRASH_SEED={seed}")
    return seed, random.Random(seed)


def assert_never_twice_nor_ahead(data_dir: Path, site, context: str) -> list[str]:
    """At every moment between runs: no article twice, and the state never claims an article the files lack."""
    records, _ = whole_lines(data_dir)
    ids = [r["id"] for r in records]
    assert not [i for i, n in Counter(ids).items() if n > 1], f"written twice ({context})"
    assert written_in_state(data_dir, site.ids) <= set(ids), f"state ahead of the files ({context})"
    return ids


@pytest.mark.e2e
def test_kill_9_at_random_moments_then_run_again_writes_every_article_once(tmp_path):
    seed, rng = seeded("crash-safety")
    site = BulkYoum7(ARTICLES, delay=PAGE_DELAY, crawl_delay=0.01)
    data_dir = tmp_path / "data"
    log = (tmp_path / "crawls.log").open("ab")
    moments, mid_write, ahead = [], 0, 0
    with LocalWeb(site) as web:
        env = {**os.environ, **web.proxy_env()}
        for round_ in range(KILLS):
            ids = assert_never_twice_nor_ahead(data_dir, site, f"seed {seed}, after {moments}")
            log.write(f"\n===== run {round_ + 1} (killed) =====\n".encode())
            log.flush()
            parts_before = parts_of(data_dir)
            proc = subprocess.Popen(crawl_args(data_dir), cwd=REPO, env=env, stdout=log, stderr=log)
            # the first kill always lands among the articles; later ones anywhere
            moments.append(kill_somewhere(proc, data_dir, rng, ARTICLES - len(set(ids)), anywhere=round_ > 0))
            records, _ = whole_lines(data_dir)
            if {r["id"] for r in records} - written_in_state(data_dir, site.ids):
                ahead += 1  # killed between a line and its record in the state: the next run repairs it
            if any(p.stat().st_size for p in parts_of(data_dir) - parts_before):
                mid_write += 1  # this kill left a file with lines: the next run must finalise it
        log.write(b"\n===== final run =====\n")
        log.flush()
        final = subprocess.run(crawl_args(data_dir), cwd=REPO, env=env, stdout=log, stderr=log, timeout=120)
    log.close()
    context = f"seed {seed}; kills {moments}; log {tmp_path / 'crawls.log'}"
    print(f"kills: {moments}; {mid_write} left a .part with lines, {ahead} left lines the state had not recorded")
    assert final.returncode == 0, context
    assert mid_write >= 1, f"no kill landed while articles were being written ({context})"
    assert not parts_of(data_dir), f"a .part is left after the final run ({context})"

    records, torn = whole_lines(data_dir)
    assert torn == 0
    counts = Counter(r["id"] for r in records)
    twice = sorted(i for i, n in counts.items() if n > 1)
    assert not twice, f"written more than once: {twice[:10]} ({context})"
    assert set(counts) == set(site.ids), (
        f"lost: {sorted(set(site.ids) - set(counts))[:10]}, unexpected: {sorted(set(counts) - set(site.ids))[:10]} ({context})"
    )
    for record in records:  # whole articles, not fragments
        n = int(record["id"].split(":")[1]) - FIRST_ID
        assert record["title"] == bulk_story(n).title
    # the state agrees with the JSONL: written for every article in it, for nothing else
    assert written_in_state(data_dir, site.ids) == set(counts), context
    unlisted = [f"youm7:{FIRST_ID + ARTICLES + k}" for k in range(50)] + ["youm7:torn"]
    assert not written_in_state(data_dir, unlisted)
    # and so does the near-duplicate index (the articles are all different): each article once,
    # including those whose index rows a kill took from memory (rebuilt from the leftover lines)
    with sqlite3.connect(data_dir / ".state" / "state.sqlite") as db:
        indexed = Counter(i for (i,) in db.execute("SELECT id FROM neardup_docs"))
    assert set(indexed) == set(counts) and max(indexed.values()) == 1, context
    assert not [r for r in records if r["duplicate_of"]], context


def _hold_state_lock(path: Path, after: float, seconds: float) -> threading.Thread:
    """Another process's long write transaction on the state database, from ``after`` seconds on."""

    def hold():
        time.sleep(after)
        if not path.exists():
            return
        db = sqlite3.connect(path, timeout=10, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            time.sleep(seconds)
            db.execute("ROLLBACK")
        finally:
            db.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    return thread


@pytest.mark.e2e
def test_kills_full_disks_and_locked_states_in_random_order_then_a_clean_run_writes_every_article_once(tmp_path):
    """Issue 12: kill -9, a disk that fills (a file-size limit), and a state locked past its busy timeout."""
    seed, rng = seeded("fault")
    site = BulkYoum7(ARTICLES, delay=PAGE_DELAY, crawl_delay=0.01)
    data_dir = tmp_path / "data"
    state = data_dir / ".state" / "state.sqlite"
    log = (tmp_path / "crawls.log").open("ab")
    faults = ["kill", "disk", "lock"] + [rng.choice(["kill", "disk", "lock"]) for _ in range(max(0, KILLS - 3))]
    rng.shuffle(faults)
    args = crawl_args(data_dir) + ["-s", "NEWSBOT_STATE_BUSY_TIMEOUT=0.5"]
    with LocalWeb(site) as web:
        env = {**os.environ, **web.proxy_env()}
        for round_, fault in enumerate(faults):
            ids = assert_never_twice_nor_ahead(data_dir, site, f"seed {seed}, faults {faults[:round_]}")
            log.write(f"\n===== run {round_ + 1} ({fault}) =====\n".encode())
            log.flush()
            if fault == "kill":
                proc = subprocess.Popen(args, cwd=REPO, env=env, stdout=log, stderr=log)
                kill_somewhere(proc, data_dir, rng, ARTICLES - len(set(ids)))
                continue
            if fault == "disk":
                limit = (state.stat().st_size if state.exists() else 0) + rng.randint(40_000, 400_000)

                def small_disk(limit=limit):
                    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

                subprocess.run(args, cwd=REPO, env=env, stdout=log, stderr=log, timeout=120, preexec_fn=small_disk)
            else:
                holder = _hold_state_lock(state, rng.uniform(0.5, 2.0), rng.uniform(1.0, 3.0))
                subprocess.run(args, cwd=REPO, env=env, stdout=log, stderr=log, timeout=120)
                holder.join()
        log.write(b"\n===== final run =====\n")
        log.flush()
        final = subprocess.run(args, cwd=REPO, env=env, stdout=log, stderr=log, timeout=120)
    log.close()
    context = f"seed {seed}; faults {faults}; log {tmp_path / 'crawls.log'}"
    assert final.returncode == 0, context
    assert not parts_of(data_dir), f"a .part is left after the final run ({context})"
    records, torn = whole_lines(data_dir)
    assert torn == 0, context
    counts = Counter(r["id"] for r in records)
    assert not [i for i, n in counts.items() if n > 1], f"written more than once ({context})"
    assert set(counts) == set(site.ids), f"lost: {sorted(set(site.ids) - set(counts))[:10]} ({context})"
    assert written_in_state(data_dir, site.ids) == set(counts), context


# ---- the two windows of the writer, each hit deterministically ----


class _Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs."""


class _DyingStore:
    def mark_written(self, keys, outlet):
        raise _Killed


def _stores(seen):
    """A state backend (NEWSBOT_STORES) whose seen store is ``seen``."""

    class Stores:
        @classmethod
        def from_settings(cls, settings):
            return SimpleNamespace(seen=seen, claims=seen, neardup=seen, close=lambda: None)

        @staticmethod
        def leases_for(settings):
            return None

    return Stores


def _writer(data_dir: Path, store) -> tuple[JsonlWriterPipeline, State]:
    """The writer and the state extension, wired by signals as in a crawl."""
    c = crawler(NEWSBOT_DATA_DIR=str(data_dir), NEWSBOT_STORES=_stores(store))
    state = State(c)
    return JsonlWriterPipeline.from_crawler(c), state


def _deliver(writer: JsonlWriterPipeline, state: State, item) -> None:
    """What the engine does with an item: the pipeline, then item_scraped."""
    state.item_scraped(writer.process_item(item), None, writer.crawler.spider)


def test_a_kill_between_the_line_and_the_state_is_repaired_by_the_next_run(tmp_path):
    store = SQLiteState(tmp_path / "state.sqlite")
    dying, dying_state = _writer(tmp_path, _DyingStore())
    dying.open_spider()
    with pytest.raises(_Killed):
        _deliver(dying, dying_state, article(id="outlet:1", url="https://www.news.test/story/1"))
    os.close(dying.own.fd)  # the kernel closes it (and drops the lock) when the process dies
    assert not store.written("outlet:1")
    nxt, _ = _writer(tmp_path, store)
    nxt.open_spider()
    assert store.written("outlet:1"), "the next run records the leftover's lines"
    nxt.close_spider()
    store.close()


def test_a_kill_while_the_next_run_records_a_leftover_keeps_the_part(tmp_path):
    day = tmp_path / "outlet" / "2026-11-28"
    day.mkdir(parents=True)
    part = day / "dead.jsonl.part"
    part.write_bytes(b'{"id": "outlet:1", "outlet": "outlet", "url": "https://www.news.test/story/1"}\n{"id"')
    dying, _state = _writer(tmp_path, _DyingStore())  # held: signal handlers are weak references
    with pytest.raises(_Killed):
        dying.open_spider()
    # Killed before the lines were recorded: the file must still be a .part, or no run would look at it again.
    assert part.exists() and not (day / "dead.jsonl").exists()
    store = SQLiteState(tmp_path / "state.sqlite")
    nxt, _ = _writer(tmp_path, store)
    nxt.open_spider()
    assert (day / "dead.jsonl").exists() and not part.exists()
    assert store.written("outlet:1")
    nxt.close_spider()
    store.close()


def test_claims_stay_closed_while_a_leftover_file_cannot_be_finalised(tmp_path):
    """Seed 2108050564 found it: a full disk kept a run's file (its lines unrecorded), the next run
    could not record them (the state locked) and then opened the dead run's claims: an article of the
    kept file was written again. The claims now stay closed until the leftover is finalised."""
    store = SQLiteState(tmp_path / "state.sqlite")
    assert store.claim("outlet:1", "outlet")  # the dead run's claim; its line is in the kept .part
    _, state = _writer(tmp_path, store)
    state.crawler.stats.set_value("newsbot/jsonl/leftover_kept", 1)
    state.release_claims("outlet")
    assert not store.claim("outlet:1", "outlet"), "the article of the kept file could be written again"
    state.crawler.stats.set_value("newsbot/jsonl/leftover_kept", 0)
    state.release_claims("outlet")  # once nothing is kept back, the dead run's claims open again
    assert store.claim("outlet:1", "outlet")
