"""The one place that decides which outlet a URL belongs to."""

from __future__ import annotations

from scrapy.spiderloader import get_spider_loader

from newsbot.core.identity import host_in_domains
from newsbot.crawl.spider import OutletSpider

GENERIC = "generic"


def outlet_spiders(settings) -> list[type[OutletSpider]]:
    """Every outlet spider of the project, by name (the generic spider excluded)."""
    loader = get_spider_loader(settings)
    classes = [loader.load(name) for name in sorted(loader.list()) if name != GENERIC]
    return [cls for cls in classes if issubclass(cls, OutletSpider)]


def spider_for_url(url: str, settings) -> type[OutletSpider] | None:
    """The outlet spider whose domains hold the URL's host (the most specific domain wins)."""
    best, best_len = None, -1
    for cls in outlet_spiders(settings):
        for domain in cls.allowed_domains:
            if host_in_domains(url, [domain]) and len(domain) > best_len:
                best, best_len = cls, len(domain)
    return best


def generic_spider(settings) -> type[OutletSpider]:
    return get_spider_loader(settings).load(GENERIC)
