"""`scrapy crawl ccnews`: Common Crawl's CC-NEWS archive through the same article path as a live crawl.

The archive is the only host contacted (no robots.txt, no outlet, no AMP copy: Common Crawl obeyed
robots.txt when it captured the pages). Each WARC file (about 1 GB) is streamed, never held whole:
a worker thread reads it with fastwarc and drops the records of unwanted hosts before their payload
is decompressed; the pages left go through ``build_article`` with their outlet's profile (so ids
equal a live crawl's), then through the pipelines, the state and the near-duplicate index like
any article. Items leave ``start()`` directly: there are no requests but the listings'.

Files are the units of work: each is leased (the outlet-lease protocol of the state backend) while
it is read, and its progress (the offset of the last record handled) is recorded every
``NEWSBOT_CCNEWS_CHECKPOINT`` seconds once every article before it is settled. A killed run is
resumed from there: a Range request where the server allows it, else the bytes before it are
skipped. A broken download (a reset, a record cut short) is retried from the same place up to
``NEWSBOT_CCNEWS_RETRIES`` times, then the file is named in the report and the run is unhealthy.
"""

from __future__ import annotations

import http.client
import os
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import scrapy
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater
from twisted.internet.threads import deferToThread

from newsbot.core.identity import host_in_domains, registered_domain
from newsbot.core.language import ARABIC_SCRIPT_LANGUAGES, may_hold_arabic_script
from newsbot.crawl import stats as keys
from newsbot.crawl.drops import record_drop
from newsbot.crawl.registry import registry
from newsbot.crawl.state import archive_claimant, state_of
from newsbot.defaults import setting
from newsbot.discovery import ccnews, warc
from newsbot.discovery.admission import article_key
from newsbot.extraction.article import Page, Rules, build_article, is_markup
from newsbot.outlets.profile import OutletProfile
from newsbot.stores.protocols import WRITTEN

BATCH_PAGES = 32  # pages a worker-thread hop brings back (records of other hosts never cross)
BATCH_RECORDS = 5000
MODES = ("all", "arabic")
MAX_HOSTS = 100_000  # hosts whose profile is remembered (CC-NEWS files name tens of thousands)


class ArchiveUnavailable(Exception):
    """An archive URL that answered with an error status (a 503 "Slow Down" is worth waiting out; a 404 is not)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status

    @property
    def worth_retrying(self) -> bool:
        return self.status == 429 or self.status >= 500


@dataclass
class FileRun:
    """One WARC file's part of the run, as the report shows it."""

    path: str  # as listed (crawl-data/CC-NEWS/…), or as given to -a warc=
    location: str  # what is opened: a URL, or a local path
    status: str = "pending"  # reading, done, done_before, leased, failed
    resumed_after: int | None = None
    last_offset: int | None = None
    records: int = 0
    pages: int = 0
    written: int = 0
    position: int = 0  # how far into the file this run has read
    size: int | None = None
    attempts: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return ccnews.file_name(self.path)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.path, "status": self.status, "resumed_after": self.resumed_after, "last_offset": self.last_offset,
            "records": self.records, "pages": self.pages, "written": self.written, "position": self.position,
            "size": self.size, "attempts": self.attempts, "errors": self.errors,
        }


class ArchivePlan:
    """What Health asks of a crawl's discovery, for an archive: records found, and the first errors."""

    def __init__(self):
        self.pages = 0  # response records of wanted hosts: the archive's "entries"
        self.files_done_before = 0  # read to the end by an earlier run: nothing new, not nothing found
        self.files_leased = 0  # being read by another process: its run reports them
        self.errors: list[str] = []

    def discovered(self) -> int:
        return self.pages + self.files_done_before + self.files_leased

    def first_errors(self) -> list[str]:
        return self.errors


class _Counted:
    """A stream that knows its position in the file (``position``: progress reads it), and that raises
    when it ends before the size the server announced (http.client returns b"" then).

    ``tell`` counts from where fastwarc starts reading (``base``): fastwarc reports a record's
    ``stream_pos`` by the stream's own ``tell``, and ``warc.records`` adds the start itself."""

    def __init__(self, raw, start: int, end: int | None = None):
        self.raw = raw
        self.base = self.position = start
        self.end = end

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size if size is not None and size >= 0 else -1)
        self.position += len(data)
        if not data and size and self.end is not None and self.position < self.end:
            raise http.client.IncompleteRead(b"", self.end - self.position)
        return data

    def tell(self) -> int:
        return self.position - self.base

    def close(self) -> None:
        self.raw.close()


def open_archive(location: str, start: int, timeout: float, user_agent: str) -> tuple[_Counted, int | None]:
    """A stream of ``location`` (a URL or a local path) from byte ``start``, and the file's size when known.

    A URL is asked for ``Range: bytes=start-``; a server that answers the whole file instead has the
    bytes before ``start`` read and skipped. Proxies come from the environment (``https_proxy``)."""
    if "://" not in location or location.startswith("file://"):
        path = location.removeprefix("file://")
        handle = open(path, "rb")
        handle.seek(start)
        return _Counted(handle, start), os.fstat(handle.fileno()).st_size
    headers = {"User-Agent": user_agent}
    if start:
        headers["Range"] = f"bytes={start}-"
    try:
        response = urllib.request.urlopen(urllib.request.Request(location, headers=headers), timeout=timeout)
    except urllib.error.HTTPError as exc:
        raise ArchiveUnavailable(f"HTTP {exc.code} for {location}", exc.code) from None
    length = response.headers.get("Content-Length")
    size = int(length) if length and length.isdigit() else None
    if start and response.status == 206:
        total = (response.headers.get("Content-Range") or "").rpartition("/")[2]
        size = int(total) if total.isdigit() else None
        return _Counted(response, start, size), size
    stream = _Counted(response, 0, size)
    remaining = start
    while remaining:  # no Range support: read up to where this run resumes
        chunk = stream.read(min(remaining, 1 << 20))
        if not chunk:
            raise http.client.IncompleteRead(b"", remaining)
        remaining -= len(chunk)
    stream.base = stream.position
    return stream, size


# What reading an archive listing can fail with: the network, a bad answer, a listing that is not one.
LISTING_FAULTS = (OSError, ValueError, ArchiveUnavailable, http.client.HTTPException)


def read_listing(url: str, timeout: float, user_agent: str) -> tuple[list[str], int]:
    """The paths one month's ``warc.paths.gz`` lists, and the bytes read (blocking; raises LISTING_FAULTS)."""
    stream, _ = open_archive(url, 0, timeout, user_agent)
    try:
        data = stream.read(ccnews.MAX_LISTING_BYTES + 1)
    finally:
        stream.close()
    return ccnews.parse_listing(data), len(data)


def _take(events, limit_pages: int = BATCH_PAGES, limit_records: int = BATCH_RECORDS) -> tuple[list, bool, BaseException | None]:
    """The next events of a record iterator (run in a worker thread), whether it is exhausted, and
    the error that ended it early (the events before a broken record still count)."""
    out, pages = [], 0
    try:
        for event in events:
            out.append(event)
            if isinstance(event, warc.ArchivedPage):
                pages += 1
            if pages >= limit_pages or len(out) >= limit_records:
                return out, False, None
    except Exception as exc:  # a reset, a truncated record: raised once the events before it are handled
        return out, True, exc
    return out, True, None


class CCNewsSpider(scrapy.Spider):
    name = "ccnews"
    # The items' outlets name their output files (newsbot/pipelines/jsonl.py) and the state's rows.
    outlets_from_items = True

    @classmethod
    def argument_problem(cls, arguments: dict) -> str | None:
        try:
            if not arguments.get("warc"):
                ccnews.CaptureWindow.parse(arguments.get("since"), arguments.get("until"), datetime.now(timezone.utc))
            ccnews.parse_shard(arguments.get("shard"))
        except ccnews.WindowError as exc:
            return str(exc)
        limit = arguments.get("limit")
        if limit not in (None, "") and not str(limit).strip().isdigit():
            return f"-a limit= takes a whole number of articles per outlet, not {limit!r}"
        outlets = (arguments.get("outlets") or "all").strip()
        if outlets not in MODES:
            from scrapy.utils.project import get_project_settings

            known = registry(get_project_settings())
            unknown = [n.strip() for n in outlets.split(",") if n.strip() and known.profile(n.strip()) is None]
            if unknown:
                return f"-a outlets= takes all, arabic or outlet names; no outlet is named {', '.join(unknown)} (see `scrapy outlets`)"
        return None

    def __init__(self, *args: Any, since: str | None = None, until: str | None = None, outlets: str = "all",
                 warc: str | None = None, limit: str | None = None, shard: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        given = {"since": since, "until": until, "outlets": outlets, "warc": warc, "limit": limit, "shard": shard}
        self.arguments = {k: v for k, v in given.items() if v not in (None, "")}  # the run report's build.arguments
        self.since_argument, self.until_argument = since, until
        self.outlets_argument = (outlets or "all").strip()
        self.warc_argument = [w.strip() for w in (warc or "").split(",") if w.strip()]
        self.limit = int(limit) if limit and str(limit).strip().isdigit() else 0
        self.shard = ccnews.parse_shard(shard)
        self.started_at = datetime.now(timezone.utc)
        self.plan = ArchivePlan()
        self.files: list[FileRun] = []
        self.runs: dict[str, FileRun] = {}
        self.pending = 0  # articles yielded, not yet written or dropped
        self.per_outlet: Counter = Counter()  # articles handed to extraction, per outlet (for -a limit=)
        self.seen_keys: set[str] = set()  # the file's URLs (across files, the state knows what was written)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.base = setting(settings, "NEWSBOT_CCNEWS_BASE")
        spider.retries = setting(settings, "NEWSBOT_CCNEWS_RETRIES")
        spider.timeout = setting(settings, "NEWSBOT_CCNEWS_TIMEOUT")
        spider.checkpoint = setting(settings, "NEWSBOT_CCNEWS_CHECKPOINT")
        spider.backoff_base = setting(settings, "NEWSBOT_BACKOFF_BASE")
        spider.max_drops = setting(settings, "NEWSBOT_RETRY_DROPPED")
        spider.languages = tuple(setting(settings, "NEWSBOT_LANGUAGES"))
        spider.arabic_script_only = bool(spider.languages) and set(spider.languages) <= ARABIC_SCRIPT_LANGUAGES
        spider.record_maxsize = settings.getint("DOWNLOAD_MAXSIZE") or (16 << 20)
        spider.user_agent = settings.get("USER_AGENT")
        spider.rules = Rules.from_settings(settings)
        outlets = registry(settings)
        names = outlets.names(drafts=False) if spider.outlets_argument in MODES else [
            n.strip() for n in spider.outlets_argument.split(",") if n.strip() and outlets.profile(n.strip()) is not None  # (checked by argument_problem)
        ]
        spider.profiles = {name: outlets.profile(name) for name in names}
        spider.domains = tuple(d for profile in spider.profiles.values() for d in profile.domains)
        spider.any_site = spider.outlets_argument == "arabic"
        spider._by_host: dict[str, OutletProfile | None] = {}
        crawler.signals.connect(spider._written, signal=scrapy.signals.item_scraped)
        crawler.signals.connect(spider._settled, signal=scrapy.signals.item_dropped)
        crawler.signals.connect(spider._settled, signal=scrapy.signals.item_error)
        return spider

    # ---- what a record is ----

    def profile_for(self, host: str) -> OutletProfile | None:
        """The profile a host's pages are read with: its declared outlet's, else (with outlets=arabic)
        the generic profile named after the host's registered domain; None: not read."""
        if host in self._by_host:
            return self._by_host[host]
        found = None
        for profile in self.profiles.values():
            if host_in_domains(f"https://{host}/", profile.domains):
                found = profile
                break
        if found is None and self.any_site:
            domain = registered_domain(host)
            found = OutletProfile(name=domain, domains=(domain,)) if domain else None
        self._by_host[host] = found
        return found

    def wants_host(self, host: str) -> bool:
        # called in the worker thread, before the payload is read: it only reads the outlets' domains
        return self.any_site or host_in_domains(f"https://{host}/", self.domains)

    def _settled(self, item, *args, **kwargs) -> None:
        self.pending = max(0, self.pending - 1)

    def _written(self, item, *args, **kwargs) -> None:
        self._settled(item)
        self.crawler.stats.inc_value(keys.ARCHIVE_WRITTEN + item.outlet)
        run = self.runs.get(item.archive["file"])
        if run is not None:
            run.written += 1

    # ---- the run ----

    async def start(self):
        stores = state.stores if (state := state_of(self.crawler)) is not None else None
        self.crawler.stats.set_value(keys.ARCHIVE_RECORDS, 0)  # (health then speaks of records, not of feeds)
        paths = self.warc_argument or await self._listed()
        paths = [p for p in paths if ccnews.in_shard(p, self.shard)]
        if self.warc_argument:  # files given: read where they are, recorded as the listing names them
            self.files = [FileRun(ccnews.listed_path(self.base, p), p) for p in paths]
        else:
            self.files = [FileRun(p, ccnews.file_url(self.base, p)) for p in paths]
        self.runs = {run.path: run for run in self.files}
        for run in self.files:
            if self.limit and self.profiles and not self.any_site and all(self.per_outlet[n] >= self.limit for n in self.profiles):
                break
            async for article in self._read(run, stores):
                yield article

    async def _listed(self) -> list[str]:
        """The files of the capture window, from one listing a month (a listing that fails is named)."""
        window = ccnews.CaptureWindow.parse(self.since_argument, self.until_argument, self.started_at)
        listed: list[str] = []
        for year, month in window.months():
            url = ccnews.listing_url(self.base, year, month)
            try:
                paths, size = await maybe_deferred_to_future(deferToThread(read_listing, url, self.timeout, self.user_agent))
                self.crawler.stats.inc_value(keys.ARCHIVE_BYTES, size)
                listed += paths
            except LISTING_FAULTS as exc:
                self.crawler.stats.inc_value(keys.FAILED + "ccnews_listing")
                self.plan.errors.append(f"listing {url}: {type(exc).__name__}: {exc}"[:300])
                self.logger.error("CC-NEWS listing failed: %s (%s: %s)", url, type(exc).__name__, exc)
        files = ccnews.files_in_window(listed, window)
        self.crawler.stats.set_value(keys.ARCHIVE_FILES_IN_WINDOW, len(files))
        if listed and not files:
            last_day = window.until - timedelta(microseconds=1)
            self.plan.errors.append(f"no file of the listings is in the window {window.since:%Y-%m-%d}..{last_day:%Y-%m-%d}")
        return files

    async def _read(self, run: FileRun, stores):
        self.seen_keys.clear()  # memory stays flat over a month of files
        if len(self._by_host) > MAX_HOSTS:
            self._by_host.clear()
        leases = stores.leases if stores is not None else None
        lease = f"ccnews-{run.name}"
        if leases is not None and not leases.acquire(lease):
            run.status = "leased"  # another process reads it: not this run's to read, nor a failure
            self.plan.files_leased += 1
            self.logger.info("%s: read by another process (%s)", run.name, leases.where(lease))
            return
        try:
            if stores is not None:
                state_of(self.crawler).release_claims(archive_claimant(run.path))  # a dead reader's claims are open again
                offset, done = stores.archive.progress(run.name)
                if done:
                    run.status = "done_before"
                    self.plan.files_done_before += 1
                    return
                run.resumed_after = run.last_offset = offset
            async for article in self._read_with_retries(run, stores):
                yield article
        finally:
            if leases is not None:
                leases.release(lease)

    async def _read_with_retries(self, run: FileRun, stores):
        stats = self.crawler.stats
        while True:
            run.attempts += 1
            run.status = "reading"
            try:
                async for article in self._read_once(run, stores):
                    yield article
            except (OSError, warc.TruncatedRecord, ArchiveUnavailable, http.client.HTTPException) as exc:
                stats.inc_value(keys.ARCHIVE_FILE_ERRORS)
                error = f"{type(exc).__name__}: {exc}"[:300]
                run.errors.append(f"attempt {run.attempts}, after byte {run.last_offset or 0}: {error}")
                self.logger.warning("%s: the read broke (%s); %s", run.name, error,
                                    "retrying from the last offset" if run.attempts <= self.retries else "giving up")
                if run.attempts > self.retries or (isinstance(exc, ArchiveUnavailable) and not exc.worth_retrying):
                    run.status = "failed"
                    stats.inc_value(keys.ARCHIVE_FILES_FAILED)
                    self.plan.errors.append(f"{run.path}: {error}")
                    return
                if isinstance(exc, ArchiveUnavailable):  # the server asks to slow down: wait, doubling
                    await self._pause(self.backoff_base * 2 ** (run.attempts - 1))
                continue
            await self._all_settled()
            run.status = "done"
            stats.inc_value(keys.ARCHIVE_FILES_DONE)
            if stores is not None:
                stores.archive.record_progress(run.name, run.last_offset, done=True)
            return

    async def _all_settled(self) -> None:
        while self.pending:
            await self._pause(0.01)

    @staticmethod
    async def _pause(seconds: float) -> None:
        from twisted.internet import reactor  # the one Scrapy installed (importing it early would install the default)

        await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))

    async def _read_once(self, run: FileRun, stores):
        resume_after = run.last_offset
        start = resume_after or 0
        stream, size = await maybe_deferred_to_future(deferToThread(open_archive, run.location, start, self.timeout, self.user_agent))
        run.size, run.position = size, start
        events = warc.records(stream, start=start, wants_host=self.wants_host, max_size=self.record_maxsize)
        checkpointed = time.monotonic()
        try:
            finished = False
            while not finished:
                batch, finished, error = await maybe_deferred_to_future(deferToThread(_take, events))
                self.crawler.stats.inc_value(keys.ARCHIVE_BYTES, stream.position - run.position)
                run.position = stream.position
                for event in batch:
                    if resume_after is not None and event.offset <= resume_after:
                        continue  # handled by the run that recorded the offset
                    run.records += 1
                    self.crawler.stats.inc_value(keys.ARCHIVE_RECORDS)
                    article = self._article(run, event, stores)
                    run.last_offset = event.offset
                    if article is not None:
                        self.pending += 1
                        yield article
                if error is not None:
                    raise error
                if stores is not None and time.monotonic() - checkpointed >= self.checkpoint:
                    # an offset is recorded only once every article before it is settled; waiting for the
                    # pipelines to drain (rather than hoping they are idle now) keeps checkpoints coming under load
                    await self._all_settled()
                    stores.archive.record_progress(run.name, run.last_offset)
                    checkpointed = time.monotonic()
        finally:
            stream.close()

    def _skip(self, reason: str) -> None:
        self.crawler.stats.inc_value(keys.ARCHIVE_SKIPPED + reason)

    def _article(self, run: FileRun, event, stores):
        """The article of one record, or None (a skip or a drop, counted by reason)."""
        if isinstance(event, warc.Skipped):
            self._skip(event.reason)
            return None
        host = warc.host_of(event.uri)
        profile = self.profile_for(host)
        if profile is None:
            self._skip(warc.OTHER_HOST)
            return None
        self.plan.pages += 1
        if profile.article_url is not None and not profile.match_article_url(event.uri):
            self._skip("not_article")
            return None
        if not is_markup(event.content_type, event.body):
            self._skip("not_html")
            return None
        if self.arabic_script_only and not may_hold_arabic_script(event.body):
            self._skip("not_arabic")  # not one Arabic-script letter: not parsed to be sure
            return None
        key = article_key(profile, event.uri)
        if key in self.seen_keys:
            self._skip("seen")  # the same URL captured twice: one article
            return None
        self.seen_keys.add(key)
        if stores is not None:
            earlier = stores.seen.settled([key], self.max_drops)
            if key in earlier:
                self._skip("written_before" if earlier[key] == WRITTEN else "dropped_before")
                return None
        if self.limit and self.per_outlet[profile.name] >= self.limit:
            self._skip("limit")
            return None
        self.per_outlet[profile.name] += 1
        run.pages += 1
        self.crawler.stats.inc_value(keys.ARTICLE_REQUESTS)
        page = Page(url=event.uri, body=event.body, fetched_at=event.captured_at, content_type=event.content_type, archived=True)
        try:
            built = build_article(page, profile, self.rules)
        except Exception as exc:  # a page no rule foresaw: a named drop, never a lost record
            self.logger.warning("Dropped %s: extraction_error (%s: %s)", event.uri, type(exc).__name__, exc, exc_info=True)
            record_drop(self.crawler, "extraction_error", event.uri, f"{type(exc).__name__}: {exc}"[:300], key=key, outlet=profile.name)
            return None
        for rule, count in built.removed.items():
            self.crawler.stats.inc_value(keys.CLEAN + rule, count)
        if built.drop:
            record_drop(self.crawler, built.drop, event.uri, built.detail, key=key, outlet=profile.name)
            return None
        article = built.article
        if article.language not in self.languages:
            # a page of another language is not an article lost: outlets=arabic reads every site
            run.pages -= 1
            self.crawler.stats.inc_value(keys.ARTICLE_REQUESTS, -1)
            self._skip("not_arabic" if "ar" in self.languages else "language")
            return None
        article.origin = "ccnews"
        article.archive = {"file": run.path, "offset": event.offset, "record_id": event.record_id}
        return article

    # ---- what the report and the progress lines show ----

    def report_section(self) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()
        return {
            "archive": {
                "mode": self.outlets_argument,
                "window": {"since": self.since_argument, "until": self.until_argument},
                "shard": f"{self.shard[0]}/{self.shard[1]}" if self.shard else None,
                "files": [run.as_dict() for run in self.files],
                "skipped": keys.prefixed(stats, keys.ARCHIVE_SKIPPED),
                "written_by_outlet": keys.prefixed(stats, keys.ARCHIVE_WRITTEN),
            }
        }

    def progress_line(self) -> str:
        stats = self.crawler.stats.get_stats()
        done = sum(run.status in ("done", "done_before", "failed", "leased") for run in self.files)
        elapsed = max(1e-6, (datetime.now(timezone.utc) - self.started_at).total_seconds())
        records = stats.get(keys.ARCHIVE_RECORDS, 0)
        current = next((run for run in self.files if run.status == "reading"), None)
        fraction = done + (current.position / current.size if current and current.size else 0)
        left = f", about {elapsed / fraction * (len(self.files) - fraction) / 60:.0f} min left" if fraction and self.files else ""
        written = ", ".join(f"{outlet} {n}" for outlet, n in sorted(keys.prefixed(stats, keys.ARCHIVE_WRITTEN).items(), key=lambda kv: -kv[1])[:8])
        return (
            f"ccnews: files {done}/{len(self.files)} done, {stats.get(keys.ARCHIVE_BYTES, 0) / 1e6:.1f} MB read, "
            f"{records / elapsed:.0f} records/s, written: {written or 'none yet'}{left}"
        )
