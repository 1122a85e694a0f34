"""One run per outlet at a time: an advisory file lock, released when the process ends."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import CloseSpider

logger = logging.getLogger(__name__)


def state_dir(settings) -> Path:
    """Where state and locks live: NEWSBOT_STATE_DIR, else <NEWSBOT_DATA_DIR>/.state."""
    return Path(settings.get("NEWSBOT_STATE_DIR") or Path(settings.get("NEWSBOT_DATA_DIR", "data")) / ".state")


def lock_path(settings, outlet: str) -> Path:
    return state_dir(settings) / "locks" / f"{outlet}.lock"


def try_lock(settings, outlet: str) -> int | None:
    """An open file descriptor holding the outlet's lock, or None when another run holds it.

    Keep the descriptor open for as long as the run lasts; the kernel releases the
    lock when it is closed or the process dies (a killed run never leaves a stale lock).
    """
    path = lock_path(settings, outlet)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


ALREADY_RUNNING = "already_running"  # the finish reason of a run that found its outlet locked


class OutletLock:
    """One run per outlet at a time, however it was started (`scrapy crawl`, `crawlall`, scrapyd).

    Taken when the spider opens; a run that finds it held closes at once with the
    finish reason ``already_running``, before it requests anything. Released when
    the spider closes (or by the kernel, if the process dies).
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.fd: int | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        self.fd = try_lock(self.crawler.settings, spider.name)
        if self.fd is None:
            logger.warning("%s: skipped, already running (another run holds %s)", spider.name, lock_path(self.crawler.settings, spider.name))
            raise CloseSpider(ALREADY_RUNNING)

    def spider_closed(self, spider):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
