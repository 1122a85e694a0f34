"""Outlet selectors: CSS, or XPath when the query starts with ``/``, ``(`` or ``./`` (one rule, one place)."""

from __future__ import annotations

from parsel import Selector, SelectorList

XPATH_STARTS = ("/", "(", "./")


def is_xpath(query: str) -> bool:
    return query.lstrip().startswith(XPATH_STARTS)


def select(sel: Selector, query: str) -> SelectorList:
    return sel.xpath(query) if is_xpath(query) else sel.css(query)


def check_query(query: str) -> str | None:
    """Why a selector cannot run (a syntax error), or None."""
    try:
        select(Selector(text="<html></html>"), query)
    except Exception as exc:  # parsel raises cssselect's and lxml's own errors
        return f"{type(exc).__name__}: {exc}"
    return None
