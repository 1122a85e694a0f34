"""End to end: `-a refresh=1` rewrites every article of the window, and an outlet whose pages lost their
text (a redesign that fills it by JavaScript) fails the run instead of writing junk."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from newsbot.dev.localweb import LocalWeb, SyntheticYoum7
from tests.conftest import REPO, output_files
from tests.test_e2e_crawl import crawl_args, lines_of, run_section

pytestmark = pytest.mark.e2e


def test_refresh_rewrites_every_article_of_the_window(tmp_path):
    site = SyntheticYoum7("backfill", crawl_delay=0.05)
    with LocalWeb(site) as web:
        env = {**os.environ, **web.proxy_env()}

        def crawl(*extra: str) -> subprocess.CompletedProcess:
            result = subprocess.run(crawl_args(tmp_path) + list(extra), cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, result.stderr[-3000:]
            return result

        first = crawl()
        written = {r["id"] for r in lines_of(tmp_path)}
        assert len(written) >= 3 and run_section(first)["written"] == len(written)

        plain = crawl()
        assert run_section(plain)["written"] == 0
        assert run_section(plain)["skipped_as_seen"]["written_before"] == len(written)

        refreshed = crawl("-a", "refresh=1")
        section = run_section(refreshed)
        assert section["written"] == len(written), section
        assert section["drops"].get("written_before", 0) == 0
        assert section["health"]["ok"]
        files = output_files(tmp_path)
        assert len(files) == 2
        assert {json.loads(line)["id"] for line in files[-1].read_bytes().splitlines()} == written


def test_an_outlet_whose_pages_lost_their_text_fails_the_run(tmp_path):
    with LocalWeb(SyntheticYoum7("textless", crawl_delay=0.05)) as web:
        result = subprocess.run(
            crawl_args(tmp_path), cwd=REPO, env={**os.environ, **web.proxy_env()}, capture_output=True, text=True, timeout=120,
        )
    assert result.returncode == 1, result.stderr[-3000:]
    section = run_section(result)
    assert section["written"] == 0 and output_files(tmp_path) == []
    assert section["drops"]["missing_body"] >= 3
    assert not section["health"]["ok"]
    (problem,) = [p for p in section["health"]["problems"] if "gave no article" in p]
    assert "missing_body" in problem
    assert "UNHEALTHY" in result.stdout and "gave no article" in result.stdout
