"""The outlet lease on one machine: an advisory file lock, released when the process ends (pure: no Scrapy)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from newsbot.defaults import setting


def state_dir(settings) -> Path:
    """Where state and locks live: NEWSBOT_STATE_DIR, else <NEWSBOT_DATA_DIR>/.state."""
    return Path(setting(settings, "NEWSBOT_STATE_DIR") or Path(setting(settings, "NEWSBOT_DATA_DIR")) / ".state")


def lock_path(directory: Path, outlet: str) -> Path:
    return directory / "locks" / f"{outlet}.lock"


def try_lock(directory: Path, outlet: str) -> int | None:
    """An open file descriptor holding the outlet's lock, or None when another run holds it.

    Keep the descriptor open for as long as the run lasts; the kernel releases the
    lock when it is closed or the process dies (a killed run never leaves a stale lock).
    """
    path = lock_path(directory, outlet)
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


class FileLeases:
    """The outlet lease on one machine (newsbot.stores.protocols.OutletLease): a lock file per outlet."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._held: dict[str, int] = {}

    def acquire(self, outlet: str) -> bool:
        if outlet in self._held:
            return True
        fd = try_lock(self.directory, outlet)
        if fd is None:
            return False
        self._held[outlet] = fd
        return True

    def release(self, outlet: str) -> None:
        fd = self._held.pop(outlet, None)
        if fd is not None:
            os.close(fd)

    def where(self, outlet: str) -> str:
        return str(lock_path(self.directory, outlet))
