"""Named drops: every item that does not reach the output is counted by reason."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from newsbot.crawl.stats import DROP as STATS_PREFIX

# Dedup's drops: the article is in the output already, so they are not drops of a URL that gave nothing.
NOT_RECORDED_AS_DROPS = ("duplicate_id", "written_before")
# Faults of this machine, not of the page: nothing is recorded, so the next run tries the article again.
FAULTS = ("storage_error", "state_error")
# The drops that mean the article itself is in the output (not a loss, for health).
ARTICLE_OUTCOMES = NOT_RECORDED_AS_DROPS + ("near_duplicate",)


class ArticleDropped(DropItem):
    """A DropItem that carries its reason, counted as ``newsbot/drop/<reason>``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason, log_level="INFO")
        self.reason = reason


# Signal sent for a URL that gave no item (a failed request, an undecodable page):
# handlers get url, reason, detail, response (None when no page came back) and key
# (the article key discovery gave the URL, None for a URL that was no article request).
# Items dropped by a pipeline arrive through Scrapy's own item_dropped signal instead.
url_dropped = object()


def record_drop(crawler, reason: str, url: str, detail: str = "", response=None, key: str | None = None, outlet: str | None = None) -> None:
    """Count a URL that gave no item under its reason and announce it (the state and run reports listen).
    ``outlet``: the URL's outlet when the run reads several (an archive backfill)."""
    crawler.stats.inc_value(STATS_PREFIX + reason)
    crawler.signals.send_catch_log(url_dropped, url=url, reason=reason, detail=detail, response=response, key=key, outlet=outlet)


def drop(stats, reason: str, detail: str = "") -> ArticleDropped:
    """Count the drop and return the exception to raise."""
    stats.inc_value(STATS_PREFIX + reason)
    return ArticleDropped(reason, detail)


def failure_reason(exc: BaseException) -> str:
    """A short name for why a request produced no page (for ``newsbot/drop/<reason>``)."""
    from scrapy import exceptions as scrapy_exc
    from scrapy.spidermiddlewares.httperror import HttpError

    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, scrapy_exc.IgnoreRequest):
        text = str(exc).lower()
        if "robots.txt" in text:
            return "robots"
        if "offsite" in text:
            return "offsite"
        if "redirect loop" in text:
            return "redirect_loop"
        if "retry-after" in text:
            return "retry_after_too_long"
        if "unreachable" in text:
            return "unreachable"
        return "ignored"
    named = {
        "DownloadTimeoutError": "timeout",
        "TimeoutError": "timeout",
        "DownloadCancelledError": "too_large",
        "CannotResolveHostError": "unreachable",
        "DNSLookupError": "unreachable",
        "DownloadConnectionRefusedError": "unreachable",
        "ConnectionRefusedError": "unreachable",
        "ResponseDataLossError": "data_loss",
    }
    for cls in type(exc).__mro__:
        if cls.__name__ in named:
            return named[cls.__name__]
    return "download_error"


def drops_in(stats: dict) -> dict[str, int]:
    """Drop counts by reason, from a run's stats."""
    return {k.removeprefix(STATS_PREFIX): v for k, v in stats.items() if k.startswith(STATS_PREFIX)}
