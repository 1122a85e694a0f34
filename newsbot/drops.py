"""Named drops: every item that does not reach the output is counted by reason."""

from __future__ import annotations

from scrapy.exceptions import DropItem

STATS_PREFIX = "newsbot/drop/"


class ArticleDropped(DropItem):
    """A DropItem that carries its reason, counted as ``newsbot/drop/<reason>``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason, log_level="INFO")
        self.reason = reason


def drop(stats, reason: str, detail: str = "") -> ArticleDropped:
    """Count the drop and return the exception to raise."""
    stats.inc_value(STATS_PREFIX + reason)
    return ArticleDropped(reason, detail)
