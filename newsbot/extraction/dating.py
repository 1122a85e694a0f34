"""Dates a reader sees: the URL's date and the visible dates near the headline (pure functions).

The structured sources (JSON-LD, meta, microdata, RDFa: newsbot.extraction.structured)
are read first; this module is for pages where they are missing or refused. It
looks at the elements from a little above the headline to the start of the
article text, and scores each date it finds by where it stands and what labels it: a publication label ("نشر في", "تاريخ النشر") or a date-like class
wins; an update label ("آخر تحديث") makes it ``modified_at``; a date inside a
link, a teaser list, a header or footer that does not hold the headline, or
beside "©" is a decoy and is refused. Labels come from
newsbot/core/date_words.toml (and an outlet's ``date_labels``). Every candidate
is kept, with why it lost, for ``scrapy extract --explain``.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from newsbot.core.dates import DATE_WORDS, label_pattern, numeric_order, parse_date
from newsbot.extraction.body import is_inside
from newsbot.outlets.profile import OutletProfile

# A text that may hold a date: a digit (of a year, a day or a clock), or "أمس". Kept this simple
# because it runs on every text near the headline; parse_date decides the rest.
_GATE_RE = re.compile(r"[0-9٠-٩]|أمس")
# What a date line must hold before it is parsed: a year, or a relative form ("منذ 3 ساعات", "أمس").
# (A clock or a count alone is no date, and dateparser would spend milliseconds saying so.)
_DATE_SHAPE_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<![٠-٩])[١٢][٠٩][٠-٩]{2}(?![٠-٩])|منذ|قبل\s|أمس")
# Data attributes that carry a date (data-date, data-published, data-timestamp).
_DATA_NAME_RE = re.compile(r"date|time|publish|posted", re.IGNORECASE)
# A <time> of this class is the update stamp (WordPress's "entry-date published" / "updated").
_UPDATED_CLASS_RE = re.compile(r"updated|modified", re.IGNORECASE)
# Classes and ids of the blocks that carry a page's own date and byline.
_DATE_CLASS_RE = re.compile(r"date|time|publish|posted|stamp|meta|byline|info|details|تاريخ", re.IGNORECASE)
_DECOY_TAGS = frozenset({"header", "footer", "nav", "aside"})
_TEASER_WORDS = 6  # a link of this many words is a headline (a byline link is shorter): a date beside it is a teaser's
WINDOW_BEFORE, WINDOW_AFTER = 40, 80  # elements looked at before the headline and after the text starts
_MAX_CHARS = 160  # a date line, not a paragraph that mentions a date


@dataclass
class Candidate:
    """One date found on the page, and what became of it."""

    source: str  # "visible", "time" (a <time datetime>), "attribute" (data-date="…")
    raw: str
    kind: str = "published"  # or "modified"
    score: float = 0.0
    value: datetime | None = None
    rejected: str | None = None  # why it lost, if it was refused outright

    def explain(self) -> str:
        verdict = self.rejected or (f"{self.value.isoformat()} score {self.score:g}" if self.value else "not a date")
        return f"{self.source} {self.kind}: {self.raw!r} -> {verdict}"


@lru_cache(maxsize=32)
def _labels(extra: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    words = DATE_WORDS["labels"]
    return (
        re.compile(label_pattern([*words["published"], *extra]), re.IGNORECASE),
        re.compile(label_pattern(words["modified"]), re.IGNORECASE),
        re.compile("|".join(re.escape(w) for w in words["ignored"]), re.IGNORECASE),
    )


# Dated article URLs: /2020/8/24/, /2013/middle_east/8/3/, /2020-06-03-1.38
_URL_DATE_RES = (
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"/((?:19|20)\d\d)/[a-z_-]+/(\d{1,2})/(\d{1,2})/", re.IGNORECASE),
    re.compile(r"[/_-]((?:19|20)\d\d)-(\d{2})-(\d{2})(?!\d)"),
)
# /202003171044893040-: a date run into a number. An article id can look the same (/news/20110425),
# so this one is only a hint: a visible date wins over it.
_URL_DIGITS_DATE_RE = re.compile(r"/((?:19|20)\d\d)(\d{2})(\d{2})\d{0,12}(?:[-/_.]|$)")


def _url_day(url: str, patterns) -> date | None:
    path = url.split("?", 1)[0]
    for pattern in patterns:
        m = pattern.search(path)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def url_date(url: str) -> tuple[date | None, bool]:
    """The date a dated article URL carries, by the common patterns, and whether it is firm (a
    date written as one) or only a hint (digits that may be an id). An outlet's own
    ``article_url`` groups are read first, by the profile."""
    firm = _url_day(url, _URL_DATE_RES)
    return (firm, True) if firm else (_url_day(url, (_URL_DIGITS_DATE_RE,)), False)


MAX_DATE_WORDS = 14  # a date line, with its label and a byline beside it; longer is a sentence of the text


def _short_text(element, limit: int) -> str | None:
    """The element's text, pieces joined by spaces, or None once it passes ``limit`` characters
    (read no further: a hostile page's containers hold megabytes)."""
    pieces, size = [], 0
    for piece in element.itertext():
        piece = piece.strip()
        if piece:
            size += len(piece) + 1
            if size > limit:
                return None
            pieces.append(piece)
    return " ".join(pieces)


def _line(element, own: str) -> str:
    """The element's whole text when it is short enough to be a date line ("<time>02:00</time> الثلاثاء
    1 / 12 / 2020"), else only the text that matched (``own``: the element's text or a child's tail)."""
    text = _short_text(element, _MAX_CHARS)
    return text if text is not None and len(text.split()) <= MAX_DATE_WORDS else own.strip()


_BLOCKS = frozenset({"p", "div", "li", "td", "section", "article", "blockquote", "dd", "header", "footer"})


def _in_prose(element) -> bool:
    """Whether the element stands inside a block of running text ("…أقرت في <b>12 مايو 2019</b>
    ستبدأ…"): a date there is one the article mentions, not its own."""
    node = element
    while node is not None and not (isinstance(node.tag, str) and node.tag in _BLOCKS):
        node = node.getparent()
    return node is not None and _short_text(node, _MAX_CHARS) is None


_TEASER_CHARS = 300  # a teaser card is small: a headline link and its date


_WORD_RE = re.compile(r"[^\W\d_]{2,}")


def _words(element) -> int:
    return len(_WORD_RE.findall("".join(element.itertext())))


def _decoy(element, headline, raw: str) -> str | None:
    """Why a date at this element is not the page's own, or None."""
    node, depth = element, 0
    date_words = len(raw.split())
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "a" and depth < 4 and _words(node) >= date_words + _TEASER_WORDS:  # the date inside a headline's link
            return "inside a linked headline (a teaser)"
        if tag in _DECOY_TAGS and (headline is None or not is_inside(headline, node)):
            return f"inside <{tag}> away from the headline"
        if depth < 4 and tag in ("li", "article", "div") and headline is not None and not is_inside(headline, node):
            if _short_text(node, _TEASER_CHARS) is not None and any(
                _words(link) >= _TEASER_WORDS and not is_inside(element, link) for link in node.iter("a")
            ):
                return "beside a linked headline (a teaser)"
        node, depth = node.getparent(), depth + 1
    return None


def _class_hint(element) -> bool:
    node = element
    for _ in range(3):
        if node is None:
            return False
        if _DATE_CLASS_RE.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
        node = node.getparent()
    return False


def _split(text: str, published_re, modified_re) -> list[tuple[str, str]]:
    """(kind, text) pieces of a date line: one label kind labels the whole line ("الأحد 4 آب 2013،
    آخر تحديث 02:21" is an update stamp); with both kinds, each label takes what follows it."""
    marks = sorted(
        [(m.start(), m.end(), "published") for m in published_re.finditer(text)]
        + [(m.start(), m.end(), "modified") for m in modified_re.finditer(text)]
    )
    kinds = {kind for _, _, kind in marks}
    if len(kinds) < 2:
        return [(kinds.pop() if kinds else "", text)]
    pieces = []
    for i, (_, end, kind) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        pieces.append((kind, text[:stop] if i == 0 else text[end:stop]))  # the first takes what precedes it too
    return pieces


def visible_dates(
    root, profile: OutletProfile, *, headline=None, container=None, relative_base: datetime | None = None, refuse_future: bool = True,
) -> list[Candidate]:
    """Every date near the headline and the start of the article text, scored (best first)."""
    published_re, modified_re, ignored_re = _labels(profile.date_labels)
    anchor = headline if headline is not None else container
    # (index, owner element, source, text as found); before the anchor only the last few are kept
    found: deque[tuple[int, Any, str, str]] = deque(maxlen=WINDOW_BEFORE * 4)
    anchor_index = 0 if anchor is None else None
    start_index = None
    for index, element in enumerate(root.iter()):
        if element is anchor:
            anchor_index = index
            found = deque((item for item in found if item[0] >= index - WINDOW_BEFORE), maxlen=None)
        if element is container:
            start_index = index
        if anchor_index is not None and index > max(anchor_index, start_index or 0) + WINDOW_AFTER:
            break  # past the window: the rest of the page is not looked at
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript"):
            continue
        if element.tag == "time" and element.get("datetime"):
            found.append((index, element, "time", element.get("datetime")))
        for name, value in element.items():
            # machine-readable dates in data attributes: data-date, data-published, data-timestamp
            if name.startswith("data-") and _DATA_NAME_RE.search(name) and value.strip():
                found.append((index, element, "attribute", value.strip()))
        if element.text and _GATE_RE.search(element.text):
            found.append((index, element, "visible", element.text))
        if element.tail and _GATE_RE.search(element.tail) and element.getparent() is not None:
            found.append((index, element.getparent(), "visible", element.tail))
    if anchor_index is None:
        anchor_index = start_index if start_index is not None else 0
    last = max(anchor_index, start_index or 0) + WINDOW_AFTER
    found = deque(
        (index, owner, source, _line(owner, text) if source == "visible" else text)
        for index, owner, source, text in found if anchor_index - WINDOW_BEFORE <= index <= last
    )
    texts = [raw for index, _, _, raw in found if anchor_index - WINDOW_BEFORE <= index <= last]
    order = numeric_order(texts)
    day_first = profile.day_first if order is None else order
    candidates: list[Candidate] = []
    seen: set[tuple[int, str]] = set()
    for index, element, source, raw in found:
        if not anchor_index - WINDOW_BEFORE <= index <= last or (id(element), raw) in seen:
            continue
        seen.add((id(element), raw))
        decoy = _decoy(element, headline, raw)
        context = raw
        parent = element.getparent()
        if parent is not None and not published_re.search(raw) and not modified_re.search(raw):
            before = _line(parent, raw)
            context = before if raw in before else raw  # the label in a sibling: "<b>نشر في:</b> <span>12 مايو…</span>"
        for kind, piece in _split(context, published_re, modified_re):
            machine = source in ("time", "attribute")
            if machine and not kind and _UPDATED_CLASS_RE.search(element.get("class", "")):
                kind = "modified"  # <time class="updated" datetime=…>
            candidate = Candidate(source, raw if machine else piece.strip(), kind or "published")
            candidates.append(candidate)
            if decoy:
                candidate.rejected = decoy
                continue
            if source == "visible" and (len(piece.split()) > MAX_DATE_WORDS or _in_prose(element)):
                candidate.rejected = "a sentence of the text, not a date line"
                continue
            if ignored_re.search(context):
                candidate.rejected = "a copyright or service line"
                continue
            if source == "visible" and not _DATE_SHAPE_RE.search(piece):
                candidate.rejected = "no year and no relative date in it"
                continue
            candidate.value = parse_date(
                raw if machine else piece, profile.timezone, utc_is_local=profile.utc_is_local,
                relative_base=relative_base, day_first=day_first, refuse_future=refuse_future,
            )
            if candidate.value is None:
                candidate.rejected = "not a date (or not a possible one)"
                continue
            distance = index - anchor_index
            candidate.score = (
                (3 if kind else 0) + (2 if _class_hint(element) else 0) + (1 if machine else 0)
                + (3 if abs(distance) <= 15 else 1 if abs(distance) <= 40 else 0) + (1 if distance > 0 else 0)
                - abs(distance) / 1000  # the nearer of two equals
            )
    return sorted(candidates, key=lambda c: (c.value is None, -c.score))


def best(candidates: list[Candidate], kind: str) -> datetime | None:
    """The date of the best candidate of a kind ("published", "modified")."""
    return next((c.value for c in candidates if c.value is not None and c.kind == kind), None)
