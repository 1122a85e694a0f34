"""Outlet selectors: CSS, or XPath when the query starts with ``/``, ``(`` or ``./`` (one rule, one place)."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from parsel import Selector, SelectorList
from parsel.csstranslator import HTMLTranslator

XPATH_STARTS = ("/", "(", "./")
_TRANSLATOR = HTMLTranslator()
_LEADING_ID_RE = re.compile(r"^descendant-or-self::(\*|[a-z][a-z0-9]*)\[@id = '([^']+)'\]")


def is_xpath(query: str) -> bool:
    return query.lstrip().startswith(XPATH_STARTS)


@lru_cache(maxsize=1024)
def _compiled_css(query: str) -> etree.XPath | None:
    """A CSS query as compiled XPath, once per query (parsel translates it each time, and lxml then
    compiles it each time); None for pseudo-elements (::text, ::attr), which give strings."""
    if "::" in query:
        return None
    # "#articleBody ...": libxml2 keeps an index of ids, id() reads it (a scan of every element
    # otherwise: 0.2-1 ms a page). A page that repeats an id gets its first element, as in a browser.
    xpath = _LEADING_ID_RE.sub(lambda m: f"id('{m.group(2)}')" + ("" if m.group(1) == "*" else f"[self::{m.group(1)}]"),
                               _TRANSLATOR.css_to_xpath(query), count=1)
    return etree.XPath(xpath)


def select(sel: Selector, query: str) -> SelectorList:
    if is_xpath(query):
        return sel.xpath(query)
    compiled = _compiled_css(query)
    if compiled is None:
        return sel.css(query)
    return SelectorList(Selector(root=element, type="html") for element in compiled(sel.root))


def check_query(query: str) -> str | None:
    """Why a selector cannot run (a syntax error), or None."""
    try:
        select(Selector(text="<html></html>"), query)
    except Exception as exc:  # parsel raises cssselect's and lxml's own errors
        return f"{type(exc).__name__}: {exc}"
    return None
