"""Scrapy's HTTP/1.1 download handler with a close that cannot fire its Deferred twice.

Closing the handler waits for the pooled connections to close, at most a second: Scrapy gives
``closeCachedConnections()`` a timed call that fires its Deferred (the pool can hang, twisted#7738).
When the connections close in the same reactor turn as that timer (a busy reactor: sixty outlets
closing at once in one ``crawlall``), Scrapy's timer fires the Deferred a second time. Twisted then
writes an ``AlreadyCalledError while handling timed call`` traceback to stderr, past the log file,
and cron mails a healthy run's output. This close lets the timer fire the Deferred only if nothing has.
"""

from __future__ import annotations

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler as ScrapyHTTP11DownloadHandler
from scrapy.utils.defer import maybe_deferred_to_future


class HTTP11DownloadHandler(ScrapyHTTP11DownloadHandler):
    async def close(self) -> None:
        from twisted.internet import reactor

        closed = self._pool.closeCachedConnections()

        def give_up() -> None:
            if not closed.called:
                closed.callback(None)

        timer = reactor.callLater(self._disconnect_timeout, give_up)
        try:
            await maybe_deferred_to_future(closed)
        finally:
            if timer.active():
                timer.cancel()
