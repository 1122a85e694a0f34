"""Where the third-party sample material lives: outside the repository, never copied into it.

``$NEWSBOT_CAPTURES`` (saved article pages) and ``$NEWSBOT_SEED`` (the aggregator
article the project was specified from) override the default ``../shared/…``
beside the repository root.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def captures_dir() -> Path:
    return Path(os.environ.get("NEWSBOT_CAPTURES") or REPO_ROOT.parent / "shared" / "captures")


def seed_dir() -> Path:
    return Path(os.environ.get("NEWSBOT_SEED") or REPO_ROOT.parent / "shared" / "seed")
