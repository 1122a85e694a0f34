"""State across runs, behind one narrow interface: which articles were written, which dropped.

An article is known by the 64-bit xxh3 hash of its key (its ``id``, or the id
its discovered URL gives), 8 bytes a row. SQLite in WAL mode at
``<NEWSBOT_STATE_DIR>/state.sqlite`` (default ``<NEWSBOT_DATA_DIR>/.state``):
one writer per outlet run is all it needs; a Redis store for several
machines can implement the same methods.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Iterable, Protocol

import xxhash

from scrapy import signals

from newsbot.locks import state_dir


def key_hash(key: str) -> int:
    """A signed 64-bit integer: SQLite's INTEGER PRIMARY KEY, stored in the row id itself."""
    return xxhash.xxh3_64_intdigest(key.encode("utf-8")) - (1 << 63)


class StateStore(Protocol):
    def written(self, key: str) -> bool: ...
    def drops(self, key: str) -> int: ...
    def mark_written(self, keys: Iterable[str], outlet: str) -> None: ...
    def mark_dropped(self, key: str, outlet: str) -> None: ...
    def close(self) -> None: ...


class SQLiteState:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS articles ("
            " key INTEGER PRIMARY KEY, outlet TEXT NOT NULL, first_seen INTEGER NOT NULL,"
            " written INTEGER NOT NULL DEFAULT 0, drops INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
        )

    def _row(self, key: str):
        return self.db.execute("SELECT written, drops FROM articles WHERE key = ?", (key_hash(key),)).fetchone()

    def written(self, key: str) -> bool:
        row = self._row(key)
        return bool(row and row[0])

    def drops(self, key: str) -> int:
        row = self._row(key)
        return row[1] if row else 0

    def mark_written(self, keys: Iterable[str], outlet: str) -> None:
        now = int(time.time())
        self.db.executemany(
            "INSERT INTO articles (key, outlet, first_seen, written) VALUES (?, ?, ?, 1)"
            " ON CONFLICT(key) DO UPDATE SET written = 1",
            [(key_hash(k), outlet, now) for k in dict.fromkeys(keys) if k],
        )

    def mark_dropped(self, key: str, outlet: str) -> None:
        self.db.execute(
            "INSERT INTO articles (key, outlet, first_seen, drops) VALUES (?, ?, ?, 1)"
            " ON CONFLICT(key) DO UPDATE SET drops = drops + 1",
            (key_hash(key), outlet, int(time.time())),
        )

    def close(self) -> None:
        self.db.close()


class State:
    """The crawl's state store, opened on demand and closed with the spider.

    Components reach it through ``crawler.get_extension(State).store`` (None when
    ``NEWSBOT_STATE_ENABLED`` is off, as in `scrapy probe`).
    """

    def __init__(self, crawler):
        settings = crawler.settings
        self.enabled = settings.getbool("NEWSBOT_STATE_ENABLED", True)
        self.path = state_dir(settings) / "state.sqlite"
        self._store: SQLiteState | None = None
        self.refresh = False  # `-a refresh=1`: recrawl what was written, but still record it
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def store(self) -> StateStore | None:
        if self.enabled and self._store is None:
            self._store = SQLiteState(self.path)
        return self._store if self.enabled else None

    def opened(self, spider):
        self.refresh = bool(getattr(spider, "refresh", False))

    def close(self, spider=None):
        if self._store is not None:
            self._store.close()
            self._store = None


def state_of(crawler) -> State | None:
    """The crawl's State extension, or None outside a crawl (`scrapy extract`) or when disabled."""
    if getattr(crawler, "_extensions", None) is None:
        return None
    extension = crawler.get_extension(State)
    return extension if extension is not None and extension.enabled else None
