"""The JSONL writer: one file per run, whole lines only, visible to readers only when complete.

Layout: ``<NEWSBOT_DATA_DIR>/<outlet>/<YYYY-MM-DD>/<run_id>.jsonl`` (UTC date of
the run's start). While the run writes, the file is ``….jsonl.part``; each line
goes to the kernel in one ``write`` as soon as the item arrives, so a killed
run loses at most the line being written. The next run of the outlet trims a
torn last line from any leftover ``.part`` and renames it: readers who glob
``*.jsonl`` never see a partial file.
"""

from __future__ import annotations

import fcntl
import os
from datetime import datetime, timezone
from pathlib import Path

import orjson

from newsbot.core.item import encode_line
from newsbot.crawl import stats as keys
from newsbot.crawl.report import run_id_of
from newsbot.crawl.state import lines_recovered
from newsbot.defaults import setting

PART_SUFFIX = ".part"


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
        return final, size - keep
    finally:
        os.close(fd)


def finalise_leftovers(outlet_dir: Path, before_rename=None) -> list[tuple[Path, Path | None, int]]:
    """Finalise every ``.part`` an earlier run of this outlet left behind."""
    results = []
    for part in sorted(outlet_dir.glob(f"*/*.jsonl{PART_SUFFIX}")):
        final, trimmed = finalise_part(part, before_rename)
        results.append((part, final, trimmed))
    return results


class JsonlWriterPipeline:
    # `scrapy extract` runs every pipeline but the ones that write output.
    writes_output = True

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.data_dir = Path(setting(crawler.settings, "NEWSBOT_DATA_DIR"))
        self.fd: int | None = None
        self.part_path: Path | None = None
        self.lines = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        spider = self.crawler.spider
        outlet_dir = self.data_dir / spider.name
        # a killed run may have written lines it had no time to record: recorded before the rename
        for part, final, trimmed in finalise_leftovers(outlet_dir, self._recover_lines):
            if final is None and trimmed == 0:
                continue  # still being written by a live run
            self.stats.inc_value(keys.FINALISED_LEFTOVER)
            if trimmed:
                self.stats.inc_value(keys.TRIMMED_BYTES, trimmed)
            spider.logger.warning("Finalised a leftover file of an interrupted run: %s (%d bytes of torn line trimmed)", final or part, trimmed)
        started = datetime.now(timezone.utc)
        run_id = run_id_of(self.crawler)  # the run report (newsbot/report.py) carries the same id
        day_dir = outlet_dir / f"{started:%Y-%m-%d}"
        day_dir.mkdir(parents=True, exist_ok=True)
        self.part_path = day_dir / f"{run_id}.jsonl{PART_SUFFIX}"
        self.fd = os.open(self.part_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX)  # tells a concurrent run this file is live
        self.stats.set_value(keys.JSONL_PATH, str(self.part_path)[: -len(PART_SUFFIX)])

    def _recover_lines(self, data: bytes) -> None:
        """A leftover's whole lines, announced before the rename: the state records them written, and the
        near-duplicate index takes back the newest first copies, which the killed run held in memory."""
        records = [orjson.loads(line) for line in data.splitlines() if line.strip()]
        self.crawler.signals.send_catch_log(lines_recovered, records=records)

    def process_item(self, item):
        line = encode_line(item)
        view = memoryview(line)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        self.lines += 1
        self.stats.inc_value(keys.WRITTEN)
        # The state records the article written at item_scraped, right after this: a kill in
        # between is repaired from the file by the next run.
        return item

    def close_spider(self):
        if self.fd is None:
            return
        os.fsync(self.fd)
        os.close(self.fd)
        self.fd = None
        if self.lines == 0:
            os.unlink(self.part_path)
            self.stats.set_value(keys.JSONL_PATH, None)
            return
        os.replace(self.part_path, self.part_path.with_name(self.part_path.name[: -len(PART_SUFFIX)]))
