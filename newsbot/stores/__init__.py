"""State stores: the protocols (seen articles, claims, near-duplicate index, outlet lease) and their
backends. Imports no Scrapy or Twisted."""

from __future__ import annotations

import importlib

from newsbot.defaults import setting

SQLITE = "newsbot.stores.sqlite.SQLiteStores"
POSTGRES = "newsbot.stores.postgres.PostgresStores"


def backend_class(settings):
    """The class that opens the state: ``NEWSBOT_STORES`` when set, else PostgreSQL when
    ``NEWSBOT_STATE_URL`` is, else the embedded SQLite state."""
    path = setting(settings, "NEWSBOT_STORES") or (POSTGRES if setting(settings, "NEWSBOT_STATE_URL") else SQLITE)
    if not isinstance(path, str):  # a class given directly (tests, an embedding program)
        return path
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def faults_of(backend) -> tuple[type[BaseException], ...]:
    """What a backend's calls raise when the state fails (a lock past its timeout, a full disk, a
    server gone): counted by the crawl, never a crash. A backend of one's own may declare none."""
    return getattr(backend, "faults", (OSError,))
