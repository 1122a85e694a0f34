"""What the crawl asks of its state, as narrow protocols (pure: no Scrapy).

A backend implements them all: a class with ``from_settings(settings)``,
``leases_for(settings)`` and ``faults`` (what its calls raise when the state
fails), chosen by newsbot.stores.backend_class. SQLite (newsbot.stores.sqlite)
is the embedded default; PostgreSQL (newsbot.stores.postgres) is shared by
several machines.

Keys are article ids (``<outlet>:<native id or URL hash>``) or the key
discovery gave a URL; stores may keep them hashed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Protocol

import numpy as np

WRITTEN, DROPPED = "written", "dropped"


class StateUnavailable(Exception):
    """The backend cannot open its state at all (a corrupt file, no permission, a server down):
    the run does not start, and says why in one line."""


class SeenStore(Protocol):
    """Which articles earlier runs wrote, and how often a URL gave no article."""

    def written(self, key: str) -> bool: ...
    def drops(self, key: str) -> int: ...
    def settled(self, keys: Iterable[str], max_drops: int) -> dict[str, str]:
        """Batched lookup: the keys an earlier run settled, as WRITTEN or DROPPED (dropped ``max_drops`` times)."""
        ...
    def mark_written(self, keys: Iterable[str], outlet: str) -> None: ...
    def mark_dropped(self, key: str, outlet: str) -> None: ...


class ClaimStore(Protocol):
    """The right to write an article: atomic, so two runs never both write one id."""

    def claim(self, key: str, claimant: str) -> bool:
        """True for exactly one caller while the article is unwritten and unclaimed (a claim older than
        the store's claim TTL is void)."""
        ...
    def release_claims(self, claimant: str) -> int:
        """Void the claimant's claims that this node made and never wrote (called by the holder of the
        claimant's lease, once the node's leftover files are finalised)."""
        ...


class NearDupIndex(Protocol):
    """MinHash signatures of first copies, for the retention window (newsbot.core.neardup)."""

    def similar(self, signature: np.ndarray, since_day: int) -> list[tuple[str, float]]: ...
    def first_copy(self, article_id: str, signature: np.ndarray, day: int, since_day: int, threshold: float) -> tuple[str, float] | None:
        """The first indexed article this signature repeats, or None after indexing it: atomic, so of
        two copies checked at once one is the first (newsbot.stores.common.near_duplicate_verdict)."""
        ...
    def index_signature(self, article_id: str, signature: np.ndarray, day: int) -> None: ...
    def flush(self) -> None: ...
    def prune_signatures(self, before_day: int) -> int: ...


class OutletLease(Protocol):
    """One run per outlet at a time, however it was started."""

    def acquire(self, outlet: str) -> bool: ...
    def release(self, outlet: str) -> None: ...
    def where(self, outlet: str) -> str:
        """Where the lease lives, for messages."""
        ...


class ArchiveProgress(Protocol):
    """How far each archive file (a CC-NEWS WARC) has been read, by file name."""

    def progress(self, name: str) -> tuple[int | None, bool]:
        """(the offset of the last record handled, or None for a file not started; whether it is done)."""
        ...

    def record_progress(self, name: str, offset: int | None, done: bool = False) -> None: ...


class StateAdmin(Protocol):
    """What `scrapy state show|reset` asks of a backend."""

    def outlet_summary(self, outlet: str, max_drops: int, newest: int = 10) -> dict: ...
    def forget_outlet(self, outlet: str) -> dict[str, int]: ...
    def export_rows(self) -> Iterator[dict]:
        """A header record, then every row as a backend-neutral record (JSON-able)."""
        ...
    def import_rows(self, rows: Iterable[dict]) -> Counter: ...


class Stores(Protocol):
    """An open backend: its stores, closed together."""

    seen: SeenStore
    claims: ClaimStore
    neardup: NearDupIndex
    leases: OutletLease
    archive: ArchiveProgress
    admin: StateAdmin

    def close(self) -> None: ...
