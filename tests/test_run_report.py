"""Run reports (newsbot/crawl/report.py): the pure pieces, the extension on its signals, and real crawls.

The end-to-end tests run the real `scrapy crawl youm7` and `scrapy crawlall` against the local web
(newsbot/localweb) and check the report against what the run wrote: the JSONL file, the drop lines,
the stats Scrapy dumps and the saved page copies.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings

from newsbot import settings as shipped
from newsbot.core.item import Article
from newsbot.crawl.drops import drop, record_drop
from newsbot.crawl.report import (
    RunReport,
    ensure_run_id,
    merge_section,
    new_run_id,
    page_name,
    progress_line,
    run_id_of,
    saves_page,
    section_of,
    summary,
)
from newsbot.dev.localweb import LocalWeb, SyntheticYoum7
from newsbot.ops.history import report_files
from pipelines.jsonl import JsonlWriterPipeline
from spiders.youm7 import Youm7Spider
from tests.conftest import REPO, build_spider

PAGE_CAP = 3000  # bytes per saved page in the crawl tests: smaller than any synthetic article page


# ---- pure pieces ----

STATS = {
    "start_time": datetime(2026, 11, 29, 6, 0, tzinfo=timezone.utc),
    "finish_time": datetime(2026, 11, 29, 6, 1, 30, tzinfo=timezone.utc),
    "elapsed_time_seconds": 90.0,
    "finish_reason": "finished",
    "downloader/request_count": 40,
    "newsbot/discovery/article_requests": 20,
    "newsbot/discovery/skipped/written_before": 7,
    "newsbot/discovery/skipped/dropped_before": 2,
    "newsbot/discovery/skipped/old_article": 5,
    "newsbot/jsonl/written": 8,
    "newsbot/jsonl/path": "data/youm7/2026-11-29/x.jsonl",
    "newsbot/drop/http_404": 2,
    "newsbot/drop/too_short": 1,
    "newsbot/dedup/near_duplicate": 3,
    "newsbot/dedup/some_future_counter": 4,
    "newsbot/coverage/title": 8,
    "newsbot/coverage/published_at": 6,
    "newsbot/clean/read_also": 5,
    "newsbot/clean/dom_box": 2,
    "log_count/ERROR": 1,
    "newsbot/health/problems": "published_at on 6/8 articles, below 80%; error rate 2/20 above 5%",
}


def test_section_reads_every_counter_family_from_the_stats():
    section = section_of(STATS)
    assert section["status"] == "finished" and section["finish_reason"] == "finished"
    assert section["started_at"] == "2026-11-29T06:00:00+00:00" and section["finished_at"] == "2026-11-29T06:01:30+00:00"
    assert section["duration_seconds"] == 90.0
    assert (section["requests"], section["article_requests"], section["written"]) == (40, 20, 8)
    assert section["skipped_as_seen"] == {"written_before": 7, "dropped_before": 2}
    assert section["drops"] == {"http_404": 2, "too_short": 1} and section["dropped"] == 3
    # every newsbot/dedup/* key, whatever its name
    assert section["duplicates"] == {"near_duplicate": 3, "some_future_counter": 4}
    # a counted field no article had is 0%, not absent (a lost byline must show)
    assert section["coverage"] == {
        "authors": {"articles": 0, "share": 0.0}, "body": {"articles": 0, "share": 0.0},
        "published_at": {"articles": 6, "share": 0.75}, "title": {"articles": 8, "share": 1.0},
    }
    assert section["cleaner"] == {"dom_box": 2, "read_also": 5}
    assert section["errors"] == 1
    assert section["health"] == {"ok": False, "problems": ["published_at on 6/8 articles, below 80%", "error rate 2/20 above 5%"]}
    assert section["output"] == "data/youm7/2026-11-29/x.jsonl"
    json.dumps(section)  # plain JSON


def test_section_of_an_empty_running_outlet():
    section = section_of({"start_time": datetime.now(timezone.utc)}, finished=False)
    assert section["status"] == "running" and section["finished_at"] is None and section["health"]["ok"] is None
    assert section["written"] == 0 and section["drops"] == {} and section["coverage"] == {}
    assert section["duration_seconds"] is not None and section["duration_seconds"] < 5


def test_progress_line_and_summary():
    assert progress_line("youm7", STATS) == "youm7: 40 requests, 8 written, 9 skipped as seen, 3 dropped"
    text = summary("youm7", section_of(STATS))
    first, *rest = text.splitlines()
    assert first.startswith("youm7: 8 written, 3 dropped, UNHEALTHY: published_at on 6/8")
    assert "(40 requests, 9 skipped as seen, 90 s)" in first
    assert "  drops: http_404 2, too_short 1" in rest
    assert any("near_duplicate 3" in line for line in rest)
    assert "  output: data/youm7/2026-11-29/x.jsonl" in rest
    healthy = dict(STATS, **{"newsbot/health/ok": True})
    del healthy["newsbot/health/problems"]
    assert summary("youm7", section_of(healthy)).startswith("youm7: 8 written, 3 dropped, healthy (")


@pytest.mark.parametrize("reason,saved", [
    ("missing_title", True), ("empty_body", True), ("invalid_published_at", True), ("too_short", True),
    ("language", True), ("encoding", True), ("not_html", True),
    ("robots", False), ("offsite", False), ("http_404", False), ("timeout", False), ("too_large", False),
    ("duplicate_id", False), ("near_duplicate", False), ("written_before", False),
])
def test_pages_are_kept_only_for_pages_that_failed_extraction(reason, saved):
    assert saves_page(reason, shipped.NEWSBOT_REPORT_PAGE_REASONS) is saved


def test_merge_keeps_one_section_per_outlet_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "runs" / "r1.json"
    merge_section(path, "r1", "youm7", {"status": "running"}, "d")
    merge_section(path, "r1", "albayan", {"status": "finished"}, "d")
    merge_section(path, "r1", "youm7", {"status": "finished", "written": 3}, "d")
    report = json.loads(path.read_text("utf-8"))
    assert report["run_id"] == "r1" and report["drops_file"] == "d"
    assert report["outlets"] == {"albayan": {"status": "finished"}, "youm7": {"status": "finished", "written": 3}}
    assert [p.name for p in path.parent.iterdir()] == ["r1.json"]
    # a stale file under the name (another run id, or torn) is replaced, not merged into
    path.write_text("{not json")
    merge_section(path, "r1", "youm7", {"status": "running"}, "d")
    assert list(json.loads(path.read_text("utf-8"))["outlets"]) == ["youm7"]


def test_run_id_is_set_once_kept_when_given_and_shared_by_the_writer(tmp_path):
    settings = Settings()
    first = ensure_run_id(settings)
    assert re.fullmatch(r"\d{8}T\d{6}Z-[A-Za-z0-9-]{1,32}-[0-9a-f]{6}", first)
    assert new_run_id(hostname="crawler-2.dc1.example.net").split("-")[1:3] == ["crawler", "2"]
    assert "-node_a-" not in new_run_id(hostname="node_a") and "-node-a-" in new_run_id(hostname="node_a")
    assert ensure_run_id(settings) == first
    assert ensure_run_id(Settings({"NEWSBOT_RUN_ID": "nightly-7"})) == "nightly-7"
    with pytest.raises(ValueError):
        ensure_run_id(Settings({"NEWSBOT_RUN_ID": "../../etc"}))
    assert new_run_id(datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)).startswith("20260102T030405Z-")

    # without the setting, each crawler gets one id, the same every time it is asked
    a, b = Crawler(Youm7Spider, Settings()), Crawler(Youm7Spider, Settings())
    assert run_id_of(a) == run_id_of(a) != run_id_of(b)

    # the JSONL writer names its file with the run id
    spider = build_spider(Youm7Spider, {"NEWSBOT_DATA_DIR": str(tmp_path), "NEWSBOT_RUN_ID": "run-42", "NEWSBOT_STATE_ENABLED": False})
    writer = JsonlWriterPipeline.from_crawler(spider.crawler)
    writer.open_spider()
    try:
        assert Path(spider.crawler.stats.get_value("newsbot/jsonl/path")).name == "run-42.jsonl"
    finally:
        writer.close_spider()


# ---- the extension on its signals, no engine ----

def _extension(tmp_path: Path, **settings):
    base = {
        "NEWSBOT_DATA_DIR": str(tmp_path), "NEWSBOT_RUN_ID": "unit", "NEWSBOT_STATE_ENABLED": False,
        "NEWSBOT_REPORT_PAGE_REASONS": shipped.NEWSBOT_REPORT_PAGE_REASONS, "NEWSBOT_REPORT_PAGE_MAXSIZE": 100,
        "NEWSBOT_REPORT_MAX_PAGES": 2, "NEWSBOT_PROGRESS_INTERVAL": 0,
    }
    spider = build_spider(Youm7Spider, base | settings)
    crawler = spider.crawler
    crawler.stats.open_spider()
    crawler.stats.set_value("start_time", datetime.now(timezone.utc))
    report = RunReport.from_crawler(crawler)
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
    return report, crawler, spider


def _page(url: str, size: int) -> HtmlResponse:
    body = b"<html><body>" + b"x" * size + b"</body></html>"
    return HtmlResponse(url=url, body=body, request=Request(url))


def test_extension_writes_a_line_per_drop_and_capped_page_copies(tmp_path):
    report, crawler, spider = _extension(tmp_path)
    runs = tmp_path / "runs"
    # while the outlet runs, its section says so
    assert json.loads((runs / "unit.json").read_text("utf-8"))["outlets"]["youm7"]["status"] == "running"

    url = "https://www.youm7.com/story/2026/11/29/a/1"
    record_drop(crawler, "encoding", url, "declared cp1252", _page(url, 500))  # a page: kept, cut at 100 bytes
    record_drop(crawler, "robots", url + "0", "Forbidden by robots.txt", None)  # no page
    record_drop(crawler, "http_404", url + "1", "Ignoring non-200 response", _page(url + "1", 50))  # a page, but not kept
    for n, reason in enumerate(("too_short", "missing_title")):  # items dropped by a pipeline
        item = Article(url=f"{url}{n}2", id=f"youm7:{n}2")
        crawler.signals.send_catch_log(
            signals.item_dropped, item=item, response=_page(f"{url}{n}2", 10), exception=drop(crawler.stats, reason, f"{n} words"), spider=spider,
        )
    crawler.stats.set_value("finish_time", datetime.now(timezone.utc))
    crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")

    lines = [json.loads(line) for line in (runs / "unit.drops.jsonl").read_text("utf-8").splitlines()]
    assert [(r["reason"], r["url"]) for r in lines] == [
        ("encoding", url), ("robots", url + "0"), ("http_404", url + "1"), ("too_short", f"{url}02"), ("missing_title", f"{url}12"),
    ]
    assert all(r["outlet"] == "youm7" and r["time"] for r in lines)
    assert lines[0]["detail"] == "declared cp1252" and lines[3]["detail"] == "0 words"
    # pages: the first two that failed extraction (NEWSBOT_REPORT_MAX_PAGES=2), each cut at 100 bytes
    saved = [r["page"] for r in lines]
    assert saved[1] is None and saved[2] is None, "no copy for robots.txt or an HTTP error"
    assert saved[0] and saved[3] and saved[4] is None, "the third page is over the per-run cap"
    assert Path(saved[0]) == runs / "unit" / "pages" / "youm7" / page_name(url)
    assert Path(saved[0]).read_bytes() == _page(url, 500).body[:100]
    assert Path(saved[3]).read_bytes() == _page(f"{url}02", 10).body, "a page under the cap is kept whole"
    assert sorted(p.name for p in (runs / "unit" / "pages" / "youm7").iterdir()) == sorted(Path(p).name for p in saved if p)

    section = json.loads((runs / "unit.json").read_text("utf-8"))["outlets"]["youm7"]
    assert section["status"] == "finished" and section["pages_saved"] == 2
    assert section["drops"] == dict(Counter(r["reason"] for r in lines))
    # closed: a later signal writes nothing
    record_drop(crawler, "timeout", url + "9")
    assert len((runs / "unit.drops.jsonl").read_text("utf-8").splitlines()) == 5
    assert report.fd is None


def test_reports_can_be_switched_off(tmp_path):
    from scrapy.exceptions import NotConfigured

    spider = build_spider(Youm7Spider, {"NEWSBOT_DATA_DIR": str(tmp_path), "NEWSBOT_REPORTS": False})
    with pytest.raises(NotConfigured):
        RunReport.from_crawler(spider.crawler)


# ---- real crawls against the local web ----

CRAWL = ["-s", "DOWNLOAD_TIMEOUT=2", "-s", f"NEWSBOT_REPORT_PAGE_MAXSIZE={PAGE_CAP}", "-s", "NEWSBOT_PROGRESS_INTERVAL=1"]


def scrapy(web: LocalWeb, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args, *CRAWL], cwd=REPO, env={**os.environ, **web.proxy_env()},
        capture_output=True, text=True, timeout=180,
    )


def dumped_stats(stderr: str) -> dict[str, float]:
    dump = stderr[stderr.rfind("Dumping Scrapy stats") :]
    return {k: float(v) for k, v in re.findall(r"'([^']+)': (\d+(?:\.\d+)?)[,}]", dump)}


def only_report(data_dir: Path) -> dict:
    reports = report_files(data_dir)
    assert len(reports) == 1, reports
    return json.loads(reports[0].read_text("utf-8"))


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Two runs of youm7 in one data dir: the second finds everything seen (dropped URLs are not retried)."""
    data_dir = tmp_path_factory.mktemp("report")
    with LocalWeb(SyntheticYoum7("feeds", crawl_delay=0.1)) as web:
        first = scrapy(web, "crawl", "youm7", "-s", f"NEWSBOT_DATA_DIR={data_dir}")
        first_report = only_report(data_dir)
        second = scrapy(web, "crawl", "youm7", "-s", f"NEWSBOT_DATA_DIR={data_dir}", "-s", "NEWSBOT_RETRY_DROPPED=1")
    return data_dir, first, first_report, second


@pytest.mark.e2e
def test_crawl_report_agrees_with_the_jsonl_file_and_the_stats(two_runs):
    data_dir, first, report, _ = two_runs
    assert first.returncode == 0, first.stderr[-3000:]
    run_id = report["run_id"]
    section = report["outlets"]["youm7"]
    assert list(report["outlets"]) == ["youm7"] and section["status"] == "finished"
    # the output file carries the run id, and the report counts exactly its lines
    output = Path(section["output"])
    assert output.name == f"{run_id}.jsonl" and output.is_file()
    records = [json.loads(line) for line in output.read_bytes().splitlines()]
    assert section["written"] == len(records) == 9
    assert section["duplicates"]["near_duplicate"] == sum(1 for r in records if r["duplicate_of"]) == 1
    for field, cover in section["coverage"].items():
        assert cover["articles"] == sum(1 for r in records if r.get(field)), field
    stats = dumped_stats(first.stderr)
    assert section["requests"] == stats["downloader/request_count"]
    assert section["drops"] == {k.removeprefix("newsbot/drop/"): v for k, v in stats.items() if k.startswith("newsbot/drop/")}
    assert {"http_404", "robots", "timeout", "too_large", "offsite", "language"} <= set(section["drops"])
    assert section["errors"] == stats.get("log_count/ERROR", 0)
    assert section["health"] == {"ok": True, "problems": []}
    assert section["duration_seconds"] > 0 and section["started_at"] < section["finished_at"]
    # progress lines while it ran, the summary and the report's path at the end
    assert re.search(r"\[newsbot\.crawl\.report\] INFO: youm7: \d+ requests, \d+ written, \d+ skipped as seen, \d+ dropped", first.stderr)
    assert f"youm7: 9 written, {section['dropped']} dropped, healthy" in first.stdout
    assert f"report: {data_dir / 'runs' / (run_id + '.json')}" in first.stdout


@pytest.mark.e2e
def test_every_counted_drop_has_a_line_with_its_reason(two_runs):
    data_dir, _, report, _ = two_runs
    section = report["outlets"]["youm7"]
    lines = [json.loads(line) for line in Path(report["drops_file"]).read_text("utf-8").splitlines()]
    assert Path(report["drops_file"]).name == f"{report['run_id']}.drops.jsonl"
    assert dict(Counter(r["reason"] for r in lines)) == section["drops"]
    assert {r["outlet"] for r in lines} == {"youm7"}
    written = {json.loads(line)["url"] for line in Path(section["output"]).read_bytes().splitlines()}
    assert not written & {r["url"] for r in lines}, "a URL is written or dropped, not both"
    offsite = next(r for r in lines if r["reason"] == "offsite")
    assert "evil.example.net" in offsite["detail"]


@pytest.mark.e2e
def test_a_page_that_failed_extraction_is_kept_under_the_cap(two_runs):
    data_dir, _, report, _ = two_runs
    lines = [json.loads(line) for line in Path(report["drops_file"]).read_text("utf-8").splitlines()]
    kept = {r["reason"]: r["page"] for r in lines if r["page"]}
    assert list(kept) == ["language"], "only the Persian page was fetched and failed extraction"
    page = Path(kept["language"])
    assert page.parent == data_dir / "runs" / report["run_id"] / "pages" / "youm7"
    assert 0 < page.stat().st_size <= PAGE_CAP
    assert "خطة جديدة".encode() in page.read_bytes()
    assert report["outlets"]["youm7"]["pages_saved"] == 1


@pytest.mark.e2e
def test_a_second_run_reports_what_it_skipped_as_seen(two_runs):
    data_dir, _, first_report, second = two_runs
    assert second.returncode == 0, second.stderr[-3000:]
    reports = {p.stem: json.loads(p.read_text("utf-8")) for p in report_files(data_dir)}
    assert len(reports) == 2
    (run_id, report), = [(k, v) for k, v in reports.items() if k != first_report["run_id"]]
    section = report["outlets"]["youm7"]
    stats = dumped_stats(second.stderr)
    assert section["written"] == 0 and section["output"] is None
    first = first_report["outlets"]["youm7"]
    assert section["skipped_as_seen"] == {
        "written_before": stats["newsbot/discovery/skipped/written_before"],
        "dropped_before": stats["newsbot/discovery/skipped/dropped_before"],
    }
    assert section["skipped_as_seen"]["written_before"] == first["written"]
    assert section["skipped_as_seen"]["dropped_before"] >= 1
    assert "youm7: 0 written" in second.stdout and "skipped as seen" in second.stdout


@pytest.mark.e2e
def test_crawlall_of_two_outlets_writes_one_report_with_two_sections(tmp_path):
    with LocalWeb(SyntheticYoum7("feeds", crawl_delay=0.1)) as web:
        # the local web answers only for youm7.com: lbcgroup's feeds and sitemaps all fail (502)
        result = scrapy(web, "crawlall", "youm7", "lbcgroup", "-s", f"NEWSBOT_DATA_DIR={tmp_path}",
                        "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0")
    assert result.returncode == 1, "lbcgroup is unhealthy"
    report = only_report(tmp_path)
    assert sorted(report["outlets"]) == ["lbcgroup", "youm7"]
    youm7, lbc = report["outlets"]["youm7"], report["outlets"]["lbcgroup"]
    assert youm7["status"] == lbc["status"] == "finished"
    assert youm7["written"] == 9 and youm7["health"]["ok"] is True
    assert lbc["written"] == 0 and lbc["health"]["ok"] is False
    assert any(p.startswith("nothing discovered") for p in lbc["health"]["problems"])
    assert lbc["errors"] >= 1 and lbc["requests"] > 0
    # the JSONL file of the process carries the same run id
    assert Path(youm7["output"]).name == f"{report['run_id']}.jsonl"
    lines = [json.loads(line) for line in Path(report["drops_file"]).read_text("utf-8").splitlines()]
    assert dict(Counter(r["reason"] for r in lines if r["outlet"] == "youm7")) == youm7["drops"]
    # one summary per outlet (crawlall's historical first line kept) and the one report's path
    assert "lbcgroup: 0 written, 0 dropped, UNHEALTHY: nothing discovered" in result.stdout
    assert "youm7: 9 written" in result.stdout
    assert result.stdout.count("report: ") == 1 and f"report: {tmp_path / 'runs' / (report['run_id'] + '.json')}" in result.stdout
