"""Run history: one compact record per finished outlet run, and ``latest.json``, the newest per outlet.

Under ``<NEWSBOT_DATA_DIR>/runs/``:

- ``history/<outlet>.jsonl``: one line per finished run (``run_record``), appended whole in one
  ``write``; drift detection reads an outlet's trailing runs here, the dashboard its whole history;
- ``latest.json``: per outlet its last run, its last healthy run and its health now, rewritten
  atomically (tmp file + ``os.replace``) under a lock, so crawls of several processes may end at once.

Also the output's one listing, ``output_files``, which the export, the dashboard and the benchmarks
read. Files in, files out: no Scrapy, so the dashboard and tests read the same records the crawl wrote.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from newsbot.core.files import append_line, replace_atomically

RECORD_VERSION = 1
# The finish reason of a run that found its outlet locked by another (newsbot.crawl.locks): it did no
# work, so it is no run to compare with, count or draw.
ALREADY_RUNNING = "already_running"
# Field coverage kept per run: what drift compares and the dashboard shows.
COVERAGE_FIELDS = ("title", "published_at", "authors", "body")


def runs_dir(data_dir: Path | str) -> Path:
    return Path(data_dir) / "runs"


def history_path(data_dir: Path | str, outlet: str) -> Path:
    return runs_dir(data_dir) / "history" / f"{outlet}.jsonl"


def latest_path(data_dir: Path | str) -> Path:
    return runs_dir(data_dir) / "latest.json"


def report_files(data_dir: Path | str) -> list[Path]:
    """The run reports (``runs/<run_id>.json``), oldest first: not ``latest.json`` beside them."""
    directory = runs_dir(data_dir)
    return sorted(p for p in directory.glob("*.json") if p.name != "latest.json") if directory.is_dir() else []


_DAY_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def output_files(data_dir: Path | str, skip: Path | None = None) -> list[Path]:
    """The finished output files, ``<data>/<outlet>/<YYYY-MM-DD>/*.jsonl``, in path order.

    Never a ``.part`` (a run still writing), ``runs/`` (reports, drop lines, ``history/*.jsonl``) or a
    dot directory (``.state``): what a ``data/**/*.jsonl`` glob would wrongly take. ``skip``: a
    folder to pass over (an export written inside the data directory)."""
    data_dir, skipped = Path(data_dir), skip.resolve() if skip is not None else None
    found: list[Path] = []
    for outlet_dir in sorted(data_dir.iterdir()) if data_dir.is_dir() else ():
        if outlet_dir.name.startswith(".") or outlet_dir.name == "runs" or not outlet_dir.is_dir() or outlet_dir.resolve() == skipped:
            continue
        for day_dir in sorted(outlet_dir.iterdir()):
            if _DAY_FOLDER.fullmatch(day_dir.name) and day_dir.is_dir():
                found += [f for f in sorted(day_dir.glob("*.jsonl")) if f.is_file()]
    return found


def instant(value) -> datetime | None:
    """An ISO 8601 time of a report or record as an aware datetime (a naive one is taken as UTC, as
    every time newsbot writes is UTC or carries its offset); None when unreadable."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def run_record(outlet: str, run_id: str, section: dict) -> dict:
    """The compact record of one outlet's run, from its report section (pure)."""
    coverage = section.get("coverage") or {}
    freshness = section.get("freshness") or {}
    health = section.get("health") or {}
    return {
        "version": RECORD_VERSION,
        "outlet": outlet,
        "run_id": run_id,
        "started_at": section.get("started_at"),
        "finished_at": section.get("finished_at"),
        "duration_seconds": section.get("duration_seconds"),
        "finish_reason": section.get("finish_reason"),
        "requests": section.get("requests", 0),
        "article_requests": section.get("article_requests", 0),
        "discovered": section.get("discovered"),
        "bytes": section.get("bytes", 0),
        "written": section.get("written", 0),
        "dropped": section.get("dropped", 0),
        "drops": dict(section.get("drops") or {}),
        "near_duplicates": (section.get("duplicates") or {}).get("near_duplicate", 0),
        "coverage": {f: (coverage.get(f) or {}).get("share") for f in COVERAGE_FIELDS},
        "body_chars_median": (section.get("quality") or {}).get("body_chars_median"),
        "newest_published_at": freshness.get("newest_published_at"),
        "lag_seconds": freshness.get("lag_seconds"),
        "healthy": health.get("ok"),
        "problems": list(health.get("problems") or []),
        "drift": list((section.get("drift") or {}).get("problems") or []),
    }


def append_record(data_dir: Path | str, record: dict) -> Path:
    """Add a run's record to its outlet's history, whole (after a torn last line, on a line of its own)."""
    path = history_path(data_dir, record["outlet"])
    append_line(path, orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    return path


def read_history(data_dir: Path | str, outlet: str) -> list[dict]:
    """Every record of an outlet, oldest first; a torn or foreign line is passed over."""
    try:
        lines = history_path(data_dir, outlet).read_bytes().splitlines()
    except FileNotFoundError:
        return []
    records = []
    for line in lines:
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(record, dict) and record.get("outlet") == outlet:
            records.append(record)
    return records


def trailing_runs(data_dir: Path | str, outlet: str, n: int) -> list[dict]:
    """The outlet's last ``n`` runs that did work (a run skipped for a held lock compares with nothing)."""
    done = [r for r in read_history(data_dir, outlet) if r.get("finish_reason") != ALREADY_RUNNING]
    return done[-n:] if n > 0 else []


def outlets_with_history(data_dir: Path | str) -> list[str]:
    directory = runs_dir(data_dir) / "history"
    return sorted(p.stem for p in directory.glob("*.jsonl")) if directory.is_dir() else []


@contextmanager
def locked(data_dir: Path | str) -> Iterator[None]:
    """Serialise read-modify-write of ``latest.json`` (and the metrics file) between processes."""
    directory = runs_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / ".latest.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def read_latest(data_dir: Path | str) -> dict:
    try:
        latest = orjson.loads(latest_path(data_dir).read_bytes())
    except (FileNotFoundError, orjson.JSONDecodeError):
        return {"version": RECORD_VERSION, "outlets": {}}
    return latest if isinstance(latest, dict) and isinstance(latest.get("outlets"), dict) else {"version": RECORD_VERSION, "outlets": {}}


def _brief(record: dict, report: str | None) -> dict[str, Any]:
    keep = ("run_id", "started_at", "finished_at", "duration_seconds", "finish_reason", "written", "dropped", "drops",
            "newest_published_at", "lag_seconds", "healthy", "problems", "drift")
    return {**{k: record.get(k) for k in keep}, "report": report}


def with_run(latest: dict, record: dict, report: str | None = None) -> dict:
    """``latest`` with one finished run put in (pure): a skipped run (lock held) changes nothing."""
    if record.get("finish_reason") == ALREADY_RUNNING:
        return latest
    outlets = dict(latest.get("outlets") or {})
    entry = dict(outlets.get(record["outlet"]) or {})
    entry["last_run"] = _brief(record, report)
    if record.get("healthy"):
        entry["last_success"] = _brief(record, report)
    entry.setdefault("last_success", None)
    entry["health"] = "ok" if record.get("healthy") else "unhealthy"
    outlets[record["outlet"]] = entry
    return {"version": RECORD_VERSION, "updated_at": datetime.now(timezone.utc).isoformat(), "outlets": dict(sorted(outlets.items()))}


def record_latest(data_dir: Path | str, record: dict, report: str | None = None) -> dict:
    """Put a finished run into ``latest.json`` (atomically; callers hold ``locked``)."""
    latest = with_run(read_latest(data_dir), record, report)
    replace_atomically(latest_path(data_dir), orjson.dumps(latest, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    return latest
