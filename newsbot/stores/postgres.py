"""The shared state backend: PostgreSQL, for several machines crawling into one state
(``NEWSBOT_STATE_URL=postgresql://…``). It implements the protocols of newsbot.stores.protocols
with the same rows and meanings as the SQLite state (newsbot.stores.sqlite), so `scrapy state
export|import` moves a state between them.

- **Schema** in versioned migrations (``MIGRATIONS``), applied on first use inside one transaction
  that holds an advisory lock: two nodes starting at once apply them once.
- **Seen articles**: one row per key hash; batched lookups are one ``= ANY(array)`` query.
- **Claims**: an atomic upsert that succeeds for one caller only while the article is unwritten and
  not claimed (a claim older than ``NEWSBOT_CLAIM_TTL`` is void). Writes commit synchronously: a
  confirmed article is never written twice.
- **Near-duplicate index**: "is this a copy, else index it" runs in one transaction that first takes
  an advisory lock per band of the signature (in sorted order, so never a deadlock). Of two copies
  checked at once on two machines, the second waits for the first and finds it. Index rows commit
  without waiting for the disk (``synchronous_commit = off``): a server crash may forget the last
  few, which only costs a missed ``duplicate_of``.
- **Leases** (outlets, archive files): session-level advisory locks on a connection of their own.
  A node that dies closes its connection, and the server frees its leases at once.

Calls go through a psycopg connection pool; a server that cannot be reached when the run starts
raises StateUnavailable, and one that fails mid-run raises ``psycopg.Error`` (``faults``), which
the crawl counts as a state error: the run is unhealthy and its output file stays a ``.part`` whose
lines the next run records.
"""

from __future__ import annotations

import base64
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator

import numpy as np
import psycopg
import psycopg_pool
from psycopg.conninfo import conninfo_to_dict

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
from newsbot.stores.protocols import DROPPED, WRITTEN, StateUnavailable

MIGRATION_LOCK = 0x6E657773626F7401  # pg_advisory_xact_lock key of schema changes ("newsbot" + 1)
CONNECT_TIMEOUT = 10  # seconds, for a server that does not answer at all

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, """
        CREATE TABLE articles (
            key bigint PRIMARY KEY, outlet text NOT NULL, first_seen bigint NOT NULL,
            written smallint NOT NULL DEFAULT 0, drops integer NOT NULL DEFAULT 0,
            claimant text, claimed_by text, claimed_at bigint);
        CREATE INDEX articles_outlet ON articles (outlet);
        CREATE INDEX articles_claims ON articles (claimant) WHERE written = 2;
        CREATE TABLE meta (name text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE archive_files (
            name text PRIMARY KEY, last_offset bigint, done boolean NOT NULL DEFAULT false, updated bigint NOT NULL);
        CREATE TABLE neardup_docs (
            n bigserial PRIMARY KEY, id text NOT NULL, day integer NOT NULL, signature bytea NOT NULL);
        CREATE INDEX neardup_docs_id ON neardup_docs (id text_pattern_ops);
        CREATE TABLE neardup_bands (hash integer NOT NULL, n bigint NOT NULL, PRIMARY KEY (hash, n));
    """),
    # The near-duplicate check as one statement (one round trip, no client-side transaction): lock
    # the bands (each later statement of a volatile function sees what the lock waited for), score
    # the candidates, and index the article when none reaches the threshold. The caller picks the
    # result from the rows with newsbot.stores.common.near_duplicate_verdict.
    (2, """
        CREATE FUNCTION newsbot_first_copy(doc_id text, doc_day integer, since integer, sig bytea, bands integer[], threshold float8)
        RETURNS TABLE (id text, score float8) LANGUAGE plpgsql AS $$
        DECLARE
            candidate record;
            values_ integer := octet_length(sig) / 4;
            similarity float8;
            matched boolean := false;
        BEGIN
            PERFORM set_config('synchronous_commit', 'off', true);  -- index rows only: a crash costs a missed mark
            PERFORM pg_advisory_xact_lock(28258, h) FROM unnest(bands) AS h;  -- sorted by the caller: no deadlock
            FOR candidate IN
                SELECT d.id, d.signature FROM neardup_docs d
                WHERE d.day >= since AND d.n IN (SELECT b.n FROM neardup_bands b WHERE b.hash = ANY (bands))
                ORDER BY d.n
            LOOP
                SELECT count(*)::float8 / values_ INTO similarity FROM generate_series(0, values_ - 1) AS i
                WHERE substring(sig FROM i * 4 + 1 FOR 4) = substring(candidate.signature FROM i * 4 + 1 FOR 4);
                IF similarity >= threshold THEN
                    matched := true;
                    id := candidate.id;
                    score := similarity;
                    RETURN NEXT;
                END IF;
            END LOOP;
            IF NOT matched THEN
                WITH doc AS (INSERT INTO neardup_docs (id, day, signature) VALUES (doc_id, doc_day, sig) RETURNING n)
                INSERT INTO neardup_bands SELECT h, doc.n FROM doc, unnest(bands) AS h;
            END IF;
        END $$;
    """),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def safe_url(url: str) -> str:
    """The server and database of a URL, for messages: never its password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "an unreadable NEWSBOT_STATE_URL"
    return f"postgresql://{parts.get('host', 'localhost')}:{parts.get('port', 5432)}/{parts.get('dbname', '')}"


def lease_key(name: str) -> int:
    """The advisory lock key of a lease (an outlet, an archive file)."""
    return key_hash(f"newsbot lease:{name}")


def migrate(conn: psycopg.Connection) -> int:
    """Apply the migrations this database lacks, under a lock; returns the schema version."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS newsbot_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        row = conn.execute("SELECT coalesce(max(version), 0) FROM newsbot_schema").fetchone()
        current = row[0] if row else 0
        if current > SCHEMA_VERSION:
            raise StateUnavailable(f"the state's schema is version {current}, newer than this newsbot's {SCHEMA_VERSION}: upgrade newsbot")
        for version, statements in MIGRATIONS:
            if version > current:
                conn.execute(statements.encode())  # several statements: sent as one simple query
                conn.execute("INSERT INTO newsbot_schema (version) VALUES (%s)", (version,))
        stored = conn.execute("SELECT value FROM meta WHERE name = 'neardup_index'").fetchone()
        if stored is None or stored[0] != neardup.INDEX_VERSION:
            # Signatures made with other parameters cannot be compared: start the index afresh.
            conn.execute("TRUNCATE neardup_bands, neardup_docs")
            conn.execute(
                "INSERT INTO meta VALUES ('neardup_index', %s) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (neardup.INDEX_VERSION,),
            )
    return SCHEMA_VERSION


def _connect_kwargs(node: str) -> dict:
    return {"autocommit": True, "application_name": f"newsbot {node} pid {os.getpid()}"[:63], "connect_timeout": CONNECT_TIMEOUT}


class PostgresState:
    """Every store but the leases, over one connection pool."""

    def __init__(self, url: str, node: str = "", claim_ttl: float = 86400.0, busy_timeout: float = 30.0, batch: int = 512, pool_size: int = 4):
        self.url = url
        self.node = node
        self.claim_ttl = claim_ttl
        self._pending = PendingRows(batch)  # index rows of index_signature, until flush
        # getconn() waits up to busy_timeout for a connection, then raises PoolTimeout (a psycopg.Error)
        self.pool = psycopg_pool.ConnectionPool(
            url, min_size=1, max_size=max(1, pool_size), timeout=busy_timeout, kwargs=_connect_kwargs(node), open=False,
            name="newsbot-state",
        )
        try:
            self.pool.open(wait=True, timeout=CONNECT_TIMEOUT + 5)
            with self.pool.connection() as conn:
                migrate(conn)
        except psycopg.Error as exc:
            self.pool.close()
            raise StateUnavailable(f"the state {safe_url(url)} cannot be opened: {type(exc).__name__}: {str(exc).strip()}") from exc
        except StateUnavailable:
            self.pool.close()
            raise

    # ---- seen articles ----

    def written(self, key: str) -> bool:
        with self.pool.connection() as conn:
            row = conn.execute("SELECT written FROM articles WHERE key = %s", (key_hash(key),)).fetchone()
        return bool(row and row[0] == 1)

    def drops(self, key: str) -> int:
        with self.pool.connection() as conn:
            row = conn.execute("SELECT drops FROM articles WHERE key = %s", (key_hash(key),)).fetchone()
        return row[0] if row else 0

    def settled(self, keys: Iterable[str], max_drops: int) -> dict[str, str]:
        by_hash = {key_hash(k): k for k in keys}
        if not by_hash:
            return {}
        with self.pool.connection() as conn:  # one round trip for a whole feed or sitemap page
            rows = conn.execute(
                "SELECT key, written, drops FROM articles WHERE key = ANY(%s) AND (written = 1 OR (written = 0 AND drops >= %s))",
                (list(by_hash), max_drops),
            ).fetchall()
        return {by_hash[hashed]: WRITTEN if written == 1 else DROPPED for hashed, written, _ in rows}

    def mark_written(self, keys: Iterable[str], outlet: str) -> None:
        hashes = [key_hash(k) for k in dict.fromkeys(keys) if k]
        if not hashes:
            return
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO articles (key, outlet, first_seen, written) SELECT k, %s, %s, 1 FROM unnest(%s::bigint[]) AS k"
                " ON CONFLICT (key) DO UPDATE SET written = 1, outlet = excluded.outlet, claimant = NULL, claimed_by = NULL, claimed_at = NULL",
                (outlet, int(time.time()), hashes),
            )

    def mark_dropped(self, key: str, outlet: str) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO articles (key, outlet, first_seen, drops) VALUES (%s, %s, %s, 1)"
                " ON CONFLICT (key) DO UPDATE SET drops = articles.drops + 1",
                (key_hash(key), outlet, int(time.time())),
            )

    # ---- claims ----

    def claim(self, key: str, claimant: str) -> bool:
        now = int(time.time())
        with self.pool.connection() as conn:
            row = conn.execute(
                "INSERT INTO articles (key, outlet, first_seen, written, claimant, claimed_by, claimed_at) VALUES (%s, %s, %s, 2, %s, %s, %s)"
                " ON CONFLICT (key) DO UPDATE SET written = 2, claimant = excluded.claimant, claimed_by = excluded.claimed_by,"
                " claimed_at = excluded.claimed_at"
                " WHERE articles.written = 0 OR (articles.written = 2 AND articles.claimed_at < %s) RETURNING 1",
                (key_hash(key), outlet_of(key, claimant), now, claimant, self.node, now, now - self.claim_ttl),
            ).fetchone()
        return row is not None

    def release_claims(self, claimant: str) -> int:
        with self.pool.connection() as conn:
            return conn.execute(
                "UPDATE articles SET written = 0, claimant = NULL, claimed_by = NULL, claimed_at = NULL"
                " WHERE written = 2 AND claimant = %s AND (claimed_by = %s OR claimed_by IS NULL)",
                (claimant, self.node),
            ).rowcount

    # ---- near-duplicate index ----

    @staticmethod
    def _candidates(conn: psycopg.Connection, signature: np.ndarray, since_day: int) -> list[tuple[str, float]]:
        rows = conn.execute(
            "SELECT id, signature FROM neardup_docs WHERE day >= %s AND n IN"
            " (SELECT n FROM neardup_bands WHERE hash = ANY(%s)) ORDER BY n",
            (since_day, neardup.band_hashes(signature)),
        ).fetchall()
        if not rows:
            return []
        scores = neardup.similarities(signature, b"".join(bytes(blob) for _, blob in rows))
        return [(article_id, float(score)) for (article_id, _), score in zip(rows, scores)]

    @staticmethod
    def _insert(conn: psycopg.Connection, article_id: str, signature: np.ndarray, day: int) -> None:
        conn.execute(
            "WITH doc AS (INSERT INTO neardup_docs (id, day, signature) VALUES (%s, %s, %s) RETURNING n)"
            " INSERT INTO neardup_bands SELECT h, doc.n FROM doc, unnest(%s::integer[]) AS h",  # a new n: no conflict
            (article_id, day, neardup.to_blob(signature), sorted(set(neardup.band_hashes(signature)))),
        )

    def similar(self, signature: np.ndarray, since_day: int) -> list[tuple[str, float]]:
        with self.pool.connection() as conn:
            found = self._candidates(conn, signature, since_day)
        return found + self._pending.matches(signature, since_day)

    def first_copy(self, article_id: str, signature: np.ndarray, day: int, since_day: int, threshold: float) -> tuple[str, float] | None:
        self.flush()  # rows of index_signature first: they are older
        # one statement (migration 2): the band locks (class 28258, sorted: unnest keeps the order), the
        # matches at or above the threshold, and the insert when there are none
        bands = "{" + ",".join(map(str, sorted(set(neardup.band_hashes(signature))))) + "}"  # cheaper to send than a list
        with self.pool.connection() as conn:
            matches = conn.execute(
                "SELECT id, score FROM newsbot_first_copy(%s, %s, %s, %s, %s::integer[], %s)",
                (article_id, day, since_day, neardup.to_blob(signature), bands, threshold),
            ).fetchall()
        match, _ = near_duplicate_verdict(matches, article_id, threshold)
        return match

    def index_signature(self, article_id: str, signature: np.ndarray, day: int) -> None:
        if self._pending.add(article_id, signature, day):
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SET LOCAL synchronous_commit = off")
            for article_id, day, signature in self._pending.rows():
                self._insert(conn, article_id, signature, day)
        self._pending.clear()

    def prune_signatures(self, before_day: int) -> int:
        """Forget articles indexed before ``before_day``; at most once a day (the first node to ask does it)."""
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK + 1,))
            done = conn.execute("SELECT value FROM meta WHERE name = 'neardup_pruned'").fetchone()
            if done is not None and int(done[0]) >= today():
                return 0
            first_kept = conn.execute("SELECT min(n) FROM neardup_docs WHERE day >= %s", (before_day,)).fetchone()
            if first_kept is None or first_kept[0] is None:
                last = conn.execute("SELECT max(n) FROM neardup_docs").fetchone()
                bound = (last[0] if last and last[0] is not None else 0) + 1
            else:
                bound = first_kept[0]
            removed = conn.execute("DELETE FROM neardup_docs WHERE n < %s", (bound,)).rowcount
            conn.execute("DELETE FROM neardup_bands WHERE n < %s", (bound,))
            conn.execute(
                "INSERT INTO meta VALUES ('neardup_pruned', %s) ON CONFLICT (name) DO UPDATE SET value = excluded.value", (str(today()),)
            )
        return removed

    # ---- archive files ----

    def progress(self, name: str) -> tuple[int | None, bool]:
        with self.pool.connection() as conn:
            row = conn.execute("SELECT last_offset, done FROM archive_files WHERE name = %s", (name,)).fetchone()
        return (row[0], bool(row[1])) if row else (None, False)

    def record_progress(self, name: str, offset: int | None, done: bool = False) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO archive_files (name, last_offset, done, updated) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (name) DO UPDATE SET last_offset = excluded.last_offset, done = excluded.done, updated = excluded.updated",
                (name, offset, done, int(time.time())),
            )

    # ---- what an operator asks of the state (`scrapy state show|reset|export|import`) ----

    def outlet_summary(self, outlet: str, max_drops: int, newest: int = 10) -> dict:
        self.flush()
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT count(*) FILTER (WHERE written = 1), count(*) FILTER (WHERE written = 2),"
                " count(*) FILTER (WHERE written = 0 AND drops > 0 AND drops < %s), count(*) FILTER (WHERE written = 0 AND drops >= %s),"
                " max(first_seen) FROM articles WHERE outlet = %s",
                (max_drops, max_drops, outlet),
            ).fetchone()
            pattern = outlet_id_pattern(outlet)
            indexed = conn.execute("SELECT count(*) FROM neardup_docs WHERE id LIKE %s", (pattern,)).fetchone()
            entries = conn.execute("SELECT id, day FROM neardup_docs WHERE id LIKE %s ORDER BY n DESC LIMIT %s", (pattern, newest)).fetchall()
        assert row is not None and indexed is not None
        return {
            "written": row[0], "claimed": row[1], "dropped": row[2], "given_up": row[3],
            "newest_first_seen": row[4], "near_duplicate_index": indexed[0],
            "newest": [{"id": article_id, "day": day * DAY} for article_id, day in entries],
        }

    def forget_outlet(self, outlet: str) -> dict[str, int]:
        self.flush()
        pattern = outlet_id_pattern(outlet)
        with self.pool.connection() as conn, conn.transaction():
            articles = conn.execute("DELETE FROM articles WHERE outlet = %s", (outlet,)).rowcount
            conn.execute("DELETE FROM neardup_bands WHERE n IN (SELECT n FROM neardup_docs WHERE id LIKE %s)", (pattern,))
            indexed = conn.execute("DELETE FROM neardup_docs WHERE id LIKE %s", (pattern,)).rowcount
        return {"articles": articles, "near_duplicate_index": indexed}

    def export_rows(self) -> Iterator[dict]:
        """The same records as the SQLite state's export, read with server-side cursors (any size)."""
        self.flush()
        yield {"newsbot_state": STATE_FORMAT, "neardup_index": neardup.INDEX_VERSION}
        with self.pool.connection() as conn, conn.transaction():  # one snapshot of the whole state
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            with conn.cursor(name="articles") as rows:
                rows.execute("SELECT key, outlet, first_seen, written, drops FROM articles")
                for key, outlet, first_seen, written, drops in rows:
                    yield {"table": "articles", "key": key, "outlet": outlet, "first_seen": first_seen, "written": written, "drops": drops}
            with conn.cursor(name="neardup") as rows:
                rows.execute("SELECT id, day, signature FROM neardup_docs ORDER BY n")
                for article_id, day, signature in rows:
                    yield {"table": "neardup", "id": article_id, "day": day, "signature": base64.b64encode(bytes(signature)).decode("ascii")}
            for name, last_offset, done in conn.execute("SELECT name, last_offset, done FROM archive_files"):
                yield {"table": "archive", "name": name, "last_offset": last_offset, "done": bool(done)}

    def import_rows(self, rows: Iterable[dict]) -> Counter:
        """Merge exported records in, with the SQLite state's rules (newsbot.stores.sqlite.SQLiteState.import_rows)."""
        taken: Counter = Counter()
        rows = iter(rows)
        same_index = check_export_header(next(rows, None))
        with self.pool.connection() as conn, conn.transaction():
            for row in rows:
                table = row.get("table")
                if table == "articles":
                    conn.execute(
                        "INSERT INTO articles (key, outlet, first_seen, written, drops) VALUES (%s, %s, %s, %s, %s)"
                        " ON CONFLICT (key) DO UPDATE SET written = CASE WHEN excluded.written = 1 THEN 1 ELSE articles.written END,"
                        " drops = greatest(articles.drops, excluded.drops), first_seen = least(articles.first_seen, excluded.first_seen)",
                        (row["key"], row["outlet"], row["first_seen"], 1 if row["written"] == 1 else 0, row["drops"]),
                    )
                elif table == "neardup" and same_index:
                    signature = np.frombuffer(base64.b64decode(row["signature"]), dtype="<u4").astype(np.uint32)
                    self._insert(conn, row["id"], signature, row["day"])
                elif table == "archive":
                    conn.execute(
                        "INSERT INTO archive_files (name, last_offset, done, updated) VALUES (%s, %s, %s, %s)"
                        " ON CONFLICT (name) DO UPDATE SET"
                        " last_offset = CASE WHEN archive_files.done THEN archive_files.last_offset"
                        "   ELSE greatest(archive_files.last_offset, excluded.last_offset) END,"
                        " done = archive_files.done OR excluded.done, updated = excluded.updated",
                        (row["name"], row["last_offset"], bool(row["done"]), int(time.time())),
                    )
                else:
                    continue
                taken[table] += 1
        return taken

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.pool.close()


class PostgresLeases:
    """Outlet and archive-file leases as session-level advisory locks (newsbot.stores.protocols.OutletLease).

    They live on a connection of their own, opened at construction: the server frees them when the
    connection ends, so a node killed with -9 leaves no stale lease. ``where`` names the holder.
    """

    def __init__(self, url: str, node: str = ""):
        self.url = url
        self.node = node
        self._held: set[str] = set()
        self.conn = self._connect()

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self.url, **_connect_kwargs(self.node))
        except psycopg.Error as exc:
            raise StateUnavailable(f"the state {safe_url(self.url)} cannot be reached for leases: {type(exc).__name__}: {str(exc).strip()}") from exc

    def acquire(self, name: str) -> bool:
        if name in self._held and not self.conn.broken:
            return True
        if self.conn.broken or self.conn.closed:
            # the server dropped the connection, and every lease on it: those held are lost
            self._held.clear()
            self.conn = self._connect()
        row = self.conn.execute("SELECT pg_try_advisory_lock(%s)", (lease_key(name),)).fetchone()
        if row and row[0]:
            self._held.add(name)
            return True
        return False

    def release(self, name: str) -> None:
        if name in self._held:
            self._held.discard(name)
            try:
                self.conn.execute("SELECT pg_advisory_unlock(%s)", (lease_key(name),))
            except psycopg.Error:
                pass  # the connection is gone, and the lease with it

    def where(self, name: str) -> str:
        unsigned = lease_key(name) & 0xFFFFFFFFFFFFFFFF
        try:
            row = self.conn.execute(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid = %s::oid AND l.objid = %s::oid",
                (unsigned >> 32, unsigned & 0xFFFFFFFF),
            ).fetchone()
        except psycopg.Error:
            row = None
        holder = f", held by {row[0]}" if row and row[0] else ""
        return f"the advisory lock of {name!r} in {safe_url(self.url)}{holder}"

    def close(self) -> None:
        self._held.clear()
        self.conn.close()


# One state and one lease connection per URL per process, shared by every crawler of `scrapy crawlall`.
_shared: dict[str, list] = {}  # url -> [PostgresState, users]
_leases: dict[str, PostgresLeases] = {}


class PostgresStores:
    """The backend for ``NEWSBOT_STATE_URL``: every store on one PostgreSQL database."""

    faults = (psycopg.Error, OSError)  # psycopg_pool.PoolTimeout is a psycopg.OperationalError

    def __init__(self, url: str, node: str, claim_ttl: float, busy_timeout: float, batch: int):
        self.url = url
        entry = _shared.get(url)
        if entry is None:
            entry = _shared[url] = [PostgresState(url, node, claim_ttl, busy_timeout, batch), 0]
        entry[1] += 1
        state = entry[0]
        self.seen = self.claims = self.neardup = self.archive = self.admin = state
        self.leases = self.leases_for_url(url, node)

    @classmethod
    def from_settings(cls, settings) -> PostgresStores:
        return cls(
            setting(settings, "NEWSBOT_STATE_URL"), node_name(settings), setting(settings, "NEWSBOT_CLAIM_TTL"),
            setting(settings, "NEWSBOT_STATE_BUSY_TIMEOUT"), setting(settings, "NEWSBOT_NEARDUP_BATCH"),
        )

    @staticmethod
    def leases_for_url(url: str, node: str) -> PostgresLeases:
        leases = _leases.get(url)
        if leases is None or leases.conn.closed:
            leases = _leases[url] = PostgresLeases(url, node)
        return leases

    @classmethod
    def leases_for(cls, settings) -> PostgresLeases:
        return cls.leases_for_url(setting(settings, "NEWSBOT_STATE_URL"), node_name(settings))

    def close(self) -> None:
        entry = _shared.get(self.url)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] <= 0:
            del _shared[self.url]
            entry[0].close()
