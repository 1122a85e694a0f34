"""Structured metadata: JSON-LD, OpenGraph/meta and microdata (pure functions)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

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
    for block in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
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


def jsonld_fields(sel: Selector) -> dict[str, Any]:
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
    }
    return {k: v for k, v in fields.items() if v}


def _meta(sel: Selector, *keys: str) -> list[str]:
    out = []
    for key in keys:
        for value in sel.xpath(
            f'//meta[@property="{key}" or @name="{key}" or @itemprop="{key}"]/@content'
        ).getall():
            value = html.unescape(value).strip()
            if value and value not in out:
                out.append(value)
    return out


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def meta_fields(sel: Selector) -> dict[str, Any]:
    """OpenGraph, article:*, twitter:*, plain meta and microdata."""
    published = _meta(sel, "article:published_time", "datePublished", "pubdate", "publish-date", "publish_date", "date") or sel.xpath(
        '//*[@itemprop="datePublished"]/@datetime | //*[@itemprop="datePublished"]/@content'
    ).getall()
    modified = _meta(sel, "article:modified_time", "og:updated_time", "dateModified", "last-modified") or sel.xpath(
        '//*[@itemprop="dateModified"]/@datetime | //*[@itemprop="dateModified"]/@content'
    ).getall()
    authors = [a for a in _meta(sel, "author", "article:author", "dc.creator") if not a.startswith(("http://", "https://"))]
    authors += [
        a.strip() for a in sel.xpath('//*[@itemprop="author"][not(contains(@itemtype, "Organization"))]//*[@itemprop="name"]/text()'
        ' | //*[@itemprop="author"][not(*)]/text()').getall() if a.strip()
    ]
    fields = {
        "title": _first(_meta(sel, "og:title", "twitter:title", "title")),
        "lead": _first(_meta(sel, "og:description", "twitter:description", "description")),
        "published": _first(published),
        "modified": _first(modified),
        "authors": list(dict.fromkeys(authors)),
        "section": _first(_meta(sel, "article:section")),
        # article:tag, also when one tag holds them all comma-joined; else (news_)keywords
        "tags": [k.strip() for v in _meta(sel, "article:tag") for k in re.split(r"[,،]", v) if k.strip()]
        or [k.strip() for k in re.split(r"[,،]", _first(_meta(sel, "news_keywords", "keywords")) or "") if k.strip()],
        "image": _first(_meta(sel, "og:image", "og:image:url", "twitter:image", "image")),
        "canonical": _first(sel.xpath('//link[@rel="canonical"]/@href').getall()) or _first(_meta(sel, "og:url")),
        "site_name": _first(_meta(sel, "og:site_name", "application-name")),
    }
    return {k: v for k, v in fields.items() if v}
