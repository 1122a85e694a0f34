"""Outlet tooling: the README table is generated from the spiders; newoutlet scaffolds; probe checks live."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys

import pytest
from scrapy.utils.project import get_project_settings

from newsbot.crawl.registry import outlet_spiders, spider_classes
from newsbot.dev.localweb import LocalWeb, Reply, SyntheticYoum7
from newsbot.dev.localweb.archive import Sites
from newsbot.dev.localweb.outlet import SyntheticOutlet
from newsbot.dev.localweb.site import rss
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
    assert block == table, "README drifted from the spiders: run `scrapy outlets --markdown --write`"
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


def _probe(site, *args: str) -> subprocess.CompletedProcess:
    with LocalWeb(site) as web:
        return subprocess.run(
            [sys.executable, "-m", "scrapy", "probe", *(args or ("youm7",)), "-s", "DOWNLOAD_TIMEOUT=2"],
            cwd=REPO, env={**os.environ, **web.proxy_env()}, capture_output=True, text=True, timeout=240,
        )


@pytest.mark.e2e
def test_probe_reports_discovery_and_coverage_offline(tmp_path):
    site = SyntheticYoum7("feeds")
    result = _probe(site, "youm7", "--status", str(tmp_path / "status.json"))
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    out = result.stdout
    # the feed lists every test article, plus an old one and a section page
    assert "https://www.youm7.com/rss/SectionRss?SectionID=319" in out and f" {len(site.listed) + 2} entries" in out
    assert "Articles: 3 of 3" in out and "has: title, body, published_at" in out
    assert "\nOK\n" in out or "\nPARTIAL: " in out
    recorded = json.loads((tmp_path / "status.json").read_text("utf-8"))["outlets"]["youm7"]
    feed = next(e for e in recorded["endpoints"] if e["url"] == "https://www.youm7.com/rss/SectionRss?SectionID=319")
    assert feed["status"] == 200 and feed["entries"] == len(site.listed) + 2 and feed["format"] == "rss"


class DeadSite:
    hosts = ("www.youm7.com",)

    def respond(self, method, url):
        return Reply(404, b"gone")


@pytest.mark.e2e
def test_probe_fails_when_discovery_fails(tmp_path):
    result = _probe(DeadSite(), "youm7", "--status", str(tmp_path / "status.json"))
    assert result.returncode == 1
    assert "FAILED: no feed or sitemap gave entries; no article was extracted" in result.stdout


class HalfDead:
    """An outlet whose first feed answers and whose other endpoints fail with a 500."""

    def __init__(self, outlet: SyntheticOutlet):
        self.outlet, self.hosts = outlet, outlet.hosts
        for url in outlet.endpoints[1:]:
            outlet.routes[outlet._key(url)] = Reply(500, b"error")
        # the first feed lists every article
        outlet.routes[outlet._key(outlet.endpoints[0])] = Reply(200, rss([(outlet.url(s), outlet.day) for s in outlet.stories]))

    def respond(self, method, url):
        return self.outlet.respond(method, url)


@pytest.mark.e2e
def test_probe_all_records_every_outlet_working_half_dead_or_dead_and_the_table_shows_it(tmp_path):
    spiders = spider_classes(("spiders",))
    working = SyntheticOutlet(spiders["alyaum"], "https://www.alyaum.com/articles/{id}/{slug}", count=4)
    half = HalfDead(SyntheticOutlet(spiders["lbcgroup"], "https://www.lbcgroup.tv/news/lebanon/{id}/{slug}/ar", count=3))
    status = tmp_path / "outlets-status.json"
    # youm7 answers 404 to everything; every other outlet's hosts get the local web's 502
    result = _probe(Sites(working, half, DeadSite()), "--all", "--status", str(status), "-s", "RETRY_ENABLED=False")
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    recorded = json.loads(status.read_text("utf-8"))
    assert set(recorded["outlets"]) == {cls.name for cls in outlet_spiders(get_project_settings())}
    assert recorded["newsbot_version"] == importlib.metadata.version("newsbot")
    outlets = recorded["outlets"]
    assert outlets["alyaum"]["status"] == "ok" and len(outlets["alyaum"]["articles"]) == 3
    assert all(e["status"] == 200 and e["entries"] for e in outlets["alyaum"]["endpoints"])
    assert outlets["lbcgroup"]["status"] == "partial"
    assert {e["status"] for e in outlets["lbcgroup"]["endpoints"][1:]} == {"http_500"}
    assert outlets["youm7"]["status"] == "failed" and "no feed or sitemap gave entries" in outlets["youm7"]["problems"]
    assert all(o["checked_at"] and o["endpoints"] for o in outlets.values())
    assert "Probed " in result.stdout and " failed; written to " in result.stdout

    table = run_scrapy("outlets", "--markdown", "-s", f"NEWSBOT_OUTLETS_STATUS={status}").stdout.decode()
    day = outlets["alyaum"]["checked_at"][:10]
    assert f"| {day} ok |" in table.split("| `alyaum` |")[1].splitlines()[0]
    assert f"| {day} partial |" in table.split("| `lbcgroup` |")[1].splitlines()[0]
    assert f"| {day} FAILED |" in table.split("| `youm7` |")[1].splitlines()[0]
    # the README's own table says "never" until somebody with internet probes
    assert "| never |" in run_scrapy("outlets", "--markdown").stdout.decode()


def test_outlets_write_puts_the_table_between_the_readme_markers(tmp_path):
    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = newsbot.settings\n")
    (tmp_path / "spiders").symlink_to(REPO / "spiders")
    readme = tmp_path / "README.md"
    readme.write_text("# x\n\nbefore\n<!-- outlets:start -->\nold table\n<!-- outlets:end -->\nafter\n", "utf-8")
    wrote = run_scrapy("outlets", "--markdown", "--write", cwd=tmp_path)
    assert wrote.returncode == 0 and b"updated" in wrote.stdout, wrote.stderr.decode()
    table = run_scrapy("outlets", "--markdown", cwd=tmp_path).stdout.decode()
    assert readme.read_text("utf-8") == f"# x\n\nbefore\n<!-- outlets:start -->\n{table}<!-- outlets:end -->\nafter\n"
    assert b"already up to date" in run_scrapy("outlets", "--markdown", "--write", cwd=tmp_path).stdout
