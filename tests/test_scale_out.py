"""Several machines, one PostgreSQL state: `scrapy crawlall` on two "nodes" at once (their own data
directories, the same NEWSBOT_STATE_URL), through the local web. Each article is written exactly
once across both, each outlet runs on one node, and a story of two outlets crawled on different
nodes is recognised as a copy. The README's two-node example is this test."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from newsbot.crawl.registry import spider_classes
from newsbot.dev.localweb import LocalWeb, SyntheticYoum7
from newsbot.dev.localweb.archive import Sites
from newsbot.dev.localweb.outlet import SyntheticOutlet
from tests.conftest import REPO, output_files

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

SPIDERS = spider_classes(("spiders",))
TEMPLATES = {
    "alyaum": "https://www.alyaum.com/articles/{id}/{slug}",
    "sputnikarabic": "https://sarabic.ae/{year}{month:02d}{day:02d}/{slug}-{id}.html",
    "akhbarelyom": "https://akhbarelyom.com/news/newdetails/{id}/1/{slug}",
}


def outlets(count: int, crawl_delay: float) -> dict[str, SyntheticOutlet]:
    # story numbers apart per outlet: different outlets' stories share no text
    return {name: SyntheticOutlet(SPIDERS[name], template, count=count, first=300 + 100 * i, crawl_delay=crawl_delay)
            for i, (name, template) in enumerate(TEMPLATES.items())}


def start_node(web: LocalWeb, data_dir: Path, state_url: str, *names: str) -> subprocess.Popen:
    """`scrapy crawlall` as a node runs it: its own data directory, the shared state from the environment."""
    env = {**os.environ, **web.proxy_env(), "NEWSBOT_STATE_URL": state_url, "NEWSBOT_DATA_DIR": str(data_dir)}
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawlall", *names, "-s", "DOWNLOAD_TIMEOUT=5"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def finish(node: subprocess.Popen, timeout: float = 240) -> tuple[int, str, str]:
    out, err = node.communicate(timeout=timeout)
    return node.returncode, out, err


def lines_of(data_dir: Path) -> list[dict]:
    """Every line of a node's published files; a torn line fails json.loads."""
    return [json.loads(line) for f in output_files(data_dir) for line in f.read_bytes().splitlines()]


def expected_ids(youm7: SyntheticYoum7, others: dict[str, SyntheticOutlet]) -> set[str]:
    ids = {f"youm7:{youm7.stories[n].id}" for n in ("good1", "good2", "broken", "legacy", "moved")}
    return ids | {f"{name}:{story.id}" for name, site in others.items() for story in site.stories}


def test_two_nodes_write_every_article_once_and_find_a_copy_across_nodes(tmp_path, postgres_url):
    youm7 = SyntheticYoum7("backfill", crawl_delay=0.1)
    sites = outlets(count=6, crawl_delay=0.1)
    # akhbarelyom (node B only) republishes a story of alyaum (node A only), with a dateline
    original = sites["alyaum"].stories[2]
    copy = sites["akhbarelyom"].publish(
        sites["akhbarelyom"].stories[0].__class__(9_900_001, "نقل", "عنوان منقول", "وكالات", ["القاهرة - (أ ش أ) - " + original.paragraphs[0], *original.paragraphs[1:]])
    )
    a, b = tmp_path / "node-a", tmp_path / "node-b"
    with LocalWeb(Sites(youm7, *sites.values())) as web:
        # youm7 and sputnikarabic are asked of both nodes; alyaum only of A, akhbarelyom only of B
        node_a = start_node(web, a, postgres_url, "youm7", "sputnikarabic", "alyaum")
        node_b = start_node(web, b, postgres_url, "youm7", "sputnikarabic", "akhbarelyom")
        code_a, out_a, err_a = finish(node_a)
        code_b, out_b, err_b = finish(node_b)
    assert (code_a, code_b) == (0, 0), out_a + err_a[-3000:] + out_b + err_b[-3000:]
    records_a, records_b = lines_of(a), lines_of(b)
    written = Counter(r["id"] for r in records_a + records_b)
    assert [i for i, n in written.items() if n > 1] == [], "an article written twice across the nodes"
    assert set(written) == expected_ids(youm7, sites)
    for outlet in ("youm7", "sputnikarabic"):
        on = [name for name, records in (("A", records_a), ("B", records_b)) if any(r["outlet"] == outlet for r in records)]
        assert len(on) == 1, f"{outlet} written on {on}"
        skipped = out_b if on == ["A"] else out_a
        assert f"{outlet}: skipped, already running" in skipped or f"{outlet}: 0 written" in skipped, skipped
    by_id = {r["id"]: r for r in records_a + records_b}
    first, second = f"alyaum:{original.id}", f"akhbarelyom:{copy.id}"
    assert {by_id[first].get("duplicate_of"), by_id[second].get("duplicate_of")} in ({None, first}, {None, second}), "the copy across nodes is not marked"
    # the nodes' output never collides: each has its own directory, and run ids differ
    assert not {f.name for f in output_files(a)} & {f.name for f in output_files(b)}


def test_a_node_killed_mid_run_loses_and_repeats_nothing(tmp_path, postgres_url):
    """kill -9 of node A while it writes: node B takes A's outlets as soon as the server frees A's leases,
    and leaves alone the articles A claimed (their lines may be in A's .part files); A's rerun finalises
    its files and fetches what it claimed but never wrote. Across both: every article once, no torn line."""
    youm7 = SyntheticYoum7("backfill", crawl_delay=0.1)
    sites = outlets(count=25, crawl_delay=0.3)
    names = ("youm7", *TEMPLATES)
    a, b = tmp_path / "node-a", tmp_path / "node-b"
    with LocalWeb(Sites(youm7, *sites.values())) as web:
        node_a = start_node(web, a, postgres_url, *names)
        deadline = time.monotonic() + 120
        while sum(len(f.read_bytes().splitlines()) for f in output_files(a, "*.jsonl.part")) < 8:
            assert node_a.poll() is None, "node A ended before it could be killed"
            assert time.monotonic() < deadline, "node A wrote nothing"
            time.sleep(0.05)
        os.killpg(node_a.pid, signal.SIGKILL)
        node_a.wait(10)
        killed_lines = sum(len(f.read_bytes().splitlines()) for f in output_files(a, "*.jsonl.part"))
        code_b, out_b, err_b = finish(start_node(web, b, postgres_url, *names))
        code_a, out_a, err_a = finish(start_node(web, a, postgres_url, *names))
    assert code_b == 0, out_b + err_b[-3000:]
    assert code_a == 0, out_a + err_a[-3000:]
    assert killed_lines >= 8
    assert not output_files(a, "*.part") and not output_files(b, "*.part")
    records = lines_of(a) + lines_of(b)
    written = Counter(r["id"] for r in records)
    assert [i for i, n in written.items() if n > 1] == []
    assert set(written) == expected_ids(youm7, sites), "lost articles"
    assert any(r["outlet"] != "youm7" for r in lines_of(b)), "node B took none of A's outlets"


def _database(url: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    return str(conninfo_to_dict(url)["dbname"])


def test_the_database_failing_mid_run_is_an_unhealthy_run_that_forgets_nothing(tmp_path, postgres_server, postgres_url):
    """The server stops taking the node's connections while it writes: every outcome it cannot record
    is counted, the run exits 1 naming the state, its file stays a .part, and the next run (with the
    server back) records those lines and writes what is left, each article once."""
    import psycopg

    sites = outlets(count=12, crawl_delay=0.2)
    data = tmp_path / "node"
    command = ["crawl", "alyaum", "-s", "NEWSBOT_STATE_BUSY_TIMEOUT=1", "-s", "DOWNLOAD_TIMEOUT=5"]
    env_of = lambda web: {**os.environ, **web.proxy_env(), "NEWSBOT_STATE_URL": postgres_url, "NEWSBOT_DATA_DIR": str(data)}  # noqa: E731
    name = _database(postgres_url)
    with LocalWeb(sites["alyaum"]) as web:
        run = subprocess.Popen([sys.executable, "-m", "scrapy", *command], cwd=REPO, env=env_of(web), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while sum(len(f.read_bytes().splitlines()) for f in output_files(data, "*.jsonl.part")) < 3:
            assert run.poll() is None and time.monotonic() < deadline, "the run ended before the state failed"
            time.sleep(0.05)
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        out, err = run.communicate(timeout=240)
        assert run.returncode == 1, out + err[-3000:]
        assert "UNHEALTHY" in out and "state errors" in out, out
        kept = output_files(data, "*.jsonl.part")
        assert kept, "the file of a run whose state failed is kept for the next run"
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        rerun = subprocess.run([sys.executable, "-m", "scrapy", *command], cwd=REPO, env=env_of(web), capture_output=True, text=True, timeout=240)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-3000:]
    written = Counter(r["id"] for r in lines_of(data))
    assert [i for i, n in written.items() if n > 1] == []
    assert set(written) == {f"alyaum:{s.id}" for s in sites["alyaum"].stories}


def test_an_unreachable_database_stops_the_run_before_it_crawls(tmp_path):
    from newsbot.dev.postgres import free_port

    with LocalWeb(outlets(count=2, crawl_delay=0)["alyaum"]) as web:
        env = {**os.environ, **web.proxy_env(), "NEWSBOT_STATE_URL": f"postgresql://crawler:pw@127.0.0.1:{free_port()}/newsbot"}
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "alyaum", "-s", f"NEWSBOT_DATA_DIR={tmp_path}"],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
        )
        requested = list(web.log)
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert "StateUnavailable" in result.stdout + result.stderr and "cannot be" in result.stdout + result.stderr
    assert "pw@" not in result.stdout + result.stderr
    assert not requested and not output_files(tmp_path, "*.jsonl*")
