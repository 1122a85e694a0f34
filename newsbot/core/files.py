"""Writing files so that a reader, or the next run after a kill, never sees half of one.

- ``write_whole``: every byte of a line in one ``write`` call per chunk the kernel takes, on an
  ``O_APPEND`` descriptor (JSONL output, drop lines): a kill leaves whole lines, bar the last.
- ``append_line``: one line to a long-lived log (a run history), starting a new line first when a
  killed writer left the last one torn, so one torn line never swallows the next good one.
- ``replace_atomically``: a whole file through a dot-named temp file in the same folder, flushed to
  disk, then renamed over the old one: a crash leaves the old file or the new, never an empty one.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_whole(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def append_line(path: Path, line: bytes) -> None:
    """Append ``line`` (ending in a newline) to ``path``, created if missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        size = os.fstat(fd).st_size
        torn = size > 0 and os.pread(fd, 1, size - 1) != b"\n"
        write_whole(fd, b"\n" + line if torn else line)
    finally:
        os.close(fd)


def replace_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` as ``path`` in one step (temp file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")  # a dot file: no glob sees it
    try:
        with open(tmp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
