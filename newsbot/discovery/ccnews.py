"""Common Crawl's CC-NEWS archive as discovery: the capture window, the monthly listings, the files
a window holds and how processes split them (pure functions: values in, values out).

CC-NEWS keeps one folder a month, ``crawl-data/CC-NEWS/YYYY/MM/``, listed by ``warc.paths.gz`` (one
path a line). Files are named ``CC-NEWS-<UTC capture time, 14 digits>-<5-digit serial>.warc.gz``:
the time in the name chooses the files of a window without opening them.
"""

from __future__ import annotations

import calendar
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import PurePosixPath

LISTING_PATH = "crawl-data/CC-NEWS/{year:04d}/{month:02d}/warc.paths.gz"
_FILE_TIME_RE = re.compile(r"CC-NEWS-(\d{14})-\d{5}\.warc\.gz$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
MAX_LISTING_BYTES = 16 << 20  # a month lists a few thousand paths (~100 KB unpacked)


class WindowError(ValueError):
    """Spider arguments that make no capture window (the message says what to give)."""


@dataclass(frozen=True)
class CaptureWindow:
    """Capture times from ``since`` (inclusive) to ``until`` (exclusive), UTC."""

    since: datetime
    until: datetime

    @classmethod
    def parse(cls, since: str | None, until: str | None, now: datetime) -> CaptureWindow:
        """``-a since=YYYY-MM[-DD]`` (required) and ``-a until=YYYY-MM[-DD]`` (default: now); a month
        means all of it, a day all of that day."""
        if not since:
            raise WindowError("-a since=YYYY-MM[-DD] is required: the capture window to read (or -a warc=FILE)")
        start = _bound(since, "since", end=False)
        stop = _bound(until, "until", end=True) if until else now.astimezone(timezone.utc)
        if stop <= start:
            raise WindowError(f"-a until={until or 'now'} is not after -a since={since}")
        return cls(start, stop)

    def months(self) -> list[tuple[int, int]]:
        """The (year, month) folders the window touches, oldest first."""
        year, month, out = self.since.year, self.since.month, []
        last = self.until - timedelta(microseconds=1)
        while (year, month) <= (last.year, last.month):
            out.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def holds(self, moment: datetime) -> bool:
        return self.since <= moment < self.until


def _bound(value: str, name: str, *, end: bool) -> datetime:
    match = _MONTH_RE.match(value.strip())
    if not match:
        raise WindowError(f"-a {name}= takes YYYY-MM or YYYY-MM-DD, not {value!r}")
    year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
    try:
        if day is None:
            first = datetime(year, month, 1, tzinfo=timezone.utc)
            return first + timedelta(days=calendar.monthrange(year, month)[1]) if end else first
        moment = datetime(year, month, int(day), tzinfo=timezone.utc)
    except ValueError:
        raise WindowError(f"-a {name}={value} is not a date") from None
    return moment + timedelta(days=1) if end else moment


def listing_url(base: str, year: int, month: int) -> str:
    return base.rstrip("/") + "/" + LISTING_PATH.format(year=year, month=month)


def file_url(base: str, path: str) -> str:
    """A listed path (``crawl-data/CC-NEWS/…``) as a URL under ``base``; a URL stays as it is."""
    return path if "://" in path else base.rstrip("/") + "/" + path.lstrip("/")


def listed_path(base: str, location: str) -> str:
    """A file's URL under ``base`` as the listing names it (``crawl-data/CC-NEWS/…``); anything else as
    given. A file read by URL (one dispatched job a file) records the same ``archive.file`` as a window crawl."""
    prefix = base.rstrip("/") + "/"
    return location[len(prefix):] if location.startswith(prefix) else location


def parse_listing(data: bytes) -> list[str]:
    """The paths a ``warc.paths.gz`` lists (gzipped or not). Raises ValueError for a listing that is
    not one: broken gzip, a size past MAX_LISTING_BYTES, or lines that are not WARC paths."""
    if data[:2] == b"\x1f\x8b":
        try:
            unpacker = zlib.decompressobj(wbits=31)
            data = unpacker.decompress(data, MAX_LISTING_BYTES + 1)
        except zlib.error as exc:
            raise ValueError(f"broken gzip: {exc}") from None
        if len(data) > MAX_LISTING_BYTES:
            raise ValueError(f"more than {MAX_LISTING_BYTES} bytes unpacked")
        if not unpacker.eof:
            raise ValueError("broken gzip: the listing ends before its gzip stream does")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not text") from None
    paths = [line.strip() for line in text.splitlines() if line.strip()]
    wrong = [p for p in paths if not p.endswith((".warc.gz", ".warc"))]
    if wrong:
        raise ValueError(f"not a list of WARC files (line {wrong[0][:80]!r})")
    return paths


def file_time(path: str) -> datetime | None:
    """The capture time a CC-NEWS file name carries (UTC), or None for another name."""
    match = _FILE_TIME_RE.search(path)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def files_in_window(paths: list[str], window: CaptureWindow) -> list[str]:
    """The listed files whose name's capture time is in the window, oldest first."""
    timed = [(file_time(p), p) for p in paths]
    return [p for t, p in sorted((t, p) for t, p in timed if t is not None and window.holds(t))]


def parse_shard(value: str | None) -> tuple[int, int] | None:
    """``-a shard=i/n`` (0 <= i < n) -> (i, n); None when not given."""
    if not value:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
    if not match or not int(match.group(2)) or int(match.group(1)) >= int(match.group(2)):
        raise WindowError(f"-a shard= takes i/n with 0 <= i < n, e.g. 0/4; not {value!r}")
    return int(match.group(1)), int(match.group(2))


def in_shard(path: str, shard: tuple[int, int] | None) -> bool:
    """Whether this process's shard takes the file: by the file's serial and time, the same on every
    machine (a file name's digits, not Python's salted hash)."""
    if shard is None:
        return True
    digits = re.sub(r"\D", "", PurePosixPath(path).name) or "0"
    return int(digits) % shard[1] == shard[0]


def file_name(path: str) -> str:
    """The file's name without folders: the key of its progress and lease."""
    return PurePosixPath(path.split("://", 1)[-1]).name

