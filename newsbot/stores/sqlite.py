"""The embedded state backend: SQLite in WAL mode at ``<NEWSBOT_STATE_DIR>/state.sqlite``
(default ``<NEWSBOT_DATA_DIR>/.state``), implementing every protocol of
newsbot.stores.protocols but the lease (a file lock, newsbot.stores.leases).

An article is known by the 64-bit xxh3 hash of its key (its ``id``, or the id
its discovered URL gives), 8 bytes a row, in one of three states: dropped only
(``written = 0``, with a drop count), claimed by the run writing it (``2``), or
written (``1``). A claim names its claimant (an outlet's run, or the reader of an
archive file) and its node; whoever holds the claimant's lease next, on the same
node, voids the claims left by a killed run (``release_claims``), and a claim
older than ``NEWSBOT_CLAIM_TTL`` is void for everyone.

The near-duplicate index keeps, per article first written, its MinHash
signature and one row per band hash (newsbot/neardup.py), for the retention
window only: a run reads the index from disk, it never rebuilds it in memory.
"""

from __future__ import annotations

import base64
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from newsbot.core import neardup
from newsbot.defaults import setting
from newsbot.stores.common import (
    DAY,
    STATE_FORMAT,
    PendingRows,
    check_export_header,
    key_hash,
    near_duplicate_verdict,
    node_name,
    outlet_id_pattern,
    outlet_of,
    today,
)
from newsbot.stores.leases import FileLeases, state_dir
from newsbot.stores.protocols import DROPPED, WRITTEN, StateUnavailable

__all__ = ["DAY", "SQLiteState", "SQLiteStores", "key_hash", "today"]

class SQLiteState:
    """The SQLite store; ``path=None`` keeps it in memory (one run, as in `scrapy extract`)."""

    def __init__(
        self, path: Path | None, batch: int = 1, cache_mib: int = 128, busy_timeout: float = 30.0,
        node: str = "", claim_ttl: float = 86400.0,
    ):
        self.node = node
        self.claim_ttl = claim_ttl
        # Index rows wait in memory until `batch` articles have them, then go in one transaction:
        # each article touches 32 pages of the band table, and committing them one article at a
        # time is most of the cost. similar() sees pending rows too.
        self._pending = PendingRows(batch)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # A locked database is waited for up to busy_timeout seconds, then the call fails (and is counted).
        self.db = sqlite3.connect(":memory:" if path is None else path, timeout=busy_timeout, isolation_level=None)
        if path is not None:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        # The band table is read and written at random: a page cache of its hot part keeps
        # inserts and queries off the disk (memory stays bounded by this, whatever the store's size).
        self.db.execute(f"PRAGMA cache_size=-{cache_mib * 1024}")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS articles ("
            " key INTEGER PRIMARY KEY, outlet TEXT NOT NULL, first_seen INTEGER NOT NULL,"
            " written INTEGER NOT NULL DEFAULT 0, drops INTEGER NOT NULL DEFAULT 0,"
            " claimant TEXT, claimed_by TEXT, claimed_at INTEGER) WITHOUT ROWID"
        )
        self._add_claim_columns()
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS archive_files ("
            " name TEXT PRIMARY KEY, last_offset INTEGER, done INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL)"
        )
        self._open_signature_index()

    def _add_claim_columns(self) -> None:
        """States made before claims named their claimant and node (schema 1): the outlet column was
        the claimant, and a claim had no node (any run of its claimant voids it)."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(articles)")}
        if "claimant" in columns:
            return
        with self._transaction():
            for column in ("claimant TEXT", "claimed_by TEXT", "claimed_at INTEGER"):
                self.db.execute(f"ALTER TABLE articles ADD COLUMN {column}")
            # their age is unknown: the claim TTL starts now
            self.db.execute("UPDATE articles SET claimant = outlet, claimed_at = ? WHERE written = 2", (int(time.time()),))

    @contextmanager
    def _transaction(self):
        # The connection is in autocommit mode (isolation_level=None): BEGIN explicitly.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ---- near-duplicate index ----

    def _open_signature_index(self) -> None:
        # n grows with time (AUTOINCREMENT never reuses a number): pruning by age is a range.
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS neardup_docs ("
            " n INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, day INTEGER NOT NULL, signature BLOB NOT NULL)"
        )
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS neardup_bands (hash INTEGER NOT NULL, n INTEGER NOT NULL,"
            " PRIMARY KEY (hash, n)) WITHOUT ROWID"
        )
        row = self.db.execute("SELECT value FROM meta WHERE name = 'neardup_index'").fetchone()
        if row is None or row[0] != neardup.INDEX_VERSION:
            # Signatures made with other parameters cannot be compared: start the index afresh.
            with self._transaction():
                self.db.execute("DELETE FROM neardup_bands")
                self.db.execute("DELETE FROM neardup_docs")
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('neardup_index', ?)", (neardup.INDEX_VERSION,))

    def similar(self, signature: np.ndarray, since_day: int) -> list[tuple[str, float]]:
        """Indexed articles sharing a band with ``signature``, as (id, similarity), first indexed first."""
        hashes = neardup.band_hashes(signature)
        rows = self.db.execute(
            "SELECT d.id, d.signature FROM neardup_docs d WHERE d.day >= ? AND d.n IN"
            f" (SELECT n FROM neardup_bands WHERE hash IN ({','.join('?' * len(hashes))})) ORDER BY d.n",
            (since_day, *hashes),
        ).fetchall()
        found = []
        if rows:  # one vectorised comparison for all candidates
            scores = neardup.similarities(signature, b"".join(blob for _, blob in rows))
            found = [(article_id, float(score)) for (article_id, _), score in zip(rows, scores)]
        return found + self._pending.matches(signature, since_day)

    def first_copy(self, article_id: str, signature: np.ndarray, day: int, since_day: int, threshold: float) -> tuple[str, float] | None:
        """The (id, similarity) of the first indexed article ``signature`` repeats, or None after indexing
        it as a first copy. One process shares one store, so its outlets see each other's rows at once."""
        match, new = near_duplicate_verdict(self.similar(signature, since_day), article_id, threshold)
        if new:
            self.index_signature(article_id, signature, day)
        return match

    def index_signature(self, article_id: str, signature: np.ndarray, day: int) -> None:
        if self._pending.add(article_id, signature, day):
            self.flush()

    def flush(self) -> None:
        """Write pending index rows in one transaction: a kill leaves each article wholly indexed or not at all."""
        if not self._pending:
            return
        with self._transaction():
            self._insert_signatures(self._pending.rows())
        self._pending.clear()

    def _insert_signatures(self, rows: list[tuple[str, int, np.ndarray]]) -> None:
        """Index rows (article id, day, signature), inside the caller's transaction."""
        bands = []
        for article_id, day, signature in rows:
            n = self.db.execute(
                "INSERT INTO neardup_docs (id, day, signature) VALUES (?, ?, ?)", (article_id, day, neardup.to_blob(signature))
            ).lastrowid
            bands += [(h, n) for h in neardup.band_hashes(signature)]
        bands.sort()  # in key order: neighbouring rows share B-tree pages
        self.db.executemany("INSERT OR IGNORE INTO neardup_bands VALUES (?, ?)", bands)

    def prune_signatures(self, before_day: int) -> int:
        """Forget articles indexed before ``before_day``; at most once a day. Returns how many."""
        done = self.db.execute("SELECT value FROM meta WHERE name = 'neardup_pruned'").fetchone()
        if done is not None and int(done[0]) >= today():
            return 0
        with self._transaction():
            first_kept = self.db.execute("SELECT MIN(n) FROM neardup_docs WHERE day >= ?", (before_day,)).fetchone()[0]
            if first_kept is None:
                first_kept = (self.db.execute("SELECT MAX(n) FROM neardup_docs").fetchone()[0] or 0) + 1
            removed = self.db.execute("DELETE FROM neardup_docs WHERE n < ?", (first_kept,)).rowcount
            self.db.execute("DELETE FROM neardup_bands WHERE n < ?", (first_kept,))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('neardup_pruned', ?)", (str(today()),))
        return removed

    # ---- seen URLs ----

    def _row(self, key: str):
        return self.db.execute("SELECT written, drops FROM articles WHERE key = ?", (key_hash(key),)).fetchone()

    def written(self, key: str) -> bool:
        row = self._row(key)
        return bool(row and row[0] == 1)

    def settled(self, keys: Iterable[str], max_drops: int) -> dict[str, str]:
        by_hash = {key_hash(k): k for k in keys}
        found: dict[str, str] = {}
        hashes = list(by_hash)
        for start in range(0, len(hashes), 500):  # under SQLite's bound-parameter limit
            chunk = hashes[start : start + 500]
            rows = self.db.execute(
                f"SELECT key, written, drops FROM articles WHERE key IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
            for hashed, written, drops in rows:
                if written == 1:
                    found[by_hash[hashed]] = WRITTEN
                elif drops >= max_drops:
                    found[by_hash[hashed]] = DROPPED
        return found

    def claim(self, key: str, claimant: str) -> bool:
        now = int(time.time())
        cursor = self.db.execute(
            "INSERT INTO articles (key, outlet, first_seen, written, claimant, claimed_by, claimed_at) VALUES (?, ?, ?, 2, ?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET written = 2, claimant = excluded.claimant, claimed_by = excluded.claimed_by,"
            " claimed_at = excluded.claimed_at WHERE written = 0 OR (written = 2 AND claimed_at < ?)",
            (key_hash(key), outlet_of(key, claimant), now, claimant, self.node, now, now - self.claim_ttl),
        )
        return cursor.rowcount == 1

    def release_claims(self, claimant: str) -> int:
        return self.db.execute(
            "UPDATE articles SET written = 0, claimant = NULL, claimed_by = NULL, claimed_at = NULL"
            " WHERE written = 2 AND claimant = ? AND (claimed_by = ? OR claimed_by IS NULL)",
            (claimant, self.node),
        ).rowcount

    def drops(self, key: str) -> int:
        row = self._row(key)
        return row[1] if row else 0

    def mark_written(self, keys: Iterable[str], outlet: str) -> None:
        now = int(time.time())
        with self._transaction():  # one commit for all the keys of an article (or a leftover file)
            self.db.executemany(
                "INSERT INTO articles (key, outlet, first_seen, written) VALUES (?, ?, ?, 1)"
                " ON CONFLICT(key) DO UPDATE SET written = 1, outlet = excluded.outlet, claimant = NULL, claimed_by = NULL, claimed_at = NULL",
                [(key_hash(k), outlet, now) for k in dict.fromkeys(keys) if k],
            )

    def mark_dropped(self, key: str, outlet: str) -> None:
        self.db.execute(
            "INSERT INTO articles (key, outlet, first_seen, drops) VALUES (?, ?, ?, 1)"
            " ON CONFLICT(key) DO UPDATE SET drops = drops + 1",
            (key_hash(key), outlet, int(time.time())),
        )

    # ---- what an operator asks of the state (`scrapy state show|reset`) ----

    def outlet_summary(self, outlet: str, max_drops: int, newest: int = 10) -> dict:
        """An outlet's rows: articles written, claimed, dropped and given up; its near-duplicate index
        entries, the newest first (article ids and days)."""
        row = self.db.execute(
            "SELECT COUNT(*) FILTER (WHERE written = 1), COUNT(*) FILTER (WHERE written = 2),"
            " COUNT(*) FILTER (WHERE written = 0 AND drops > 0 AND drops < ?), COUNT(*) FILTER (WHERE written = 0 AND drops >= ?),"
            " MAX(first_seen) FROM articles WHERE outlet = ?",
            (max_drops, max_drops, outlet),
        ).fetchone()
        pattern = outlet_id_pattern(outlet)
        indexed = self.db.execute("SELECT COUNT(*) FROM neardup_docs WHERE id LIKE ? ESCAPE '\\'", (pattern,)).fetchone()[0]
        entries = self.db.execute(
            "SELECT id, day FROM neardup_docs WHERE id LIKE ? ESCAPE '\\' ORDER BY n DESC LIMIT ?", (pattern, newest)
        ).fetchall()
        return {
            "written": row[0], "claimed": row[1], "dropped": row[2], "given_up": row[3],
            "newest_first_seen": row[4], "near_duplicate_index": indexed,
            "newest": [{"id": article_id, "day": day * DAY} for article_id, day in entries],
        }

    def forget_outlet(self, outlet: str) -> dict[str, int]:
        """Forget an outlet: its articles (written, claimed, dropped) and its near-duplicate index rows."""
        self.flush()  # rows still pending are written first, then forgotten with the others
        pattern = outlet_id_pattern(outlet)
        with self._transaction():
            articles = self.db.execute("DELETE FROM articles WHERE outlet = ?", (outlet,)).rowcount
            self.db.execute(
                "DELETE FROM neardup_bands WHERE n IN (SELECT n FROM neardup_docs WHERE id LIKE ? ESCAPE '\\')", (pattern,)
            )
            indexed = self.db.execute("DELETE FROM neardup_docs WHERE id LIKE ? ESCAPE '\\'", (pattern,)).rowcount
        return {"articles": articles, "near_duplicate_index": indexed}

    def export_rows(self) -> Iterator[dict]:
        """Every row, as backend-neutral records (`scrapy state export`): articles by key hash, the
        near-duplicate index by article (signatures base64; the bands are derived), archive files."""
        self.flush()
        yield {"newsbot_state": STATE_FORMAT, "neardup_index": neardup.INDEX_VERSION}
        for key, outlet, first_seen, written, drops in self.db.execute("SELECT key, outlet, first_seen, written, drops FROM articles"):
            yield {"table": "articles", "key": key, "outlet": outlet, "first_seen": first_seen, "written": written, "drops": drops}
        for article_id, day, signature in self.db.execute("SELECT id, day, signature FROM neardup_docs ORDER BY n"):
            yield {"table": "neardup", "id": article_id, "day": day, "signature": base64.b64encode(signature).decode("ascii")}
        for name, last_offset, done in self.db.execute("SELECT name, last_offset, done FROM archive_files"):
            yield {"table": "archive", "name": name, "last_offset": last_offset, "done": bool(done)}

    def import_rows(self, rows: Iterable[dict]) -> Counter:
        """Merge exported records in (`scrapy state import`): a written article stays written, drops add
        up to the larger count, an archive file keeps the further offset; returns rows taken, by table."""
        taken: Counter = Counter()
        rows = iter(rows)
        same_index = check_export_header(next(rows, None))
        with self._transaction():
            for row in rows:
                table = row.get("table")
                if table == "articles":
                    # a claim is not carried over: it belonged to a run of the other store
                    self.db.execute(
                        "INSERT INTO articles (key, outlet, first_seen, written, drops) VALUES (?, ?, ?, ?, ?)"
                        " ON CONFLICT(key) DO UPDATE SET written = CASE WHEN excluded.written = 1 THEN 1 ELSE written END,"
                        " drops = MAX(drops, excluded.drops), first_seen = MIN(first_seen, excluded.first_seen)",
                        (row["key"], row["outlet"], row["first_seen"], 1 if row["written"] == 1 else 0, row["drops"]),
                    )
                elif table == "neardup" and same_index:  # signatures of other parameters cannot be compared
                    signature = np.frombuffer(base64.b64decode(row["signature"]), dtype="<u4").astype(np.uint32)
                    self._insert_signatures([(row["id"], row["day"], signature)])
                elif table == "archive":
                    offset, done = self.progress(row["name"])
                    if not done:
                        further = max(o for o in (offset, row["last_offset"], -1) if o is not None)
                        self.record_progress(row["name"], None if further < 0 else further, bool(row["done"]))
                else:
                    continue
                taken[table] += 1
        return taken

    # ---- archive files ----

    def progress(self, name: str) -> tuple[int | None, bool]:
        row = self.db.execute("SELECT last_offset, done FROM archive_files WHERE name = ?", (name,)).fetchone()
        return (row[0], bool(row[1])) if row else (None, False)

    def record_progress(self, name: str, offset: int | None, done: bool = False) -> None:
        self.db.execute(
            "INSERT INTO archive_files (name, last_offset, done, updated) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET last_offset = excluded.last_offset, done = excluded.done, updated = excluded.updated",
            (name, offset, int(done), int(time.time())),
        )

    def close(self) -> None:
        self.flush()
        self.db.close()


# One store per state file per process, shared by every crawler of `scrapy crawlall`: one
# connection, and one set of pending index rows, so an outlet sees the copies another outlet
# of the same process has just indexed.
_shared: dict[Path, list] = {}  # path -> [store, users]


def open_shared(path: Path, batch: int, busy_timeout: float = 30.0, node: str = "", claim_ttl: float = 86400.0) -> SQLiteState:
    entry = _shared.get(path)
    if entry is None:
        entry = _shared[path] = [SQLiteState(path, batch, busy_timeout=busy_timeout, node=node, claim_ttl=claim_ttl), 0]
    entry[1] += 1
    return entry[0]


def release_shared(path: Path) -> None:
    entry = _shared.get(path)
    if entry is None:
        return
    entry[1] -= 1
    if entry[1] <= 0:
        del _shared[path]
        entry[0].close()


class SQLiteStores:
    """The embedded default backend (``NEWSBOT_STORES``): one SQLite file per state directory, shared
    by every crawler of the process, and file locks for the outlet leases."""

    faults = (sqlite3.Error, OSError)  # what a failing state raises once its busy timeout is spent

    def __init__(self, path: Path, batch: int, busy_timeout: float = 30.0, node: str = "", claim_ttl: float = 86400.0):
        self.path = path
        try:
            state = open_shared(path, batch, busy_timeout, node, claim_ttl)
        except (sqlite3.Error, OSError) as exc:
            raise StateUnavailable(f"the state {path} cannot be opened: {type(exc).__name__}: {exc}") from exc
        self.seen = self.claims = self.neardup = self.archive = self.admin = state
        self.leases = FileLeases(path.parent)

    @classmethod
    def from_settings(cls, settings) -> SQLiteStores:
        return cls(
            (state_dir(settings) / "state.sqlite").resolve(), setting(settings, "NEWSBOT_NEARDUP_BATCH"),
            setting(settings, "NEWSBOT_STATE_BUSY_TIMEOUT"), node_name(settings), setting(settings, "NEWSBOT_CLAIM_TTL"),
        )

    @staticmethod
    def leases_for(settings) -> FileLeases:
        """The outlet leases alone (a run with the state off still takes its outlet's lease)."""
        return FileLeases(state_dir(settings))

    def close(self) -> None:
        release_shared(self.path)
