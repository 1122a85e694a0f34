"""What every state backend shares: the key hash, the day unit, the node name, the export format
and the near-duplicate verdict (pure: no Scrapy)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import numpy as np
import xxhash

from newsbot.core import neardup
from newsbot.defaults import setting

DAY = 86400
STATE_FORMAT = 1  # of `scrapy state export` files


def today() -> int:
    """Days since the epoch (UTC): the unit of the near-duplicate retention window."""
    return int(time.time()) // DAY


def key_hash(key: str) -> int:
    """A signed 64-bit integer: the row key of an article in every backend."""
    return xxhash.xxh3_64_intdigest(key.encode("utf-8")) - (1 << 63)


def outlet_of(key: str, claimant: str) -> str:
    """The outlet an article key belongs to (``<outlet>:<…>``), else the claimant's name."""
    outlet, colon, _ = key.partition(":")
    return outlet if colon else claimant


def node_name(settings) -> str:
    """Who claims articles: ``NEWSBOT_NODE``, else ``<host>:<absolute data directory>``.

    A claim whose line may sit in a killed run's ``.part`` file can only be settled by a run that
    sees that file: one on the same host with the same data directory. Other nodes wait for the
    claim to expire (``NEWSBOT_CLAIM_TTL``).
    """
    return setting(settings, "NEWSBOT_NODE") or f"{socket.gethostname()}:{Path(setting(settings, 'NEWSBOT_DATA_DIR')).resolve()}"


def outlet_id_pattern(outlet: str) -> str:
    """A LIKE pattern (escape character ``\\``) for the article ids of one outlet: ``<outlet>:…``."""
    return outlet.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + ":%"


class PendingRows:
    """Near-duplicate index rows waiting for one transaction (``batch`` articles): matched as the
    index would match them meanwhile, so every outlet of the process sees them at once."""

    def __init__(self, batch: int):
        self.batch = max(1, batch)
        self.entries: list[tuple[str, int]] = []  # (article id, day); row i of signatures
        self.signatures = np.empty((self.batch, neardup.NUM_PERM), dtype=np.uint32)

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, article_id: str, signature: np.ndarray, day: int) -> bool:
        """Keep a row; True when the batch is full (time to flush)."""
        self.signatures[len(self.entries)] = signature
        self.entries.append((article_id, day))
        return len(self.entries) >= self.batch

    def rows(self) -> list[tuple[str, int, np.ndarray]]:
        return [(article_id, day, sig) for (article_id, day), sig in zip(self.entries, self.signatures)]

    def clear(self) -> None:
        self.entries.clear()

    def matches(self, signature: np.ndarray, since_day: int) -> list[tuple[str, float]]:
        """(id, similarity) of the rows within the window that share a band's worth of values."""
        if not self.entries:
            return []
        scores = neardup.similarities(signature, self.signatures[: len(self.entries)])
        # a shared band means at least ROWS equal values: keep only those, as the index would
        return [
            (self.entries[i][0], float(scores[i]))
            for i in np.flatnonzero(scores >= neardup.ROWS / neardup.NUM_PERM)
            if self.entries[i][1] >= since_day
        ]


def check_export_header(header: dict | None) -> bool:
    """Raise on a file that is not a state export; return whether its near-duplicate signatures are comparable."""
    if not header or header.get("newsbot_state") != STATE_FORMAT:
        raise ValueError(f"not a newsbot state export (format {STATE_FORMAT}): {str(header)[:80]}")
    return header.get("neardup_index") == neardup.INDEX_VERSION


def near_duplicate_verdict(candidates: list[tuple[str, float]], article_id: str, threshold: float) -> tuple[tuple[str, float] | None, bool]:
    """(the first indexed article a body repeats or None, whether to index it as a first copy).

    An article already in the index (an earlier run was killed before writing it, or a refresh)
    is neither a copy of itself nor indexed again.
    """
    matches = [(other, score) for other, score in candidates if score >= threshold]
    if any(other == article_id for other, _ in matches):
        return None, False
    if not matches:
        return None, True
    return matches[0], False
