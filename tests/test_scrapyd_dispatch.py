"""`scrapy crawlall --scrapyd URL[,URL…]` (newsbot/crawl/dispatch.py): the pure pieces, the dispatch
against fake scrapyd nodes in this process, and end to end: two real scrapyd instances on 127.0.0.1,
the project deployed to both with the real `scrapyd-deploy -a`, crawling through the local web."""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from newsbot.crawl import dispatch
from newsbot.crawl.dispatch import Dispatch, Job, Node, Unit
from newsbot.crawl.report import SUMMARY_MARKER, section_of, summary, summary_record
from newsbot.dev.postgres import free_port
from tests.conftest import REPO, fresh_database, output_files

MARCH = "crawl-data/CC-NEWS/2024/03/"
FILE_A = MARCH + "CC-NEWS-20240305100000-00001.warc.gz"
FILE_B = MARCH + "CC-NEWS-20240306100000-00002.warc.gz"
APRIL_FILE = "crawl-data/CC-NEWS/2024/04/CC-NEWS-20240401000000-00003.warc.gz"


def record(outlet: str = "youm7", problems: list[str] | None = None, finish_reason: str = "finished", **fields) -> dict:
    """A summary record as a run logs it (through the report's own functions)."""
    stats = {"finish_reason": finish_reason, "newsbot/jsonl/written": 3, "downloader/request_count": 12, "elapsed_time_seconds": 4.2}
    if problems:
        stats["newsbot/health/problems"] = "; ".join(problems)
    else:
        stats["newsbot/health/ok"] = True
    section = section_of(stats) | fields
    return summary_record(outlet, "20261203T100000Z-abc123", section, "/srv/node/data/runs/20261203T100000Z-abc123.json")


def log_of(*records: dict, before: str = "", after: str = "") -> list[str]:
    lines = [before] if before else []
    lines += [f"2026-12-03 10:00:05 [newsbot.crawl.report] INFO: {SUMMARY_MARKER} {json.dumps(r, ensure_ascii=False)}\n" for r in records]
    return lines + ([after] if after else [])


# ---- pure pieces ----

def test_node_urls_keep_the_order_given_once_each_and_refuse_what_is_not_a_url():
    assert dispatch.node_urls(" http://127.0.0.1:6800/, http://127.0.0.1:6801,http://127.0.0.1:6800") == [
        "http://127.0.0.1:6800", "http://127.0.0.1:6801",
    ]
    for wrong in ("127.0.0.1:6800", "ftp://host:21", ",", "http://"):
        with pytest.raises(ValueError):
            dispatch.node_urls(wrong)


def test_credentials_in_a_node_url_become_basic_auth_and_are_never_shown():
    node = Node("http://ops:s%40cret@127.0.0.1:6800")
    assert node.url == "http://127.0.0.1:6800"
    assert node.headers["Authorization"] == "Basic b3BzOnNAY3JldA=="  # ops:s@cret
    assert dispatch.without_credentials("http://127.0.0.1:6800") == "http://127.0.0.1:6800"


def test_the_least_busy_node_counts_running_and_pending_and_a_tie_goes_to_the_first_named():
    assert dispatch.load_of({"running": 2, "pending": 3, "finished": 40, "node_name": "a"}) == 5
    assert dispatch.least_busy({"a": 1, "b": 0, "c": 0}) == "b"
    assert dispatch.least_busy({"a": 0, "b": 0}) == "a"


def test_placement_counts_the_jobs_this_dispatch_has_placed():
    loads = {"http://a": 1, "http://b": 0}
    placed = []
    for _ in range(5):
        node = dispatch.least_busy(loads)
        placed.append(node)
        loads[node] += 1
    assert placed == ["http://b", "http://a", "http://b", "http://a", "http://b"]


def test_the_schedule_form_names_project_spider_settings_and_each_spider_argument():
    unit = dispatch.outlet_units(["youm7"], {"days": "3", "limit": "50"})[0]
    assert dispatch.schedule_form(unit, [("DOWNLOAD_TIMEOUT", "2"), ("LOG_LEVEL", "INFO")]) == [
        ("project", "newsbot"), ("spider", "youm7"),
        ("setting", "DOWNLOAD_TIMEOUT=2"), ("setting", "LOG_LEVEL=INFO"),
        ("days", "3"), ("limit", "50"),
    ]


def test_a_ccnews_window_becomes_one_job_per_file_with_the_other_arguments():
    units = dispatch.ccnews_units(
        [f"https://data.commoncrawl.org/{FILE_A}", f"https://data.commoncrawl.org/{FILE_B}"],
        {"since": "2024-03", "until": "2024-03", "outlets": "youm7", "warc": "ignored"},
    )
    assert [u.label for u in units] == ["ccnews CC-NEWS-20240305100000-00001.warc.gz", "ccnews CC-NEWS-20240306100000-00002.warc.gz"]
    assert {u.spider for u in units} == {"ccnews"}
    assert dict(units[1].args) == {"since": "2024-03", "until": "2024-03", "outlets": "youm7", "warc": f"https://data.commoncrawl.org/{FILE_B}"}


def test_the_summary_line_is_found_after_whatever_the_log_holds_and_the_last_one_counts():
    first, last = record(), record(problems=["nothing discovered: no feed or sitemap gave any entry"])
    noise = "2026-12-03 10:00:01 [scrapy.core.engine] INFO: Spider opened\n"
    found, error = dispatch.scan_log(log_of(first, last, before=noise, after="{'downloader/request_count': 12,\n"))
    assert found == last and error is None
    assert found["health"]["problems"] == ["nothing discovered: no feed or sitemap gave any entry"]


def test_a_log_without_a_summary_line_gives_its_last_error():
    lines = [
        "2026-12-03 10:00:01 [scrapy.utils.log] INFO: Scrapy 2.19.0 started (bot: newsbot)\n",
        "2026-12-03 10:00:02 [newsbot.crawl.report] ERROR: youm7: did not start: StateUnavailable: database is locked\n",
        f"2026-12-03 10:00:02 [x] INFO: {SUMMARY_MARKER} {{not json\n",
    ]
    assert dispatch.scan_log(lines) == (None, "youm7: did not start: StateUnavailable: database is locked")


def test_the_record_carries_what_summary_reads_and_renders_the_local_text():
    stats = {"finish_reason": "finished", "newsbot/jsonl/written": 9, "downloader/request_count": 31, "elapsed_time_seconds": 19.0,
             "newsbot/drops/http_404": 1, "newsbot/health/ok": True, "newsbot/jsonl/path": "data/youm7/2026-12-03/x.jsonl"}
    section = section_of(stats)
    line = orjson_roundtrip(summary_record("youm7", "x", section, "data/runs/x.json"))
    assert summary("youm7", line) == summary("youm7", section)
    assert "stats" not in line and "coverage" not in line  # the line stays short: the report has the rest


def test_an_archive_record_counts_its_files_by_status():
    section = section_of({"finish_reason": "finished", "newsbot/ccnews/records": 120, "newsbot/health/ok": True})
    section["archive"] = {"files": [{"file": FILE_A, "status": "done"}, {"file": FILE_B, "status": "leased"}]}
    line = summary_record("ccnews", "x", section, "r.json")
    assert line["archive"] == {"files": {"done": 1, "leased": 1}}
    assert "(120 archive records" in summary("ccnews", line)


def orjson_roundtrip(value: dict) -> dict:
    return json.loads(json.dumps(value))


def test_the_verdict_names_node_and_job_and_fails_only_a_run_with_problems_or_no_summary():
    unit = Unit("youm7", "youm7", ())
    healthy = Job(unit, "http://127.0.0.1:6800", "j1", "finished", record=record())
    assert dispatch.verdict(healthy).splitlines()[0] == "youm7: 3 written, 0 dropped, healthy (12 requests, 0 skipped as seen, 4 s) [http://127.0.0.1:6800 job j1]"
    assert not dispatch.failed(healthy)
    skipped = Job(unit, "http://127.0.0.1:6800", "j2", "finished", record=record(finish_reason="already_running"))
    assert dispatch.verdict(skipped) == "youm7: skipped, already running [http://127.0.0.1:6800 job j2]"
    assert not dispatch.failed(skipped)  # as local crawlall: skipped, not failed
    sick = Job(unit, "http://127.0.0.1:6801", "j3", "finished", record=record(problems=["error rate 5/6 above 50%"]))
    assert "UNHEALTHY: error rate 5/6 above 50%" in dispatch.verdict(sick) and dispatch.failed(sick)
    crashed = Job(unit, "http://127.0.0.1:6801", "j4", "finished", problem="the job ended without its run's summary")
    assert dispatch.verdict(crashed) == "youm7: UNHEALTHY: the job ended without its run's summary [http://127.0.0.1:6801 job j4]"
    assert dispatch.failed(crashed)


def test_job_states_come_from_every_list_of_listjobs():
    listing = {
        "status": "ok", "pending": [{"id": "p"}], "running": [{"id": "r", "log_url": "/logs/newsbot/youm7/r.log"}],
        "finished": [{"id": "f", "log_url": "/logs/newsbot/youm7/f.log"}, {"id": "g", "log_url": None}],
    }
    assert dispatch.job_states(listing) == {
        "p": ("pending", None), "r": ("running", "/logs/newsbot/youm7/r.log"),
        "f": ("finished", "/logs/newsbot/youm7/f.log"), "g": ("finished", None),
    }


# ---- the dispatch against fake nodes (scrapyd's API, canned) ----

class FakeScrapyd:
    """scrapyd's JSON API on 127.0.0.1, enough for a dispatch: jobs finish when ``finish`` says, with
    the log lines ``logs`` holds for their spider."""

    def __init__(self, *, load: int = 0, refuse: str | None = None):
        self.load, self.refuse = load, refuse
        self.jobs: dict[str, dict] = {}  # id -> {"spider", "args", "state"}
        self.logs: dict[str, list[str]] = {}  # spider -> log lines
        self.forms: list[list[tuple[str, str]]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake.answer(self, urlsplit(self.path).path, None)

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                fake.answer(self, self.path, parse_qsl(body, keep_blank_values=True))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def answer(self, handler, path: str, form) -> None:
        if path.startswith("/logs/"):
            spider = path.split("/")[3]
            self._send(handler, "".join(self.logs.get(spider, [])).encode(), "text/plain")
            return
        if path == "/daemonstatus.json":
            data = {"status": "ok", "running": self.load, "pending": 0, "finished": 0}
        elif path == "/schedule.json":
            self.forms.append(form)
            if self.refuse:
                data = {"status": "error", "message": self.refuse}
            else:
                job = f"job{len(self.jobs) + 1}"
                self.jobs[job] = {"spider": dict(form)["spider"], "state": "pending"}
                data = {"status": "ok", "jobid": job}
        elif path == "/listjobs.json":
            data = {"status": "ok", "pending": [], "running": [], "finished": []}
            for job, info in self.jobs.items():
                if info["state"] != "gone":
                    entry = {"id": job, "spider": info["spider"], "log_url": f"/logs/newsbot/{info['spider']}/{job}.log"}
                    data[info["state"]].append(entry)
        else:
            data = {"status": "error", "message": "no such resource"}
        self._send(handler, json.dumps(data).encode(), "application/json")

    @staticmethod
    def _send(handler, body: bytes, kind: str) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def finish_all(self) -> None:
        for info in self.jobs.values():
            info["state"] = "finished"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fakes():
    made: list[FakeScrapyd] = []

    def make(**kwargs) -> FakeScrapyd:
        made.append(FakeScrapyd(**kwargs))
        return made[-1]

    yield make
    for fake in made:
        fake.close()


def dead_url() -> str:
    """A port on 127.0.0.1 nothing listens on (bound, then closed)."""
    return f"http://127.0.0.1:{free_port()}"


def run_fake_dispatch(urls, units, *, finish, timeout=5.0, **kwargs) -> tuple[bool, list[str]]:
    out: list[str] = []
    ticks = {"n": 0}

    def sleep(seconds):
        ticks["n"] += 1
        finish(ticks["n"])

    run = Dispatch({dispatch.without_credentials(u): Node(u, timeout=5) for u in urls}, [Job(u) for u in units], out=out.append, **kwargs)
    clock = iter(range(10_000))  # one second a look
    return run.run(poll=1.0, timeout=timeout, clock=lambda: next(clock), sleep=sleep), out


def test_jobs_go_to_the_least_busy_nodes_and_their_logs_give_the_verdicts(fakes):
    busy, idle = fakes(load=1), fakes()
    for fake in (busy, idle):
        fake.logs = {"youm7": log_of(record("youm7")), "albayan": log_of(record("albayan")), "lbcgroup": log_of(record("lbcgroup"))}
    units = dispatch.outlet_units(["albayan", "lbcgroup", "youm7"], {"days": "1"})
    ok, out = run_fake_dispatch([busy.url, idle.url], units, finish=lambda tick: [busy.finish_all(), idle.finish_all()] if tick == 2 else None,
                                settings=[("DOWNLOAD_TIMEOUT", "2")])
    assert ok, out
    assert [dict(f)["spider"] for f in idle.forms] == ["albayan", "youm7"] and [dict(f)["spider"] for f in busy.forms] == ["lbcgroup"]
    assert ("setting", "DOWNLOAD_TIMEOUT=2") in idle.forms[0] and ("days", "1") in idle.forms[0]
    first = out[0].splitlines()
    assert first[0].startswith("albayan: 3 written, 0 dropped, healthy (12 requests") and first[0].endswith(f"[{idle.url} job job1]")
    assert first[1] == "  report: /srv/node/data/runs/20261203T100000Z-abc123.json (on the node)"
    assert out[-1] == "dispatch: 3 jobs on 2 nodes, 0 unhealthy"


def test_an_unreachable_node_is_skipped_and_named_and_the_dispatch_fails(fakes):
    up, down = fakes(), dead_url()
    up.logs = {"youm7": log_of(record("youm7"))}
    ok, out = run_fake_dispatch([down, up.url], dispatch.outlet_units(["youm7"], {}), finish=lambda tick: up.finish_all())
    assert not ok
    assert out[0].startswith(f"node {down}: unreachable, skipped (ConnectionRefusedError")
    assert any(line.startswith("youm7: 3 written") and up.url in line for line in out)
    assert out[-1] == "dispatch: 1 job on 1 node, 0 unhealthy, 1 node failed"


def test_no_node_up_is_one_line_and_a_failure():
    out: list[str] = []
    a, b = dead_url(), dead_url()
    assert not dispatch.dispatch([a, b], dispatch.outlet_units(["youm7"], {}), out=out.append)
    assert out == [out[0]] and out[0].startswith(f"newsbot: no scrapyd node is reachable ({a}: ConnectionRefusedError: [Errno 111]")
    assert f"; {b}: ConnectionRefusedError: " in out[0]


def test_a_node_that_refuses_a_job_takes_no_more_and_the_job_goes_to_the_next(fakes):
    refusing, taking = fakes(refuse="project 'newsbot' not found"), fakes(load=5)
    taking.logs = {"youm7": log_of(record("youm7")), "albayan": log_of(record("albayan"))}
    ok, out = run_fake_dispatch([refusing.url, taking.url], dispatch.outlet_units(["albayan", "youm7"], {}), finish=lambda t: taking.finish_all())
    assert not ok  # the refusing node is named, and fails the dispatch
    assert len(refusing.forms) == 1 and len(taking.forms) == 2
    assert f"node {refusing.url}: refused a job, no more sent to it (project 'newsbot' not found)" in out
    assert sum(", healthy (" in line for line in out) == 2


def test_a_crashed_job_a_lost_job_and_a_job_past_the_timeout_are_unhealthy_and_named(fakes):
    node = fakes()
    node.logs = {"albayan": ["2026-12-03 10:00:02 [twisted] CRITICAL: Unhandled error in Deferred:\n"]}

    def finish(tick):
        node.jobs["job1"]["state"] = "finished"  # albayan: a log without a summary
        node.jobs["job2"]["state"] = "gone"  # lbcgroup: the node forgot it (a restart)
        node.jobs["job3"]["state"] = "running"  # youm7: never ends

    ok, out = run_fake_dispatch([node.url], dispatch.outlet_units(["albayan", "lbcgroup", "youm7"], {}), finish=finish, timeout=5)
    assert not ok
    assert out[0] == ("albayan: UNHEALTHY: the job ended without its run's summary (it crashed or never started); "
                      f"last error: Unhandled error in Deferred: [{node.url} job job1]")
    assert out[1].startswith("lbcgroup: UNHEALTHY: the node no longer lists the job")
    assert out[2] == f"youm7: UNHEALTHY: not finished after 5 s (still running on the node) [{node.url} job job3]"
    assert out[-1] == "dispatch: 3 jobs on 1 node, 3 unhealthy"


def test_an_outlet_with_a_job_on_any_node_is_not_scheduled_again(fakes):
    """Each node's lock sees its own state only: a second node would run the outlet twice at once."""
    a, b = fakes(load=1), fakes()
    a.jobs["old"] = {"spider": "youm7", "state": "running"}
    b.logs = {"albayan": log_of(record("albayan"))}
    ok, out = run_fake_dispatch([a.url, b.url], dispatch.outlet_units(["albayan", "youm7"], {}), finish=lambda t: b.finish_all())
    assert ok, out
    assert out[1] == f"youm7: skipped, already running [{a.url} job old]"
    assert [dict(f)["spider"] for f in a.forms + b.forms] == ["albayan"]
    assert dispatch.running_outlets({"pending": [{"id": "p", "spider": "albayan"}], "running": [{"id": "c", "spider": "ccnews"}],
                                     "finished": [{"id": "f", "spider": "youm7"}]}) == {"albayan": "p"}


def test_an_already_running_outlet_is_reported_skipped_and_is_not_a_failure(fakes):
    node = fakes()
    node.logs = {"youm7": log_of(record("youm7", finish_reason="already_running"))}
    ok, out = run_fake_dispatch([node.url], dispatch.outlet_units(["youm7"], {}), finish=lambda t: node.finish_all())
    assert ok, out
    assert out[0] == f"youm7: skipped, already running [{node.url} job job1]"


def dispatch_command(args: list[str], *, scrapyd: str, spargs=(), poll: float = 5.0, timeout: float = 30.0):
    """`scrapy crawlall --scrapyd …` in this process, as far as it goes without a crawler process."""
    import argparse

    from scrapy.utils.project import get_project_settings

    from newsbot.commands.crawlall import Command

    command = Command()
    command.settings = get_project_settings()
    opts = argparse.Namespace(scrapyd=scrapyd, job_settings=[], poll=poll, timeout=timeout, spargs=list(spargs))
    command.run(args, opts)
    return command


@pytest.mark.parametrize(("args", "scrapyd", "spargs", "poll", "message"), [
    (["youm7"], "127.0.0.1:6800", (), 5.0, "--scrapyd takes http"),
    (["youm7"], "http://127.0.0.1:6800", ("priority=3",), 5.0, "-a priority= cannot reach a scrapyd job"),
    (["youm7"], "http://127.0.0.1:6800", (), 0.0, "--poll takes seconds above 0"),
    (["youm7", "nosuchoutlet"], "http://127.0.0.1:6800", (), 5.0, "unknown outlets: nosuchoutlet"),
    (["ccnews", "youm7"], "http://127.0.0.1:6800", ("since=2024-03",), 5.0, "ccnews is dispatched alone"),
    (["ccnews"], "http://127.0.0.1:6800", ("since=2024-03", "shard=0/2"), 5.0, "-a shard= splits a window"),
])
def test_the_command_refuses_what_a_dispatch_cannot_do(args, scrapyd, spargs, poll, message):
    from scrapy.exceptions import UsageError

    with pytest.raises(UsageError, match=re.escape(message)):
        dispatch_command(args, scrapyd=scrapyd, spargs=spargs, poll=poll)


def test_the_command_exits_1_with_one_line_when_no_node_is_up(capsys):
    a, b = dead_url(), dead_url()
    command = dispatch_command(["youm7", "albayan"], scrapyd=f"{a},{b}")
    assert command.exitcode == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"newsbot: no scrapyd node is reachable ({a}: ConnectionRefusedError") and f"; {b}: " in lines[0]


class _Listings(BaseHTTPRequestHandler):
    """data.commoncrawl.org's listings on a plain loopback server: March lists three files, April is broken."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        from newsbot.dev.warcs import paths_listing

        if self.path == f"/{MARCH}warc.paths.gz":
            body, status = paths_listing([FILE_A, FILE_B, MARCH + "CC-NEWS-20240331230000-00009.warc.gz"]), 200
        else:
            body, status = b"internal error", 500
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_the_dispatcher_lists_a_window_with_the_spiders_discovery_functions():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Listings)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        files, errors = dispatch.window_files({"since": "2024-03-05", "until": "2024-03-06"}, base, 5, "test")
        assert files == [base + FILE_A, base + FILE_B] and errors == []
        files, errors = dispatch.window_files({"since": "2024-03-31", "until": "2024-04"}, base, 5, "test")
        assert files == [base + MARCH + "CC-NEWS-20240331230000-00009.warc.gz"]
        assert errors == [f"listing {base}crawl-data/CC-NEWS/2024/04/warc.paths.gz: ArchiveUnavailable: HTTP 500 for {base}crawl-data/CC-NEWS/2024/04/warc.paths.gz"]
        assert dispatch.window_files({"warc": "a.warc.gz, b.warc.gz"}, base, 5, "test") == (["a.warc.gz", "b.warc.gz"], [])
    finally:
        server.shutdown()
        server.server_close()


# ---- end to end: two real scrapyd nodes ----

# Outlets the local web stands in for (newsbot.dev.localweb.outlet), with article URLs their patterns accept
TEMPLATES = {
    "alyaum": "https://www.alyaum.com/articles/{id}/{slug}",
    "sputnikarabic": "https://sarabic.ae/{year}{month:02d}{day:02d}/{slug}-{id}.html",
}


@dataclass
class ScrapydNode:
    url: str
    root: Path
    data_dir: Path
    process: subprocess.Popen

    def api(self, endpoint: str) -> dict:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(f"{self.url}/{endpoint}", timeout=10) as response:
            return json.loads(response.read())


def start_scrapyd(root: Path, env: dict) -> ScrapydNode:
    """A scrapyd of its own: its directory, config, port and NEWSBOT_DATA_DIR; jobs picked up quickly."""
    root.mkdir(parents=True)
    port = free_port()
    (root / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = {root / 'eggs'}\nlogs_dir = {root / 'logs'}\nitems_dir =\n"
        f"dbs_dir = {root / 'dbs'}\nmax_proc = 2\npoll_interval = 0.2\njobs_to_keep = 20\n"
    )
    data_dir = root / "data"
    node_env = {**env, "NEWSBOT_DATA_DIR": str(data_dir)}
    node_env.pop("NEWSBOT_STATE_DIR", None)
    with open(root / "scrapyd.out", "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=root, env=node_env, stdout=log, stderr=subprocess.STDOUT)
    node = ScrapydNode(f"http://127.0.0.1:{port}", root, data_dir, process)
    deadline = time.monotonic() + 30
    while True:
        try:
            node.api("daemonstatus.json")
            return node
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"scrapyd did not start: {(root / 'scrapyd.out').read_text()[-2000:]}") from None
            time.sleep(0.2)


def deploy_to_all(nodes: list[ScrapydNode], workdir: Path) -> subprocess.CompletedProcess:
    """As a user deploys: a [deploy:NAME] target per node in scrapy.cfg, then `scrapyd-deploy -a -p newsbot`.
    A copy of the checkout is deployed (scrapyd-deploy builds its egg in place)."""
    project = workdir / "project"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(
        ".git", "__pycache__", "*.egg-info", "build", "dist", "data", "tests", "*.whl", ".*_cache", ".scrapy"))
    config = configparser.ConfigParser()
    config.read(project / "scrapy.cfg")
    config.remove_option("deploy", "url")  # else `-a` deploys to the [deploy] url (localhost:6800) too
    for i, node in enumerate(nodes, 1):
        config[f"deploy:node{i}"] = {"url": node.url + "/"}
    with open(project / "scrapy.cfg", "w") as f:
        config.write(f)
    deploy = shutil.which("scrapyd-deploy", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    assert deploy, "scrapyd-client is not installed"
    env = {**os.environ, "no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost"}
    return subprocess.run([deploy, "-a", "-p", "newsbot"], cwd=project, env=env, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, postgres_server):
    """The local web (youm7, alyaum, sputnikarabic, CC-NEWS), and two scrapyd nodes crawling through it into
    one PostgreSQL state, the project deployed to both: the README's several machines."""
    from newsbot.crawl.registry import spider_classes
    from newsbot.dev.localweb import LocalWeb, SyntheticYoum7
    from newsbot.dev.localweb.archive import ArchiveSite, Sites
    from newsbot.dev.localweb.outlet import SyntheticOutlet
    from newsbot.dev.warcs import mixed_captures, warc_bytes

    archive = ArchiveSite({FILE_A: warc_bytes(mixed_captures(8)), FILE_B: warc_bytes(mixed_captures(6, first=1000, date="2024-03-06T10:00:00Z")),
                           APRIL_FILE: warc_bytes(mixed_captures(2, first=2000, date="2024-04-01T00:00:00Z"))})
    workdir = tmp_path_factory.mktemp("scrapyd")
    nodes: list[ScrapydNode] = []
    spiders = spider_classes(("spiders",))
    # story numbers apart per outlet: different outlets' stories share no text
    others = [SyntheticOutlet(spiders[name], template, count=4, first=500 + 100 * i) for i, (name, template) in enumerate(TEMPLATES.items())]
    with fresh_database(postgres_server) as state_url, LocalWeb(Sites(SyntheticYoum7("backfill", crawl_delay=0.05), *others, archive)) as web:
        env = {**os.environ, **web.proxy_env(), "NEWSBOT_STATE_URL": state_url}
        try:
            nodes += [start_scrapyd(workdir / "node1", env), start_scrapyd(workdir / "node2", env)]
            deployed = deploy_to_all(nodes, workdir)
            assert deployed.returncode == 0, deployed.stderr[-2000:]
            assert deployed.stdout.count('"status": "ok"') == 2, deployed.stdout + deployed.stderr[-2000:]  # `-a` exits 0 even when a target failed
            for node in nodes:
                assert node.api("listprojects.json")["projects"] == ["newsbot"]
            yield web, nodes
        finally:
            for node in nodes:
                node.process.terminate()
            for node in nodes:
                try:
                    node.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    node.process.kill()


def crawlall(web, urls: list[str], *args: str) -> subprocess.CompletedProcess:
    """The dispatcher as a user runs it from the checkout: the nodes are reached directly, the archive's
    listings through the local web."""
    command = [sys.executable, "-m", "scrapy", "crawlall", "--scrapyd", ",".join(urls), *args, "--poll", "0.3", "--timeout", "120",
               # a broken outlet's endpoints answer 502, each retried: no politeness delays for this test
               "--job-setting", "DOWNLOAD_TIMEOUT=2", "--job-setting", "AUTOTHROTTLE_ENABLED=0", "--job-setting", "DOWNLOAD_DELAY=0"]
    env = {**os.environ, **web.proxy_env(), "no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost"}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=180)


PLACED = re.compile(r"^(?P<label>[^:\n]+): (?P<verdict>.*) \[(?P<node>http://\S+) job (?P<job>\w+)\]$", re.MULTILINE)


def placed(result: subprocess.CompletedProcess) -> dict[str, tuple[str, str, str]]:
    """label -> (verdict, node, job id), from the dispatcher's summary lines."""
    return {m["label"]: (m["verdict"], m["node"], m["job"]) for m in PLACED.finditer(result.stdout)}


def jobs_by_node(nodes: list[ScrapydNode]) -> dict[str, dict[str, str]]:
    """node URL -> job id -> spider, every job the nodes list."""
    listed = {}
    for node in nodes:
        jobs = node.api("listjobs.json?project=newsbot")
        listed[node.url] = {job["id"]: job["spider"] for state in ("pending", "running", "finished") for job in jobs[state]}
    return listed


@pytest.mark.e2e
@pytest.mark.postgres
def test_dispatch_over_two_real_scrapyd_nodes(cluster):
    """One test for the three dispatches, so that one worker starts the nodes and deploys (worksteal
    would give each test of the module to any worker, each starting a cluster of its own)."""
    web, nodes = cluster
    outlets_are_spread_over_both_nodes_and_each_runs_once(web, nodes)
    an_outlet_whose_site_is_down_fails_the_dispatch_and_is_named(web, nodes)
    a_ccnews_window_is_dispatched_one_job_per_file(web, nodes)


def outlets_are_spread_over_both_nodes_and_each_runs_once(web, nodes: list[ScrapydNode]) -> None:
    result = crawlall(web, [n.url for n in nodes], "alyaum", "sputnikarabic", "youm7")
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    jobs = placed(result)
    assert set(jobs) == {"alyaum", "sputnikarabic", "youm7"}, result.stdout
    for outlet, (verdict, _, _) in jobs.items():
        assert re.match(r"[1-9]\d* written, \d+ dropped, healthy \(", verdict), f"{outlet}: {verdict}"
    assert {node for _, node, _ in jobs.values()} == {n.url for n in nodes}  # spread over both
    listed = jobs_by_node(nodes)
    for outlet, (_, node, job) in jobs.items():
        assert listed[node][job] == outlet
        assert [url for url, ids in listed.items() if job in ids] == [node]  # on exactly one node
    # the articles are on the node that ran the outlet, and only there
    by_node = {n.url: {f.parts[-3] for f in output_files(n.data_dir)} for n in nodes}
    for outlet, (_, node, _) in jobs.items():
        assert outlet in by_node[node]
        assert all(outlet not in outlets for url, outlets in by_node.items() if url != node)
    assert "dispatch: 3 jobs on 2 nodes, 0 unhealthy" in result.stdout
    # the same outlets again, the nodes named the other way round so that outlets change node: the
    # shared state knows every article, and none is written twice
    again = crawlall(web, [n.url for n in reversed(nodes)], "alyaum", "sputnikarabic", "youm7")
    assert again.returncode == 0, again.stdout + again.stderr[-3000:]
    moved = [o for o, (_, node, _) in placed(again).items() if node != jobs[o][1]]
    assert moved, again.stdout
    assert all(verdict.startswith("0 written") for verdict, _, _ in placed(again).values()), again.stdout


def an_outlet_whose_site_is_down_fails_the_dispatch_and_is_named(web, nodes: list[ScrapydNode]) -> None:
    down = dead_url()
    # the local web answers only for youm7, alyaum, sputnikarabic and the archive: lbcgroup's feeds and sitemaps all fail (502)
    result = crawlall(web, [n.url for n in nodes] + [down], "alyaum", "lbcgroup")
    assert result.returncode == 1, result.stdout + result.stderr[-3000:]
    jobs = placed(result)
    assert jobs["lbcgroup"][0].startswith("0 written, 0 dropped, UNHEALTHY: nothing discovered"), result.stdout
    assert ", healthy (" in jobs["alyaum"][0]
    assert f"node {down}: unreachable, skipped" in result.stdout
    assert "dispatch: 2 jobs on 2 nodes, 1 unhealthy, 1 node failed" in result.stdout


def a_ccnews_window_is_dispatched_one_job_per_file(web, nodes: list[ScrapydNode]) -> None:
    result = crawlall(web, [n.url for n in nodes], "ccnews", "-a", "since=2024-03", "-a", "until=2024-03", "-a", "outlets=youm7")
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    jobs = placed(result)
    assert set(jobs) == {"ccnews CC-NEWS-20240305100000-00001.warc.gz", "ccnews CC-NEWS-20240306100000-00002.warc.gz"}, result.stdout
    assert all(re.match(r"[1-9] written, 0 dropped, healthy \(\d+ archive records", v) for v, _, _ in jobs.values()), result.stdout
    assert {node for _, node, _ in jobs.values()} == {n.url for n in nodes}
    listings = [r["url"] for r in web.requests() if r["url"].endswith("warc.paths.gz")]
    assert listings == ["https://data.commoncrawl.org/crawl-data/CC-NEWS/2024/03/warc.paths.gz"]  # listed once, by the dispatcher
    fetched = {r["url"] for r in web.requests()}
    assert {f"https://data.commoncrawl.org/{FILE_A}", f"https://data.commoncrawl.org/{FILE_B}"} <= fetched
    assert f"https://data.commoncrawl.org/{APRIL_FILE}" not in fetched
    # read by URL, recorded as the listing names the file (as a window crawl records it)
    files = {r["archive"]["file"] for n in nodes for f in output_files(n.data_dir) for r in map(json.loads, f.read_bytes().splitlines()) if r.get("archive")}
    assert files == {FILE_A, FILE_B}
