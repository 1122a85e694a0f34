"""The outlet lease on one machine: an advisory file lock, released when the process ends (pure: no Scrapy)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


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
