"""Feeds, sitemaps, robots.txt and HTML listing pages as data (pure functions, no Scrapy engine).

Scrapy's own sitemap parser drops ``news:publication_date``; this one keeps it,
so the date window can be applied before an article is requested.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newsbot.core.dates import parse_date
from newsbot.core.identity import host_in_domains
from newsbot.core.select import select

if TYPE_CHECKING:
    from parsel import Selector

    from newsbot.outlets.profile import Listing as ListingDeclaration
    from newsbot.outlets.profile import OutletProfile

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


@dataclass(frozen=True)
class Entry:
    """A URL found by discovery, with what the listing says about its date."""

    url: str
    date: datetime | None = None
    title: str | None = None


@dataclass(frozen=True)
class Listing:
    kind: str  # "sitemapindex", "urlset", "feed" or "unknown"
    entries: tuple[Entry, ...] = ()


def _local(tag) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(element, *names: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
        if _local(child.tag) in names:
            href = child.get("href")
            if href:
                return href.strip()
    return None


def _root(body: bytes):
    body = body.lstrip()
    if not body:
        return None
    try:
        return etree.fromstring(body, parser=_XML_PARSER)
    except etree.XMLSyntaxError:
        return None


def parse_listing(body: bytes, tz: str | None = None, fetched_at: datetime | None = None) -> Listing:
    """A sitemap index, a urlset (plain or Google News) or an RSS/Atom feed.

    A date that cannot be true (year 0, later than ``fetched_at``) is no date: the entry is not
    hidden as old, it is requested and dated by its page.
    """
    root = _root(body)
    if root is None:
        return Listing("unknown")
    kind = _local(root.tag)
    if kind in ("sitemapindex", "urlset"):
        entries = []
        for node in root:
            if _local(node.tag) not in ("sitemap", "url"):
                continue
            loc = _child_text(node, "loc")
            if not loc:
                continue
            # A news sitemap's publication_date is the article's own date: prefer it to lastmod.
            raw = _child_text(node, "publication_date") or _child_text(node, "lastmod")
            entries.append(Entry(loc, parse_date(raw, tz, relative_base=fetched_at) if raw else None, _child_text(node, "title")))
        return Listing(kind, tuple(entries))
    if kind in ("rss", "feed", "rdf"):
        entries = []
        for node in root.iter():
            if _local(node.tag) not in ("item", "entry"):
                continue
            link = _feed_link(node)
            if not link:
                continue
            raw = _child_text(node, "pubdate", "published", "updated", "date", "issued")
            entries.append(Entry(link, parse_date(raw, tz, relative_base=fetched_at) if raw else None, _child_text(node, "title")))
        return Listing("feed", tuple(entries))
    return Listing("unknown")


def _feed_link(item) -> str | None:
    for child in item:
        if _local(child.tag) != "link":
            continue
        if child.get("href") and child.get("rel", "alternate") == "alternate":
            return child.get("href").strip()
        if child.text and child.text.strip():
            return child.text.strip()
    guid = next((c for c in item if _local(c.tag) == "guid" and c.get("isPermaLink", "true") == "true"), None)
    return guid.text.strip() if guid is not None and guid.text and guid.text.strip().startswith("http") else None


def robots_sitemaps(text: str) -> list[str]:
    """``Sitemap:`` lines of a robots.txt."""
    return [m.group(1).strip() for m in re.finditer(r"(?im)^\s*sitemap\s*:\s*(\S+)", text)]


# ---- dates in URLs -------------------------------------------------------------

# Two-digit alternatives first, so "2026-11-29" is not read as 2026-1-1; the same separator twice
# (or none, with two-digit month and day), so the month "2026-11" is not read as 2026-1-1 either.
_URL_DAY_RE = re.compile(
    r"(?<!\d)(20\d{2}|19\d{2})(?:([-/_.])(1[0-2]|0?[1-9])\2(3[01]|[12]\d|0?[1-9])|(1[0-2]|0[1-9])(3[01]|[12]\d|0[1-9]))(?!\d)"
)
_URL_MONTH_RE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-/_.](1[0-2]|0?[1-9])(?!\d)")
_URL_YEAR_RE = re.compile(r"(?<![\d])(20\d{2}|19\d{2})(?![\d])")


def url_date_range(url: str) -> tuple[date, date] | None:
    """The days a URL's own date covers (a day, a month or a year), or None.

    ``sitemap-2024-05-13.xml`` covers one day; ``/2024/05/`` a month; ``posts-2024.xml`` a year.
    """
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    for regex, span in ((_URL_DAY_RE, "day"), (_URL_MONTH_RE, "month"), (_URL_YEAR_RE, "year")):
        m = regex.search(path)
        if not m:
            continue
        try:
            year = int(m.group(1))
            if span == "day":
                day = date(year, int(m.group(3) or m.group(5)), int(m.group(4) or m.group(6)))
                return day, day
            if span == "month":
                month = int(m.group(2))
                return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
            return date(year, 1, 1), date(year, 12, 31)
        except ValueError:
            continue
    return None


def before_window(entry: Entry, since: datetime | None, *, use_url_date: bool = True) -> bool:
    """True when everything the entry points to is older than ``since``.

    The entry's own date decides; without one, a date in its URL does
    (a day's slack for time zones). No date at all: not provably old.
    """
    if since is None:
        return False
    if entry.date is not None:
        return entry.date < since
    if use_url_date:
        span = url_date_range(entry.url)
        if span is not None:
            return span[1] + timedelta(days=1) < since.date()
    return False


# ---- HTML listing pages (section and archive pages, walked by backfills) ----------


@dataclass(frozen=True)
class ListingPage:
    """One page of a paginated listing: its article links (page order), their URL days, the next page."""

    articles: tuple[str, ...] = ()
    days: tuple[date | None, ...] = ()  # per article, from the outlet's article_url year/month/day groups
    next_url: str | None = None

    def older_than(self, since: date) -> bool:
        """True when every article on the page is dated by its URL, and all before ``since`` (a day's slack)."""
        return bool(self.days) and all(d is not None and d + timedelta(days=1) < since for d in self.days)


def _hrefs(selected) -> list[str]:
    """href values of selected nodes: attribute values as they are, links' href, links inside containers."""
    out: list[str] = []
    for node in selected:
        if isinstance(node.root, str):  # ::attr(href) or @href
            out.append(node.root)
        elif node.root.get("href") is not None:
            out.append(node.root.get("href"))
        else:
            out.extend(node.xpath(".//a/@href").getall())
    return out


def _absolute(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    url = urljoin(base, href).split("#", 1)[0]
    return url if url.startswith(("http://", "https://")) else None


def parse_listing_page(sel: Selector, url: str, profile: OutletProfile, listing: ListingDeclaration) -> ListingPage:
    """Article links and the next page of an HTML listing page.

    An article link is one in the outlet's domains (the page's host when none
    are declared) that matches its ``article_url`` pattern; ``listing.links``
    narrows where links are taken from. The next page is the first link
    ``listing.next`` selects that stays on the site and is not this page.
    """
    base = urljoin(url, (sel.xpath("//base/@href").get() or "").strip())
    page_host = (urlsplit(url).hostname or "").lower()

    def on_site(link: str) -> bool:
        if profile.domains:
            return host_in_domains(link, profile.domains)
        return (urlsplit(link).hostname or "").lower() == page_host

    hrefs = _hrefs(select(sel, listing.links)) if listing.links else sel.xpath("//a/@href").getall()
    articles: list[str] = []
    for href in hrefs:
        link = _absolute(base, href)
        if link is None or link in articles or not on_site(link):
            continue
        if profile.article_url is not None and profile.match_article_url(link) is None:
            continue
        articles.append(link)
    next_url = None
    if listing.next:
        for href in _hrefs(select(sel, listing.next)):
            link = _absolute(base, href)
            if link is not None and on_site(link) and link != url.split("#", 1)[0]:
                next_url = link
                break
    return ListingPage(tuple(articles), tuple(profile.url_day(a) for a in articles), next_url)
