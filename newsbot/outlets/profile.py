"""An outlet as a plain, validated value: what the outlet file declares, apart from Scrapy.

An outlet file (``spiders/<name>.py``) declares facts as class attributes;
``declare`` reads them into a frozen ``OutletProfile`` when the class is
created, and refuses a wrong one at once with the file, the attribute and the
valid values (``OutletDeclarationError``). Missing required facts do not raise:
they make the outlet a *draft*, which scheduled runs (``crawlall``, scrapyd)
leave alone until it is filled in.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from newsbot.core.select import check_query

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
            raise ValueError(f"layout {self.name!r}: unknown selector fields {sorted(unknown)}; valid: {', '.join(SELECTOR_FIELDS)}")
        if not self.detect and not self.before:
            raise ValueError(f"layout {self.name!r}: give detect= or before=")
        for query in (self.detect, *self.selectors.values(), *self.drop):
            problem = query and check_query(query)
            if problem:
                raise ValueError(f"layout {self.name!r}: selector {query!r} does not parse ({problem})")
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


# Sources a field can come from, in the order they are tried (see newsbot.extraction.fields).
# `distrust` may name any of them for a field; the body's order is fixed and not distrusted.
FIELD_SOURCES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "title": ("jsonld", "meta", "selector", "generic"),
    "lead": ("jsonld", "meta", "selector"),
    "authors": ("jsonld", "meta", "selector", "byline"),
    "published": ("jsonld", "meta", "selector", "discovery", "url", "visible"),
    "modified": ("jsonld", "meta", "selector", "visible"),
    "section": ("jsonld", "meta", "selector"),
    "tags": ("jsonld", "meta", "selector"),
    "image": ("jsonld", "meta", "selector"),
})
URL_GROUPS = ("id", "year", "month", "day")
# What a feed or sitemap is: RSS or Atom; a sitemap index, a plain sitemap (urlset) or a Google News sitemap.
ENDPOINT_FORMATS = ("rss", "atom", "index", "urlset", "news")
FEED_FORMATS = ("rss", "atom")
# One public source of an endpoint: "owner/repo:path" (a file of a public repository that shows it).
CITATION = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+:[^\s:][^\s]*")
# The key under which `provenance` cites the article-URL pattern's sources.
ARTICLE_URL = "article_url"
# Facts an outlet must declare before scheduled runs take it (a draft lacks some).
REQUIRED = ("outlet_name", "country", "timezone", "allowed_domains")
_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
_COUNTRY_RE = re.compile(r"[A-Z]{2}")


class OutletDeclarationError(ValueError):
    """A wrong fact in an outlet file: names the file, the attribute and what is valid."""


@dataclass(frozen=True)
class OutletProfile:
    name: str = "generic"
    outlet_name: str | None = None
    country: str | None = None
    language: str = "ar"
    timezone: str | None = None
    domains: tuple[str, ...] = ()
    home: str | None = None  # where robots.txt is looked up; default https://www.<first domain>/
    feeds: tuple[str, ...] = ()  # RSS/Atom
    sitemaps: tuple[str, ...] = ()  # sitemap indexes, plain and Google News sitemaps
    listings: tuple[Listing, ...] = ()  # paginated HTML listings, walked by backfills
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
    # Other names the outlet puts beside headlines ("X | الجزيرة نت"): stripped from titles, never authors.
    site_names: tuple[str, ...] = ()
    # Endpoint URL -> one of ENDPOINT_FORMATS (a feed not named is RSS).
    formats: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Endpoint URL (or "article_url") -> the public sources it was taken from, "owner/repo:path" each.
    provenance: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # Per field, sources this outlet fills with boilerplate: {"lead": ("meta",)}.
    distrust: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # Labels this outlet prints before its publication dates, beyond date_words.toml's ("صدر في").
    date_labels: tuple[str, ...] = ()
    # Numeric dates such as 04/05/2020 are day-first (Arabic usage) unless the outlet says otherwise.
    day_first: bool = True
    # Required facts not yet declared: a draft (see REQUIRED).
    missing: tuple[str, ...] = ()

    @property
    def draft(self) -> bool:
        return bool(self.missing)

    def endpoint_format(self, url: str) -> str | None:
        """What a declared feed or sitemap is (see ENDPOINT_FORMATS); None for a sitemap not described."""
        return self.formats.get(url) or ("rss" if url in self.feeds else None)

    def single_sourced(self) -> list[str]:
        """The declared endpoints (and "article_url") that rest on fewer than two public sources."""
        cited = [*self.feeds, *self.sitemaps] + ([ARTICLE_URL] if self.article_url is not None else [])
        return [key for key in cited if len(self.provenance.get(key, ())) < 2]

    def robots_url(self) -> str:
        parts = urlsplit(self.home or f"https://www.{self.domains[0]}/")
        return f"{parts.scheme}://{parts.netloc}/robots.txt"

    def with_layout(self, layout: Layout) -> OutletProfile:
        """This profile with a layout's selectors and drops laid over its own."""
        return replace(
            self,
            selectors=MappingProxyType({**self.selectors, **layout.selectors}),
            drop=self.drop + layout.drop,
            layouts=(),
        )

    def match_article_url(self, url: str) -> re.Match[str] | None:
        if self.article_url is None:
            return None
        return _search(self.article_url, url)

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


@lru_cache(maxsize=4096)  # asked several times per page (id, date, layout) with the same URL
def _search(pattern: re.Pattern[str], url: str) -> re.Match[str] | None:
    return pattern.search(unquote(url))


def _unset(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and value.strip().upper().startswith("TODO")) or (
        isinstance(value, (list, tuple)) and not value
    )


def _where(declared: Any) -> str:
    cls = declared if isinstance(declared, type) else type(declared)
    module = sys.modules.get(cls.__module__)
    try:
        path = inspect.getsourcefile(cls) or getattr(module, "__file__", None)
    except (TypeError, OSError):  # a class made at run time (tests, the interpreter)
        path = getattr(module, "__file__", None)
    return f"{path or cls.__module__}: {cls.__name__}"


def declare(declared: Any) -> OutletProfile:
    """The outlet a class (or instance) declares, checked fact by fact.

    Raises OutletDeclarationError naming the file, the attribute and the valid values.
    """
    where = _where(declared)

    def fail(attribute: str, problem: str, valid: str) -> OutletDeclarationError:
        return OutletDeclarationError(f"{where}.{attribute}: {problem}; valid: {valid}")

    def get(attribute: str, default: Any = None) -> Any:
        return getattr(declared, attribute, default)

    name = get("name") or ""
    if not _NAME_RE.fullmatch(name):
        raise fail("name", f"{name!r} is not a spider name", "lowercase letters, digits and _, starting with a letter")
    required = get("requires", REQUIRED)
    missing = tuple(a for a in required if _unset(get(a)))

    country = get("country")
    if not _unset(country) and not _COUNTRY_RE.fullmatch(str(country)):
        raise fail("country", f"{country!r} is not a country code", "ISO 3166-1 alpha-2 in capitals, e.g. EG, LB, AE")
    zone = get("timezone")
    if not _unset(zone):
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            close = sorted(z for z in available_timezones() if z.lower().endswith(str(zone).lower().rsplit("/", 1)[-1]))[:3]
            raise fail("timezone", f"{zone!r} is not an IANA time zone", "an IANA name such as Africa/Cairo" + (f" (did you mean {', '.join(close)}?)" if close else "")) from None

    domains = tuple(d.lower().strip() for d in get("allowed_domains", ()) or ())
    for domain in domains:
        if "/" in domain or ":" in domain or not re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", domain):
            raise fail("allowed_domains", f"{domain!r} is not a domain", "bare domains such as youm7.com (no scheme, no path)")
    for attribute in ("home", "feeds", "sitemaps"):
        value = get(attribute)
        urls = [value] if isinstance(value, str) else list(value or ())
        for url in urls:
            if _unset(url):
                continue
            if not str(url).startswith(("http://", "https://")):
                raise fail(attribute, f"{url!r} is not an http(s) URL", "absolute http:// or https:// URLs")
            host = (urlsplit(url).hostname or "").lower()
            if domains and not any(host == d or host.endswith("." + d) for d in domains):
                raise fail(attribute, f"{url!r} is not on the outlet's domains (it would be dropped as offsite)", ", ".join(domains))
    listings = tuple(get("listings", ()) or ())
    for listing in listings:
        if not isinstance(listing, Listing):
            raise fail("listings", f"{listing!r} is not a Listing", "newsbot.outlets.profile.Listing(url, next=..., links=..., max_pages=...)")
    layouts = tuple(get("layouts", ()) or ())
    for layout in layouts:
        if not isinstance(layout, Layout):
            raise fail("layouts", f"{layout!r} is not a Layout", "newsbot.outlets.profile.Layout(name, detect=... or before=...)")

    pattern = get("article_url")
    try:
        compiled = re.compile(pattern) if isinstance(pattern, str) else pattern
    except re.error as exc:
        raise fail("article_url", f"the regex does not compile ({exc})", "a Python regular expression") from None
    if compiled is not None:
        unknown = set(compiled.groupindex) - set(URL_GROUPS)
        if unknown:
            raise fail("article_url", f"unknown group names {sorted(unknown)}", "(?P<id>...), (?P<year>...), (?P<month>...), (?P<day>...)")
        dated = {"year", "month", "day"} & set(compiled.groupindex)
        if dated and len(dated) != 3:
            raise fail("article_url", f"groups {sorted(dated)} without the others", "all three of year, month and day, or none")

    selectors = dict(get("selectors", {}) or {})
    for key, query in selectors.items():
        if key not in SELECTOR_FIELDS:
            raise fail("selectors", f"unknown field {key!r}", ", ".join(SELECTOR_FIELDS))
        problem = check_query(query) if isinstance(query, str) and query.strip() else "not a non-empty string"
        if problem:
            raise fail("selectors", f"{key!r}: {query!r} does not parse ({problem})", "a CSS selector, or XPath starting with /, ( or ./")
    drop = tuple(get("drop", ()) or ())
    for query in drop:
        problem = check_query(query) if isinstance(query, str) and query.strip() else "not a non-empty string"
        if problem:
            raise fail("drop", f"{query!r} does not parse ({problem})", "CSS selectors, or XPath starting with /, ( or ./")
    distrust = dict(get("distrust", {}) or {})
    for key, sources in distrust.items():
        if key not in FIELD_SOURCES:
            raise fail("distrust", f"unknown field {key!r}", ", ".join(FIELD_SOURCES))
        sources = (sources,) if isinstance(sources, str) else tuple(sources)
        wrong = [s for s in sources if s not in FIELD_SOURCES[key]]
        if wrong:
            raise fail("distrust", f"{key!r}: unknown sources {wrong}", ", ".join(FIELD_SOURCES[key]))
        distrust[key] = sources

    feeds = tuple(u for u in get("feeds", ()) or () if not _unset(u))
    sitemaps = tuple(u for u in get("sitemaps", ()) or () if not _unset(u))
    endpoints = set(feeds) | set(sitemaps)
    cls = declared if isinstance(declared, type) else type(declared)

    def described(attribute: str) -> dict:
        """``formats`` or ``provenance``: a subclass that declares other endpoints inherits only the entries of its own."""
        entries = dict(get(attribute, {}) or {})
        if attribute in vars(cls):
            return entries
        return {key: value for key, value in entries.items() if key in endpoints or key == ARTICLE_URL}

    formats = described("formats")
    for url, kind in formats.items():
        if url not in endpoints:
            raise fail("formats", f"{url!r} is not one of the outlet's feeds or sitemaps", "the URLs in feeds and sitemaps")
        allowed = FEED_FORMATS if url in feeds else ENDPOINT_FORMATS[2:]
        if kind not in allowed:
            raise fail("formats", f"{url!r}: {kind!r} is not a {'feed' if url in feeds else 'sitemap'} format", ", ".join(allowed))
    provenance = {}
    for key, sources in described("provenance").items():
        if key != ARTICLE_URL and key not in endpoints:
            raise fail("provenance", f"{key!r} is not one of the outlet's feeds or sitemaps", f"those URLs, or {ARTICLE_URL!r}")
        sources = (sources,) if isinstance(sources, str) else tuple(sources)
        wrong = [s for s in sources if not isinstance(s, str) or not CITATION.fullmatch(s)]
        if wrong or not sources:
            raise fail("provenance", f"{key!r}: {wrong or 'no source'} is not a citation", '"owner/repo:path" per public source')
        provenance[key] = sources

    return OutletProfile(
        name=name,
        outlet_name=None if _unset(get("outlet_name")) else get("outlet_name"),
        country=None if _unset(country) else country,
        language=get("language", "ar") or "ar",
        timezone=None if _unset(zone) else zone,
        domains=domains,
        home=None if _unset(get("home")) else get("home"),
        feeds=feeds,
        sitemaps=sitemaps,
        listings=listings,
        article_url=compiled,
        selectors=MappingProxyType(selectors),
        drop=drop,
        utc_is_local=bool(get("utc_is_local", False)),
        layouts=layouts,
        not_authors=tuple(get("not_authors", ()) or ()),
        site_names=tuple(get("site_names", ()) or ()),
        formats=MappingProxyType(formats),
        provenance=MappingProxyType(provenance),
        distrust=MappingProxyType(distrust),
        date_labels=tuple(get("date_labels", ()) or ()),
        day_first=bool(get("day_first", True)),
        missing=missing,
    )
