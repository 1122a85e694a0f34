"""A broken outlet makes `scrapy crawl` exit non-zero; a healthy one exits 0 (see test_e2e_crawl)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from newsbot.crawl.health import problems_of
from newsbot.dev.localweb import LocalWeb
from tests.conftest import REPO
from tests.test_e2e_crawl import run_section
from tests.test_outlet_tools import DeadSite


def test_problems_from_stats():
    healthy = {
        "newsbot/health/discovered": 20, "newsbot/discovery/article_requests": 10, "newsbot/drop/http_404": 2,
        "newsbot/drop/robots": 5, "newsbot/jsonl/written": 8,
        "newsbot/coverage/title": 8, "newsbot/coverage/body": 8, "newsbot/coverage/published_at": 7,
    }
    assert problems_of(healthy, 0.5, 0.8) == []
    assert problems_of({**healthy, "newsbot/health/discovered": 0}, 0.5, 0.8) == ["nothing discovered: no feed or sitemap gave any entry"]
    assert problems_of({**healthy, "newsbot/drop/timeout": 4}, 0.5, 0.8) == ["error rate 6/10 above 50%"]
    assert problems_of({**healthy, "newsbot/coverage/published_at": 5}, 0.5, 0.8) == ["published_at on 5/8 articles, below 80%"]
    # nothing new is not a failure
    assert problems_of({"newsbot/health/discovered": 20}, 0.5, 0.8) == []


def test_most_article_requests_without_an_article_fail_the_run_whatever_the_reason():
    base = {"newsbot/health/discovered": 12, "newsbot/discovery/article_requests": 10}
    redesign = {**base, "newsbot/drop/missing_body": 6, "newsbot/drop/too_short": 2, "newsbot/jsonl/written": 2,
                "newsbot/coverage/title": 2, "newsbot/coverage/body": 2, "newsbot/coverage/published_at": 2}
    assert problems_of(redesign, 0.5, 0.8) == ["8/10 article requests gave no article, above 50% (missing_body 6, too_short 2)"]
    crashing = {**base, "spider_exceptions/count": 10, "spider_exceptions/AttributeError": 10}
    assert problems_of(crashing, 0.5, 0.8) == ["10/10 article requests gave no article, above 50% (spider exceptions 10)"]
    # copies of articles already in the output are articles, not losses
    repeats = {**base, "newsbot/drop/written_before": 6, "newsbot/drop/near_duplicate": 1, "newsbot/jsonl/written": 3,
               "newsbot/coverage/title": 3, "newsbot/coverage/body": 3, "newsbot/coverage/published_at": 3}
    assert problems_of(repeats, 0.5, 0.8) == []
    assert problems_of({**redesign, "newsbot/jsonl/written": 5, "newsbot/drop/missing_body": 3, "newsbot/coverage/title": 5,
                        "newsbot/coverage/body": 5, "newsbot/coverage/published_at": 5}, 0.5, 0.8) == []


@pytest.mark.e2e
def test_a_crawl_of_a_broken_outlet_exits_non_zero(tmp_path):
    with LocalWeb(DeadSite()) as web:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "youm7", "-s", f"NEWSBOT_DATA_DIR={tmp_path}"],
            cwd=REPO, env={**os.environ, **web.proxy_env()}, capture_output=True, text=True, timeout=120,
        )
    assert result.returncode == 1
    assert run_section(result)["health"]["problems"] == [
        "nothing discovered: no feed or sitemap gave any entry (first error: HTTP 404 (https://www.youm7.com/rss/SectionRss?SectionID=319))"
    ]
