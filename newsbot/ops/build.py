"""What produced a run: newsbot's version, the git commit of the checkout, a hash of the settings.

A report that says "the volume halved" is read next to "and the config changed" or "and the code
moved to commit …": these answer which.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any

# Settings that differ between runs of the same configuration: left out of the hash.
VOLATILE_SETTINGS = frozenset({"NEWSBOT_RUN_ID", "LOG_FILE", "LOG_FILE_APPEND", "LOG_ENABLED", "LOG_LEVEL", "LOG_STDOUT"})
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def version() -> str | None:
    try:
        return metadata.version("newsbot")
    except metadata.PackageNotFoundError:
        return None


def git_commit(start: Path = PROJECT_ROOT) -> str | None:
    """The commit checked out at ``start`` or a parent, read from ``.git`` (no git binary, no
    subprocess); None outside a checkout (an installed egg under scrapyd)."""
    for directory in (start, *start.parents):
        git = directory / ".git"
        if git.is_file():  # a worktree: "gitdir: <path>"
            text = git.read_text("utf-8").strip()
            git = (directory / text.removeprefix("gitdir:").strip()).resolve()
        if not git.is_dir():
            continue
        try:
            head = (git / "HEAD").read_text("utf-8").strip()
        except OSError:
            return None
        if not head.startswith("ref:"):
            return head or None
        ref = head.removeprefix("ref:").strip()
        common = git / "commondir"
        roots = [git, (git / common.read_text("utf-8").strip()).resolve()] if common.is_file() else [git]
        for root in roots:
            loose = root / ref
            if loose.is_file():
                return loose.read_text("utf-8").strip() or None
            packed = root / "packed-refs"
            if packed.is_file():
                for line in packed.read_text("utf-8").splitlines():
                    sha, _, name = line.partition(" ")
                    if name == ref:
                        return sha
        return None
    return None


def _plain(value: Any) -> Any:
    """Settings as JSON values, the same between runs: keys as text (Scrapy takes classes as the keys of
    EXTENSIONS or ITEM_PIPELINES), paths as paths, classes and functions by name (a repr would carry a
    memory address)."""
    if isinstance(value, dict):
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return _key(value)


def _key(value: Any) -> str:
    if isinstance(value, str):
        return value
    name = getattr(value, "__qualname__", None)
    return f"{getattr(value, '__module__', '')}.{name}" if name else type(value).__name__


def config_hash(settings: dict[str, Any]) -> str:
    """A short hash of the effective settings (volatile ones left out): equal between runs of one config."""
    kept = {k: v for k, v in settings.items() if k not in VOLATILE_SETTINGS}
    text = json.dumps(_plain(kept), sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def build_info(settings: dict[str, Any], arguments: dict[str, Any]) -> dict[str, Any]:
    return {"version": version(), "commit": git_commit(), "config_hash": config_hash(settings), "arguments": dict(sorted(arguments.items()))}
