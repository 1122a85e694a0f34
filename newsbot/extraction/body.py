"""Article body: DOM-level dropping, then paragraphs as a reader sees them (pure functions)."""

from __future__ import annotations

import copy
import re

from lxml import etree
from parsel import Selector

from newsbot.text import normalise

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
# Boxes inside article containers that are never article text (a generic set; outlets add their own).
# Class/id words are matched as whole words of a token ("share-bar" yes, "selectionShareable" no).
_BOX_WORDS = "share|sharing|social|related|newsletter|advert|advertisement|ads|adsbygoogle|gpt-ad|subscribe"
GENERIC_DROP = (
    "figcaption", ".wp-caption-text", "ins",
    f".//*[re:test(@class, '(^|[\\s_-])({_BOX_WORDS})([\\s_-]|$)', 'i') or re:test(@id, '(^|[_-])({_BOX_WORDS})([_-]|$)', 'i')]",
)
_WS_RE = re.compile(r"\s+")
_BREAK = "\n"


def as_selector(element) -> Selector:
    return Selector(root=element, type="html")


def drop_boxes(container: Selector, selectors: tuple[str, ...] | list[str]) -> Selector:
    """A copy of ``container`` without the elements the selectors match."""
    root = copy.deepcopy(container.root)
    copy_sel = as_selector(root)
    for css in selectors:
        query = copy_sel.xpath(css) if css.startswith(("/", "(", "./")) else copy_sel.css(css)
        for element in query:
            node = element.root
            if not isinstance(node, etree._Element) or node is root:
                continue
            parent = node.getparent()
            if parent is None:
                continue
            # Keep the tail text: it belongs to the parent, not to the dropped box.
            if node.tail:
                previous = node.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + node.tail
                else:
                    parent.text = (parent.text or "") + node.tail
            parent.remove(node)
    return copy_sel


def _walk(node, out: list[str]) -> None:
    tag = node.tag if isinstance(node.tag, str) else None
    if tag is not None:
        tag = tag.lower()
        if tag in SKIP_TAGS:
            tag = None
        elif tag == "br":
            out.append(_BREAK)
        else:
            block = tag in BLOCK_TAGS
            if block:
                out.append(_BREAK)
            if node.text:
                out.append(_WS_RE.sub(" ", node.text))
            for child in node:
                _walk(child, out)
            if block:
                out.append(_BREAK)
    if node.tail:
        out.append(_WS_RE.sub(" ", node.tail))


def element_paragraphs(container: Selector) -> list[str]:
    """Paragraphs of an element: block elements and ``<br>`` separate them.

    Whitespace inside the source text never breaks a paragraph; inline
    elements (``<a>``, ``<span>``, ``<b>``) stay inside theirs.
    """
    out: list[str] = []
    root = container.root
    if root.text:
        out.append(_WS_RE.sub(" ", root.text))
    for child in root:
        _walk(child, out)
    return [p for p in (normalise(line) for line in "".join(out).split(_BREAK)) if p]


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
        found = sel.css(css)
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
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    return parents[best]
