"""Benchmarks, run by hand: `python -m newsbot.bench extract|clean|generic|state|neardup|crawl|ccnews|export`.

``extract`` times newsbot's ``build_article`` (bytes -> guarded decoding -> fields ->
cleaning -> identity: what a crawl runs per page) over every saved page, after a warm-up,
and in the same run trafilatura's ``bare_extraction`` on the same bytes.
It prints both rates, their ratio and newsbot's median milliseconds per page.
trafilatura comes with the ``bench`` extra: ``pip install -e ".[bench]"``.

``clean`` times the text cleaner alone (normalise + paragraphs + noise
catalogue + repair, as build_article runs it) on the seed aggregator
article and reports milliseconds per 1,000 words of input.

``generic`` scores the generic extractor (every outlet's selectors off) plus the
cleaner on every saved page: body bag-of-words F1 per page, mean and minimum.

``state`` fills the seen-URL store (newsbot.stores.sqlite.SQLiteState, a fresh file)
with ``--n`` URLs (default 1,000,000) and reports the insert rate, lookups per
second through ``written()`` as the crawler calls it (half hits, half misses,
random order) and bytes per URL (database + WAL after a checkpoint, / N).

``crawl`` runs the real ``scrapy crawl youm7`` (every pipeline, state on) against
a synthetic youm7.com of ``--n`` article pages (newsbot.dev.localweb.bulk) on the
local web, AutoThrottle, DOWNLOAD_DELAY and Crawl-delay off, then ``scrapy bench``
(Scrapy's own local benchmark, outside the project); it prints both rates
(responses / elapsed_time_seconds from each run's final stats) and their ratio.

``ccnews`` writes a CC-NEWS-like WARC of ``--articles`` Arabic articles (about 4.5 records each, with
Persian and English pages, images, PDFs, 404s and revisits), times the host filter
(newsbot.discovery.warc, fastwarc) beside warcio reading the same file, then runs the real
``scrapy crawl ccnews -a warc=FILE -a outlets=arabic`` on it and on a file ``--memory-factor`` times
larger: articles/s through every pipeline, and the peak memory of each (flat: it does not grow with
the file).

``export`` writes ``--n`` synthetic articles (default 100,000; ~300 words each) as the crawl lays them
out, across ``--outlets`` outlets and ``--days`` daily runs, ``--recrawl`` of them (default 20%) later
copies of an earlier id with a changed title, then times ``newsbot.ops.export.export`` to Parquet
(input lines/s: both passes, dedupe, partitioning, zstd Parquet) and, in turns with it, the peer:
``pyarrow.json.read_json`` reading the same files (a plain read, no dedupe, nothing written). It
prints both rates, their ratio, the index's bytes per input line and the process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newsbot.ops.history import output_files
from newsbot.outlets.samples import captures_dir, seed_dir


def saved_pages(root: Path) -> list[tuple[Path, dict]]:
    """Every saved page under ``root`` (``<outlet>/<name>.html``) with its .meta.json."""
    return [(html, json.loads(html.with_suffix(".meta.json").read_text("utf-8"))) for html in sorted(root.glob("*/*.html"))]


def load_pages(root: Path) -> list[tuple[str, bytes]]:
    return [(meta["url"], html.read_bytes()) for html, meta in saved_pages(root)]


def newsbot_extractor():
    """One page through the crawl's own extraction and cleaning code, as a callable."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    from scrapy.utils.project import get_project_settings

    from newsbot.crawl.registry import generic_spider, spider_for_url
    from newsbot.extraction.article import Page, Rules, build_article

    settings = get_project_settings()
    rules = Rules.from_settings(settings)

    def run(url: str, body: bytes):
        outlet = (spider_for_url(url, settings) or generic_spider(settings)).profile
        return build_article(Page(url, body, datetime.now(timezone.utc)), outlet, rules).article

    return run


def trafilatura_extractor():
    from trafilatura import bare_extraction

    def run(url: str, body: bytes):
        return bare_extraction(body, url=url)

    return run


def forget_pages() -> None:
    """Empty the caches keyed by a page's own URL or headings: each round must cost what new pages
    cost in a crawl, not what the same pages cost the second time."""
    from newsbot.core.identity import canonical_url
    from newsbot.core.text import _fold_cached
    from newsbot.outlets.profile import _search

    for cached in (canonical_url, _fold_cached, _search):
        cached.cache_clear()


def time_pages(fns, pages, rounds: int, before=None) -> list[list[float]]:
    """Seconds per page of each function, the functions taking turns round by round (so a machine
    that slows down for a while slows them all alike); ``before`` runs, untimed, before each page."""
    for fn in fns:
        for url, body in pages:  # warm-up: imports, caches, first dateparser call
            fn(url, body)
    per_page: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for fn, times in zip(fns, per_page):
            for url, body in pages:
                if before is not None:
                    before()
                start = time.perf_counter()
                fn(url, body)
                times.append(time.perf_counter() - start)
    return per_page


def parse_only(url: str, body: bytes):
    """The floor under any extraction: decoding and parsing the page into a tree, as build_article does."""
    from newsbot.core.decoding import decode_html
    from newsbot.extraction.article import page_tree

    return page_tree(body, decode_html(body, None))


def bench_extract(args) -> int:
    root = Path(args.captures) if args.captures else captures_dir()
    pages = load_pages(root)
    if not pages:
        print(f"no saved pages under {root}", file=sys.stderr)
        return 2
    try:
        trafilatura = trafilatura_extractor()
    except ImportError:
        print('trafilatura is not installed: pip install -e ".[bench]"', file=sys.stderr)
        return 2
    ours, theirs, parsing = time_pages([newsbot_extractor(), trafilatura, parse_only], pages, args.rounds, before=forget_pages)
    ours_rate, theirs_rate, parse_rate = len(ours) / sum(ours), len(theirs) / sum(theirs), len(parsing) / sum(parsing)
    print(f"pages: {len(pages)} saved pages x {args.rounds} rounds, after one warm-up round, taking turns by round")
    print(f"newsbot build_article:      {ours_rate:8.1f} pages/s   median {statistics.median(ours) * 1000:.2f} ms/page")
    print(f"trafilatura bare_extraction:{theirs_rate:8.1f} pages/s   median {statistics.median(theirs) * 1000:.2f} ms/page")
    print(f"parsing alone (the floor):  {parse_rate:8.1f} pages/s   median {statistics.median(parsing) * 1000:.2f} ms/page")
    print(f"ratio (newsbot / trafilatura): {ours_rate / theirs_rate:.2f}x; newsbot median / parsing median: "
          f"{statistics.median(ours) / statistics.median(parsing):.2f}x")
    return 0


def bench_clean(args) -> int:
    from newsbot.core.noise import clean_paragraphs, load_catalogue
    from newsbot.core.text import split_paragraphs, word_count

    path = Path(args.text) if args.text else seed_dir() / "aggregator-article.txt"
    if not path.is_file():
        print(f"no text at {path} (give --text FILE)", file=sys.stderr)
        return 2
    text = path.read_text("utf-8")
    words = word_count(text)
    catalogue = load_catalogue()
    clean_paragraphs(split_paragraphs(text), catalogue)  # warm-up
    times = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        clean_paragraphs(split_paragraphs(text), catalogue)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"text: {path.name}, {words} words, {len(split_paragraphs(text))} lines; {args.rounds} rounds after a warm-up")
    print(f"cleaner: median {median * 1000:.3f} ms per article = {median * 1000 * 1000 / words:.3f} ms per 1,000 words")
    return 0


def strip_metadata(body: bytes) -> bytes:
    """The page as a reader sees it, without what only machines read: JSON-LD, <meta> (but the
    charset), microdata and RDFa attributes, ``datetime`` and rel=canonical. As UTF-8."""
    from lxml import html as lxml_html

    from newsbot.core.decoding import decode_html

    root = lxml_html.document_fromstring(decode_html(body, None).text)
    for element in root.xpath('//script[@type="application/ld+json"] | //meta | //link[@rel="canonical"]'):
        element.drop_tree()
    for element in root.xpath("//*[@itemprop or @itemscope or @itemtype or @property or @typeof or @datetime or @content]"):
        for name in ("itemprop", "itemscope", "itemtype", "property", "typeof", "datetime", "content"):
            element.attrib.pop(name, None)
    head = root.find("head")
    if head is not None:
        head.insert(0, lxml_html.Element("meta", charset="utf-8"))
    return lxml_html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")


# A body line that is a credit, not text: "كتب فلان", "بقلم …", or a short line naming the author.
_BYLINE_RE = re.compile(r"^(?:كتب|كتبت|بقلم|إعداد|اعداد|حوار|تقرير|متابعة)\b")


def generic_scores(root: Path, *, stripped: bool = False) -> list[dict]:
    """The generic extractor (outlet selectors off) + cleaner on every saved page, scored against its
    gold: body bag-of-words F1, title exact, publication day, authors, bylines left in the body."""
    from newsbot.core.text import bag_of_words_f1, normalise
    from newsbot.extraction.article import Page, build_article
    from newsbot.outlets.profile import OutletProfile

    rows = []
    for html, meta in saved_pages(root):
        gold = json.loads(html.with_suffix(".gold.json").read_text("utf-8"))
        body = strip_metadata(html.read_bytes()) if stripped else html.read_bytes()
        article = build_article(Page(meta["url"], body, datetime.now(timezone.utc)), OutletProfile()).article
        paragraphs = (article.body or "").split("\n\n") if article is not None else []
        names = [normalise(a) for a in gold.get("authors", [])]
        bylines = [p for p in paragraphs if len(p.split()) <= 12 and (_BYLINE_RE.match(p) or any(n in p for n in names))]
        rows.append({
            "page": f"{html.parent.name}/{html.stem}",
            "f1": bag_of_words_f1("\n".join(paragraphs), "\n".join(gold["paragraphs"])),
            "title": article is not None and article.title == normalise(gold["title"]),
            "day": article is not None and (article.published_at or "")[:10] == gold["published"][:10],
            "authors": article is not None and article.authors == names,
            "bylines_in_body": len(bylines),
            "got": {
                "title": article.title if article else None, "published_at": article.published_at if article else None,
                "authors": article.authors if article else None, "bylines": bylines,
            },
        })
    return rows


def bench_generic(args) -> int:
    root = Path(args.captures) if args.captures else captures_dir()
    if not saved_pages(root):
        print(f"no saved pages under {root}", file=sys.stderr)
        return 2
    for stripped in (False, True):
        rows = generic_scores(root, stripped=stripped)
        print(f"== generic extractor, outlet selectors off, metadata {'stripped' if stripped else 'on'} ==")
        print("  F1     title  day    authors  bylines  page")
        for r in rows:
            mark = {True: "ok", False: "--"}
            print(f"  {r['f1']:.3f}  {mark[r['title']]:5}  {mark[r['day']]:5}  {mark[r['authors']]:7}  {r['bylines_in_body']:7}  {r['page']}")
            if args.verbose and not (r["title"] and r["day"] and r["authors"] and not r["bylines_in_body"]):
                print(f"         got {r['got']}")
        f1 = [r["f1"] for r in rows]
        print(
            f"  mean F1 {statistics.mean(f1):.3f} (min {min(f1):.3f}); titles {sum(r['title'] for r in rows)}/{len(rows)}, "
            f"days {sum(r['day'] for r in rows)}/{len(rows)}, authors {sum(r['authors'] for r in rows)}/{len(rows)}, "
            f"bylines left in bodies {sum(r['bylines_in_body'] for r in rows)}"
        )
    return 0


# ---- state: the seen-URL store ----


def bench_urls(n: int, start: int = 0) -> list[str]:
    """``n`` distinct article URLs in an outlet's shape (numbers ``start`` .. ``start + n - 1``)."""
    return [f"https://www.youm7.com/story/2026/11/{1 + i % 28}/خبر-{i}" for i in range(start, start + n)]


def store_bytes(path: Path) -> int:
    """The database's size on disk: the main file plus its WAL and shared-memory files."""
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists())


def bench_state(args) -> int:
    if args.url:
        from newsbot.bench import shared_state

        return shared_state.bench_state(args)
    from newsbot.core.identity import article_id
    from newsbot.stores.sqlite import SQLiteState

    n, batch = args.n, args.batch
    keys = [article_id("youm7", url) for url in bench_urls(n)]  # URL-hash keys, as for an outlet without ids
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-state-") as tmp:
        path = Path(tmp) / "state.sqlite"
        store = SQLiteState(path)
        start = time.perf_counter()
        for i in range(0, n, batch):
            store.mark_written(keys[i : i + batch], "youm7")
        insert_s = time.perf_counter() - start
        # One article at a time, as the JSONL writer records it (its id and its URL's id): more rows on top.
        single = [article_id("youm7", url) for url in bench_urls(args.single, start=n)]
        start = time.perf_counter()
        for key in single:
            store.mark_written([key], "youm7")
        single_s = time.perf_counter() - start
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = store_bytes(path)
        rows = n + len(single)

        rng = random.Random(7)
        misses = [article_id("youm7", url) for url in bench_urls(args.lookups // 2, start=n + args.single)]
        probes = rng.sample(keys, min(len(keys), args.lookups - len(misses))) + misses
        rng.shuffle(probes)
        written = store.written
        for key in probes[:1000]:  # warm-up
            written(key)
        start = time.perf_counter()
        hits = sum(1 for key in probes if written(key))
        lookup_s = time.perf_counter() - start
        store.close()
    expected_hits = len(probes) - len(misses)
    if hits != expected_hits:
        print(f"wrong answers: {hits} hits, expected {expected_hits}", file=sys.stderr)
        return 1
    lookups_per_s = len(probes) / lookup_s
    bytes_per_url = size / rows
    print(f"seen-URL store (SQLiteState, WAL): {rows:,} URLs in a fresh file")
    print(f"insert: {n:,} in batches of {batch:,} via mark_written: {insert_s:.2f} s = {n / insert_s:,.0f} URLs/s")
    print(f"insert: {len(single):,} one call per URL, as the writer records an article: {single_s:.2f} s = {len(single) / single_s:,.0f} URLs/s")
    print(f"lookups via written(): {len(probes):,} ({hits:,} hits, {len(misses):,} misses, random order): {lookups_per_s:,.0f} lookups/s   target >= 50,000: {'met' if lookups_per_s >= 50_000 else 'MISSED'}")
    print(f"size after checkpoint (db + WAL): {size:,} bytes = {bytes_per_url:.1f} bytes per URL   target <= 100: {'met' if bytes_per_url <= 100 else 'MISSED'}")
    return 0


# ---- neardup: the near-duplicate index in the state store ----


def _rss_bytes() -> int:
    """Resident memory of this process now (Linux), in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def bench_neardup(args) -> int:
    from newsbot.core import neardup
    from newsbot.dev.localweb.bulk import VOCABULARY as BULK_VOCABULARY
    from newsbot.dev.neardup_eval import _PARTS, copies_of, evaluate, labelled_cases, synthetic_event_articles
    from newsbot.outlets.samples import captures_dir, seed_dir
    from newsbot.stores.sqlite import SQLiteState, today

    cases = labelled_cases(captures_dir(), seed_dir())
    result = evaluate(cases, args.threshold)
    real = sum(1 for c in cases if c.kind == "original") - 200
    print(f"labelled benchmark: {real} stories from saved pages + seed, 200 synthetic; threshold {args.threshold}")
    for kind in sorted(result.copies):
        print(f"  {kind:<10} found {result.found[kind]}/{result.copies[kind]}")
    print(f"  false matches: {sum(result.false_matches.values())} ({dict(result.false_matches)})")
    ok = result.recall >= 0.95 and result.precision >= 0.99
    print(f"  recall {result.recall:.4f}, precision {result.precision:.4f}   target recall >= 0.95 at precision >= 0.99: {'met' if ok else 'MISSED'}")

    # Throughput: every article goes through what DedupPipeline does (signature, query, index when new).
    rng = random.Random(11)
    texts: list[str] = []
    vocabulary = sorted({w for parts in _PARTS for part in parts for w in part.split()} | set(BULK_VOCABULARY))
    while len(texts) < args.n:
        if args.corpus == "clustered":
            # the labelled benchmark's generator: 24 places x events, so 100k articles make clusters of
            # ~4,000 articles sharing phrases (hard negatives): many more candidates per query
            first, second = synthetic_event_articles(rng, len(texts))
            texts += [first, second]
        else:
            first = " ".join(rng.choice(vocabulary) for _ in range(180))  # different articles, ~180 words
            texts.append(first)
        if rng.random() < 0.05:  # a republished copy now and then: the duplicate path too
            texts.append(rng.choice(list(copies_of(first, rng).values())))
    texts = texts[: args.n]
    if args.url:
        from newsbot.bench import shared_state

        return shared_state.bench_neardup(args, texts) or (0 if ok else 1)
    words = statistics.mean(len(t.split()) for t in texts[:1000])
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-neardup-") as tmp:
        path = Path(tmp) / "state.sqlite"
        store = SQLiteState(path, batch=args.batch)
        rss_before = _rss_bytes()
        since = today() - 30
        marked = 0
        tenth = max(1, args.n // 10)
        stamps = [time.perf_counter()]
        for i, text in enumerate(texts):
            signature = neardup.signature(text)
            if any(score >= args.threshold for _, score in store.similar(signature, since)):
                marked += 1
            else:
                store.index_signature(f"bench:{i}", signature, today())
            if (i + 1) % tenth == 0:
                stamps.append(time.perf_counter())
        store.flush()
        stamps.append(time.perf_counter())
        rss_growth = _rss_bytes() - rss_before
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = store_bytes(path)
        store.close()
    total = stamps[-1] - stamps[0]
    first_rate = tenth / (stamps[1] - stamps[0])
    last_rate = tenth / (stamps[-2] - stamps[-3]) if len(stamps) > 3 else first_rate
    rate = args.n / total
    per_article = size / args.n
    projected_disk = per_article * 1_000_000
    print(f"throughput ({args.corpus} corpus): {args.n:,} articles (~{words:.0f} words each; {marked:,} marked as copies) in {total:.1f} s = {rate:,.0f} articles/s"
          f"   target >= 1,000: {'met' if rate >= 1000 else 'MISSED'}")
    print(f"  first tenth {first_rate:,.0f}/s, last tenth {last_rate:,.0f}/s")
    print(f"memory: process grew {rss_growth / 2**20:.1f} MiB while indexing {args.n:,} articles: the index is on disk, "
          f"SQLite's page cache is bounded, so 1M articles need the same (target <= 1 GB: {'met' if rss_growth < 2**30 else 'MISSED'})")
    print(f"disk: {size / 2**20:.1f} MiB = {per_article:,.0f} bytes per article (signature 512 B + 32 band rows); "
          f"projected at 1M articles: {projected_disk / 2**30:.2f} GiB on disk")
    return 0 if ok else 1


# ---- crawl: a whole crawl against the local web, next to `scrapy bench` ----

_STATS_NUMBER = re.compile(r"'([^']+)': (\d+(?:\.\d+)?)[,}]")
_LOGSTATS = re.compile(r"Crawled (\d+) pages \(at (\d+) pages/min\)")


def final_stats(log: str) -> dict[str, float]:
    """The numbers of the last "Dumping Scrapy stats" block of a Scrapy log."""
    at = log.rfind("Dumping Scrapy stats")
    return {} if at < 0 else {k: float(v) for k, v in _STATS_NUMBER.findall(log[at:])}


def pages_per_minute(stats: dict[str, float]) -> float:
    """Responses per minute over the whole run (Scrapy's elapsed_time_seconds: spider open to close)."""
    return stats.get("response_received_count", 0) * 60 / stats["elapsed_time_seconds"]


def logstats_rates(log: str) -> list[int]:
    """The pages/min of every LogStats line after the first (which covers start-up)."""
    return [int(rate) for _, rate in _LOGSTATS.findall(log)][1:]


def run_scrapy_bench(seconds: int) -> tuple[dict[str, float], list[int]]:
    """`scrapy bench` in an empty folder (Scrapy's defaults, not this project's settings)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT") and not k.lower().endswith("_proxy")}
    with tempfile.TemporaryDirectory(prefix="newsbot-scrapy-bench-") as cwd:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
            cwd=cwd, env=env, capture_output=True, text=True, timeout=seconds + 120,
        )
    if result.returncode != 0:
        raise RuntimeError(f"scrapy bench failed:\n{result.stderr[-2000:]}")
    return final_stats(result.stderr), logstats_rates(result.stderr)


def run_bulk_crawl(n: int, data_dir: Path, extra: list[str], scheme: str = "https") -> tuple[dict[str, float], float, float, int, str]:
    """`scrapy crawl youm7` against a synthetic youm7.com of ``n`` articles.

    Returns the crawl's final stats, its wall time, the local web's CPU time in
    this process (the proxy's threads), the lines written, and the log.
    """
    from newsbot.dev.localweb import LocalWeb
    from newsbot.dev.localweb.bulk import BulkYoum7
    from newsbot.outlets.samples import REPO_ROOT

    fast = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO", "-s", f"NEWSBOT_DATA_DIR={data_dir}"]
    with LocalWeb(BulkYoum7(n, crawl_delay=0, scheme=scheme)) as web:
        cpu, wall = time.process_time(), time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "youm7", *fast, *extra],
            cwd=REPO_ROOT, env={**os.environ, **web.proxy_env()}, capture_output=True, text=True, timeout=600,
        )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if result.returncode != 0:
        raise RuntimeError(f"scrapy crawl youm7 failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    lines = sum(f.read_bytes().count(b"\n") for f in output_files(data_dir))  # not runs/history/*.jsonl
    return final_stats(result.stderr), wall, cpu, lines, result.stderr


CRAWL_TARGET = 0.9  # the crawl's pages/min against scrapy bench's, the median of the pairs


def bench_crawl(args) -> int:
    extra = [a for setting in args.set for a in ("-s", setting)]
    how = "HTTPS: a CONNECT tunnel and a TLS handshake per connection" if args.scheme == "https" else "plain HTTP"
    print(f"site: synthetic youm7.com, {args.n:,} article pages ({how}) + 11 HTTPS feeds + robots.txt, through the local web proxy on 127.0.0.1")
    print("crawl: scrapy crawl youm7, every pipeline and the state on; AUTOTHROTTLE_ENABLED=0, DOWNLOAD_DELAY=0, no Crawl-delay;"
          f" concurrency as shipped{' + ' + ' '.join(args.set) if args.set else ''}")
    ratios, complete = [], True
    for pair in range(1, args.pairs + 1):
        # each pair in one run: the crawl, then scrapy bench right after it on the same machine
        with tempfile.TemporaryDirectory(prefix="newsbot-bench-crawl-") as tmp:
            ours, wall, proxy_cpu, lines, _ = run_bulk_crawl(args.n, Path(tmp), extra, args.scheme)
        theirs, rates = run_scrapy_bench(args.bench_seconds)
        items, elapsed = ours.get("item_scraped_count", 0), ours["elapsed_time_seconds"]
        our_ppm, their_ppm = pages_per_minute(ours), pages_per_minute(theirs)
        ratios.append(our_ppm / their_ppm)
        complete = complete and lines == items
        median = f", LogStats median {statistics.median(rates):,.0f}" if rates else ""
        print(f"pair {pair}: {items:,.0f} articles written ({lines:,} JSONL lines) in {elapsed:.1f} s (wall {wall:.1f} s),"
              f" {items / elapsed:,.1f} articles/s, {our_ppm:,.0f} pages/min; proxy CPU {proxy_cpu / wall:.0%} of a core")
        print(f"        scrapy bench ({args.bench_seconds} s, Scrapy defaults): {theirs.get('response_received_count', 0):,.0f} pages"
              f" in {theirs['elapsed_time_seconds']:.1f} s = {their_ppm:,.0f} pages/min{median}; ratio {ratios[-1]:.2f}")
    middle = statistics.median(ratios)
    print(f"ratio (crawl / scrapy bench, pages/min): {', '.join(f'{r:.2f}' for r in ratios)}; median {middle:.2f}"
          f"   target >= {CRAWL_TARGET}: {'met' if middle >= CRAWL_TARGET else 'MISSED'}")
    return 0 if complete else 1


# ---- ccnews: a generated CC-NEWS file through the host filter and the whole backfill ----

CCNEWS_TARGETS = {"filter": 20_000, "articles": 150, "memory_mib": 300}


def warcio_filter(path: Path, wants_host) -> tuple[int, float]:
    """warcio on the same file, as a reader would filter it: every record's headers, the payload of
    the wanted hosts' responses read (the peer of the host filter)."""
    from warcio.archiveiterator import ArchiveIterator

    from newsbot.discovery.warc import host_of

    records, start = 0, time.perf_counter()
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            records += 1
            if record.rec_type == "response" and wants_host(host_of(record.rec_headers.get_header("WARC-Target-URI"))):
                record.content_stream().read()
    return records, time.perf_counter() - start


def newsbot_filter(path: Path, wants_host) -> tuple[int, float]:
    """newsbot.discovery.warc.records over the file: fastwarc, the host filter before the payload."""
    from newsbot.discovery.warc import records

    count, start = 0, time.perf_counter()
    with path.open("rb") as handle:
        for _ in records(handle, wants_host=wants_host):
            count += 1
    return count, time.perf_counter() - start


def run_backfill(path: Path, data_dir: Path, mode: str) -> dict[str, float]:
    """The real `scrapy crawl ccnews -a warc=FILE` (every pipeline and the state on); its final stats."""
    from newsbot.outlets.samples import REPO_ROOT

    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "ccnews", "-a", f"warc={path}", "-a", f"outlets={mode}",
         "-s", f"NEWSBOT_DATA_DIR={data_dir}", "-s", "LOG_LEVEL=INFO"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=3600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"scrapy crawl ccnews failed (exit {result.returncode}):\n{result.stdout[-1500:]}\n{result.stderr[-3000:]}")
    return final_stats(result.stderr)


def bench_ccnews(args) -> int:
    from newsbot.dev.warcs import mixed_captures, write_warc

    def youm7_only(host: str) -> bool:
        return host == "youm7.com" or host.endswith(".youm7.com")

    ok = True
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-ccnews-") as tmp:
        sizes = [args.articles] + ([args.articles * args.memory_factor] if args.memory_factor > 1 else [])
        for n, articles in enumerate(sizes):
            path = write_warc(Path(tmp) / f"CC-NEWS-20240305100000-{n:05d}.warc.gz", mixed_captures(articles))
            mib = path.stat().st_size / 2**20
            if n == 0:
                warcio_records, warcio_seconds = warcio_filter(path, youm7_only)
                ours_records, ours_seconds = newsbot_filter(path, youm7_only)
                print(f"file: {warcio_records:,} records ({articles:,} Arabic articles of youm7 and a site with no spider; Persian and"
                      f" English pages, images, PDFs, 404s, revisits), {mib:.1f} MiB gzipped")
                rate, peer = ours_records / ours_seconds, warcio_records / warcio_seconds
                print(f"host filter (youm7 only): newsbot (fastwarc) {rate:,.0f} records/s; warcio 1.8 {peer:,.0f} records/s;"
                      f" {rate / peer:.1f}x   target >= {CCNEWS_TARGETS['filter']:,}: {'met' if rate >= CCNEWS_TARGETS['filter'] else 'MISSED'}")
                ok = ok and rate >= CCNEWS_TARGETS["filter"]
            stats = run_backfill(path, Path(tmp) / f"data{n}", "arabic")
            written, elapsed = stats.get("newsbot/jsonl/written", 0), stats["elapsed_time_seconds"]
            memory = stats.get("memusage/max", 0) / 2**20
            print(f"scrapy crawl ccnews -a outlets=arabic, {articles:,} articles ({mib:.1f} MiB): {written:,.0f} written in {elapsed:.1f} s ="
                  f" {written / elapsed:,.1f} articles/s   target >= {CCNEWS_TARGETS['articles']}:"
                  f" {'met' if written / elapsed >= CCNEWS_TARGETS['articles'] else 'MISSED'};"
                  f" peak memory {memory:,.0f} MiB   target < {CCNEWS_TARGETS['memory_mib']}: {'met' if memory < CCNEWS_TARGETS['memory_mib'] else 'MISSED'}")
            ok = ok and written == articles
    return 0 if ok else 1


# ---- export: the dataset export vs a plain pyarrow read of the same JSONL ----

EXPORT_OUTLETS = (("youm7", "+02:00"), ("hespress", "+01:00"), ("alghad", "+03:00"), ("aljazeera", "+03:00"),
                  ("alarabiya", "+04:00"), ("annahar", "+02:00"), ("alkhaleej", "+04:00"), ("ammonnews", "+03:00"))


def write_export_corpus(data_dir: Path, n: int, outlets: int, days: int, recrawl: float, seed: int = 5) -> tuple[int, int, int]:
    """``n`` records in ``<data>/<outlet>/<day>/<run>.jsonl`` (one run per outlet a day); a share
    ``recrawl`` of them re-crawl an earlier id of their outlet (later crawled_at, changed title), 3% are
    near-duplicates, 5% undated. Returns (records, distinct ids, bytes)."""
    from dataclasses import asdict

    from newsbot.core.item import Article, encode_line
    from newsbot.dev.localweb.bulk import VOCABULARY

    rng = random.Random(seed)
    chosen = EXPORT_OUTLETS[:outlets]
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    seen: dict[str, list[int]] = {name: [] for name, _ in chosen}
    handles: dict[tuple[str, int], object] = {}
    size = distinct = 0
    try:
        for i in range(n):
            outlet, offset = chosen[i % len(chosen)]
            day = i * days // n
            crawled = start + timedelta(days=day, seconds=rng.randrange(86_400))
            earlier = seen[outlet]
            if earlier and rng.random() < recrawl:
                number, title = rng.choice(earlier), f"تحديث: خبر {i}"
            else:
                number, title = i, f"خبر رقم {i} " + " ".join(rng.choices(VOCABULARY, k=6))
                earlier.append(number)
                distinct += 1
            published = crawled - timedelta(hours=rng.randrange(1, 48))
            paragraphs = [" ".join(rng.choices(VOCABULARY, k=60)) + "." for _ in range(5)]
            record = Article(
                id=f"{outlet}:{number}", url=f"https://www.{outlet}.com/story/{number}", canonical_url=f"https://www.{outlet}.com/story/{number}",
                outlet=outlet, outlet_name=outlet, country="EG", language="ar", title=title, lead=paragraphs[0][:120],
                body="\n\n".join(paragraphs), crawled_at=crawled.isoformat(timespec="seconds"),
                published_at=None if rng.random() < 0.05 else published.astimezone(datetime.strptime(offset, "%z").tzinfo).isoformat(timespec="seconds"),
                authors=["سلمى عبد الرحمن"], section="أخبار", tags=["اقتصاد"], word_count=300,
                content_hash=f"xxh3_128:{rng.getrandbits(128):032x}",
                duplicate_of=f"{outlet}:{rng.choice(earlier)}" if rng.random() < 0.03 else None,
                robots_ai=[], free_access=True, license=None,
            )
            key = (outlet, day)
            if key not in handles:
                path = data_dir / outlet / f"{(start + timedelta(days=day)):%Y-%m-%d}" / f"run-{day:03d}.jsonl"
                path.parent.mkdir(parents=True, exist_ok=True)
                handles[key] = path.open("wb")
            line = encode_line(asdict(record))
            handles[key].write(line)  # type: ignore[attr-defined]
            size += len(line)
    finally:
        for handle in handles.values():
            handle.close()  # type: ignore[attr-defined]
    return n, distinct, size


def read_json_peer(files: list[Path]) -> tuple[int, float]:
    """pyarrow.json.read_json over every file (types inferred, as a user would read them): rows, seconds."""
    import pyarrow.json

    rows, begin = 0, time.perf_counter()
    for path in files:
        rows += pyarrow.json.read_json(path).num_rows
    return rows, time.perf_counter() - begin


def bench_export(args) -> int:
    import resource
    import shutil

    import pyarrow

    from newsbot.ops.export import export

    with tempfile.TemporaryDirectory(prefix="newsbot-bench-export-") as tmp:
        data = Path(tmp) / "data"
        records, distinct, size = write_export_corpus(data, args.n, args.outlets, args.days, args.recrawl)
        files = output_files(data)
        for path in files:  # both read from the page cache
            path.read_bytes()
        print(f"input: {records:,} records ({distinct:,} distinct ids, {records - distinct:,} re-crawled copies) in {len(files)} files"
              f" ({args.outlets} outlets x {args.days} daily runs), {size / 2**20:,.0f} MiB, ~{size / records:,.0f} bytes a line")
        ours, theirs, summary, arrow_peak = [], [], None, 0
        out = Path(tmp) / "export"
        for _ in range(args.rounds):  # taking turns, so a machine slowing down slows both
            shutil.rmtree(out, ignore_errors=True)
            begin = time.perf_counter()
            summary = export(data, out)
            ours.append(time.perf_counter() - begin)
            arrow_peak = arrow_peak or pyarrow.default_memory_pool().max_memory()  # the first export's, before any peer read
            rows, seconds = read_json_peer(files)
            theirs.append(seconds)
        assert summary is not None
        written = sum(p.stat().st_size for p in out.rglob("*.parquet"))
    ok = summary.rows == distinct and rows == records and summary.bad_line_count == 0
    ours_rate, peer_rate = records / statistics.median(ours), records / statistics.median(theirs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"newsbot export to Parquet: {ours_rate:10,.0f} input lines/s   median {statistics.median(ours):.2f} s of {args.rounds}"
          f" ({summary.rows:,} rows in {len(summary.partitions)} partitions, {summary.duplicates_resolved:,} duplicates resolved,"
          f" {summary.near_duplicates_kept:,} near-duplicates kept; {written / 2**20:,.0f} MiB of zstd Parquet)")
    print(f"pyarrow.json.read_json:    {peer_rate:10,.0f} lines/s         median {statistics.median(theirs):.2f} s (a plain read: no dedupe, nothing written)")
    print(f"ratio (export / read_json): {ours_rate / peer_rate:.2f}x")
    print(f"memory: index {summary.index_bytes / records:.0f} bytes per input line ({summary.index_bytes / 2**20:.1f} MiB);"
          f" Arrow memory peak during the export {arrow_peak / 2**20:,.0f} MiB; process peak RSS {peak / 2**20:,.0f} MiB"
          f" (input {size / 2**20:,.0f} MiB)")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot.bench")
    sub = parser.add_subparsers(dest="bench", required=True)
    extract = sub.add_parser("extract", help="extraction + cleaning vs trafilatura on the saved pages")
    extract.add_argument("--captures", help="folder of <outlet>/<name>.html + .meta.json (default ../shared/captures)")
    extract.add_argument("--rounds", type=int, default=20)
    extract.set_defaults(run=bench_extract)
    generic = sub.add_parser("generic", help="the generic extractor on the saved pages (selectors off; metadata on, then stripped)")
    generic.add_argument("--captures", help="folder of saved pages with .gold.json (default ../shared/captures)")
    generic.add_argument("-v", "--verbose", action="store_true", help="print what a page got wrong")
    generic.set_defaults(run=bench_generic)
    clean = sub.add_parser("clean", help="the text cleaner's cost per 1,000 words")
    clean.add_argument("--text", help="a plain-text article (default ../shared/seed/aggregator-article.txt)")
    clean.add_argument("--rounds", type=int, default=500)
    clean.set_defaults(run=bench_clean)
    state = sub.add_parser("state", help="the seen-URL store: inserts, lookups/s, bytes per URL")
    state.add_argument("--n", type=int, default=1_000_000, help="URLs in the store (default 1,000,000)")
    state.add_argument("--batch", type=int, default=1000, help="URLs per mark_written call while filling")
    state.add_argument("--single", type=int, default=10_000, help="URLs then added one call each")
    state.add_argument("--lookups", type=int, default=200_000)
    state.add_argument("--url", help="a PostgreSQL server (postgresql://…): its state beside SQLite's, in a scratch database")
    state.add_argument("--claims", type=int, default=5_000, help="with --url: articles claimed one call each")
    state.set_defaults(run=bench_state)
    nd = sub.add_parser("neardup", help="near-duplicates: labelled precision/recall, index throughput and memory")
    nd.add_argument("--n", type=int, default=100_000, help="articles through the index (default 100,000)")
    nd.add_argument("--batch", type=int, default=512, help="articles per index transaction (NEWSBOT_NEARDUP_BATCH)")
    nd.add_argument("--threshold", type=float, default=0.5, help="NEWSBOT_NEARDUP_THRESHOLD")
    nd.add_argument("--corpus", choices=("distinct", "clustered"), default="distinct",
                    help="throughput corpus: different articles (default), or the labelled generator's 24 clusters")
    nd.add_argument("--url", help="a PostgreSQL server (postgresql://…): its index beside SQLite's, in a scratch database")
    nd.add_argument("--prefill", type=int, default=0, help="with --url: random signatures bulk-loaded first (the index size met)")
    nd.set_defaults(run=bench_neardup)
    crawl = sub.add_parser("crawl", help="a whole crawl of a local synthetic site vs scrapy bench")
    crawl.add_argument("--n", type=int, default=2000, help="article pages on the synthetic site (default 2,000)")
    crawl.add_argument("--scheme", choices=("https", "http"), default="https", help="of the article URLs (default https, as the outlet serves them)")
    crawl.add_argument("--bench-seconds", type=int, default=10, help="how long scrapy bench runs")
    crawl.add_argument("--pairs", type=int, default=3, help="crawl + scrapy bench pairs; the median ratio is the figure (default 3)")
    crawl.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="an extra Scrapy setting for the crawl")
    crawl.set_defaults(run=bench_crawl)
    cc = sub.add_parser("ccnews", help="a generated CC-NEWS file: host filter vs warcio, then the whole backfill")
    cc.add_argument("--articles", type=int, default=4500, help="Arabic articles in the file (default 4,500: about 20,000 records)")
    cc.add_argument("--memory-factor", type=int, default=3, help="a second file this many times larger, to show memory stays flat (1: none)")
    cc.set_defaults(run=bench_ccnews)
    ex = sub.add_parser("export", help="the dataset export to Parquet vs pyarrow.json.read_json of the same JSONL")
    ex.add_argument("--n", type=int, default=100_000, help="records written (default 100,000)")
    ex.add_argument("--outlets", type=int, default=5, choices=range(1, len(EXPORT_OUTLETS) + 1), metavar="1-8", help="outlets (default 5)")
    ex.add_argument("--days", type=int, default=10, help="daily runs per outlet (default 10)")
    ex.add_argument("--recrawl", type=float, default=0.2, help="share of records that re-crawl an earlier id (default 0.2)")
    ex.add_argument("--rounds", type=int, default=3, help="export + read_json turns; the medians are the figures (default 3)")
    ex.set_defaults(run=bench_export)
    args = parser.parse_args(argv)
    return args.run(args)

