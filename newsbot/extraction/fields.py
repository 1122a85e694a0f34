"""Page -> article fields, as pure functions over strings and parsel selectors.

Each field is taken from the first source that has it, in this order:
JSON-LD, then OpenGraph/meta/microdata/RDFa, then the outlet's selectors, then
what a reader sees (newsbot.extraction.titles, .dating, .authors: the headline
that agrees with the <title>, the URL's and the visible dates, the byline),
skipping the sources an outlet declares it ``distrust``s for that field. A declared layout version lays its selectors over the outlet's. The body is the exception: the outlet's body selector wins
(JSON-LD ``articleBody`` has no paragraph breaks and is often truncated), then
the generic container, then ``articleBody``. ``Extraction.sources`` records
which source gave each field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from newsbot.core.dates import parse_date, to_iso
from newsbot.core.identity import canonical_url, same_site
from newsbot.core.noise import Catalogue, load_catalogue, match_line
from newsbot.core.select import select, shared_scans
from newsbot.core.text import fold_short, join_paragraphs, normalise, split_paragraphs
from newsbot.extraction import dating, titles
from newsbot.extraction.authors import clean_authors, visible_bylines
from newsbot.extraction.body import (
    drop_boxes,
    drop_link_boxes,
    drop_marker_blocks,
    element_paragraphs,
    element_text,
    generic_container,
    lead_before,
)
from newsbot.extraction.structured import anchor_license, jsonld_fields, meta_fields, microdata_authors
from newsbot.outlets.profile import Layout, OutletProfile

__all__ = ["Extraction", "extract", "page_selector"]


@dataclass
class Extraction:
    """What a page gives, before identity and pipelines."""

    url: str
    canonical_url: str
    native_id: str | None = None
    title: str | None = None
    lead: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    published_at: str | None = None
    modified_at: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    free_access: bool | None = None  # JSON-LD isAccessibleForFree (of the article, or of its parts)
    license: str | None = None  # the licence link the page declares, absolute
    sources: dict[str, str] = field(default_factory=dict)
    removed: Counter = field(default_factory=Counter)  # DOM-level removals, by kind
    considered: dict[str, list[str]] = field(default_factory=dict)  # field -> candidates and why each lost (--explain)

    @property
    def body(self) -> str:
        return join_paragraphs(self.paragraphs)


def page_selector(html: str | bytes | Selector) -> Selector:
    """A page's tree, parsed by libxml2's HTML parser into plain lxml elements: parsel's default
    (lxml.html) looks up a Python element class for every element any code touches, which made up
    much of the cost of walking a page. Bytes must be UTF-8 (they are parsed as they are, saving
    a copy of the page); text is encoded."""
    if isinstance(html, Selector):
        return html
    if isinstance(html, bytes):
        body = html.removeprefix(b"\xef\xbb\xbf").strip()
        body = (body.replace(b"\x00", b"") if b"\x00" in body else body) or b"<html/>"
    else:
        body = html.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    root = etree.fromstring(body, parser=parser)
    if root is None:  # only comments, or nothing a parser keeps
        root = etree.fromstring(b"<html/>", parser=parser)
    return shared_scans(Selector(root=root, type="html"), body)


def _selected_texts(sel: Selector, query: str) -> list[str]:
    return [t for t in (element_text(s) for s in select(sel, query)) if t]


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _first(candidates: list[tuple[str, Any]], considered: list[str] | None = None) -> tuple[Any, str | None]:
    """The first candidate with a value; a callable value is a costly source, computed only if reached.
    ``considered`` collects what each source gave, for --explain."""
    for n, (source, value) in enumerate(candidates):
        if callable(value):
            value = value()
        if value:
            if considered is not None:
                considered.append(f"{source}: {_shown(value)} (chosen)")
                considered.extend(f"{later}: not reached" for later, _ in candidates[n + 1:])
            return value, source
        if considered is not None:
            considered.append(f"{source}: nothing")
    return None, None


def _date(
    candidates, profile: OutletProfile, relative_base: datetime | None, considered: list[str] | None = None, refuse_future: bool = True,
) -> tuple[str | None, str | None]:
    for source, value in candidates:
        if not value:
            continue
        dt = parse_date(
            value, profile.timezone, utc_is_local=profile.utc_is_local, relative_base=relative_base, day_first=profile.day_first,
            refuse_future=refuse_future,
        )
        if considered is not None:
            considered.append(f"{source}: {_shown(value)} -> " + (f"{to_iso(dt)} (chosen)" if dt else "not a date, or not a possible one (before 1990, after the fetch)"))
        if dt is not None:
            return to_iso(dt), source
    return None, None


def pick_layout(sel: Selector, url: str, profile: OutletProfile) -> Layout | None:
    """The first declared layout that detects itself on the page, or whose date range fits."""
    day = profile.url_day(url)
    url_day = day.isoformat() if day else None  # compared with the layouts' "before", YYYY-MM-DD
    for layout in profile.layouts:
        if layout.detect and select(sel, layout.detect):
            return layout
        if not layout.detect and layout.before and url_day and url_day < layout.before:
            return layout
    return None


def extract(
    html: str | Selector,
    url: str,
    profile: OutletProfile | None = None,
    *,
    hints: Mapping[str, Any] | None = None,
    relative_base: datetime | None = None,
    catalogue: Catalogue | None = None,
    refuse_future: bool = True,
) -> Extraction:
    """Extract an article from a page. ``hints`` are dates from the feed or sitemap;
    ``catalogue`` is the noise catalogue whose list markers head boxes to drop."""
    profile = profile or OutletProfile()
    catalogue = catalogue or load_catalogue()
    hints = hints or {}
    sel = page_selector(html)
    layout = pick_layout(sel, url, profile)
    if layout is not None:
        profile = profile.with_layout(layout)
    ld = jsonld_fields(sel)
    meta = meta_fields(sel)
    selectors = profile.selectors

    def from_selector(name: str) -> list[str]:
        return _selected_texts(sel, selectors[name]) if name in selectors else []

    sources: dict[str, str | None] = {}

    # Canonical URL: rel=canonical / og:url / JSON-LD url, only when on the same site.
    canonical = canonical_url(url)
    for source, candidate in (("meta", meta.get("canonical")), ("jsonld", ld.get("canonical"))):
        if candidate:
            absolute = urljoin(url, candidate.strip())
            if absolute.startswith(("http://", "https://")) and same_site(absolute, url, profile.domains):
                canonical, sources["canonical_url"] = canonical_url(absolute), source
                break
    match = profile.match_article_url(canonical) or profile.match_article_url(url)
    native_id = match.groupdict().get("id") if match else None
    if layout is not None:
        sources["layout"] = layout.name

    site_names = [profile.outlet_name or "", *profile.site_names, meta.get("site_name", "")]
    brand = titles.brand_of(url, profile.domains)

    considered: dict[str, list[str]] = {}

    def pick(field: str, candidates: list[tuple[str, Any]]) -> tuple[Any, str | None]:
        """The first candidate with a value, skipping sources the outlet distrusts for the field."""
        skip = profile.distrust.get(field, ())
        shown = considered.setdefault(field, [f"{source}: distrusted by the outlet" for source, _ in candidates if source in skip])
        return _first([(source, value) for source, value in candidates if source not in skip], shown)

    def selected(field: str) -> str | None:
        return next(iter(from_selector(field)), None)

    title_element = sel.root.find(".//title") if isinstance(sel.root, etree._Element) else None
    title_tag = "".join(title_element.itertext()) if title_element is not None else ""
    found_headings = titles.headings(sel, element_text, (title_tag, meta.get("title") or "", ld.get("title") or ""))
    generic_title, headline = titles.choose(found_headings, title_tag, site_names, brand)
    title, sources["title"] = pick(
        "title",
        [
            ("jsonld", ld.get("title") and titles.trim(ld["title"], site_names, brand, found_headings)),
            ("meta", meta.get("title") and titles.trim(meta["title"], site_names, brand, found_headings)),
            ("selector", lambda: selected("title")),
            ("generic", generic_title),
        ],
    )
    considered["title"] += [f"heading <{getattr(h.element, 'tag', '?')}>: {_shown(h.text)}" + (" (the headline)" if h is headline else "") for h in found_headings]
    if title and (headline is None or fold_short(headline.text) != fold_short(title)):
        # the element printing the headline, whichever source named it: dates and bylines stand near it
        headline = next((h for h in found_headings if fold_short(h.text) == fold_short(title)), headline)

    # Body: the outlet's container with its boxes dropped, else the generic container.
    removed: Counter = Counter()

    def is_list_marker(text: str) -> bool:
        found = match_line(text, catalogue)
        return found is not None and found.rule.action in ("related_item", "related_list")

    def clean_container(element: Selector, generic: bool = False) -> list[str]:
        cleaned = drop_marker_blocks(drop_boxes(element, profile.drop, removed), is_list_marker, removed)
        # a container found by its text (not named by the outlet) may hold the page's menus and teasers
        return element_paragraphs(drop_link_boxes(cleaned, removed) if generic else cleaned)

    paragraphs: list[str] = []
    container = select(sel, selectors["body"]) if "body" in selectors else []
    body_root = container[0].root if container else None
    if container:
        paragraphs = [p for c in container for p in clean_container(c)]
        sources["body"] = "selector"
    if not paragraphs:
        generic = generic_container(sel)
        if generic is not None:
            paragraphs = clean_container(generic, generic=True)
            if title and paragraphs and fold_short(paragraphs[0]) == fold_short(title):
                paragraphs.pop(0)  # the headline, when the text sits beside it in one container
                removed["headline"] += 1
            lead_text = lead_before(generic)
            if lead_text and paragraphs and lead_text not in paragraphs:
                paragraphs.insert(0, lead_text)  # a lead styled apart from the text is the text's start
                removed["lead_kept"] += 1
            sources["body"], body_root = "generic", generic.root
    if not paragraphs and ld.get("body"):
        paragraphs, sources["body"] = split_paragraphs(ld["body"]), "jsonld"

    lead, sources["lead"] = pick("lead", [("jsonld", ld.get("lead")), ("meta", meta.get("lead")), ("selector", lambda: selected("lead"))])
    # Authors: the first source that names a person once outlet names and handles are removed.
    not_people = tuple(site_names) + profile.not_authors + ((brand,) if brand else ())
    authors, sources["authors"] = pick(
        "authors",
        [("jsonld", clean_authors(ld.get("authors") or [], not_people=not_people)),
         ("meta", lambda: clean_authors(meta.get("authors") or [], not_people=not_people)
          or clean_authors(microdata_authors(sel), not_people=not_people))]
        + [("selector", lambda: clean_authors(from_selector("authors"), not_people=not_people) if "authors" in selectors else [])]
        + [("byline", lambda: clean_authors(
            visible_bylines(sel.root, headline.element if headline else None, body_root, catalogue), not_people=not_people,
        ))],
    )
    authors = authors or []

    skip_published, skip_modified = profile.distrust.get("published", ()), profile.distrust.get("modified", ())
    def dated(field: str, skip: tuple[str, ...], *structured: tuple[str, Any], after: tuple[str, Any] | None = None):
        """A field's date candidates in order, the outlet's selector queried only when reached."""
        for source, value in structured:
            if source not in skip:
                yield source, value
        if "selector" not in skip:
            for value in from_selector(field):
                yield "selector", value
        if after is not None and after[0] not in skip:
            yield after

    published_at, sources["published_at"] = _date(
        dated("published", skip_published, ("jsonld", ld.get("published")), ("meta", meta.get("published")),
              after=("discovery", hints.get("published"))),
        profile, relative_base, considered.setdefault("published_at", []), refuse_future,
    )
    modified_at, sources["modified_at"] = _date(
        dated("modified", skip_modified, ("jsonld", ld.get("modified")), ("meta", meta.get("modified"))),
        profile, relative_base, considered.setdefault("modified_at", []), refuse_future,
    )
    candidates: list[dating.Candidate] = []
    declared_day = None if "url" in skip_published else (profile.url_day(canonical) or profile.url_day(url))
    if published_at is None and declared_day is not None:
        # the outlet declares its URLs' date: no need to look for one on the page
        published_at, sources["published_at"] = _date([("url", declared_day.isoformat())], profile, relative_base, considered["published_at"], refuse_future)
    if published_at is None:  # (a page with its date in metadata is not scanned for an update stamp)
        # What a reader sees: the URL's date, and the dates printed near the headline.
        if "visible" not in skip_published or "visible" not in skip_modified:
            candidates = dating.visible_dates(
                sel.root, profile, headline=headline.element if headline else None, container=body_root, relative_base=relative_base,
                refuse_future=refuse_future,
            )
        seen_published = dating.best(candidates, "published") if "visible" not in skip_published else None
        day, firm = (None, False) if "url" in skip_published else max(dating.url_date(canonical), dating.url_date(url), key=lambda d: (d[0] is not None, d[1]))
        # The visible date serves when the URL agrees or says nothing; a firm URL date wins a disagreement
        # (the visible one may be a decoy), a date read from digits in the URL does not (it may be an id).
        if seen_published is not None and (day is None or seen_published.date() == day or not firm):
            published_at, sources["published_at"] = to_iso(seen_published), "visible"
        elif day is not None:
            published_at, sources["published_at"] = _date([("url", day.isoformat())], profile, relative_base, considered["published_at"], refuse_future)
        seen_modified = dating.best(candidates, "modified") if "visible" not in skip_modified else None
        if modified_at is None and seen_modified is not None:
            modified_at, sources["modified_at"] = to_iso(seen_modified), "visible"
    section, sources["section"] = pick("section", [("jsonld", ld.get("section")), ("meta", meta.get("section")), ("selector", lambda: selected("section"))])
    tags, sources["tags"] = pick("tags", [("jsonld", ld.get("tags")), ("meta", meta.get("tags")), ("selector", lambda: from_selector("tags"))])

    def image_selected() -> str | None:
        return next(iter(select(sel, selectors["image"]).xpath("@src | @content").getall()), None) if "image" in selectors else None

    image, sources["image"] = pick("image", [("jsonld", ld.get("image")), ("meta", meta.get("image")), ("selector", image_selected)])
    if image:
        image = urljoin(url, image.strip())
        if not image.startswith(("http://", "https://")):
            image, sources["image"] = None, None

    # What the outlet says about reuse. The article's own JSON-LD first, then the page's <link>, then
    # a link in the text or the footer; a link is kept only when it leads to a web page.
    free_access = ld.get("free_access")
    sources["free_access"] = "jsonld" if free_access is not None else None
    licence, sources["license"] = pick("license", [("jsonld", ld.get("license")), ("meta", meta.get("license")), ("anchor", lambda: anchor_license(sel))])
    if licence:
        href = licence.strip()
        licence = None if href.startswith("#") else urljoin(url, href)  # "#": the page itself, no licence
        if not licence or not licence.startswith(("http://", "https://")):
            licence, sources["license"] = None, None

    return Extraction(
        url=url,
        canonical_url=canonical,
        native_id=native_id,
        title=normalise(title) if title else None,
        lead=normalise(lead) if lead else None,
        paragraphs=paragraphs,
        published_at=published_at,
        modified_at=modified_at,
        authors=authors,
        section=normalise(section) if section else None,
        tags=list(dict.fromkeys(normalise(t) for t in (tags or []) if normalise(t))),
        image=image,
        free_access=free_access,
        license=licence,
        sources={k: v for k, v in sources.items() if v},
        removed=removed,
        considered={**considered, "visible dates": [c.explain() for c in candidates]} if candidates else considered,
    )
