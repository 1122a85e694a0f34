"""Shared test helpers: where the third-party captures are, and how to run the CLI.

Tests never write into the checkout: every process of the session (the scrapy
subprocesses too) gets a data directory of its own under the system's temporary
folder, and the session fails if the checkout gained files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import configuration as hypothesis_configuration
from hypothesis import settings as hypothesis_settings

# Before newsbot is imported: its defaults read these once.
_SESSION_DATA = tempfile.mkdtemp(prefix="newsbot-tests-")

# Property tests keep no example database or caches in the checkout.
hypothesis_configuration.set_hypothesis_home_dir(Path(_SESSION_DATA) / ".hypothesis")
hypothesis_settings.register_profile("newsbot", database=None)
hypothesis_settings.load_profile("newsbot")
os.environ["NEWSBOT_DATA_DIR"] = _SESSION_DATA
os.environ.pop("NEWSBOT_STATE_DIR", None)

from newsbot.outlets.samples import REPO_ROOT, captures_dir, seed_dir  # noqa: E402 (re-exported to the tests)

REPO = REPO_ROOT


def _checkout_files() -> set[str] | None:
    """Untracked and ignored files of the checkout (None outside a git checkout)."""
    result = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"], cwd=REPO, capture_output=True, text=True
    )
    if result.returncode != 0:
        return None
    skip = ("__pycache__", ".pytest_cache", ".egg-info", ".mypy_cache", ".ruff_cache")
    return {line[3:] for line in result.stdout.splitlines() if line[:2] in ("??", "!!") and not any(s in line for s in skip)}


def pytest_sessionstart(session):
    session.config._newsbot_checkout = _checkout_files()


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_newsbot_checkout", None)
    after = _checkout_files()
    shutil.rmtree(_SESSION_DATA, ignore_errors=True)
    if before is not None and after is not None and after - before:
        print(f"\nTests wrote into the checkout: {sorted(after - before)}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def missing(what: str, how: str) -> NoReturn:
    """Skip where something a test needs is absent (a user's clone or machine); fail under CI, which
    always provides it (the captures, PostgreSQL, Chromium)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {what} is missing: {how}")
    pytest.skip(f"{what} is not present: {how}")


def _require(path: Path, pattern: str, what: str, env: str) -> Path:
    if path.is_dir() and any(path.glob(pattern)):
        return path
    missing(f"{what} at {path}", f"set {env} to run this test")


def require_captures() -> Path:
    return _require(captures_dir(), "*/*.html", "the third-party saved pages", "NEWSBOT_CAPTURES")


def require_seed() -> Path:
    return _require(seed_dir(), "aggregator-article.txt", "the seed aggregator article", "NEWSBOT_SEED")


def captures_for(domain: str) -> list[Path]:
    root = captures_dir()
    return sorted((root / domain).glob("*.html")) if (root / domain).is_dir() else []


def load_capture(html_path: Path) -> tuple[dict, dict]:
    meta = json.loads(html_path.with_suffix(".meta.json").read_text("utf-8"))
    gold = json.loads(html_path.with_suffix(".gold.json").read_text("utf-8"))
    return meta, gold


def output_files(data_dir: Path, pattern: str = "*.jsonl") -> list[Path]:
    """The crawl's output files, <data>/<outlet>/<date>/<run_id>.jsonl (not the run reports under runs/)."""
    return sorted(f for f in data_dir.glob(f"*/*/{pattern}") if f.parts[-3] != "runs")


def run_scrapy(*args: str, cwd: Path = REPO, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the real `scrapy` CLI of this interpreter, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd, env=full_env, capture_output=True, timeout=timeout,
    )


def build_spider(cls, settings: dict | None = None, **kwargs):
    """A spider bound to a crawler with in-memory stats, without running an engine."""
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings
    from scrapy.statscollectors import MemoryStatsCollector

    crawler = Crawler(cls, Settings({"NEWSBOT_DAYS": 2, "NEWSBOT_MIN_WORDS": 30} | (settings or {})))
    crawler.stats = MemoryStatsCollector(crawler)
    spider = cls.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    return spider


def start_requests(spider) -> list:
    """The requests of a spider's ``async def start()``."""
    import asyncio

    async def collect():
        return [r async for r in spider.start()]

    return asyncio.run(collect())


# ---- PostgreSQL: the shared state (newsbot.stores.postgres) ----

_POSTGRES_ENV = "NEWSBOT_TEST_POSTGRES_URL"  # set by .ci/run, which starts the server


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server's URL: the one .ci/run started (NEWSBOT_TEST_POSTGRES_URL), else a throwaway
    cluster of this test process when the system has PostgreSQL; fails under CI without one."""
    url = os.environ.get(_POSTGRES_ENV)
    if url:
        yield url
        return
    from newsbot.dev import postgres

    if postgres.bin_dir() is None:
        missing("PostgreSQL", f"apt-get install postgresql, or set {_POSTGRES_ENV} (.ci/run installs and starts it)")
    directory = Path(tempfile.mkdtemp(prefix="newsbot-pg-"))  # under /tmp: the server's user can reach it
    try:
        url, _ = postgres.start(directory)
        yield url
    finally:
        postgres.stop(directory)
        shutil.rmtree(directory, ignore_errors=True)


def fresh_database(server: str):
    """A new, empty database on the test server, dropped afterwards."""
    from newsbot.dev.postgres import scratch_database

    return scratch_database(server, "newsbot_test")


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty database on the test server for one test."""
    with fresh_database(postgres_server) as url:
        yield url
