"""The JSONL writer: one file per run, whole lines only, visible to readers only when complete.

Layout: ``<NEWSBOT_DATA_DIR>/<outlet>/<YYYY-MM-DD>/<run_id>.jsonl`` (UTC date of
the run's start). While the run writes, the file is ``….jsonl.part``; each line
goes to the kernel in one ``write`` as soon as the item arrives, so a killed
run loses at most the line being written. The next run of the outlet trims a
torn last line from any leftover ``.part`` and renames it: readers who glob
``*.jsonl`` never see a partial file. Once renamed, ``<run_id>.sha256`` is written beside it
(``sha256sum -c`` reads it): the success marker, and with the report's ``manifest`` (rows, bytes,
sha256) what a loader checks before it takes the file.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

import orjson
from itemadapter import ItemAdapter
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from newsbot.core.files import replace_atomically, write_whole
from newsbot.core.item import encode_line
from newsbot.crawl import stats as keys
from newsbot.crawl.drops import drop
from newsbot.crawl.report import run_id_of
from newsbot.crawl.state import lines_recovered
from newsbot.defaults import setting

PART_SUFFIX = ".part"
logger = logging.getLogger(__name__)


def _locked_by_live_run(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    return False


def finalise_part(path: Path, before_rename=None) -> tuple[Path | None, int]:
    """Trim a torn last line, rename ``x.jsonl.part`` to ``x.jsonl``.

    ``before_rename(whole_lines: bytes)`` runs before the rename (the writer records
    the lines in the state there: once renamed, a file is never looked at again, so
    a kill between the rename and the recording would lose them).
    Returns the final path (None when nothing whole was left, or the file
    belongs to a run that is still writing) and the number of bytes trimmed.
    """
    fd = os.open(path, os.O_RDWR)
    try:
        if _locked_by_live_run(fd):
            return None, 0
        size = os.fstat(fd).st_size
        data = os.pread(fd, size, 0)
        keep = data.rfind(b"\n") + 1
        if keep < size:
            os.ftruncate(fd, keep)
            os.fsync(fd)
        if keep == 0:
            os.unlink(path)
            return None, size
        if before_rename is not None:
            before_rename(data[:keep])
        final = path.with_name(path.name[: -len(PART_SUFFIX)])
        os.replace(path, final)
        write_checksum(final, hashlib.sha256(data[:keep]).hexdigest())
        return final, size - keep
    finally:
        os.close(fd)


def finalise_leftovers(outlet_dir: Path, before_rename=None) -> list[tuple[Path, Path | None, int]]:
    """Finalise every ``.part`` an earlier run of this outlet left behind.

    A leftover that cannot be finalised now (the disk is full, its lines cannot be recorded) stays a
    ``.part`` for a later run and is reported with its error: (part, None, -1, error) rows then.
    """
    results: list = []
    for part in sorted(outlet_dir.glob(f"*/*.jsonl{PART_SUFFIX}")):
        try:
            final, trimmed = finalise_part(part, before_rename)
        except (OSError, RecordingFailed) as exc:
            results.append((part, None, -1, exc))
            continue
        results.append((part, final, trimmed))
    return results


class RecordingFailed(Exception):
    """The state could not record a leftover's lines: the file must stay a ``.part``."""


def checksum_path(path: Path) -> Path:
    """``<run_id>.sha256`` beside ``<run_id>.jsonl`` (not ``….jsonl.sha256``: globs of ``*.jsonl*`` stay the output's)."""
    return path.with_suffix(".sha256")


def write_checksum(final: Path, sha256: str) -> None:
    """The checksum in sha256sum's format beside the published file, written after its rename: a
    reader who finds the marker finds the whole file."""
    replace_atomically(checksum_path(final), f"{sha256}  {final.name}\n".encode())


class OutletFile:
    """One outlet's output of a run: ``<data dir>/<outlet>/<day>/<run_id>.jsonl.part`` until it is complete."""

    def __init__(self, pipeline: JsonlWriterPipeline, outlet: str):
        self.pipeline = pipeline
        self.outlet = outlet
        self.fd: int | None = None
        self.part_path: Path | None = None
        self.lines = 0
        self.size = 0  # bytes of whole lines in the file: a failed write is cut back to it
        self.sha256 = hashlib.sha256()  # of the whole lines, as they are written

    def open(self) -> None:
        pipeline = self.pipeline
        outlet_dir = pipeline.data_dir / self.outlet
        if self.outlet not in pipeline.finalised:
            pipeline.finalise_leftovers(self.outlet)
        day_dir = outlet_dir / f"{pipeline.started:%Y-%m-%d}"
        day_dir.mkdir(parents=True, exist_ok=True)
        self.part_path = day_dir / f"{pipeline.run_id}.jsonl{PART_SUFFIX}"
        self.fd = os.open(self.part_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX)  # tells a concurrent run this file is live

    @property
    def final_path(self) -> Path:
        return self.part_path.with_name(self.part_path.name[: -len(PART_SUFFIX)])

    def close(self) -> Path | None:
        """Publish the file (None: nothing written, or kept a .part for the next run to finalise)."""
        pipeline, stats = self.pipeline, self.pipeline.stats
        try:
            os.fsync(self.fd)
        except OSError as exc:
            pipeline.broken = pipeline.broken or f"{type(exc).__name__}: {exc}"
            stats.set_value(keys.STORAGE_ERROR, pipeline.broken)
        os.close(self.fd)
        self.fd = None
        if self.lines == 0 and not pipeline.broken:
            os.unlink(self.part_path)
            return None
        if pipeline.broken or stats.get_value(keys.STATE_ERRORS):
            # Not published: the next run trims it to whole lines, records them in the state, then renames it.
            logger.warning("Output kept as %s for the next run to finalise (%s)", self.part_path, pipeline.broken or "state errors")
            return None
        digest = self.sha256.hexdigest()
        try:
            os.replace(self.part_path, self.final_path)
            write_checksum(self.final_path, digest)
        except OSError as exc:
            stats.set_value(keys.STORAGE_ERROR, f"{type(exc).__name__}: {exc}")
            return None
        manifest = stats.get_value(keys.MANIFEST) or []
        stats.set_value(keys.MANIFEST, [*manifest, {"path": str(self.final_path), "rows": self.lines, "bytes": self.size, "sha256": digest}])
        return self.final_path


class JsonlWriterPipeline:
    """Each item's line goes to its outlet's file: a live crawl writes one outlet, an archive
    backfill (``outlets_from_items`` on the spider) the many its records belong to."""

    # `scrapy extract` runs every pipeline but the ones that write output.
    writes_output = True

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.data_dir = Path(setting(crawler.settings, "NEWSBOT_DATA_DIR"))
        self.files: dict[str, OutletFile] = {}
        self.finalised: set[str] = set()  # outlets whose leftovers were finalised by this run
        self.own: OutletFile | None = None  # the spider's outlet's file (a live crawl's only one)
        self.started = datetime.now(timezone.utc)
        self.run_id = ""
        self.broken: str | None = None  # why the output stopped (a full or failing disk)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def part_path(self) -> Path | None:
        return self.own.part_path if self.own is not None else None

    def open_spider(self):
        spider = self.crawler.spider
        self.started = datetime.now(timezone.utc)
        self.run_id = run_id_of(self.crawler)  # the run report (newsbot/report.py) carries the same id
        if not getattr(spider, "outlets_from_items", False):
            self.own = self._file(spider.name)
            self.stats.set_value(keys.JSONL_PATH, str(self.own.final_path))
            return
        # Items of any outlet may come: every outlet's leftovers are recorded now, before the spider
        # asks the state what is written (a killed backfill's lines would otherwise be written again).
        for part in sorted(self.data_dir.glob(f"*/*/*.jsonl{PART_SUFFIX}")):
            outlet = part.parent.parent.name
            if outlet not in self.finalised:
                self.finalise_leftovers(outlet)

    def finalise_leftovers(self, outlet: str) -> None:
        """Finalise the ``.part`` files earlier runs of ``outlet`` left (their lines recorded first)."""
        self.finalised.add(outlet)
        for part, final, trimmed, *error in finalise_leftovers(self.data_dir / outlet, self._recover_lines):
            if error:
                self.stats.inc_value(keys.LEFTOVER_KEPT)
                logger.error("A leftover file stays unfinished for a later run: %s (%s)", part, error[0])
                continue
            if final is None and trimmed == 0:
                continue  # still being written by a live run
            self.stats.inc_value(keys.FINALISED_LEFTOVER)
            if trimmed:
                self.stats.inc_value(keys.TRIMMED_BYTES, trimmed)
            logger.warning("Finalised a leftover file of an interrupted run: %s (%d bytes of torn line trimmed)", final or part, trimmed)

    def _file(self, outlet: str) -> OutletFile:
        found = self.files.get(outlet)
        if found is None:
            found = self.files[outlet] = OutletFile(self, outlet)
            found.open()
        return found

    def _recover_lines(self, data: bytes) -> None:
        """A leftover's whole lines, announced before the rename: the state records them written, and the
        near-duplicate index takes back the newest first copies, which the killed run held in memory."""
        records = [orjson.loads(line) for line in data.splitlines() if line.strip()]
        failures = [r for _, r in self.crawler.signals.send_catch_log(lines_recovered, records=records) if isinstance(r, Failure)]
        if failures:
            raise RecordingFailed(failures[0].getErrorMessage())

    def process_item(self, item):
        adapter = ItemAdapter(item)
        if self.broken:
            raise drop(self.stats, "storage_error", f"{adapter.get('id')}: output stopped ({self.broken})")
        try:
            out = self.own or self._file(adapter.get("outlet") or self.crawler.spider.name)
            line = encode_line(item)
            write_whole(out.fd, line)
        except OSError as exc:  # a full disk (ENOSPC), a quota, an I/O error: maybe half a line is on disk
            self._stop(exc)
            raise drop(self.stats, "storage_error", f"{adapter.get('id')}: {exc}") from None
        out.size += len(line)
        out.lines += 1
        out.sha256.update(line)
        self.stats.inc_value(keys.WRITTEN)
        # The state records the article written at item_scraped, right after this: a kill in
        # between is repaired from the file by the next run.
        return item

    def _stop(self, exc: OSError) -> None:
        """Cut the files back to their last whole line, write nothing more, and end the run unhealthy."""
        self.broken = f"{type(exc).__name__}: {exc}"
        for out in self.files.values():
            try:
                os.ftruncate(out.fd, out.size)
            except OSError:
                pass  # the next run trims a torn last line of a .part before anything reads it
        self.stats.set_value(keys.STORAGE_ERROR, self.broken)
        logger.error("Output stopped: %s (%s); the run ends here", self.broken, ", ".join(str(o.part_path) for o in self.files.values()))
        try:
            engine = self.crawler.engine
        except RuntimeError:  # no crawl running (the writer used on its own)
            return
        deferred_from_coro(engine.close_spider_async(reason="storage_error"))

    def close_spider(self):
        published = [path for path in (out.close() for out in self.files.values() if out.fd is not None) if path is not None]
        self.stats.set_value(keys.JSONL_PATH, "; ".join(map(str, published)) or None)
