"""Outlet selectors: CSS, or XPath when the query starts with ``/``, ``(`` or ``./`` (one rule, one place)."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

import cssselect
from lxml import etree
from parsel import Selector, SelectorList
from parsel.csstranslator import HTMLTranslator

XPATH_STARTS = ("/", "(", "./")
_TRANSLATOR = HTMLTranslator()
_LEADING_ID_RE = re.compile(r"^descendant-or-self::(\*|[a-z][a-z0-9]*)\[@id = '([^']+)'\]")
_PREFIX = "descendant-or-self::"
# Page trees nobody changes -> what their queries share (see ``shared_scans``).
_SHARED: weakref.WeakKeyDictionary[Selector, _PageScans] = weakref.WeakKeyDictionary()


def is_xpath(query: str) -> bool:
    return query.lstrip().startswith(XPATH_STARTS)


@dataclass
class _PageScans:
    source: bytes  # the markup the tree was parsed from
    by_class: dict[str, list] = field(default_factory=dict)  # a class -> the elements that have it


@dataclass(frozen=True)
class _Css:
    whole: etree.XPath
    # A query whose first step is a class, as the class, that step as a test of one element, and the
    # steps after it from that element (None when there are none).
    first_class: str | None = None
    first: etree.XPath | None = None
    rest: etree.XPath | None = None


def _first_class(tree) -> str | None:
    """The first class a compound selector requires (``div.a[x]`` -> "a"; not one under ``:not()``)."""
    classes = []
    while tree is not None and not isinstance(tree, cssselect.parser.Element):
        if isinstance(tree, cssselect.parser.Class):
            classes.append(tree.class_name)
        tree = getattr(tree, "selector", None)
    return classes[-1] if classes else None


def _leftmost(tree):
    while isinstance(tree, cssselect.parser.CombinedSelector):
        tree = tree.selector
    return tree


@lru_cache(maxsize=1024)
def _compiled_css(query: str) -> _Css | None:
    """A CSS query as compiled XPath, once per query (parsel translates it each time, and lxml then
    compiles it each time); None for pseudo-elements (::text, ::attr), which give strings."""
    if "::" in query:
        return None
    xpath = _TRANSLATOR.css_to_xpath(query)
    # "#articleBody ...": libxml2 keeps an index of ids, id() reads it (a scan of every element
    # otherwise: 0.2-1 ms a page). A page that repeats an id gets its first element, as in a browser.
    by_id = _LEADING_ID_RE.sub(lambda m: f"id('{m.group(2)}')" + ("" if m.group(1) == "*" else f"[self::{m.group(1)}]"), xpath, count=1)
    if by_id != xpath:
        return _Css(etree.XPath(by_id))
    parsed = cssselect.parse(query)
    if len(parsed) != 1:
        return _Css(etree.XPath(xpath))
    first = _leftmost(parsed[0].parsed_tree)
    first_class = _first_class(first)
    first_xpath = str(_TRANSLATOR.xpath(first))
    if first_class is None or "'" in first_class or not xpath.startswith(_PREFIX + first_xpath):
        return _Css(etree.XPath(xpath))
    rest = xpath[len(_PREFIX + first_xpath):]
    if rest and not rest.startswith("/"):
        return _Css(etree.XPath(xpath))
    return _Css(etree.XPath(xpath), first_class, etree.XPath("self::" + first_xpath), etree.XPath("." + rest) if rest else None)


@lru_cache(maxsize=1024)
def _class_scan(name: str) -> etree.XPath:
    # through the attribute axis: half the cost of testing @class on every element
    return etree.XPath(f"descendant-or-self::*/@class[contains(., '{name}') and contains(concat(' ', normalize-space(.), ' '), ' {name} ')]/..")


def shared_scans(sel: Selector, source: bytes) -> Selector:
    """Let the queries on ``sel``, a tree parsed from ``source``, that start with the same class share
    one scan of the tree for it (an outlet's fields often start at one box: ".article_tags .tag",
    ".article_tags .category"), and skip the scan when the class is nowhere in the markup (most of the
    generic profile's container hints). Only for a tree nobody changes afterwards."""
    _SHARED[sel] = _PageScans(source)
    return sel


def _select_css(sel: Selector, css: _Css) -> list:
    name, first = css.first_class, css.first
    page = _SHARED.get(sel) if name is not None and first is not None else None
    if page is None or name is None or first is None:
        return css.whole(sel.root)
    found = page.by_class.get(name)
    if found is None:
        # (a class written with character references, "entry&#45;content", is not seen: no page does that)
        present = name.encode() in page.source
        found = page.by_class[name] = _class_scan(name)(sel.root) if present else []
    firsts = [element for element in found if first(element)]
    if css.rest is None:
        return firsts
    if len(firsts) == 1:
        return css.rest(firsts[0])
    # from several elements the results may overlap or interleave: the whole query keeps document order
    return css.whole(sel.root) if firsts else []


def select(sel: Selector, query: str) -> SelectorList:
    if is_xpath(query):
        return sel.xpath(query)
    compiled = _compiled_css(query)
    if compiled is None:
        return sel.css(query)
    return SelectorList(Selector(root=element, type="html") for element in _select_css(sel, compiled))


def check_query(query: str) -> str | None:
    """Why a selector cannot run (a syntax error), or None."""
    try:
        select(Selector(text="<html></html>"), query)
    except Exception as exc:  # parsel raises cssselect's and lxml's own errors
        return f"{type(exc).__name__}: {exc}"
    return None
