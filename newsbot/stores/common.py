"""What every state backend shares: the key hash, the day unit, the node name, the export format
and the near-duplicate verdict (pure: no Scrapy)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

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
