"""`scrapy demo` crawls the local web end to end; the benchmark's newsbot side runs the crawl's code."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from newsbot.bench import newsbot_extractor
from newsbot.dev.localweb.site import SyntheticYoum7, article_page
from tests.conftest import run_scrapy


@pytest.mark.e2e
def test_demo_prints_where_the_jsonl_went_and_what_was_dropped(tmp_path):
    result = run_scrapy("demo", "--data-dir", str(tmp_path), timeout=120)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert "Articles written: 9" in out
    path = re.search(r"Output:\s+(\S+\.jsonl)", out).group(1)
    assert path.startswith(str(tmp_path))
    lines = open(path, encoding="utf-8").read().splitlines()
    assert len(lines) == 9 and all(json.loads(line)["outlet"] == "youm7" for line in lines)
    assert re.search(r"Dropped:.*http_404 1.*language 1.*offsite 1.*robots 1.*timeout 1.*too_large 1", out)


def test_bench_runs_newsbot_extraction_and_cleaning_on_a_page():
    site = SyntheticYoum7("feeds", now=datetime(2026, 5, 1, 10, tzinfo=timezone.utc))
    story = site.stories["good1"]
    url = "https://www.youm7.com" + story.path(site.day)
    article = newsbot_extractor()(url, article_page(story, url, site.day.replace(tzinfo=None)))
    assert article.id == f"youm7:{story.id}"
    assert article.body.split("\n\n") == story.paragraphs
    assert article.content_hash and article.word_count > 30
