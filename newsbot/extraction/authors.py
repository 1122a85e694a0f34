"""Bylines to people: prefixes, places, outlets and agencies removed (pure functions)."""

from __future__ import annotations

import re

from newsbot.core.text import fold_key, normalise

# "كتب", "كتبت", "بقلم", "إعداد", "By" ... at the start of a byline.
_PREFIX_RE = re.compile(
    r"^(?:كتب(?:ت|ه|ها)?|بقلم|إعداد|اعداد|تقرير|حوار|ترجمة|تحرير|متابعة|بواسطة|المحرر|by|written by)\b\s*[:：\-–]?\s*",
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


def clean_authors(candidates: list[str], not_people: tuple[str, ...] = ()) -> list[str]:
    """People named by the candidate bylines, in order, each once.

    ``not_people`` adds names that are not people on this page (the outlet's
    own name, its site name).
    """
    excluded = NOT_PEOPLE | {fold_key(n) for n in not_people if n}
    people: list[str] = []
    seen: set[str] = set()
    for candidate in candidates:
        line = normalise(candidate)
        if re.fullmatch(r"\(.*\)|\[.*\]", line):
            continue  # "(أبوظبي - البيان)": a dateline credit, not a byline
        place_credit = re.fullmatch(r"(.*?)\s+[-–—]\s+(.*)", line)
        if place_credit and fold_key(place_credit.group(2)) in excluded:
            continue  # "دبي - البيان": a place and the outlet, no person
        line = _DASH_TAIL_RE.sub("", _PREFIX_RE.sub("", line))
        for part in _SPLIT_RE.split(line):
            name = _PREFIX_RE.sub("", part).strip(" .:-–—")
            key = fold_key(name)
            if not key or key in excluded or key in seen:
                continue
            if re.search(r"\d|https?:|www\.|@", name) or len(name.split()) > 5:
                continue
            seen.add(key)
            people.append(name)
    return people
