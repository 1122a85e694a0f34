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


def outlet_samples_dir(name: str) -> Path:
    """tests/outlets/<name>/: real article URLs seen in public material (URLs only, no pages)."""
    return REPO_ROOT / "tests" / "outlets" / name


def sample_urls(name: str, file: str = "urls.txt") -> list[str]:
    """The URLs of an outlet's sample file (``urls.txt``: articles; ``not-articles.txt``: other pages), comments left out."""
    path = outlet_samples_dir(name) / file
    if not path.is_file():
        return []
    lines = (line.strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]
