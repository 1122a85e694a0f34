"""`bench state --url` and `bench neardup --url`: the PostgreSQL state beside the SQLite state, the
same workload in the same run (newsbot.bench runs these when ``--url`` is given).

Each run makes a scratch database on the server of ``--url`` (``newsbot_scratch_<hex>``, dropped at the
end: the database the URL names is never touched) and a fresh SQLite file.

``state``: ``--n`` article keys written in batches of 1,000 (as a leftover file is recorded), then
``--lookups`` batched lookups through ``settled()`` in pages of 500 keys (half hits, half misses: one
feed or sitemap page is one call), then ``--claims`` claims of new articles, one call each (as the
dedup pipeline claims), and the bytes per article on disk.

``neardup``: ``--prefill`` random signatures bulk-loaded (the size of the index the articles meet),
then ``--n`` articles (~180 words, 5% republished copies) through ``first_copy``, the one call the
dedup pipeline makes per article: signature, band query, and the index insert of a first copy.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import numpy as np

from newsbot.dev.postgres import scratch_database

LOOKUP_PAGE = 500
TARGETS = {"lookups": 20_000, "neardup": 1_000}


def postgres_bytes(store) -> int:
    with store.pool.connection() as conn:
        row = conn.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'r'"
        ).fetchone()
    return int(row[0] or 0) if row else 0


def sqlite_bytes(path: Path, store) -> int:
    from newsbot.bench import store_bytes

    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store_bytes(path)


def _open_both(url: str, tmp: str, batch: int = 512):
    from newsbot.stores.postgres import PostgresState
    from newsbot.stores.sqlite import SQLiteState

    path = Path(tmp) / "state.sqlite"
    return [("SQLite", SQLiteState(path, batch=batch, node="bench"), lambda s: sqlite_bytes(path, s)),
            ("PostgreSQL", PostgresState(url, node="bench", batch=batch), postgres_bytes)]


def bench_state(args) -> int:
    from newsbot.bench import bench_urls
    from newsbot.core.identity import article_id

    n = args.n
    keys = [article_id("youm7", url) for url in bench_urls(n)]
    misses = [article_id("youm7", url) for url in bench_urls(args.lookups // 2, start=n)]
    rng = random.Random(7)
    probes = rng.sample(keys, min(n, args.lookups - len(misses))) + misses
    rng.shuffle(probes)
    claims = [article_id("youm7", url) for url in bench_urls(args.claims, start=n + len(misses))]
    rows = []
    with scratch_database(args.url) as url, tempfile.TemporaryDirectory(prefix="newsbot-bench-state-") as tmp:
        for name, store, size_of in _open_both(url, tmp):
            start = time.perf_counter()
            for i in range(0, n, 1000):
                store.mark_written(keys[i : i + 1000], "youm7")
            fill = n / (time.perf_counter() - start)
            start = time.perf_counter()
            hits = sum(len(store.settled(probes[i : i + LOOKUP_PAGE], 3)) for i in range(0, len(probes), LOOKUP_PAGE))
            lookups = len(probes) / (time.perf_counter() - start)
            start = time.perf_counter()
            won = sum(1 for key in claims if store.claim(key, "youm7"))
            claimed = len(claims) / (time.perf_counter() - start)
            size = size_of(store)
            store.close()
            if hits != len(probes) - len(misses) or won != len(claims):
                print(f"{name}: wrong answers ({hits} hits, {won} claims won)")
                return 1
            rows.append((name, fill, lookups, claimed, size / (n + len(claims))))
    print(f"state stores, {n:,} articles; lookups in pages of {LOOKUP_PAGE} keys via settled() (half hits); claims one call each")
    print(f"{'backend':<11} {'fill/s':>10} {'lookups/s':>11} {'claims/s':>9} {'bytes/article':>14}")
    for name, fill, lookups, claimed, per in rows:
        print(f"{name:<11} {fill:>10,.0f} {lookups:>11,.0f} {claimed:>9,.0f} {per:>14,.1f}")
    pg_lookups = rows[1][2]
    ok = pg_lookups >= TARGETS["lookups"]
    print(f"PostgreSQL batched lookups {pg_lookups:,.0f}/s   target >= {TARGETS['lookups']:,}: {'met' if ok else 'MISSED'}"
          f"; {pg_lookups / rows[0][2]:.2f}x SQLite's")
    return 0 if ok else 1


def _prefill(name: str, store, count: int, seed: int = 3) -> None:
    """``count`` random signatures straight into the index tables (bulk: COPY, or one SQLite transaction)."""
    from newsbot.core import neardup

    rng = np.random.default_rng(seed)
    day = int(time.time()) // 86400
    chunk = 20_000
    for first in range(0, count, chunk):
        signatures = rng.integers(0, 2**32, size=(min(chunk, count - first), neardup.NUM_PERM), dtype=np.uint32)
        if name == "SQLite":
            with store._transaction():
                store._insert_signatures([(f"prefill:{first + i}", day, sig) for i, sig in enumerate(signatures)])
            continue
        with store.pool.connection() as conn, conn.transaction():
            if first == 0:  # the band key is built once after the load: far faster than growing it row by row
                conn.execute("ALTER TABLE neardup_bands DROP CONSTRAINT neardup_bands_pkey")
            start = conn.execute("SELECT nextval('neardup_docs_n_seq')").fetchone()[0]
            conn.execute("SELECT setval('neardup_docs_n_seq', %s)", (start + len(signatures),))
            with conn.cursor().copy("COPY neardup_docs (n, id, day, signature) FROM STDIN") as copy:
                for i, sig in enumerate(signatures):
                    copy.write_row((start + i, f"prefill:{first + i}", day, neardup.to_blob(sig)))
            with conn.cursor().copy("COPY neardup_bands (hash, n) FROM STDIN") as copy:
                for i, sig in enumerate(signatures):
                    for h in sorted(set(neardup.band_hashes(sig))):
                        copy.write_row((h, start + i))
    if name != "SQLite":
        with store.pool.connection() as conn:
            conn.execute("ALTER TABLE neardup_bands ADD PRIMARY KEY (hash, n)")
            conn.execute("VACUUM ANALYZE neardup_bands")
            conn.execute("VACUUM ANALYZE neardup_docs")


def bench_neardup(args, texts: list[str]) -> int:
    from newsbot.core import neardup
    from newsbot.stores.common import today

    signatures = [neardup.signature(t) for t in texts]  # computed once: the stores are compared, not MinHash
    rows = []
    with scratch_database(args.url) as url, tempfile.TemporaryDirectory(prefix="newsbot-bench-neardup-") as tmp:
        for name, store, size_of in _open_both(url, tmp, batch=args.batch):
            if args.prefill:
                started = time.perf_counter()
                _prefill(name, store, args.prefill)
                print(f"{name}: {args.prefill:,} signatures prefilled in {time.perf_counter() - started:.0f} s")
            tenth = max(1, len(texts) // 10)
            stamps = [time.perf_counter()]
            marked = 0
            for i, signature in enumerate(signatures):
                if store.first_copy(f"bench:{i}", signature, today(), today() - 30, args.threshold) is not None:
                    marked += 1
                if (i + 1) % tenth == 0:
                    stamps.append(time.perf_counter())
            store.flush()
            total = time.perf_counter() - stamps[0]
            size = size_of(store)
            store.close()
            rows.append((name, len(texts) / total, tenth / (stamps[-1] - stamps[-2]), marked, size / (len(texts) + args.prefill)))
    indexed = len(texts) + args.prefill
    print(f"near-duplicate index: {len(texts):,} articles through first_copy() into an index of {args.prefill:,} (ending at {indexed:,})")
    print(f"{'backend':<11} {'articles/s':>11} {'last tenth/s':>13} {'copies':>7} {'bytes/article':>14}")
    for name, rate, last, marked, per in rows:
        print(f"{name:<11} {rate:>11,.0f} {last:>13,.0f} {marked:>7,} {per:>14,.0f}")
    pg_rate = rows[1][1]
    ok = pg_rate >= TARGETS["neardup"] and rows[0][3] == rows[1][3]
    print(f"PostgreSQL {pg_rate:,.0f} articles/s   target >= {TARGETS['neardup']:,}: {'met' if pg_rate >= TARGETS['neardup'] else 'MISSED'}"
          f"; {pg_rate / rows[0][1]:.2f}x SQLite's; both marked the same copies: {rows[0][3] == rows[1][3]}")
    return 0 if ok else 1
