"""Bylines to people: prefixes, places, outlets and agencies removed (pure functions)."""

from __future__ import annotations

import re
from collections import deque
from functools import lru_cache

from newsbot.core.noise import Catalogue, name_like, place_credit
from newsbot.core.text import fold_key, normalise

# "كتب", "كتبت", "بقلم", "إعداد", "By" ... at the start of a byline.
_PREFIX_RE = re.compile(
    r"^(?:كتب(?:ت|ه|ها)?|بقلم(?:\s+(?:الكاتب|الكاتبة))?|إعداد|اعداد|تقرير|حوار|ترجمة|تحرير|متابعة|تصوير|إشراف|بواسطة|المحرر|by|written by)\b\s*[:：\-–]?\s*",
    re.IGNORECASE,
)
_SPLIT_RE = re.compile(r"\s*(?:[،,;&|/]|\s+و\s+|\s+and\s+)\s*", re.IGNORECASE)
# "حسام أبو العلا - القاهرة": what follows a dash in a byline is a place or a role.
_DASH_TAIL_RE = re.compile(r"\s+[-–—]\s+.*$")
# Bylines that name no person (folded keys).
NOT_PEOPLE = frozenset(
    fold_key(x)
    for x in (
        "وكالات", "وكالة", "رويترز", "أ ف ب", "ا ف ب", "فرانس برس", "أسوشيتد برس", "الأناضول", "د ب أ",
        "واس", "وام", "قنا", "أ ش أ", "سبوتنيك", "فريق التحرير", "هيئة التحرير", "التحرير", "المحرر",
        "محرر الموقع", "مراسلنا", "مراسلون", "خاص", "admin", "editor", "staff", "reuters", "afp", "ap",
    )
)


# "LBCI", "CNN", "BBC": a short all-capitals Latin word on an Arabic page is an organisation.
_ACRONYM_RE = re.compile(r"[A-Z]{2,6}")


@lru_cache(maxsize=256)
def _excluded(not_people: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """Folded names that are no person on a page (the catalogue's and the outlet's), and the same
    without spaces ("MadinaNews" is the site "madina-news"): the same few tuples on every page."""
    excluded = NOT_PEOPLE | {fold_key(n) for n in not_people if n}
    return frozenset(excluded), frozenset(key.replace(" ", "") for key in excluded)


def clean_authors(candidates: list[str], not_people: tuple[str, ...] = ()) -> list[str]:
    """People named by the candidate bylines, in order, each once.

    ``not_people`` adds names that are not people on this page (the outlet's
    own name, its site name).
    """
    if not candidates:
        return []
    excluded, compact = _excluded(tuple(not_people))
    people: list[str] = []
    seen: set[str] = set()
    for candidate in candidates:
        line = normalise(candidate)
        if re.fullmatch(r"\(.*\)|\[.*\]", line):
            continue  # "(أبوظبي - البيان)": a dateline credit, not a byline
        credited = re.fullmatch(r"(.*?)\s+[-–—]\s+(.*)", line)
        if credited and fold_key(credited.group(2)) in excluded:
            continue  # "دبي - البيان": a place and the outlet, no person
        line = _DASH_TAIL_RE.sub("", _PREFIX_RE.sub("", line))
        for part in _SPLIT_RE.split(line):
            name = _PREFIX_RE.sub("", part).strip(" .:-–—")
            key = fold_key(name)
            if not key or key in excluded or key.replace(" ", "") in compact or key in seen:
                continue
            if re.search(r"\d|https?:|www\.|@", name) or len(name.split()) > 5 or _ACRONYM_RE.fullmatch(name) or not name_like(name):
                continue  # a sentence ("الرئيس على تويتر"), an organisation's acronym, a handle
            seen.add(key)
            people.append(name)
    return people


# Classes and ids of the elements that print a byline.
_BYLINE_CLASS_RE = re.compile(r"author|writer|byline|by-line|writeby|kateb|katib|reporter|journalist|contributor", re.IGNORECASE)
_BYLINE_START_RE = re.compile(r"^\s*(?:كتب(?:ت|ه|ها)?|بقلم)(?![\u0600-\u06ff])")
BYLINE_WINDOW = 60  # elements after the headline where the byline is looked for (and a quarter of it before)
MAX_BYLINE_WORDS = 8


def visible_bylines(root, headline=None, container=None, catalogue: Catalogue | None = None) -> list[str]:
    """Credit lines printed near the headline: an element classed as a byline ("writeBy",
    "post-meta-author") of two words or more (one word there is a section's name), a short line that
    starts "كتب" / "بقلم", or a "name - place" credit (raw: clean_authors reads them)."""
    anchor = headline if headline is not None else container
    if anchor is None:
        return []
    lines: list[str] = []
    before: deque = deque(maxlen=BYLINE_WINDOW // 4)  # the elements just above the headline
    after = -1
    for element in root.iter():
        if after < 0:
            if element is not anchor:
                before.append(element)
                continue
            after = 0
            elements = [*before, element]
        else:
            after += 1
            if after > BYLINE_WINDOW:
                break
            elements = [element]
        for candidate in elements:
            line = _byline(candidate, catalogue)
            if line and line not in lines:
                lines.append(line)
    return lines


def _byline(element, catalogue: Catalogue | None) -> str | None:
    """The credit line an element prints, if it is one."""
    if not isinstance(element.tag, str) or element.tag in ("script", "style"):
        return None
    names = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("rel"))))
    classed = bool(names) and _BYLINE_CLASS_RE.search(names) is not None
    text = (element.text or "").strip()
    if not (classed or text):
        return None
    prefixed = bool(_BYLINE_START_RE.match(text))
    credit = catalogue is not None and not classed and not prefixed and text and place_credit(text, catalogue)
    if credit:
        return credit  # the person of "place - name"
    if not (classed or prefixed):
        return None
    line = " ".join(t.strip() for t in element.itertext() if t.strip())
    if not line or len(line.split()) > MAX_BYLINE_WORDS or (classed and not prefixed and len(line.split()) < 2):
        return None
    return line
