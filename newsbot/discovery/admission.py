"""Which discovered article URLs a run requests: values in, verdicts out (pure).

Every article URL, whatever found it (a feed, a sitemap, a listing page), goes
through ``Admission.admit``: on the outlet's domains and URL pattern, inside the
window, not already requested in this run, not settled by an earlier run
(written, or dropped ``max_drops`` times), under the limit. A batch of entries
costs one lookup in the seen store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from newsbot.core.dates import zone
from newsbot.core.identity import article_id, host_in_domains
from newsbot.discovery.listings import Entry, before_window
from newsbot.outlets.profile import OutletProfile
from newsbot.stores.protocols import SeenStore

REQUEST = "request"
# Verdicts for entries not requested, as counted under newsbot/discovery/skipped/<verdict>.
NOT_ARTICLE, OLD_ARTICLE, SEEN, WRITTEN_BEFORE, DROPPED_BEFORE, LIMIT = (
    "not_article", "old_article", "seen", "written_before", "dropped_before", "limit",
)


@dataclass(frozen=True)
class Window:
    """The run's date window: ``since`` (None: no window) and whether it is a backfill."""

    since: datetime | None
    backfill: bool = False

    @classmethod
    def of(cls, *, days: int, since: str | None, timezone: str | None, now: datetime) -> Window:
        """``since`` (YYYY-MM-DD, in the outlet's zone) makes a backfill; else the last ``days`` (0: none)."""
        if since:
            day = datetime.strptime(since, "%Y-%m-%d").date()
            return cls(datetime.combine(day, time(), tzinfo=zone(timezone)), backfill=True)
        return cls(now - timedelta(days=days) if days > 0 else None)


def article_key(outlet: OutletProfile, url: str) -> str:
    """The article's id: ``<outlet>:<native id>`` when the URL pattern gives one, else a URL hash."""
    match = outlet.match_article_url(url)
    return article_id(outlet.name, url, match.groupdict().get("id") if match else None)


class Admission:
    """One run's admission of article URLs (its only per-run memory: what it scheduled and settled)."""

    def __init__(
        self, outlet: OutletProfile, window: Window, *, limit: int | None = None, refresh: bool = False,
        max_drops: int = 3, seen: SeenStore | None = None,
    ):
        self.outlet = outlet
        self.window = window
        self.limit = limit or None
        self.refresh = refresh
        self.max_drops = max_drops
        self.seen = seen  # set when the crawl's stores are open; None: no state (every URL is new)
        self.scheduled: set[str] = set()
        self.settled: set[str] = set()  # written or given up on by earlier runs: not requested

    def limit_reached(self) -> bool:
        return self.limit is not None and len(self.scheduled) >= self.limit

    def is_article_url(self, url: str) -> bool:
        if not host_in_domains(url, self.outlet.domains):
            return False
        return self.outlet.article_url is None or self.outlet.match_article_url(url) is not None

    def key(self, url: str) -> str:
        return article_key(self.outlet, url)

    def admit(self, entries: Iterable[Entry]) -> list[tuple[Entry, str, str | None]]:
        """Each entry with its verdict (REQUEST or why not) and its key (None when not an article)."""
        checked: list[tuple[Entry, str | None, str | None]] = []
        for entry in entries:
            if not self.is_article_url(entry.url):
                checked.append((entry, NOT_ARTICLE, None))
            elif before_window(entry, self.window.since):
                checked.append((entry, OLD_ARTICLE, None))
            else:
                checked.append((entry, None, self.key(entry.url)))
        earlier: dict[str, str] = {}
        if self.seen is not None and not self.refresh:
            # Checked before download, in one lookup: an article an earlier run wrote costs no request.
            fresh = {key for _, verdict, key in checked if key is not None and verdict is None and key not in self.scheduled and key not in self.settled}
            earlier = self.seen.settled(fresh, self.max_drops) if fresh else {}
        out: list[tuple[Entry, str, str | None]] = []
        for entry, verdict, key in checked:
            if verdict is not None or key is None:
                out.append((entry, verdict or NOT_ARTICLE, key))
            elif key in self.scheduled or key in self.settled:
                out.append((entry, SEEN, key))
            elif key in earlier:
                # Once per article and run: a feed, a sitemap and a listing page naming it count as one.
                self.settled.add(key)
                out.append((entry, WRITTEN_BEFORE if earlier[key] == "written" else DROPPED_BEFORE, key))
            elif self.limit_reached():
                out.append((entry, LIMIT, key))
            else:
                self.scheduled.add(key)
                out.append((entry, REQUEST, key))
        return out
