"""Article body: DOM-level dropping, then paragraphs as a reader sees them (pure functions)."""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable

from lxml import etree
from parsel import Selector

from newsbot.core.select import select
from newsbot.core.text import normalise

# Never text: removed with their content wherever they are.
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "svg", "button", "form", "select",
        "textarea", "object", "embed", "video", "audio", "canvas", "figcaption", "head", "input",
    }
)
# Elements that start a new paragraph. Everything else is inline.
BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "figure",
        "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr",
        "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "center", "address", "details",
    }
)
# Boxes inside article containers that are never article text; outlets add their own `drop`.
# A class/id word counts where a token or a -/_ part of it starts with it: "share-bar",
# "socialsharing", "parsely-related-stories" go; "selectionShareable" stays. Matched in one Python
# pass over the container (as XPath regexes they cost a Python callback per element and query).
_BOX_START = "share|social|related|newsletter|subscribe|advert|adsbygoogle|gpt-ad|promo|player|caption|breadcrumb|outbrain|taboola|sponsored"
# (Not "meta": metadata blocks carry "المصدر: ..." lines the cleaner turns into `source`.)
_BOX_PART = "tags|tag-list|print|comments|most-read|read-more|readmore"
_BOX_TOKEN = "ad|ads|d-none|hidden|hide|hidespan|sr-only|visually-hidden|screen-reader-text"
_BOX_TAGS = frozenset({"figcaption", "ins"})
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_START_CLASS_RE = re.compile(f"(^|[\\s_-])({_BOX_START})", re.IGNORECASE)
_START_ID_RE = re.compile(f"(^|[_-])({_BOX_START})", re.IGNORECASE)
_PART_CLASS_RE = re.compile(f"(^|[\\s_-])({_BOX_PART})([\\s_-]|$)", re.IGNORECASE)
_PART_ID_RE = re.compile(f"(^|[_-])({_BOX_PART})([_-]|$)", re.IGNORECASE)
_TOKEN_CLASS_RE = re.compile(f"(^|\\s)({_BOX_TOKEN})(\\s|$)", re.IGNORECASE)


def is_generic_box(element) -> bool:
    """A caption, an ad slot, a hidden element, a share/related/tags box (by its tag, class, id, style)."""
    if element.tag in _BOX_TAGS:
        return True
    attrib = element.attrib
    if not attrib:
        return False
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    if style and _HIDDEN_STYLE_RE.search(style):
        return True
    cls, ident = attrib.get("class"), attrib.get("id")
    if cls and ("wp-caption-text" in cls.split() or _START_CLASS_RE.search(cls) or _PART_CLASS_RE.search(cls) or _TOKEN_CLASS_RE.search(cls)):
        return True
    return bool(ident and (_START_ID_RE.search(ident) or _PART_ID_RE.search(ident)))


_WS_RE = re.compile(r"\s+")
_BREAK = "\x00"  # a paragraph break while walking: parsed text never holds NUL (parsing removes it)


def as_selector(element) -> Selector:
    return Selector(root=element, type="html")


def is_inside(node, root) -> bool:
    """Whether ``node`` is ``root`` or in its tree. (A detached node keeps its document, so
    ``getroottree()`` cannot tell: its ancestors can.)"""
    return node is root or any(ancestor is root for ancestor in node.iterancestors())


def _remove(node, root) -> bool:
    """Detach ``node`` from ``root``'s tree, keeping its tail text; False if already gone."""
    if node is root or not is_inside(node, root):
        return False
    parent = node.getparent()
    if node.tail:  # the tail belongs to the parent, not to the dropped box
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
    return True


def drop_boxes(container: Selector, selectors=(), counter: Counter | None = None) -> Selector:
    """A copy of ``container`` without its generic boxes (``is_generic_box``) and the elements the
    selectors (an outlet's ``drop``) match. Each removed box counts once, whatever it held."""
    root = copy.deepcopy(container.root)
    copy_sel = as_selector(root)
    if isinstance(root, etree._Element):
        boxes = [element for element in root.iter(etree.Element) if element is not root and is_generic_box(element)]
        for element in boxes:
            if _remove(element, root) and counter is not None:
                counter["dom_box"] += 1
    for query in selectors:
        for element in select(copy_sel, query):
            if isinstance(element.root, etree._Element) and _remove(element.root, root) and counter is not None:
                counter["dom_box"] += 1
    return copy_sel


_HEADINGS = ".//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//*[re:test(@class, '(^|[\\s_-])(title|heading|header)', 'i')]"


def drop_marker_blocks(container: Selector, is_marker: Callable[[str], bool], counter: Counter | None = None) -> Selector:
    """Remove, in place, blocks whose heading is a noise marker ("اقرأ أيضاً", "أخبار ذات صلة").

    The heading's parent block goes; when the heading sits directly in the
    container, the heading and the list or box right after it go.
    """
    root = container.root
    for heading in container.xpath(_HEADINGS):
        node = heading.root
        if not isinstance(node, etree._Element) or not is_inside(node, root):
            continue
        text = element_text(heading)
        if not text or len(text.split()) > 6 or not is_marker(text):
            continue
        parent = node.getparent()
        if parent is not None and parent is not root:
            _remove(parent, root)
        else:
            following = node.getnext()
            _remove(node, root)
            if following is not None and following.tag in ("ul", "ol", "div", "section"):
                _remove(following, root)
        if counter is not None:
            counter["dom_marker_block"] += 1
    return container


def _walk(node, out: list[str]) -> None:
    """The text pieces of ``node`` (and its tail) in reading order, with a break around each block.

    Iterative, with its own stack: a hostile page nests elements deeper than Python's recursion
    limit. (Written for speed: it runs on every container, headline and byline; pieces are kept
    raw, and whitespace is collapsed once, by the caller.)
    """
    append = out.append
    stack: list = [node]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        item = pop()
        if type(item) is tuple:  # leaving an element: its closing break, then its tail
            element, block = item
            if block:
                append(_BREAK)
            if element.tail:
                append(element.tail)
            continue
        tag = item.tag
        if type(tag) is str:
            tag = tag.lower()
            if tag not in SKIP_TAGS and tag != "br":
                block = tag in BLOCK_TAGS
                if block:
                    append(_BREAK)
                if item.text:
                    append(item.text)
                push((item, block))
                if len(item):
                    children = list(item)
                    children.reverse()
                    extend(children)
                continue
            if tag == "br":
                append(_BREAK)
        if item.tail:  # a skipped element, a <br>, a comment: only the text after it
            append(item.tail)


def element_paragraphs(container: Selector) -> list[str]:
    """Paragraphs of an element: block elements and ``<br>`` separate them.

    Whitespace inside the source text never breaks a paragraph; inline
    elements (``<a>``, ``<span>``, ``<b>``) stay inside theirs.
    """
    out: list[str] = []
    root = container.root
    if root.text:
        out.append(root.text)
    for child in root:
        _walk(child, out)
    # Whitespace only: the text stays as the page wrote it until the clean pipeline
    # normalises it (language detection wants to see it unnormalised).
    return [p for p in (line.strip() for line in _WS_RE.sub(" ", "".join(out)).split(_BREAK)) if p]


def element_text(element: Selector) -> str:
    """One line of text of an element (headline, byline)."""
    return normalise(" ".join(element_paragraphs(element))) if isinstance(element.root, etree._Element) else normalise(str(element.root))


# Containers named by common CMS conventions, tried before scoring.
_CONTAINER_HINTS = (
    "[itemprop='articleBody']", "#articleBody", ".article-body", ".articleBody", ".article-content",
    ".entry-content", ".post-content", ".story-body", ".news-content", ".article-text", ".field-name-body",
)
_MIN_PARAGRAPH_CHARS = 40


def _paragraph_score(p: Selector) -> int:
    text = "".join(p.xpath(".//text()[not(ancestor::a)]").getall())
    return len(_WS_RE.sub(" ", text).strip())


def generic_container(sel: Selector) -> Selector | None:
    """The element that holds most of the page's paragraph text."""
    for css in _CONTAINER_HINTS:
        found = select(sel, css)
        if found and sum(len(t) for t in found[0].xpath(".//text()").getall()) > 200:
            return found[0]
    scores: dict = {}
    parents: dict = {}
    for p in sel.xpath("//body//p | //body//div[not(*)] | //body//br/.."):
        score = _paragraph_score(p)
        if score < _MIN_PARAGRAPH_CHARS:
            continue
        parent = p.xpath("..")
        if not parent:
            continue
        key = parent[0].root
        scores[key] = scores.get(key, 0) + score
        parents[key] = parent[0]
        # half to the grandparent: paragraphs each in a wrapper of their own add up there
        grandparent = key.getparent()
        if grandparent is not None and grandparent.tag not in ("body", "html"):
            scores[grandparent] = scores.get(grandparent, 0) + score / 2
            parents.setdefault(grandparent, parent[0].xpath("..")[0])
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    return parents[best]


# ---- bounding a generic container ----

_BOXES = frozenset({"ul", "ol", "div", "section", "nav", "table", "aside", "dl", "header", "footer"})
MAX_LINK_SHARE = 0.5  # a box whose text is mostly links is a menu or a teaser list
_MIN_LINKS = 3


def link_share(element) -> tuple[float, int]:
    """The share of an element's text inside links, and its number of links."""
    total = len("".join(element.itertext()).strip())
    links = list(element.iter("a"))
    linked = sum(len("".join(a.itertext()).strip()) for a in links)
    return (linked / total if total else 0.0), len(links)


def drop_link_boxes(container: Selector, counter: Counter | None = None) -> Selector:
    """Remove, in place, boxes whose text is mostly links (menus, teaser lists, tag clouds): a generic
    container chosen by its paragraph text must not carry the page's navigation with it."""
    root = container.root
    for element in list(root.iter(*_BOXES)):
        if element is root or not is_inside(element, root):
            continue
        share, links = link_share(element)
        if links >= _MIN_LINKS and share > MAX_LINK_SHARE and _remove(element, root) and counter is not None:
            counter["dom_link_box"] += 1
    return container


_LEAD_MIN_WORDS = 12
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def lead_before(container: Selector) -> str | None:
    """A lead printed apart, just above the generic container: the nearest element before it, when
    it is a block of prose (a sentence of 12 words or more, hardly any links, not a heading)."""
    node = container.root.getprevious()
    while node is not None and not (isinstance(node.tag, str) and "".join(node.itertext()).strip()):
        node = node.getprevious()
    if node is None or not isinstance(node.tag, str) or node.tag in _HEADING_TAGS or node.tag in SKIP_TAGS:
        return None
    if node.find(".//h1") is not None or node.find(".//h2") is not None:
        return None
    text = element_text(as_selector(node))
    share, _ = link_share(node)
    if len(text.split()) < _LEAD_MIN_WORDS or share > 0.2 or not re.search(r"[.!؟?]\s*$", text):
        return None
    return text
