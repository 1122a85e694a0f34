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
from itemadapter import ItemAdapter

from newsbot.core.identity import article_id
from newsbot.crawl.report import run_id_of
from newsbot.crawl.state import lines_recovered, state_of

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


def state_keys(record) -> list[str]:
    """The keys a written article is recorded under: its id and, when the id hashes the canonical
    URL (an outlet without article numbers), the key of the URL it was fetched at, which is what
    discovery looks up on the next run."""
    keys = [record["id"]]
    outlet, url, canonical = record.get("outlet"), record.get("url"), record.get("canonical_url")
    if outlet and url and canonical and record["id"] == article_id(outlet, canonical):
        fetched = article_id(outlet, url)
        if fetched != record["id"]:
            keys.append(fetched)
    return keys


def encode_line(item) -> bytes:
    """One JSON line, raw UTF-8 (no \\u escapes)."""
    return orjson.dumps(ItemAdapter(item).asdict(), option=orjson.OPT_APPEND_NEWLINE)


class JsonlWriterPipeline:
    # `scrapy extract` runs every pipeline but the ones that write output.
    writes_output = True

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.data_dir = Path(crawler.settings.get("NEWSBOT_DATA_DIR", "data"))
        self.fd: int | None = None
        self.state = state_of(crawler)
        self.part_path: Path | None = None
        self.lines = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        spider = self.crawler.spider
        outlet_dir = self.data_dir / spider.name
        # a killed run may have written lines it had no time to record: recorded before the rename
        record = self._record_leftover_lines if self.state is not None else None
        for part, final, trimmed in finalise_leftovers(outlet_dir, record):
            if final is None and trimmed == 0:
                continue  # still being written by a live run
            self.stats.inc_value("newsbot/jsonl/finalised_leftover")
            if trimmed:
                self.stats.inc_value("newsbot/jsonl/trimmed_bytes", trimmed)
            spider.logger.warning("Finalised a leftover file of an interrupted run: %s (%d bytes of torn line trimmed)", final or part, trimmed)
        started = datetime.now(timezone.utc)
        run_id = run_id_of(self.crawler)  # the run report (newsbot/report.py) carries the same id
        day_dir = outlet_dir / f"{started:%Y-%m-%d}"
        day_dir.mkdir(parents=True, exist_ok=True)
        self.part_path = day_dir / f"{run_id}.jsonl{PART_SUFFIX}"
        self.fd = os.open(self.part_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX)  # tells a concurrent run this file is live
        self.stats.set_value("newsbot/jsonl/path", str(self.part_path)[: -len(PART_SUFFIX)])

    def _record_leftover_lines(self, data: bytes) -> None:
        """Mark the articles of a leftover's whole lines written, under the keys process_item uses."""
        records = [orjson.loads(line) for line in data.splitlines() if line.strip()]
        self.state.store.mark_written([key for record in records for key in state_keys(record)], self.crawler.spider.name)
        # The near-duplicate index may have lost the newest of them with the killed run.
        self.crawler.signals.send_catch_log(lines_recovered, records=records)

    def process_item(self, item):
        line = encode_line(item)
        view = memoryview(line)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        self.lines += 1
        self.stats.inc_value("newsbot/jsonl/written")
        if self.state is not None:
            # after the line is on disk: a kill in between is repaired from the file by the next run
            adapter = ItemAdapter(item)
            self.state.store.mark_written(state_keys(adapter), adapter["outlet"])
        return item

    def close_spider(self):
        if self.fd is None:
            return
        os.fsync(self.fd)
        os.close(self.fd)
        self.fd = None
        if self.lines == 0:
            os.unlink(self.part_path)
            self.stats.set_value("newsbot/jsonl/path", None)
            return
        os.replace(self.part_path, self.part_path.with_name(self.part_path.name[: -len(PART_SUFFIX)]))
