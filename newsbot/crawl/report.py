"""Run reports: what each outlet's run did, every URL it dropped, copies of pages it could not extract.

One run id per process (``NEWSBOT_RUN_ID``, set once by `scrapy crawl` and
`scrapy crawlall`; the JSONL writer names its file with the same id). Under
``<NEWSBOT_DATA_DIR>/runs/``:

- ``<run_id>.json``: one section per outlet, merged in (tmp file + ``os.replace``)
  as each outlet opens (``"status": "running"``) and closes (``"finished"``): a
  ``scrapy crawlall`` of several outlets gives one file;
- ``<run_id>.drops.jsonl``: one line per dropped URL (outlet, url, reason, detail,
  time, page), each written whole in one ``write`` as the drop happens;
- ``<run_id>/pages/<outlet>/<hash>.html``: the first ``NEWSBOT_REPORT_MAX_PAGES``
  pages per outlet dropped for a reason in ``NEWSBOT_REPORT_PAGE_REASONS`` (the
  page was fetched but gave no valid article), cut at ``NEWSBOT_REPORT_PAGE_MAXSIZE``
  bytes.

Every ``NEWSBOT_PROGRESS_INTERVAL`` seconds a progress line per outlet is logged;
at the end a short summary (``summary``), which the commands print too.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import re
import secrets
import socket
import weakref
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import orjson
import xxhash
from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call
from twisted.internet import threads

from newsbot.core.files import replace_atomically, write_whole
from newsbot.crawl import stats as keys
from newsbot.crawl.drops import drops_in, url_dropped
from newsbot.crawl.locks import ALREADY_RUNNING
from newsbot.defaults import setting
from newsbot.ops import history, retention
from newsbot.ops.alerts import alert_payload, post_alert
from newsbot.ops.build import build_info
from newsbot.ops.metrics import write_metrics
from newsbot.stores.protocols import StateUnavailable

logger = logging.getLogger(__name__)

RUN_ID_SETTING = "NEWSBOT_RUN_ID"
_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
REPORT_VERSION = 1


# ---- run id ----

def host_tag(hostname: str | None = None) -> str:
    """The machine's short host name as a run id may carry it (letters, digits, ``-``; at most 32)."""
    short = (hostname if hostname is not None else socket.gethostname()).split(".")[0]
    return re.sub(r"[^A-Za-z0-9-]+", "-", short).strip("-")[:32] or "host"


def new_run_id(now: datetime | None = None, hostname: str | None = None) -> str:
    """``<UTC start, YYYYmmddTHHMMSSZ>-<host>-<6 hex>``: sorts by time, names the machine, and is unique
    between processes, so the files of many nodes gathered in one place never share a name."""
    now = now or datetime.now(timezone.utc)
    return f"{now.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}-{host_tag(hostname)}-{secrets.token_hex(3)}"


def _checked(run_id: str) -> str:
    if not _RUN_ID.fullmatch(run_id):
        raise ValueError(f"{RUN_ID_SETTING} must be letters, digits, '.', '_' or '-', not {run_id!r}")
    return run_id


def ensure_run_id(settings) -> str:
    """Give the process its run id (commands call this before creating crawlers); keeps one set by ``-s``."""
    if not settings.get(RUN_ID_SETTING):
        settings.set(RUN_ID_SETTING, new_run_id(), priority="cmdline")
    return _checked(str(settings.get(RUN_ID_SETTING)))


# A crawler started without NEWSBOT_RUN_ID (a test, an embedding program) gets one id of its own.
_crawler_run_ids: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def run_id_of(crawler) -> str:
    """The run id of a crawl: ``NEWSBOT_RUN_ID``, else one made for this crawler (the writer and report agree)."""
    run_id = crawler.settings.get(RUN_ID_SETTING)
    if run_id:
        return _checked(str(run_id))
    run_id = _crawler_run_ids.get(crawler)
    if run_id is None:
        run_id = _crawler_run_ids[crawler] = new_run_id()
    return run_id


# ---- what the commands print ----

def prepare_log_file(settings) -> None:
    """Create the directory of ``LOG_FILE`` (``--logfile logs/x.log`` on a fresh checkout must not fail)."""
    log_file = settings.get("LOG_FILE")
    if log_file:
        Path(log_file).expanduser().parent.mkdir(parents=True, exist_ok=True)


def is_quiet(settings, opts) -> bool:
    """Healthy runs print nothing (cron mails what a job prints) under ``--quiet`` or a log file."""
    return bool(getattr(opts, "quiet", False) or settings.get("LOG_FILE"))


def add_quiet_option(parser) -> None:
    parser.add_argument("--quiet", action="store_true",
                        help="print nothing when every outlet is healthy (implied by --logfile / -s LOG_FILE)")


# Why a crawler failed to start, for its summary: asyncio would print a traceback and no reason.
_start_errors: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def watch_start(crawler, started) -> None:
    """Take the failure of a crawler's start (the task or Deferred ``crawl()`` returned) and name it:
    one error line, and the reason in the summary. A known cause (the state cannot be opened) gets no
    traceback; anything else keeps it, as the bug it is."""

    def failed(exc: BaseException) -> None:
        _start_errors[crawler] = reason = f"{type(exc).__name__}: {exc}"
        known = isinstance(exc, StateUnavailable)
        logger.error("%s: did not start: %s", crawler.spidercls.name, reason, exc_info=None if known else exc)
        # no spider_closed will come, so no report and no alert from the extension: alert here
        if webhook := setting(crawler.settings, "NEWSBOT_ALERT_WEBHOOK"):
            section = {"finished_at": datetime.now(timezone.utc).isoformat(), "health": {"problems": [f"did not start: {reason}"]}}
            payload = alert_payload(crawler.spidercls.name, crawler.settings.get(RUN_ID_SETTING) or "", section, None)
            if problem := post_alert(webhook, payload, setting(crawler.settings, "NEWSBOT_ALERT_TIMEOUT")):
                logger.error("The alert for %s could not be sent to the webhook: %s", crawler.spidercls.name, problem)

    if hasattr(started, "add_done_callback"):  # an asyncio task
        started.add_done_callback(lambda task: None if task.cancelled() or task.exception() is None else failed(task.exception()))
    elif hasattr(started, "addErrback"):
        started.addErrback(lambda failure: failed(failure.value))


# ---- pure pieces: paths, sections, lines ----

def runs_dir(settings) -> Path:
    return history.runs_dir(setting(settings, "NEWSBOT_DATA_DIR"))


def report_path(settings, run_id: str) -> Path:
    return runs_dir(settings) / f"{run_id}.json"


def drops_path(settings, run_id: str) -> Path:
    return runs_dir(settings) / f"{run_id}.drops.jsonl"


def saves_page(reason: str, patterns) -> bool:
    """Whether a drop under this reason keeps a copy of the page (patterns are shell globs)."""
    return any(fnmatch.fnmatchcase(reason, p) for p in patterns)


def page_name(url: str) -> str:
    return f"{xxhash.xxh3_64_hexdigest(url.encode('utf-8'))}.html"


def _iso(value) -> str | None:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
    return value


def skipped_as_seen(stats: dict) -> dict[str, int]:
    return {
        "written_before": stats.get(keys.SKIPPED + "written_before", 0),
        "dropped_before": stats.get(keys.SKIPPED + "dropped_before", 0),
    }


def section_of(stats: dict, *, finished: bool = True) -> dict:
    """An outlet's section of the report, from its run's stats (pure)."""
    written = stats.get(keys.WRITTEN, 0)
    drops = dict(sorted(drops_in(stats).items()))
    problems = stats.get(keys.PROBLEMS)
    duration = stats.get("elapsed_time_seconds")
    if duration is None and isinstance(stats.get("start_time"), datetime):
        duration = (datetime.now(timezone.utc) - stats["start_time"]).total_seconds()
    return {
        "status": "finished" if finished else "running",
        "finish_reason": stats.get("finish_reason"),
        "started_at": _iso(stats.get("start_time")),
        "finished_at": _iso(stats.get("finish_time")) if finished else None,
        "duration_seconds": round(duration, 3) if duration is not None else None,
        "requests": stats.get("downloader/request_count", 0),
        "discovered": stats.get(keys.DISCOVERED),
        "article_requests": stats.get(keys.ARTICLE_REQUESTS, 0),
        "written": written,
        "skipped_as_seen": skipped_as_seen(stats),
        "dropped": sum(drops.values()),
        "drops": drops,
        "duplicates": keys.prefixed(stats, keys.DEDUP),
        # once articles were written, every counted field, at 0 when none had it: a field that vanished is 0%, not absent
        "coverage": {
            field: {"articles": n, "share": round(n / written, 4) if written else None}
            for field, n in sorted((dict.fromkeys(history.COVERAGE_FIELDS if written else (), 0) | keys.prefixed(stats, keys.COVERAGE)).items())
        },
        "cleaner": keys.prefixed(stats, keys.CLEAN),
        "errors": stats.get("log_count/ERROR", 0),
        "endpoint_errors": stats.get(keys.ENDPOINT_ERRORS, []),
        # every response status apart (403: blocked, 429: rate-limited), and what the downloads weighed
        "http_status": {k.rsplit("/", 1)[-1]: v for k, v in sorted(stats.items()) if k.startswith("downloader/response_status_count/")},
        "bytes": stats.get("downloader/response_bytes", 0),
        "freshness": {"newest_published_at": stats.get(keys.NEWEST_PUBLISHED), "lag_seconds": stats.get(keys.LAG_SECONDS)},
        "quality": {"body_chars_median": stats.get(keys.BODY_CHARS_MEDIAN)},
        "health": {
            "ok": bool(stats.get(keys.HEALTHY)) if finished else None,
            "problems": problems.split("; ") if problems else [],
        },
        "drift": stats.get(keys.DRIFT),
        "build": stats.get(keys.BUILD),
        "output": stats.get(keys.JSONL_PATH),
        "manifest": stats.get(keys.MANIFEST, []),
        "pages_saved": stats.get(keys.PAGES_SAVED, 0),
        # every counter of the run (Scrapy's and newsbot's), for whoever needs one the summary leaves out
        "stats": {k: v for k, v in sorted(stats.items()) if isinstance(v, (int, float)) and not isinstance(v, bool)},
    }


def progress_line(outlet: str, stats: dict) -> str:
    seen = sum(skipped_as_seen(stats).values())
    return (
        f"{outlet}: {stats.get('downloader/request_count', 0)} requests, {stats.get(keys.WRITTEN, 0)} written, "
        f"{seen} skipped as seen, {sum(drops_in(stats).values())} dropped"
    )


def summary(outlet: str, section: dict) -> str:
    """The human summary of an outlet's run (logged at its end, printed by `scrapy crawl` and `crawlall`)."""
    if section.get("finish_reason") == ALREADY_RUNNING:
        return f"{outlet}: skipped, already running"
    problems = section["health"]["problems"]
    seen = sum(section["skipped_as_seen"].values())
    duration = section.get("duration_seconds")
    lines = [
        f"{outlet}: {section['written']} written, {section['dropped']} dropped, "
        + (f"UNHEALTHY: {'; '.join(problems)}" if problems else "healthy")
        + (f" ({section['stats'].get(keys.ARCHIVE_RECORDS, 0)} archive records" if "archive" in section else f" ({section['requests']} requests")
        + f", {seen} skipped as seen"
        + (f", {duration:.0f} s)" if duration is not None else ")")
    ]
    if section["drops"]:
        lines.append("  drops: " + ", ".join(f"{reason} {n}" for reason, n in sorted(section["drops"].items(), key=lambda kv: (-kv[1], kv[0]))))
    marked = {k: v for k, v in section["duplicates"].items() if v}
    if marked or section.get("pages_saved"):
        parts = [f"{k} {v}" for k, v in marked.items()]
        if section.get("pages_saved"):
            parts.append(f"pages saved {section['pages_saved']}")
        lines.append("  also: " + ", ".join(parts))
    if section.get("output"):
        lines.append(f"  output: {section['output']}")
    return "\n".join(lines)


# The end-of-run line a reader without the node's files parses (scrapy crawlall --scrapyd reads it
# from the job's log): the fields ``summary`` reads, so it renders the same text.
SUMMARY_MARKER = "newsbot-summary"
_SUMMARY_FIELDS = (
    "finish_reason", "duration_seconds", "requests", "written", "skipped_as_seen", "dropped", "drops",
    "duplicates", "pages_saved", "health", "output",
)


def summary_record(outlet: str, run_id: str, section: dict, report: str) -> dict:
    """What the summary line carries (pure); an archive backfill's files are counted by status."""
    record = {"outlet": outlet, "run_id": run_id, "report": report, **{k: section.get(k) for k in _SUMMARY_FIELDS}}
    if "archive" in section:
        record["archive"] = {"files": dict(Counter(f["status"] for f in section["archive"]["files"]))}
        record["stats"] = {keys.ARCHIVE_RECORDS: section["stats"].get(keys.ARCHIVE_RECORDS, 0)}
    return record


def summary_of(crawler, with_report: bool = True) -> str:
    """The summary of a finished crawler's run, plus the report's path when one was written."""
    name = crawler.spider.name if getattr(crawler, "spider", None) is not None else crawler.spidercls.name
    if getattr(crawler, "stats", None) is None or crawler.stats.get_value("start_time") is None:
        reason = _start_errors.get(crawler)
        return f"{name}: did not start" + (f": {reason}" if reason else "")
    stats = crawler.stats.get_stats()
    section = section_of(stats)
    spider = getattr(crawler, "spider", None)
    if hasattr(spider, "report_section"):
        section.update(spider.report_section())
    text = summary(name, section)
    if with_report and stats.get(keys.REPORT_PATH):
        text += f"\n  report: {stats[keys.REPORT_PATH]}"
    return text


def merge_section(path: Path, run_id: str, outlet: str, section: dict, drops_file: str) -> dict:
    """Put one outlet's section into the report file, atomically (tmp file + os.replace)."""
    try:
        report = orjson.loads(path.read_bytes())
        if not isinstance(report, dict) or report.get("run_id") != run_id:
            raise ValueError
    except (FileNotFoundError, ValueError):
        report = {"version": REPORT_VERSION, "run_id": run_id, "drops_file": drops_file, "outlets": {}}
    report["outlets"][outlet] = section
    report["outlets"] = dict(sorted(report["outlets"].items()))
    report["updated_at"] = datetime.now(timezone.utc).isoformat()
    replace_atomically(path, orjson.dumps(report, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    return report


def write_line(fd: int, record: dict) -> None:
    """One JSON line in one write (O_APPEND): a kill leaves whole lines."""
    write_whole(fd, orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))


# ---- the extension ----

class RunReport:
    def __init__(self, crawler):
        settings = crawler.settings
        if not setting(settings, "NEWSBOT_REPORTS"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.page_maxsize = setting(settings, "NEWSBOT_REPORT_PAGE_MAXSIZE")
        self.max_pages = setting(settings, "NEWSBOT_REPORT_MAX_PAGES")
        self.page_reasons = setting(settings, "NEWSBOT_REPORT_PAGE_REASONS")
        self.interval = setting(settings, "NEWSBOT_PROGRESS_INTERVAL")
        self.run_id: str | None = None
        self.fd: int | None = None
        self.pages_saved = 0
        self.task = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.url_dropped, signal=url_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def outlet(self) -> str:
        return self.crawler.spider.name

    # paths
    @property
    def report_path(self) -> Path:
        return report_path(self.crawler.settings, self.run_id)

    @property
    def drops_path(self) -> Path:
        return drops_path(self.crawler.settings, self.run_id)

    def pages_dir(self) -> Path:
        return runs_dir(self.crawler.settings) / self.run_id / "pages" / self.outlet

    # signals
    def spider_opened(self, spider):
        self.run_id = run_id_of(self.crawler)
        self.drops_path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.drops_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.stats.set_value(keys.REPORT_RUN_ID, self.run_id)
        self.stats.set_value(keys.REPORT_PATH, str(self.report_path))
        self.stats.set_value(keys.REPORT_DROPS, str(self.drops_path))
        self.stats.set_value(keys.BUILD, build_info(self.crawler.settings.copy_to_dict(), getattr(spider, "arguments", {})))
        self._write_section(finished=False)
        if self.interval > 0:
            self.task = create_looping_call(self.log_progress)
            self.task.start(self.interval, now=False)

    def log_progress(self):
        spider = self.crawler.spider
        # an archive backfill tells its own progress (files, bytes, records/s, time left)
        logger.info("%s", spider.progress_line() if hasattr(spider, "progress_line") else progress_line(self.outlet, self.stats.get_stats()))

    def url_dropped(self, url, reason, detail="", response=None, **kwargs):
        self._record(url, reason, detail, response)

    def item_dropped(self, item, response, exception, **kwargs):
        reason = getattr(exception, "reason", None) or "dropped"
        message = str(exception)
        detail = message.removeprefix(f"{reason}: ") if message != reason else ""
        url = ItemAdapter(item).get("url") or (response.url if response is not None else "")
        self._record(url, reason, detail, response)

    def spider_closed(self, spider, reason):
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        section = self._write_section(finished=True)
        for line in summary(self.outlet, section).splitlines():
            logger.info("%s", line)
        logger.info("Run report: %s", self.report_path)
        record = summary_record(self.outlet, self.run_id, section, str(self.report_path))
        logger.info("%s %s", SUMMARY_MARKER, orjson.dumps(record).decode())
        return self._after_run(section)  # Scrapy waits for a Deferred returned here

    def _after_run(self, section: dict):
        """The run's record in the history, ``latest.json``, the metrics file, retention; then the alert,
        posted from a thread (a Deferred): a hook that hangs must not stall a crawlall's other outlets."""
        settings = self.crawler.settings
        data_dir = Path(setting(settings, "NEWSBOT_DATA_DIR"))
        record = history.run_record(self.outlet, self.run_id, section)
        try:
            with history.locked(data_dir):
                if record["finish_reason"] != ALREADY_RUNNING:
                    history.append_record(data_dir, record)
                latest = history.record_latest(data_dir, record, str(self.report_path))
                if metrics_file := setting(settings, "NEWSBOT_METRICS_FILE"):
                    write_metrics(metrics_file, latest)
                deleted = retention.prune(
                    data_dir, setting(settings, "NEWSBOT_RETENTION_DAYS"), outlet=self.outlet, log_file=settings.get("LOG_FILE"),
                    keep_runs=max(setting(settings, "NEWSBOT_DRIFT_RUNS"), 1),
                )
        except OSError as exc:
            logger.error("Could not record the run in %s: %s", history.runs_dir(data_dir), exc)
        else:
            if deleted:
                self.stats.set_value(keys.RETENTION_DELETED, len(deleted))
                logger.info("Retention: deleted %d reports, page folders and logs older than %d days", len(deleted),
                            setting(settings, "NEWSBOT_RETENTION_DAYS"))
        webhook = setting(settings, "NEWSBOT_ALERT_WEBHOOK")
        if not webhook or not section["health"]["problems"]:
            return None
        payload = alert_payload(self.outlet, self.run_id, section, str(self.report_path))
        return threads.deferToThread(post_alert, webhook, payload, setting(settings, "NEWSBOT_ALERT_TIMEOUT")).addCallback(self._alerted)

    def _alerted(self, failed: str | None) -> None:
        self.stats.inc_value(keys.ALERT + ("failed" if failed else "sent"))
        if failed:
            logger.error("The alert for %s could not be sent to the webhook: %s", self.outlet, failed)
        else:
            logger.info("Alert sent for %s", self.outlet)

    # work
    def _record(self, url: str, reason: str, detail: str, response) -> None:
        if self.fd is None:
            return
        page = None
        if response is not None and saves_page(reason, self.page_reasons):
            page = self._save_page(url, response.body)
        record = {
            "outlet": self.outlet, "url": url, "reason": reason, "detail": detail,
            "time": datetime.now(timezone.utc).isoformat(), "page": page,
        }
        write_line(self.fd, record)

    def _save_page(self, url: str, body: bytes) -> str | None:
        if self.pages_saved >= self.max_pages or not body:
            return None
        directory = self.pages_dir()
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / page_name(url)
        path.write_bytes(body[: self.page_maxsize])
        self.pages_saved += 1
        self.stats.set_value(keys.PAGES_SAVED, self.pages_saved)
        if len(body) > self.page_maxsize:
            self.stats.inc_value(keys.PAGES_TRUNCATED)
        return str(path)

    def _write_section(self, finished: bool) -> dict:
        section = section_of(self.stats.get_stats(), finished=finished)
        spider = getattr(self.crawler, "spider", None)
        if hasattr(spider, "report_section"):
            section.update(spider.report_section())  # an archive backfill: a part per WARC file
        try:
            merge_section(self.report_path, self.run_id, self.outlet, section, str(self.drops_path))
        except OSError as exc:
            logger.error("Could not write the run report %s: %s", self.report_path, exc)
        return section
