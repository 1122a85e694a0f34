"""Outlet tooling: the README table is generated from the spiders; newoutlet scaffolds; probe checks live."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from newsbot.dev.localweb import LocalWeb, Reply, SyntheticYoum7
from tests.conftest import REPO, require_captures, run_scrapy

EIGHT_OUTLETS = {"youm7", "cnnarabic", "lbcgroup", "alyaum", "albayan", "akhbarelyom", "sputnikarabic", "elbaladtv"}


def test_scrapy_list_shows_every_outlet_and_the_generic_spider():
    listed = set(run_scrapy("list").stdout.decode().split())
    assert EIGHT_OUTLETS | {"generic"} <= listed


def test_readme_outlet_table_matches_the_code():
    require_captures()  # the "page test" column looks at the captures folder
    table = run_scrapy("outlets", "--markdown").stdout.decode()
    readme = (REPO / "README.md").read_text("utf-8")
    block = readme.split("<!-- outlets:start -->\n", 1)[1].split("<!-- outlets:end -->", 1)[0]
    assert block == table, "README drifted from the spiders: paste `scrapy outlets --markdown` between the markers"
    for name in EIGHT_OUTLETS:
        assert f"| `{name}` |" in table


def test_newoutlet_scaffolds_a_loadable_spider_and_its_page_test(tmp_path):
    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = newsbot.settings\n")
    (tmp_path / "spiders").mkdir()
    result = run_scrapy("newoutlet", "madina", "https://www.madina-news.example/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    spider_file = tmp_path / "spiders" / "madina.py"
    spec = importlib.util.spec_from_file_location("scaffolded_madina", spider_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    profile = module.MadinaSpider.profile
    assert profile.name == "madina" and profile.domains == ("madina-news.example",)
    assert profile.match_article_url("https://www.madina-news.example/2025/03/x")
    # no silent defaults: a scaffold is a draft until its name, country and zone are filled in
    assert profile.draft and set(profile.missing) == {"outlet_name", "country", "timezone"}
    assert profile.timezone is None and profile.country is None
    assert "madina" not in run_scrapy("list", cwd=tmp_path).stdout.decode().split(), "scheduled runs leave a draft alone"
    gold = json.loads((tmp_path / "tests" / "pages" / "madina" / "example.gold.json").read_text("utf-8"))
    assert gold["title"].startswith("TODO")
    again = run_scrapy("newoutlet", "madina", "madina-news.example", cwd=tmp_path)
    assert again.returncode != 0 and b"exists already" in again.stderr
    assert run_scrapy("newoutlet", "Bad-Name", "x.com", cwd=tmp_path).returncode != 0


def _probe(site) -> subprocess.CompletedProcess:
    with LocalWeb(site) as web:
        return subprocess.run(
            [sys.executable, "-m", "scrapy", "probe", "youm7", "-s", "DOWNLOAD_TIMEOUT=2"],
            cwd=REPO, env={**os.environ, **web.proxy_env()}, capture_output=True, text=True, timeout=120,
        )


@pytest.mark.e2e
def test_probe_reports_discovery_and_coverage_offline():
    site = SyntheticYoum7("feeds")
    result = _probe(site)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    out = result.stdout
    # the feed lists every test article, plus an old one and a section page
    assert "https://www.youm7.com/rss/SectionRss?SectionID=65" in out and f" {len(site.listed) + 2} entries" in out
    assert "Articles: 3 of 3" in out and "has: title, body, published_at" in out
    assert out.rstrip().endswith("OK")


class DeadSite:
    hosts = ("www.youm7.com",)

    def respond(self, method, url):
        return Reply(404, b"gone")


@pytest.mark.e2e
def test_probe_fails_when_discovery_fails():
    result = _probe(DeadSite())
    assert result.returncode == 1
    assert "FAILED: no feed or sitemap gave entries; no article was extracted" in result.stdout
