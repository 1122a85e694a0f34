"""The outlets of a project, and the one place that decides which outlet a URL belongs to (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from newsbot.outlets.profile import OutletProfile

GENERIC = "generic"
T = TypeVar("T")  # what is registered with each profile (a spider class, in a crawl)


class OutletRegistry(Generic[T]):
    """Outlets by name and by domain; built once, asked often."""

    def __init__(self, entries: Iterable[tuple[OutletProfile, T]]):
        self._by_name: dict[str, tuple[OutletProfile, T]] = {profile.name: (profile, value) for profile, value in entries}
        # (domain, name), the longest domain first: the most specific domain wins
        self._domains = sorted(
            ((domain, name) for name, (profile, _) in self._by_name.items() if name != GENERIC for domain in profile.domains),
            key=lambda pair: -len(pair[0]),
        )

    def names(self, *, drafts: bool = True) -> list[str]:
        """Every outlet's name, sorted (the generic profile excluded)."""
        return sorted(n for n, (p, _) in self._by_name.items() if n != GENERIC and (drafts or not p.draft))

    def get(self, name: str) -> T | None:
        entry = self._by_name.get(name)
        return entry[1] if entry else None

    def profile(self, name: str) -> OutletProfile | None:
        entry = self._by_name.get(name)
        return entry[0] if entry else None

    def for_url(self, url: str) -> T | None:
        """What is registered for the outlet whose domains hold the URL's host, or None."""
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        for domain, name in self._domains:
            if host == domain or host.endswith("." + domain):
                return self._by_name[name][1]
        return None
