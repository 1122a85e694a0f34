"""Retention (``NEWSBOT_RETENTION_DAYS``): run reports, drop lines, saved pages and logs older than
the limit are deleted at the end of a run; a year of hourly runs does not fill the disk.

Kept whatever their age: the output (articles are the product), the state, ``latest.json``, and
each outlet's last ``keep_runs`` history records (drift compares with them); older history lines go.
Logs are only the files beside the run's own log whose names differ from its name in their digits
alone (``crawlall-2026-01-01.log`` beside ``crawlall-2026-12-01.log``): nothing else in that directory.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import orjson

from newsbot.core.files import replace_atomically
from newsbot.ops import history


def _old(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def expired_reports(data_dir: Path | str, cutoff: float) -> list[Path]:
    """Reports, drop files and page folders under ``runs/`` older than ``cutoff`` (Unix time)."""
    runs = history.runs_dir(data_dir)
    if not runs.is_dir():
        return []
    found = []
    for path in sorted(runs.iterdir()):
        if path.name.startswith(".") or path.name in ("history", "latest.json"):
            continue
        if path.suffix in (".json", ".jsonl") or path.is_dir():
            if _old(path, cutoff):
                found.append(path)
    return found


def expired_logs(log_file: Path | str | None, cutoff: float) -> list[Path]:
    if not log_file:
        return []
    current = Path(log_file)
    if not current.parent.is_dir():
        return []
    same_name = log_family(current.name)
    return [p for p in sorted(current.parent.iterdir()) if p != current and same_name.fullmatch(p.name) and p.is_file() and _old(p, cutoff)]


def log_family(name: str) -> re.Pattern[str]:
    """The names of the same log on other days: ``name`` with each run of digits free (pure)."""
    return re.compile(r"\d+".join(re.escape(part) for part in re.split(r"\d+", name)), re.ASCII)


def trim_history(data_dir: Path | str, outlet: str, cutoff: float, keep_runs: int) -> int:
    """Drop history records finished before ``cutoff``, keeping the last ``keep_runs``; returns how many went."""
    records = history.read_history(data_dir, outlet)
    keep_from = max(0, len(records) - keep_runs)

    def finished(record: dict) -> float:
        moment = history.instant(record.get("finished_at"))
        return moment.timestamp() if moment is not None else float("inf")  # unreadable: kept

    kept = [r for i, r in enumerate(records) if i >= keep_from or finished(r) >= cutoff]
    if len(kept) == len(records):
        return 0
    replace_atomically(history.history_path(data_dir, outlet), b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in kept))
    return len(records) - len(kept)


def prune(data_dir: Path | str, days: int, *, outlet: str | None = None, log_file: Path | str | None = None, keep_runs: int = 14,
          now: float | None = None) -> list[Path]:
    """Delete what is older than ``days`` (0: nothing); returns the paths deleted. The history of
    ``outlet`` (the run's own: each run trims its outlet's, not every outlet's) is trimmed in place."""
    if days <= 0:
        return []
    cutoff = (now if now is not None else time.time()) - days * 86400
    deleted = []
    for path in expired_reports(data_dir, cutoff) + expired_logs(log_file, cutoff):
        try:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        except FileNotFoundError:
            continue  # another process's run pruned it first
        deleted.append(path)
    if outlet is not None:
        trim_history(data_dir, outlet, cutoff, keep_runs)
    return deleted
