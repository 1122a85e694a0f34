"""Where the third-party sample material lives: outside the repository, never copied into it.

``$NEWSBOT_CAPTURES`` (saved article pages) and ``$NEWSBOT_SEED`` (the aggregator
article the project was specified from) override the default ``../shared/…``
beside the repository root.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from newsbot.core.identity import host_in_domains

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


def capture_urls(domains: tuple[str, ...]) -> list[str]:
    """The URLs of the saved pages (captures folder) on these domains; read where they are, never copied."""
    urls = []
    for meta in sorted(captures_dir().glob("*/*.meta.json")):
        url = json.loads(meta.read_text("utf-8"))["url"]
        if host_in_domains(url, domains):
            urls.append(url)
    return urls


def article_samples(name: str, domains: tuple[str, ...]) -> list[str]:
    """Real article URLs of an outlet: its urls.txt, then the URLs of its saved pages (if the captures are here)."""
    listed = sample_urls(name)
    return listed + [u for u in capture_urls(domains) if u not in listed]
