"""What extraction needs to know about an outlet, as a plain value.

Spiders declare these facts as class attributes; ``OutletProfile.from_spider``
turns them into this frozen value so extraction never touches Scrapy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Mapping

# Fields an outlet may give a selector for.
SELECTOR_FIELDS = ("title", "lead", "body", "authors", "published", "modified", "section", "tags", "image")


@dataclass(frozen=True)
class Layout:
    """One version of an outlet's page layout: a redesign adds a Layout instead of breaking old pages.

    A layout applies when its ``detect`` selector matches the page, or, with no
    ``detect``, when the article's URL date is before ``before`` (YYYY-MM-DD).
    Its selectors and drops are laid over the outlet's own.
    """

    name: str
    detect: str | None = None
    before: str | None = None
    selectors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    drop: tuple[str, ...] = ()

    def __post_init__(self):
        unknown = set(self.selectors) - set(SELECTOR_FIELDS)
        if unknown:
            raise ValueError(f"layout {self.name!r}: unknown selector fields {sorted(unknown)}")
        if not self.detect and not self.before:
            raise ValueError(f"layout {self.name!r}: give detect= or before=")
        object.__setattr__(self, "selectors", MappingProxyType(dict(self.selectors)))
        object.__setattr__(self, "drop", tuple(self.drop))


@dataclass(frozen=True)
class Listing:
    """A paginated HTML listing (a section or archive page) an outlet declares for backfills.

    ``url`` is the first page; ``next`` selects the link to the following page
    (CSS, or XPath starting with "/"; an element's ``href`` or an ``::attr()``
    value); ``max_pages`` caps the walk; ``links``, when given, narrows where
    article links are taken from (say ``"div.bigOneSec h3 a"``), otherwise every
    link on the page that matches the outlet's ``article_url`` and domains is one.
    """

    url: str
    next: str | None = None
    max_pages: int = 20
    links: str | None = None

    def __post_init__(self):
        if self.max_pages < 1:
            raise ValueError(f"listing {self.url!r}: max_pages must be at least 1")


@dataclass(frozen=True)
class OutletProfile:
    name: str = "generic"
    outlet_name: str | None = None
    country: str | None = None
    language: str = "ar"
    timezone: str | None = None
    domains: tuple[str, ...] = ()
    # Article URL pattern; an ``id`` group names the outlet's own article id,
    # ``year``/``month``/``day`` groups give a date when the page has none.
    article_url: re.Pattern[str] | None = None
    selectors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    drop: tuple[str, ...] = ()
    # Declared quirk: the page labels local wall-clock time as UTC ("...Z").
    utc_is_local: bool = False
    layouts: tuple[Layout, ...] = ()
    # Bylines on this outlet that name no person (site handles such as "akhbarelyom").
    not_authors: tuple[str, ...] = ()
    # Per field, sources this outlet fills with boilerplate: {"lead": ("meta",)}.
    distrust: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_spider(cls, spider) -> "OutletProfile":
        """From an outlet spider class (or instance, whose arguments may set domains)."""
        pattern = getattr(spider, "article_url", None)
        selectors = dict(getattr(spider, "selectors", {}) or {})
        unknown = set(selectors) - set(SELECTOR_FIELDS)
        unknown |= set(getattr(spider, "distrust", {}) or {}) - set(SELECTOR_FIELDS)
        if unknown:
            raise ValueError(f"{spider.name}: unknown fields {sorted(unknown)} in selectors/distrust")
        return cls(
            name=spider.name,
            outlet_name=getattr(spider, "outlet_name", None),
            country=getattr(spider, "country", None),
            language=getattr(spider, "language", "ar"),
            timezone=getattr(spider, "timezone", None),
            domains=tuple(getattr(spider, "allowed_domains", ()) or ()),
            article_url=re.compile(pattern) if isinstance(pattern, str) else pattern,
            selectors=MappingProxyType(selectors),
            drop=tuple(getattr(spider, "drop", ()) or ()),
            utc_is_local=bool(getattr(spider, "utc_is_local", False)),
            layouts=tuple(getattr(spider, "layouts", ()) or ()),
            not_authors=tuple(getattr(spider, "not_authors", ()) or ()),
            distrust=MappingProxyType({k: tuple(v) for k, v in (getattr(spider, "distrust", {}) or {}).items()}),
        )

    def with_layout(self, layout: Layout) -> "OutletProfile":
        """This profile with a layout's selectors and drops laid over its own."""
        from dataclasses import replace

        return replace(
            self,
            selectors=MappingProxyType({**self.selectors, **layout.selectors}),
            drop=self.drop + layout.drop,
            layouts=(),
        )

    def match_article_url(self, url: str) -> re.Match[str] | None:
        if self.article_url is None:
            return None
        from urllib.parse import unquote

        return self.article_url.search(unquote(url))

    def url_day(self, url: str) -> date | None:
        """The day the article URL's ``year``/``month``/``day`` groups give, or None."""
        match = self.match_article_url(url)
        groups = match.groupdict() if match else {}
        if not (groups.get("year") and groups.get("month") and groups.get("day")):
            return None
        try:
            return date(int(groups["year"]), int(groups["month"]), int(groups["day"]))
        except ValueError:
            return None
