"""Structured metadata: JSON-LD, OpenGraph/meta and microdata (pure functions)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from parsel import Selector

ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "BlogPosting",
        "LiveBlogPosting", "Report", "SatiricalArticle", "TechArticle",
    }
)
_WRAPPER_RE = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")


# Real JSON-LD nests a few levels (a graph, a list, an author list); a hostile block nests thousands.
MAX_JSONLD_DEPTH = 16


def _load_block(text: str) -> Any:
    text = _WRAPPER_RE.sub("", text.strip()).strip().rstrip(";")
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):  # malformed, or nested past the parser's recursion limit
        return None


def _nodes(data: Any, depth: int = 0) -> Iterator[dict]:
    """Every object of a JSON-LD block, through lists and ``@graph`` (down to MAX_JSONLD_DEPTH)."""
    if depth > MAX_JSONLD_DEPTH:
        return
    if isinstance(data, list):
        for element in data:
            yield from _nodes(element, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _nodes(data["@graph"], depth + 1)


def _types(node: dict) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1] for v in values if isinstance(v, str)}


def jsonld_article(sel: Selector) -> dict | None:
    """The page's article node. Each block is parsed on its own: a broken block is skipped."""
    candidates = []
    for block in (script.text for script in sel.root.iter("script") if script.get("type", "").strip().lower() == "application/ld+json"):
        if not block:
            continue
        for node in _nodes(_load_block(block)):
            if _types(node) & ARTICLE_TYPES:
                candidates.append(node)
    if not candidates:
        return None
    # Prefer a node that has a headline and a body or date: pages embed teasers as Articles too.
    return max(candidates, key=lambda n: (bool(n.get("headline")), bool(n.get("datePublished")), bool(n.get("articleBody"))))


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("url")
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = html.unescape(value).strip()
    return value or None


def _texts(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [t for t in (_text(v) for v in values) if t]


def _people(value: Any) -> list[str]:
    """Names of ``author`` entries that are not organisations."""
    values = value if isinstance(value, list) else [value]
    names = []
    for v in values:
        if isinstance(v, dict) and _types(v) & {"Organization", "NewsMediaOrganization", "Corporation"}:
            continue
        name = _text(v)
        if name and not name.startswith(("http://", "https://")):
            names.append(name)
    return names


def _image(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return _text(value)


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [k.strip() for k in re.split(r"[,،]", html.unescape(value)) if k.strip()]
    return _texts(value)


# schema.org's Boolean: true/false, as JSON or as text in any case, or its enumeration URLs
# (https://schema.org/True).
_BOOLEANS = {"true": True, "false": False}


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _BOOLEANS.get(value.strip().rsplit("/", 1)[-1].lower())
    return None


def free_access(node: dict) -> bool | None:
    """The article node's ``isAccessibleForFree``; without one, its parts' (``hasPart``, how a page
    marks its paywalled section): a part not free makes the article not free. None when nothing says."""
    own = _boolean(node.get("isAccessibleForFree"))
    if own is not None:
        return own
    parts = node.get("hasPart")
    said = {_boolean(part.get("isAccessibleForFree")) for part in (parts if isinstance(parts, list) else [parts]) if isinstance(part, dict)}
    return False if False in said else True if True in said else None


def _link(value: Any) -> str | None:
    """A URL written as one: absolute http(s), or relative to the site's root (or its scheme)."""
    if not isinstance(value, str):
        return None
    link = html.unescape(value).strip()
    if link.startswith(("http://", "https://", "/")) and not any(c.isspace() for c in link):
        return link
    return None


def jsonld_license(value: Any) -> str | None:
    """A JSON-LD ``license``: a URL, or a CreativeWork naming one (``url``, ``@id``); the first of a list.
    A licence named in words ("CC BY 4.0") is no link."""
    for licence in value if isinstance(value, list) else [value]:
        link = _link(licence.get("url") or licence.get("@id")) if isinstance(licence, dict) else _link(licence)
        if link:
            return link
    return None


def jsonld_fields(sel: Selector) -> dict[str, Any]:
    """The article node's fields that have a value; ``free_access`` is there whenever the node says (False too)."""
    node = jsonld_article(sel)
    if node is None:
        return {}
    fields = {
        "title": _text(node.get("headline")) or _text(node.get("name")),
        "lead": _text(node.get("description")),
        "body": _text(node.get("articleBody")),
        "published": _text(node.get("datePublished")),
        "modified": _text(node.get("dateModified")),
        "authors": _people(node.get("author")) or _people(node.get("creator")),
        "section": _text(node.get("articleSection")),
        "tags": _keywords(node.get("keywords")),
        "image": _image(node.get("image")),
        "canonical": _text(node.get("url")),
        "license": jsonld_license(node.get("license")),
    }
    found: dict[str, Any] = {k: v for k, v in fields.items() if v}
    accessible = free_access(node)
    if accessible is not None:
        found["free_access"] = accessible
    return found


# Microdata and RDFa names, as attributes: selecting the attributes is twice as fast as selecting
# the elements that carry them.
_ATTRIBUTED = etree.XPath("//@itemprop | //@property")
_RDFA_PUBLISHED = ("datePublished", "dc:date", "dcterms:date", "dc:created", "dcterms:created", "article:published_time", "dcterms:issued")
_RDFA_MODIFIED = ("dateModified", "dc:modified", "dcterms:modified", "article:modified_time")


class _Metadata:
    """The page's metadata, read in two cheap passes: <meta> values by property/name/itemprop, and the
    machine-readable values (content, datetime) of microdata and RDFa elements."""

    def __init__(self, root):
        self.root = root
        self.meta: dict[str, list[str]] = {}
        self._elements: dict[str, list[str]] | None = None
        self.canonical: str | None = None
        self.license: str | None = None  # <link rel="license" href>
        for node in root.iter("meta", "link"):
            tag = node.tag
            if tag == "meta":
                content = node.get("content")
                if content is None:
                    continue
                value = html.unescape(content).strip()
                if not value:
                    continue
                for attribute in ("property", "name", "itemprop"):
                    key = node.get(attribute)
                    if key:
                        values = self.meta.setdefault(key, [])
                        if value not in values:
                            values.append(value)
            elif tag == "link" and node.get("href"):
                rel = (node.get("rel") or "").lower().split()  # a list of space-separated tokens
                if self.canonical is None and "canonical" in rel:
                    self.canonical = node.get("href")
                if self.license is None and "license" in rel:
                    self.license = node.get("href")

    @property
    def elements(self) -> dict[str, list[str]]:
        """Microdata and RDFa values by name, read only when the <meta> tags lack what they give."""
        if self._elements is None:
            self._elements = {}
            for name in _ATTRIBUTED(self.root):
                node = name.getparent()
                if node.tag != "meta" and name:
                    value = node.get("content") or node.get("datetime")
                    self._elements.setdefault(str(name), []).append(value.strip() if value else "")
        return self._elements

    def values(self, *keys: str) -> list[str]:
        out: list[str] = []
        for key in keys:
            for value in self.meta.get(key, ()):
                if value not in out:
                    out.append(value)
        return out

    def machine(self, *keys: str) -> list[str]:
        return [v for key in keys for v in self.elements.get(key, ()) if v]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


# Selecting the attribute is the cheap scan (see _ATTRIBUTED); the rest is read in Python.
_AUTHOR_PROPS = etree.XPath("//@itemprop[. = 'author']")


def microdata_authors(sel: Selector) -> list[str]:
    """Names in microdata ``itemprop="author"`` elements (not organisations): their ``itemprop="name"``
    parts, or their own text when they have no children. Asked for only when JSON-LD and the <meta>
    tags name nobody."""
    names = []
    for prop in _AUTHOR_PROPS(sel.root):
        author = prop.getparent()
        if author.tag == "meta" or "Organization" in (author.get("itemtype") or ""):
            continue
        if len(author):
            names += [t for named in author.iterdescendants() if named.get("itemprop") == "name" for t in named.xpath("text()")]
        elif author.text:
            names.append(author.text)
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def meta_fields(sel: Selector) -> dict[str, Any]:
    """OpenGraph, article:*, twitter:*, plain meta, microdata and RDFa, read without a query per key."""
    found = _Metadata(sel.root)
    published = found.values("article:published_time", "datePublished", "pubdate", "publish-date", "publish_date", "date") or found.machine(*_RDFA_PUBLISHED)
    modified = found.values("article:modified_time", "og:updated_time", "dateModified", "last-modified") or found.machine(*_RDFA_MODIFIED)
    authors = [a for a in found.values("author", "article:author", "dc.creator") if not a.startswith(("http://", "https://"))]
    fields = {
        "title": _first(found.values("og:title", "twitter:title", "title")),
        "lead": _first(found.values("og:description", "twitter:description", "description")),
        "published": _first(published),
        "modified": _first(modified),
        "authors": list(dict.fromkeys(authors)),
        "section": _first(found.values("article:section")),
        # article:tag, also when one tag holds them all comma-joined; else (news_)keywords
        "tags": [k.strip() for v in found.values("article:tag") for k in re.split(r"[,،]", v) if k.strip()]
        or [k.strip() for k in re.split(r"[,،]", _first(found.values("news_keywords", "keywords")) or "") if k.strip()],
        "image": _first(found.values("og:image", "og:image:url", "twitter:image", "image")),
        "canonical": found.canonical or _first(found.values("og:url")),
        "site_name": _first(found.values("og:site_name", "application-name")),
        "license": found.license,
    }
    return {k: v for k, v in fields.items() if v}


# rel values that may hold the token, as attributes (the cheap scan); the tokens are checked in Python.
_LICENSE_RELS = etree.XPath("//a/@rel[contains(translate(., 'LICENSE', 'license'), 'license')]")


def anchor_license(sel: Selector) -> str | None:
    """The ``href`` of the first ``<a rel="license">`` (the rel attribute is a space-separated token list)."""
    for rel in _LICENSE_RELS(sel.root):
        anchor = rel.getparent()
        if "license" in str(rel).lower().split() and anchor.get("href"):
            return anchor.get("href")
    return None
