"""Operations: run history and latest.json, drift, the Prometheus textfile, alerts, retention, build
info, the output's checksums, and the README's operations section replayed as written."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from configparser import ConfigParser
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from newsbot.crawl.registry import spider_classes
from newsbot.crawl.report import section_of
from newsbot.dev.localweb import LocalWeb, SyntheticYoum7
from newsbot.dev.localweb.archive import Sites
from newsbot.dev.localweb.bulk import BulkYoum7
from newsbot.dev.localweb.outlet import SyntheticOutlet
from newsbot.dev.localweb.proxy import Reply
from newsbot.dev.localweb.site import ORIGIN, news_sitemap, rss
from newsbot.ops import history, retention
from newsbot.ops.alerts import alert_payload, post_alert
from newsbot.ops.build import config_hash, git_commit
from newsbot.ops.drift import Thresholds, drift_problems
from newsbot.ops.metrics import write_metrics
from newsbot.outlets.samples import sample_urls
from tests.conftest import REPO, output_files, require_captures, run_scrapy

README = (REPO / "README.md").read_text("utf-8")
DEPLOY = REPO / "deploy"
LIMITS = Thresholds.from_settings({})


def record(written=20, *, outlet="x", coverage=None, drops=None, requests=None, lag=3600.0, body=2000, found=None, finished="2026-12-01T10:00:00+00:00"):
    section = {
        "finish_reason": "finished", "finished_at": finished, "written": written, "article_requests": requests or written, "discovered": found,
        "drops": drops or {}, "coverage": {f: {"share": s} for f, s in (coverage or {"title": 1.0, "published_at": 1.0, "authors": 1.0, "body": 1.0}).items()},
        "quality": {"body_chars_median": body}, "freshness": {"lag_seconds": lag}, "health": {"ok": True, "problems": []},
    }
    return history.run_record(outlet, "r", section)


# ---- drift (pure) ----

def test_a_run_like_its_trailing_runs_has_no_drift():
    assert drift_problems(record(19), [record(20), record(22), record(18)], LIMITS) == []


def test_drift_names_each_shift_with_the_trailing_median():
    trailing = [record(20), record(21), record(20), record(19)]
    fallen = record(8, coverage={"title": 1.0, "published_at": 0.61, "authors": 1.0, "body": 1.0})
    assert drift_problems(fallen, trailing, LIMITS) == ["volume 8 articles, trailing median 20"]  # 8 articles: too few to judge coverage
    dated = record(20, coverage={"title": 1.0, "published_at": 0.61, "authors": 1.0, "body": 1.0}, body=500, lag=40 * 3600,
                   drops={"missing_body": 12}, requests=32)
    assert drift_problems(dated, trailing, LIMITS) == [
        "date coverage 61%, trailing median 100%",
        "median body 500 chars, trailing median 2,000",
        "missing_body 38% of article requests, trailing median 0%",
        "newest article 40 h old, trailing median 1 h",
    ]


def test_volume_drift_needs_discovery_to_have_fallen_too_not_a_quiet_hour_of_articles_written_before():
    trailing = [record(20, found=40), record(22, found=44), record(18, found=40)]
    assert drift_problems(record(0, found=40), trailing, LIMITS) == []  # the usual feeds, every entry written before
    assert drift_problems(record(3, found=38), trailing, LIMITS) == []
    assert drift_problems(record(8, found=16), trailing, LIMITS) == ["volume 8 articles (16 found), trailing median 20 (40 found)"]
    assert drift_problems(record(0, found=0), trailing, LIMITS) == ["volume 0 articles (0 found), trailing median 20 (40 found)"]


def test_drift_waits_for_enough_trailing_runs_and_can_be_turned_off():
    broken = record(2, coverage={"title": 0.0, "published_at": 0.0, "authors": 0.0, "body": 0.0})
    assert drift_problems(broken, [record(20), record(20)], LIMITS) == []  # two runs: too few
    off = Thresholds.from_settings({"NEWSBOT_DRIFT_RUNS": 0})
    assert drift_problems(broken, [record(20)] * 5, off) == []


def test_a_field_no_article_had_is_0_percent_and_losing_every_byline_is_drift():
    stats = {"newsbot/jsonl/written": 20, "newsbot/coverage/title": 20, "newsbot/coverage/published_at": 20,
             "newsbot/coverage/body": 20, "newsbot/health/discovered": 20, "newsbot/discovery/article_requests": 20}
    current = history.run_record("x", "r", section_of(stats))
    assert current["coverage"]["authors"] == 0.0
    trailing = [record(20), record(21), record(20)]
    assert drift_problems(current, trailing, LIMITS) == ["authors coverage 0%, trailing median 100%"]


class _Plan:
    backfill = False

    def discovered(self):
        return 5

    def first_errors(self):
        return []


def _closed_health(data_dir, backfill=False, spider_attributes=None, **settings):
    """The Health extension of a run that found 5 entries and wrote nothing (all seen), closed."""
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from newsbot.crawl.health import Health

    crawler = get_crawler(Spider, {"NEWSBOT_DATA_DIR": str(data_dir), **settings})
    spider = Spider(name="x")
    spider.plan = _Plan()
    spider.plan.backfill = backfill
    for name, value in (spider_attributes or {}).items():
        setattr(spider, name, value)
    crawler.stats.open_spider()
    health = Health(crawler)
    health.spider_closed(spider, "finished")
    return crawler.stats


def test_a_feed_that_stopped_is_stale_whatever_its_trailing_runs(tmp_path):
    """Drift adapts to a lasting change; the stale limit does not: 100 h without a new article fails."""
    old = datetime.fromtimestamp(time.time() - 100 * 3600, timezone.utc).isoformat()
    for _ in range(14):  # trailing runs that were just as stale: drift sees nothing new
        history.append_record(tmp_path, {**record(0, found=5, lag=100 * 3600), "newest_published_at": old})
    stats = _closed_health(tmp_path)
    assert stats.get_value("newsbot/health/problems") == "stale: newest article 100 h old, above 72 h"
    assert stats.get_value("newsbot/freshness/newest_published_at") == old
    assert not stats.get_value("newsbot/health/ok")
    assert _closed_health(tmp_path, NEWSBOT_HEALTH_MAX_LAG_HOURS=0).get_value("newsbot/health/ok")  # 0: never stale


def test_a_backfill_or_a_generic_run_is_not_judged_against_the_hourly_runs_but_keeps_their_newest_article(tmp_path):
    recent = datetime.fromtimestamp(time.time() - 3600, timezone.utc).isoformat()
    for _ in range(5):
        history.append_record(tmp_path, {**record(20, found=40), "newest_published_at": recent})
    hourly = _closed_health(tmp_path)
    assert hourly.get_value("newsbot/health/problems") == "drift: volume 0 articles (5 found), trailing median 20 (40 found)"
    assert hourly.get_value("newsbot/health/drift")["judged"]
    stats = _closed_health(tmp_path, backfill=True)
    assert stats.get_value("newsbot/health/ok") and stats.get_value("newsbot/health/drift") is None
    assert stats.get_value("newsbot/freshness/newest_published_at") == recent
    # nor is a run of the generic spider, whose history mixes whatever sites it was given
    from spiders.generic import GenericSpider

    generic = _closed_health(tmp_path, spider_attributes={"judged_for_drift": GenericSpider.judged_for_drift})
    assert generic.get_value("newsbot/health/ok") and generic.get_value("newsbot/health/drift") is None


def test_a_history_that_cannot_be_read_or_a_check_that_fails_is_unhealthy_not_silent(tmp_path, monkeypatch):
    (tmp_path / "runs" / "history" / "x.jsonl").mkdir(parents=True)  # read as a file: IsADirectoryError
    stats = _closed_health(tmp_path)
    assert stats.get_value("newsbot/health/problems").startswith("run history unreadable, drift not judged: ")
    assert not stats.get_value("newsbot/health/ok")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("newsbot.crawl.health.problems_of", broken)
    stats = _closed_health(tmp_path / "other")
    assert stats.get_value("newsbot/health/problems") == "health check failed: RuntimeError('boom')"
    assert not stats.get_value("newsbot/health/ok")


# ---- history, latest.json, metrics ----

def test_latest_keeps_each_outlets_last_run_and_last_success(tmp_path):
    good = record(20, outlet="a", finished="2026-12-01T10:00:00+00:00")
    bad = {**record(0, outlet="a", finished="2026-12-01T11:00:00+00:00"), "healthy": False, "problems": ["nothing discovered"]}
    for r in (good, bad, record(5, outlet="b")):
        history.append_record(tmp_path, r)
        history.record_latest(tmp_path, r, "report.json")
    latest = history.read_latest(tmp_path)
    a = latest["outlets"]["a"]
    assert a["health"] == "unhealthy" and a["last_run"]["finished_at"] == "2026-12-01T11:00:00+00:00"
    assert a["last_success"]["finished_at"] == "2026-12-01T10:00:00+00:00" and a["last_run"]["problems"] == ["nothing discovered"]
    assert latest["outlets"]["b"]["health"] == "ok"
    assert [r["written"] for r in history.read_history(tmp_path, "a")] == [20, 0]
    skipped = {**record(0, outlet="a"), "finish_reason": "already_running"}
    assert history.with_run(latest, skipped) == latest  # a run that found the lock held changes nothing


def test_the_metrics_textfile_parses_with_conventional_names(tmp_path):
    latest = {"outlets": {}}
    latest = history.with_run(latest, {**record(20, outlet="a"), "drops": {"http_404": 2}, "duration_seconds": 12.5})
    latest = history.with_run(latest, {**record(0, outlet="b"), "healthy": False, "drift": ["volume 0 articles, trailing median 20"]})
    path = tmp_path / "node-exporter" / "newsbot.prom"
    write_metrics(path, latest)
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value for f in text_string_to_metric_families(path.read_text()) for s in f.samples}
    assert samples[("newsbot_last_run_articles_written", (("outlet", "a"),))] == 20
    assert samples[("newsbot_last_run_articles_dropped", (("outlet", "a"), ("reason", "http_404")))] == 2
    assert samples[("newsbot_outlet_healthy", (("outlet", "a"),))] == 1 and samples[("newsbot_outlet_healthy", (("outlet", "b"),))] == 0
    assert samples[("newsbot_outlet_drifting", (("outlet", "b"),))] == 1
    assert samples[("newsbot_last_run_duration_seconds", (("outlet", "a"),))] == 12.5
    assert samples[("newsbot_last_success_timestamp_seconds", (("outlet", "a"),))] == datetime(2026, 12, 1, 10, tzinfo=timezone.utc).timestamp()
    assert samples[("newsbot_last_success_timestamp_seconds", (("outlet", "b"),))] == 0  # never healthy: "since 1970", so alerts fire
    assert not [p for p in path.parent.iterdir() if p != path]  # written through a temp file, renamed


# ---- retention, build info, alerts ----

def test_retention_deletes_old_reports_pages_and_logs_and_keeps_the_rest(tmp_path):
    runs = tmp_path / "runs"
    (runs / "old-run" / "pages").mkdir(parents=True)
    old = [runs / "old-run.json", runs / "old-run.drops.jsonl", runs / "old-run", tmp_path / "logs" / "crawlall-2026-01-01.log"]
    new = [runs / "new-run.json", tmp_path / "logs" / "crawlall-2026-12-01.log", tmp_path / "logs" / "other-2026-01-01.log",
           tmp_path / "youm7" / "2026-01-01" / "old-run.jsonl"]
    for path in old + new:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x")
    for i in range(20):  # 20 history records, all old
        history.append_record(tmp_path, record(20, outlet="youm7", finished=f"2026-01-01T{i:02d}:00:00+00:00"))
    month_ago = time.time() - 40 * 86400
    for path in old + [new[2], new[3]]:
        os.utime(path, (month_ago, month_ago))
    deleted = retention.prune(tmp_path, 30, outlet="youm7", log_file=new[1], keep_runs=14)
    assert sorted(deleted) == sorted(old)
    assert all(p.exists() for p in new)  # the output, a log of another name, a new report
    assert len(history.read_history(tmp_path, "youm7")) == 14  # drift keeps its trailing runs
    assert retention.prune(tmp_path, 0, log_file=new[1]) == []


def test_retention_takes_only_the_same_log_on_other_days():
    family = retention.log_family("crawlall-2026-12-01.log")
    assert family.fullmatch("crawlall-2025-01-31.log") and family.fullmatch("crawlall-2026-1-1.log")
    assert not any(family.fullmatch(n) for n in ("crawlall-2026-12-01.log.gz", "crawlall-x.log", "crawl-2026-12-01.log", "scrapyd-setup.log"))
    assert not retention.log_family("youm7-2026-12-01.log").fullmatch("youmdaily-2026-12-01.log")
    assert not retention.log_family("s3.log").fullmatch("scrapyd-setup.log")


def test_a_torn_history_line_loses_itself_only_not_the_next_record(tmp_path):
    history.append_record(tmp_path, record(1, outlet="x"))
    path = history.history_path(tmp_path, "x")
    with path.open("ab") as out:
        out.write(b'{"outlet": "x", "writ')  # a writer killed mid-line (a full disk)
    history.append_record(tmp_path, record(3, outlet="x"))
    assert [r["written"] for r in history.read_history(tmp_path, "x")] == [1, 3]


def test_build_info_names_the_checked_out_commit_and_hashes_settings_stably():
    if shutil.which("git") and (REPO / ".git").exists():
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        assert git_commit(REPO) == head
    assert git_commit(Path("/")) is None
    settings = {"A": 1, "NEWSBOT_RUN_ID": "x", "CLS": dict}
    assert config_hash(settings) == config_hash({**settings, "NEWSBOT_RUN_ID": "y"}) != config_hash({**settings, "A": 2})
    # classes as keys (Scrapy allows them in EXTENSIONS, ITEM_PIPELINES), and paths told apart
    assert config_hash({"EXTENSIONS": {dict: 10}}) == config_hash({"EXTENSIONS": {dict: 10}}) != config_hash({"EXTENSIONS": {list: 10}})
    assert config_hash({"P": Path("/a")}) != config_hash({"P": Path("/b")})
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", config_hash(settings))


class Hook:
    """A webhook on 127.0.0.1 that keeps what was POSTed."""

    def __init__(self, status: int = 204):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                received.append((self.path, self.headers.get("Content-Type"), json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_an_alert_is_one_json_post_and_a_failing_hook_is_named():
    hook = Hook()
    try:
        section = {"health": {"problems": ["nothing discovered"]}, "written": 0, "finished_at": "2026-12-01T10:00:00+00:00"}
        assert post_alert(hook.url, alert_payload("youm7", "run1", section, "runs/run1.json", host="node"), timeout=5) is None
        ((path, kind, body),) = hook.received
        assert path == "/hook" and kind == "application/json"
        assert body["outlet"] == "youm7" and body["problems"] == ["nothing discovered"] and "youm7 unhealthy" in body["text"]
    finally:
        hook.close()
    failing = Hook(status=500)
    try:
        assert post_alert(failing.url, {}, timeout=5) == "HTTP 500"
    finally:
        failing.close()
    assert post_alert("http://127.0.0.1:9/none", {}, timeout=2).startswith("URLError")


# ---- the shipped schedules are the README's ----

def crontab_jobs(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#") and "=" not in line.split()[0]]


def cron_command(line: str) -> str:
    """The command of a crontab line, as cron hands it to /bin/sh (``\\%`` is a literal %)."""
    command = line.split(None, 5)[5]
    assert re.search(r"(?<!\\)%", command) is None, "an unescaped % would end the command"
    return command.replace("\\%", "%")


def test_the_readme_shows_the_shipped_deploy_files_verbatim():
    for path in (DEPLOY / "newsbot.crontab", DEPLOY / "systemd" / "newsbot.service", DEPLOY / "systemd" / "newsbot.timer",
                 DEPLOY / "systemd" / "newsbot.sysusers", DEPLOY / "scrapyd" / "scrapyd.conf", DEPLOY / "scrapyd" / "newsbot-scrapyd.crontab"):
        assert path.read_text("utf-8").strip() in README, f"README does not show {path.relative_to(REPO)} as shipped"


def test_the_systemd_units_want_the_network_and_run_as_the_user_they_create():
    service = ConfigParser(strict=False, interpolation=None)
    service.optionxform = str
    service.read(DEPLOY / "systemd" / "newsbot.service")
    assert service["Unit"]["Wants"] == service["Unit"]["After"] == "network-online.target"
    user, home = service["Service"]["User"], service["Service"]["WorkingDirectory"]
    (sysuser,) = [line.split() for line in (DEPLOY / "systemd" / "newsbot.sysusers").read_text().splitlines() if line.startswith("u ")]
    assert sysuser[1] == user and home in sysuser  # the unit's user is the one sysusers.d creates, at the unit's directory
    assert service["Service"]["ExecStart"].startswith(home + "/.venv/bin/scrapy crawlall")
    assert service["Service"]["Environment"].startswith(f"NEWSBOT_DATA_DIR={home}/")
    timer = ConfigParser(strict=False, interpolation=None)
    timer.read(DEPLOY / "systemd" / "newsbot.timer")
    assert timer["Timer"]["OnCalendar"] and timer["Install"]["WantedBy"] == "timers.target"
    scrapyd = ConfigParser(interpolation=None)
    scrapyd.read(DEPLOY / "scrapyd" / "scrapyd.conf")
    assert scrapyd["scrapyd"]["bind_address"] == "127.0.0.1"
    (job,) = crontab_jobs((DEPLOY / "scrapyd" / "newsbot-scrapyd.crontab").read_text())
    assert "crawlall" in job and "--scrapyd http://127.0.0.1:6800" in job


def installed_home(tmp_path: Path) -> Path:
    """A newsbot user's home as the README installs it (the project, .venv/bin/scrapy), made of links."""
    home = tmp_path / "home"
    (home / ".venv" / "bin").mkdir(parents=True)
    for name in ("scrapy.cfg", "newsbot", "spiders", "pipelines"):
        (home / name).symlink_to(REPO / name)
    scrapy = Path(sys.executable).parent / "scrapy"
    assert scrapy.exists(), f"no scrapy entry point beside {sys.executable}"
    (home / ".venv" / "bin" / "scrapy").symlink_to(scrapy)
    return home


@pytest.mark.e2e
def test_the_readme_cron_line_runs_as_written_under_crons_bare_environment(tmp_path):
    """cron gives a job HOME, LOGNAME, SHELL=/bin/sh and PATH=/usr/bin:/bin, nothing else; the local web
    stands in for the internet (its proxy and certificate are the only additions)."""
    outlets = spider_classes(("spiders",))
    names = sorted(n for n, cls in outlets.items() if n not in ("generic", "ccnews") and not getattr(cls.profile, "draft", False))
    if any(not sample_urls(n) for n in names):
        require_captures()  # those outlets' article URLs are their saved pages'
    (job,) = crontab_jobs((DEPLOY / "newsbot.crontab").read_text())
    home = installed_home(tmp_path)
    site = Sites(*(SyntheticOutlet(outlets[n]) for n in names))
    with LocalWeb(site) as web:
        env = {"HOME": str(home), "LOGNAME": "newsbot", "SHELL": "/bin/sh", "PATH": "/usr/bin:/bin", **web.proxy_env()}
        done = subprocess.run(["env", "-i", *(f"{k}={v}" for k, v in env.items()), "/bin/sh", "-c", cron_command(job)],
                              capture_output=True, text=True, timeout=900)
    (log,) = (home / "logs").glob("crawlall-*.log")  # the directory did not exist: the command made it
    assert done.returncode == 0, done.stdout[-3000:] + log.read_text()[-3000:]
    assert done.stdout == "" and done.stderr == "", "a healthy run prints nothing (cron would mail it)"
    assert log.name == f"crawlall-{datetime.now().astimezone():%Y-%m-%d}.log" and "Run report" in log.read_text()
    latest = history.read_latest(home / "data")
    assert sorted(latest["outlets"]) == names and {e["health"] for e in latest["outlets"].values()} == {"ok"}
    assert {f.parts[-3] for f in output_files(home / "data")} == set(names)


# ---- a real crawl's report, history, metrics and checksums ----

def crawl(web, data_dir, *args, env=None):
    return run_scrapy("crawl", "youm7", "-s", f"NEWSBOT_DATA_DIR={data_dir}", "-s", "DOWNLOAD_TIMEOUT=2", *args,
                      env={**web.proxy_env(), **(env or {})}, timeout=180)


@pytest.mark.e2e
def test_a_runs_report_carries_statuses_bytes_build_freshness_and_a_checked_manifest(tmp_path):
    metrics = tmp_path / "textfile" / "newsbot.prom"
    with LocalWeb(SyntheticYoum7("feeds")) as web:
        done = crawl(web, tmp_path / "data", "-a", "days=3", "-s", f"NEWSBOT_METRICS_FILE={metrics}")
    assert done.returncode == 0, done.stderr[-3000:]
    (report,) = history.report_files(tmp_path / "data")
    section = json.loads(report.read_text())["outlets"]["youm7"]
    assert section["http_status"]["200"] > 0 and section["http_status"]["429"] >= 1 and section["http_status"]["404"] >= 1
    assert section["bytes"] > 10_000
    build = section["build"]
    assert build["arguments"] == {"days": "3"} and re.fullmatch(r"sha256:[0-9a-f]{16}", build["config_hash"])
    assert build["version"] and build["commit"] == git_commit(REPO)
    (output,) = output_files(tmp_path / "data")
    lines = output.read_bytes().splitlines(keepends=True)
    newest = max(datetime.fromisoformat(json.loads(line)["published_at"]) for line in lines)
    assert datetime.fromisoformat(section["freshness"]["newest_published_at"]) == newest
    assert 0 < section["freshness"]["lag_seconds"] < 3 * 3600
    digest = hashlib.sha256(output.read_bytes()).hexdigest()
    assert section["manifest"] == [{"path": str(output), "rows": len(lines), "bytes": output.stat().st_size, "sha256": digest}]
    assert output.with_suffix(".sha256").read_text() == f"{digest}  {output.name}\n"
    if shutil.which("sha256sum"):
        assert subprocess.run(["sha256sum", "-c", output.with_suffix(".sha256").name], cwd=output.parent, capture_output=True).returncode == 0
    (entry,) = history.read_history(tmp_path / "data", "youm7")
    assert entry["written"] == section["written"] == len(lines) and entry["healthy"] is True
    assert history.read_latest(tmp_path / "data")["outlets"]["youm7"]["last_success"]["run_id"] == entry["run_id"]
    assert "newsbot_last_run_articles_written{outlet=\"youm7\"} " + f"{len(lines):.1f}" in metrics.read_text()


@pytest.mark.e2e
def test_an_unhealthy_run_posts_one_alert_and_a_quiet_healthy_run_prints_nothing(tmp_path):
    hook = Hook()
    try:
        with LocalWeb(Sites()) as web:  # youm7.com answers nothing: the run is unhealthy
            broken = crawl(web, tmp_path / "a", "--quiet", env={"NEWSBOT_ALERT_WEBHOOK": hook.url, "no_proxy": "127.0.0.1"})
        with LocalWeb(SyntheticYoum7("feeds")) as web:
            healthy = crawl(web, tmp_path / "b", "--quiet", env={"NEWSBOT_ALERT_WEBHOOK": hook.url, "no_proxy": "127.0.0.1"})
    finally:
        hook.close()
    assert broken.returncode == 1 and b"youm7: 0 written" in broken.stdout and b"UNHEALTHY" in broken.stdout
    ((_, _, alert),) = hook.received  # one POST, for the unhealthy run only
    assert alert["outlet"] == "youm7" and alert["problems"] and alert["report"].endswith(".json")
    assert healthy.returncode == 0 and healthy.stdout == b"", healthy.stdout


@pytest.mark.e2e
def test_a_crawlall_outlet_that_cannot_start_is_printed_and_alerted_even_when_quiet(tmp_path):
    """The state cannot be opened: no spider ever closes, so the command itself must say so (cron mails stdout)."""
    hook = Hook()
    try:
        done = run_scrapy(
            "crawlall", "youm7", "--logfile", str(tmp_path / "logs" / "crawlall.log"),
            "-s", f"NEWSBOT_DATA_DIR={tmp_path / 'data'}", "-s", "NEWSBOT_STATE_URL=postgresql://newsbot@127.0.0.1:9/none",
            env={"NEWSBOT_ALERT_WEBHOOK": hook.url, "no_proxy": "127.0.0.1"}, timeout=120,
        )
    finally:
        hook.close()
    assert done.returncode == 1
    assert done.stdout.decode().startswith("youm7: did not start: StateUnavailable"), done.stdout
    ((_, _, alert),) = hook.received
    assert alert["outlet"] == "youm7" and alert["problems"][0].startswith("did not start: StateUnavailable")


class Redesigned(BulkYoum7):
    """A youm7.com whose feeds and sitemap list articles ``start..`` only (each run has new ones) and,
    once ``redesigned``, prints the byline on only 40% of its pages."""

    def __init__(self, start: int, count: int, redesigned: bool):
        super().__init__(n=start + count)
        self.redesigned = redesigned
        shown = self.listed[start:]
        feeds = [k for k, reply in self.routes.items() if reply.headers.get("Content-Type", "").startswith("application/rss")]
        for k, feed in enumerate(feeds):
            self.routes[feed] = Reply(200, rss([(u, self.day) for u in shown[k :: len(feeds)]]), self.routes[feed].headers)
        self.routes[ORIGIN + "/sitemaps/news.xml"] = Reply(200, news_sitemap([(u, self.day) for u in shown]), {"Content-Type": "application/xml"})

    def respond(self, method, url):
        reply = super().respond(method, url)
        n = self.number_of(url)
        if reply is None or n is None or not self.redesigned or n % 5 < 2:
            return reply
        return Reply(200, re.sub(rb'<span class="writeBy">.*?</span>', b"", reply.body))


@pytest.mark.e2e
def test_a_layout_change_between_runs_is_drift_and_the_run_is_unhealthy(tmp_path):
    results = []
    # three runs to compare with, the redesign, then the same feeds again: nothing new, all written before
    for start, redesigned in ((0, False), (15, False), (30, False), (45, True), (45, False)):
        with LocalWeb(Redesigned(start=start, count=15, redesigned=redesigned)) as web:
            results.append(crawl(web, tmp_path, "-s", "NEWSBOT_DRIFT_MIN_RUNS=3"))
    for done in results[:3]:
        assert done.returncode == 0 and b"healthy" in done.stdout, done.stderr[-3000:]
    last = results[3]
    assert last.returncode == 1, last.stdout.decode()[-2000:]
    assert b"drift: authors coverage 40%, trailing median 100%" in last.stdout
    runs = history.read_history(tmp_path, "youm7")
    assert [r["written"] for r in runs[:4]] == [15, 15, 15, 15] and [r["healthy"] for r in runs[:4]] == [True, True, True, False]
    assert runs[3]["drift"] == ["authors coverage 40%, trailing median 100%"]
    # a quiet run is not a volume drift (the feeds list as many entries as ever), and its newest
    # article is the one the run before wrote, so a feed that stopped growing shows a growing lag
    quiet = results[4]
    assert quiet.returncode == 0 and b"healthy" in quiet.stdout, quiet.stdout.decode()[-2000:]
    assert runs[4]["written"] == 0 and runs[4]["discovered"] == runs[3]["discovered"] > 0 and runs[4]["drift"] == []
    assert runs[4]["newest_published_at"] == runs[3]["newest_published_at"] and runs[4]["lag_seconds"] >= runs[3]["lag_seconds"]
    assert history.read_latest(tmp_path)["outlets"]["youm7"]["health"] == "ok"


def readme_block(heading: str, language: str) -> str:
    """The first ``language`` code block under a README heading."""
    section = README[README.index(heading):]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)


@pytest.mark.e2e
def test_the_readme_reading_recipe_runs_on_a_crawls_output_and_its_export(tmp_path, monkeypatch):
    import duckdb

    with LocalWeb(SyntheticYoum7("feeds")) as web:
        for args in ((), ("-a", "refresh=1")):  # the second run fetches the window again
            done = crawl(web, tmp_path / "data", *args)
            assert done.returncode == 0, done.stderr[-3000:]
    exported = run_scrapy("export", "--out", str(tmp_path / "exports" / "2026-12"), env={"NEWSBOT_DATA_DIR": str(tmp_path / "data")}, timeout=180)
    assert exported.returncode == 0, exported.stderr[-3000:]
    records = [json.loads(line) for f in output_files(tmp_path / "data") for line in f.read_bytes().splitlines()]
    newest = {}
    for r in sorted(records, key=lambda r: r["crawled_at"]):
        newest[r["id"]] = r
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(readme_block("### Reading the output", "python"), scope)
    raw, frame = scope["raw"].set_index("id").sort_index(), scope["exported"].set_index("id").sort_index()
    assert list(raw.index) == list(frame.index) == sorted(newest)
    assert list(raw["title"]) == list(frame["title"]) == [newest[i]["title"] for i in sorted(newest)]
    expected = [datetime.fromisoformat(newest[i]["published_at"]) for i in sorted(newest)]
    assert [t.to_pydatetime() for t in raw["published_at_utc"]] == [t.to_pydatetime() for t in frame["published_at_utc"]] == expected
    queries = [q for q in readme_block("### Reading the output", "sql").split(";") if "select" in q]
    per_month, distinct = [duckdb.sql(q).fetchall() for q in queries]
    assert sum(n for _, _, n in per_month) == len(newest) and distinct == [(len(newest),)]
