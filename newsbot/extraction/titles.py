"""The headline: chosen by agreement between the page's headings and its <title>, site names cut (pure).

Metadata titles ("og:title") often carry the site's name, and with no
``og:site_name`` nothing says which segment it is; a page without metadata has
only its <title> and its headings, the first of which may be the logo ("CNN").
So: a heading that repeats a segment of the <title> (or of og:title), an <h1>
rather than a lesser heading, outside headers and footers, is the headline; failing that, the <title>'s
segments without the site's own (named by the page, by the outlet, or the
domain's brand, as in "CNN" for arabic.cnn.com).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from newsbot.core.text import fold_short

SEPARATORS_RE = re.compile(r"\s+(?:[-|–—:»«/]{1,2}|::)\s+")
# Tried in this order, a few of each: menus are full of elements classed "title". Plain lxml
# queries (no Selector per hit: lbcgroup has hundreds), the class checked by _CLASS_RE after a cheap
# contains() (a regex inside XPath runs a Python callback on every element).
_HEADINGS = (
    etree.XPath("//h1"), etree.XPath("//h2"),
    etree.XPath(
        "//*[self::div or self::span or self::p or self::h3][contains(@class, 'itle') or contains(@class, 'eadline')"
        " or contains(@class, 'ITLE') or contains(@class, 'EADLINE')]"
    ),
)
_CLASS_RE = re.compile(r"(^|[\s_-])(headline|title)([\s_-]|$)", re.IGNORECASE)
_AWAY_TAGS = frozenset({"header", "footer", "nav", "aside", "a"})
MAX_HEADINGS = 5  # of each kind


@dataclass
class Heading:
    text: str
    element: object  # the lxml element
    index: int  # order of discovery: the <h1>s, then the <h2>s, then elements classed as headlines


def segments(title: str) -> list[str]:
    return [s.strip() for s in SEPARATORS_RE.split(title) if s.strip()]


def brand_of(url: str, domains: tuple[str, ...] = ()) -> str | None:
    """The brand a domain spells: "cnn" for arabic.cnn.com, "youm7" for www.youm7.com."""
    host = (domains[0] if domains else urlsplit(url).hostname or "").lower().removeprefix("www.")
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return None
    # the label before the public suffix (one label, or two for com.eg-like suffixes)
    core = labels[-3] if len(labels) >= 3 and labels[-2] in ("com", "net", "org", "gov", "co", "edu") else labels[-2]
    core = core.replace("-", "")  # "madina-news" is written "Madina News", "MadinaNews"
    return core if len(core) >= 3 else None


def _is_site(segment: str, site_names: list[str], brand: str | None) -> bool:
    key = fold_short(segment)
    if not key:
        return True
    if any(key == fold_short(name) for name in site_names if name):
        return True
    # the brand only in a short segment: "CNN Arabic" is the site, a headline naming CNN is not
    return brand is not None and len(key.split()) <= 3 and brand in key.replace(" ", "")


def headings(sel: Selector, text_of, titles: tuple[str, ...] = ()) -> list[Heading]:
    """The page's headline-like elements: its <h1>s, <h2>s, then elements classed as headlines (each in
    page order; ``text_of`` gives an element's text line). An <h1> that repeats a segment of one of
    ``titles`` (the <title>, og:title) is the headline: the lesser headings are not read then."""
    out: list[Heading] = []
    keys = {fold_short(part) for title in titles if title for part in segments(title)}
    for n, query in enumerate(_HEADINGS):
        if n == 1 and any(fold_short(h.text) in keys for h in out):
            break
        if n == 2 and any(getattr(h.element, "tag", "") == "h1" and len(h.text.split()) >= 3 for h in out):
            break  # a real <h1>: elements classed "title" are not needed (and scanning for them is not cheap)
        hits = query(sel.root)
        if n == 2:
            hits = [h for h in hits if _CLASS_RE.search(h.get("class", ""))]
        for element in hits[:MAX_HEADINGS]:
            text = text_of(Selector(root=element, type="html"))
            if text:
                out.append(Heading(text, element, len(out)))
    return out


def _away(element) -> bool:
    node = element.getparent()
    while node is not None:
        if isinstance(node.tag, str) and node.tag in _AWAY_TAGS:
            return True
        node = node.getparent()
    return False


SECTION_WORDS = 2  # a segment this short beside the headline, once the site is cut, is its section


def trim(title: str, site_names: list[str], brand: str | None, found: list[Heading]) -> str:
    """A metadata title without its site and section segments: the segment a heading repeats, else
    what is left once the site's segments (and then a short section segment) are cut from either
    end, joined as it was written ("السيسي - بن سلمان: قمة" keeps its inner separator)."""
    pieces = SEPARATORS_RE.split(title)
    separators = SEPARATORS_RE.findall(title)
    if len(pieces) < 2:
        return title
    keys = {fold_short(h.text) for h in found}
    for piece in pieces:
        if fold_short(piece) in keys and not _is_site(piece, site_names, brand):
            return piece.strip()
    start, end = 0, len(pieces)
    while end - start > 1 and _is_site(pieces[end - 1], site_names, brand):
        end -= 1
    while end - start > 1 and _is_site(pieces[start], site_names, brand):
        start += 1
    if (start, end) == (0, len(pieces)):
        return title  # no site segment: the separators are part of the headline
    while end - start > 1 and len(fold_short(pieces[end - 1]).split()) <= SECTION_WORDS:
        end -= 1  # "Headline - القسم" once the site is cut
    return "".join(p + (separators[i] if i < end - 1 else "") for i, p in enumerate(pieces) if start <= i < end).strip()


def choose(found: list[Heading], title_tag: str | None, site_names: list[str], brand: str | None) -> tuple[str | None, Heading | None]:
    """The headline of a page without metadata: the heading that agrees with the <title>; else the
    <title>'s longest segment that is not the site's; else the first substantial heading."""
    parts = [p for p in segments(title_tag or "") if not _is_site(p, site_names, brand)]
    part_keys = {fold_short(p) for p in parts}
    whole = fold_short(title_tag or "")
    best: tuple[float, Heading] | None = None
    for heading in found:
        key = fold_short(heading.text)
        words = len(key.split())
        if words < 2 or _is_site(heading.text, site_names, brand):
            continue  # a logo, the site's name
        score = 0.0
        if key in part_keys:
            score += 5
        elif key and key in whole:
            score += 3
        score += (1 if getattr(heading.element, "tag", "") == "h1" else 0) - (3 if _away(heading.element) else 0)
        score -= heading.index / 100
        if best is None or score > best[0]:
            best = (score, heading)
    if best is not None and best[0] >= 3:
        return best[1].text, best[1]
    # no agreement: the first real <h1> (a <title> may be junk: "t", "Home"), else the <title>
    first_h1 = next((h for h in found if getattr(h.element, "tag", "") == "h1" and len(fold_short(h.text).split()) >= 3
                     and not _away(h.element) and not _is_site(h.text, site_names, brand)), None)
    if first_h1 is not None:
        return first_h1.text, first_h1
    if parts:
        trimmed = trim(title_tag or "", site_names, brand, [])
        if trimmed != (title_tag or "").strip():
            return trimmed, None  # the site's segment cut, the rest as written
        return max(parts, key=len), None  # no segment is known to be the site's: the longest
    if best is not None and best[0] > -2:
        return best[1].text, best[1]
    return (title_tag.strip() or None) if title_tag else None, None
