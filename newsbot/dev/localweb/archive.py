"""data.commoncrawl.org on the local web: CC-NEWS monthly listings and WARC files at their real URLs."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

from newsbot.dev.localweb.proxy import Reply
from newsbot.dev.warcs import paths_listing
from newsbot.discovery.ccnews import LISTING_PATH, file_time

HOST = "data.commoncrawl.org"
BINARY = {"Content-Type": "application/octet-stream"}


class ArchiveSite:
    """Serves ``files`` (listed path -> WARC bytes) and a ``warc.paths.gz`` per month of their names.

    ``ranges``: the server honours ``Range: bytes=N-`` (data.commoncrawl.org does; a mirror may not).
    ``resets``: listed path -> how many times its download is cut by a connection reset, after
    ``reset_after`` bytes, before it is served whole. ``slow_downs``: how many times a file is answered
    503 Slow Down (as S3 does under load) before it is served."""

    hosts = (HOST,)

    def __init__(self, files: dict[str, bytes], *, ranges: bool = True, resets: dict[str, int] | None = None, reset_after: int = 4096,
                 broken_listings: tuple[str, ...] = (), slow_downs: dict[str, int] | None = None):
        self.files = dict(files)
        self.ranges = ranges
        self.resets = dict(resets or {})
        self.reset_after = reset_after
        self.broken_listings = broken_listings  # listing paths answered with a 500
        self.slow_downs = dict(slow_downs or {})  # listed path -> how many times it is answered 503 Slow Down first
        self._lock = threading.Lock()
        months: dict[str, list[str]] = {}
        for path in self.files:
            moment = file_time(path)
            months.setdefault(LISTING_PATH.format(year=moment.year, month=moment.month), []).append(path)
        self.listings = {listing: paths_listing(sorted(paths)) for listing, paths in months.items()}

    def respond(self, method: str, url: str) -> Reply | None:
        parts = urlsplit(url)
        if parts.hostname != HOST:
            return None
        path = parts.path.lstrip("/")
        if path in self.broken_listings:
            return Reply(500, b"internal error", {"Content-Type": "text/plain"})
        if path in self.listings:
            return Reply(200, self.listings[path], BINARY)
        body = self.files.get(path)
        if body is None:
            return Reply(404, b"NoSuchKey", {"Content-Type": "text/plain"})
        with self._lock:
            if self.slow_downs.get(path, 0) > 0:
                self.slow_downs[path] -= 1
                return Reply(503, b"<Error><Code>SlowDown</Code></Error>", {"Content-Type": "application/xml"})
            reset = self.resets.get(path, 0) > 0
            if reset:
                self.resets[path] -= 1
        return Reply(200, body, BINARY, ranges=self.ranges, reset_after=self.reset_after if reset else None)


class Sites:
    """Several synthetic sites on one local web: the first that answers for a URL's host does."""

    def __init__(self, *sites):
        self.sites = sites
        self.hosts = tuple(h for site in sites for h in site.hosts)

    def respond(self, method: str, url: str) -> Reply | None:
        for site in self.sites:
            reply = site.respond(method, url)
            if reply is not None:
                return reply
        return None
