"""The project's outlet spiders, loaded once per spider-module list (newsbot.outlets.registry).

``OutletSpiderLoader`` (``SPIDER_LOADER_CLASS``) is Scrapy's loader with two
differences: a wrong declaration in an outlet file ends the command with its
message (file, attribute, valid values) instead of a traceback, and a draft
outlet is not listed, so `scrapy list`, `crawlall` and scrapyd leave it alone
until its required facts are filled in. `scrapy crawl DRAFT` still runs it.
"""

from __future__ import annotations

import sys
from functools import lru_cache

from scrapy.utils.misc import walk_modules_iter
from scrapy.utils.spider import iter_spider_classes

from newsbot.crawl.spider import OutletSpider
from newsbot.outlets.profile import OutletDeclarationError
from newsbot.outlets.registry import GENERIC, OutletRegistry


def _is_draft(spidercls) -> bool:
    return bool(getattr(getattr(spidercls, "profile", None), "draft", False))


@lru_cache(maxsize=8)
def spider_classes(spider_modules: tuple[str, ...]) -> dict[str, type]:
    """Every spider class of the modules, by name, imported once per process."""
    found: dict[str, type] = {}
    try:
        for package in spider_modules:
            for module in walk_modules_iter(package):
                for spidercls in iter_spider_classes(module):
                    found[spidercls.name] = spidercls
    except OutletDeclarationError as exc:
        print(f"newsbot: an outlet file is wrong: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    return found


class OutletSpiderLoader:
    """Scrapy's spider-loader interface over ``spider_classes``; drafts are loadable but not listed."""

    def __init__(self, settings):
        self.spiders = spider_classes(tuple(settings.getlist("SPIDER_MODULES")))

    @classmethod
    def from_settings(cls, settings) -> OutletSpiderLoader:
        return cls(settings)

    def load(self, spider_name: str) -> type:
        try:
            return self.spiders[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> list[str]:
        return [name for name, cls in self.spiders.items() if not _is_draft(cls)]

    def drafts(self) -> list[str]:
        return sorted(name for name, cls in self.spiders.items() if _is_draft(cls))

    def find_by_request(self, request) -> list[str]:
        return [name for name, cls in self.spiders.items() if cls.handles_request(request)]


@lru_cache(maxsize=8)
def _registry(spider_modules: tuple[str, ...]) -> OutletRegistry[type[OutletSpider]]:
    classes = spider_classes(spider_modules).values()
    return OutletRegistry((cls.profile, cls) for cls in classes if issubclass(cls, OutletSpider))


def registry(settings) -> OutletRegistry[type[OutletSpider]]:
    return _registry(tuple(settings.getlist("SPIDER_MODULES")))


def outlet_spiders(settings, *, drafts: bool = False) -> list[type[OutletSpider]]:
    """Every outlet spider of the project, by name (the generic spider excluded; drafts only on request)."""
    found = registry(settings)
    return [found.get(name) for name in found.names(drafts=drafts)]


def spider_for_url(url: str, settings) -> type[OutletSpider] | None:
    """The outlet spider whose domains hold the URL's host (the most specific domain wins)."""
    return registry(settings).for_url(url)


def generic_spider(settings) -> type[OutletSpider]:
    return registry(settings).get(GENERIC)
