"""Pure text functions: faithful normalisation, the one folding key, paragraphs.

Two different jobs, kept apart on purpose:

* ``normalise`` changes the *stored* text as little as possible: it removes
  invisible characters and maps look-alike code points to the ordinary Arabic
  letters, but keeps diacritics, hamza forms, ة and Eastern digits as written.
* ``fold_key`` is lossy and only ever used for *matching* (noise markers,
  dedup, content hashes): it erases spelling variation so that one key serves
  every spelling.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-width and bidi control characters, BOM, soft hyphen, Arabic letter mark.
_INVISIBLE = "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# "Odd" spaces: no-break, en/em/thin..., narrow no-break, medium math, ideographic.
_ODD_SPACE_RE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_SPACES_RE = re.compile(r" {2,}")
# Arabic presentation forms A and B: mapped to ordinary letters by NFKC.
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_PERSIAN_DIGITS = {ord(p): ord(a) for p, a in zip("۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩")}
# Persian yeh at the end of a word is alef maksura in Arabic spelling (علی -> على).
_FINAL_FARSI_YEH_RE = re.compile("\u06cc(?![\\w\u064b-\u065f\u0670])")
_STORE_MAP = str.maketrans({"\u06a9": "\u0643", "\u06cc": "\u064a", "\u06d5": "\u0647"} | _PERSIAN_DIGITS)
_PERSIAN_RE = re.compile("[\u06a9\u06cc\u06d5\u06f0-\u06f9]")


def normalise(text: str) -> str:
    """Faithful normalisation of text that is stored (one line or paragraph)."""
    if not text:
        return ""
    text = _INVISIBLE_RE.sub("", text)
    text = _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = unicodedata.normalize("NFC", text)
    if _PERSIAN_RE.search(text):  # rare: skip two passes over every ordinary line
        text = _FINAL_FARSI_YEH_RE.sub("\u0649", text).translate(_STORE_MAP)
    text = _ODD_SPACE_RE.sub(" ", text)
    return (_SPACES_RE.sub(" ", text) if "  " in text else text).strip()


# ---- folding (matching only) -------------------------------------------------

_FOLD_MAP = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
        "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
        "ة": "ه", "ە": "ه", "ۀ": "ه", "ک": "ك", "ڪ": "ك", "گ": "ك",
        "ـ": "",
    }
    | {ord(d): str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")}
    | {ord(d): str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")}
)
# Harakat, Quranic marks, superscript alef.
_DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_FOLD_WORD_RE = re.compile(r"\w+")
# str.translate on Arabic text looks every character up (and misses most): replacing only the
# mapped characters a text holds is the same (no replacement is itself mapped) and much faster.
_FOLD_PAIRS = tuple((chr(k), v if isinstance(v, str) else chr(v)) for k, v in _FOLD_MAP.items())
assert not any(ord(c) in _FOLD_MAP for _, v in _FOLD_PAIRS for c in v), "a folded value is itself folded: order matters"


def fold_key(text: str) -> str:
    """Lossy key for matching: one spelling for every spelling.

    Folds hamza/alef forms, ى/ي/ی, ة/ه, ک/ك, diacritics, tatweel, invisible
    marks, digits and case; punctuation becomes a single space.
    """
    if not text:
        return ""
    text = _DIACRITICS_RE.sub("", unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text)))
    for mapped, folded in _FOLD_PAIRS:
        if mapped in text:
            text = text.replace(mapped, folded)
    return " ".join(_FOLD_WORD_RE.findall(text.casefold()))  # punctuation and spaces: one space between words


@lru_cache(maxsize=4096)
def _fold_cached(text: str) -> str:
    return fold_key(text)


def fold_short(text: str) -> str:
    """fold_key of a text that recurs (headings, title segments, names): cached when short, so a
    page's whole-article "heading" never sits in the cache."""
    return _fold_cached(text) if len(text) <= 200 else fold_key(text)


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """fold_key of one word (cached: the first words of lines repeat a lot)."""
    return fold_key(word)


# ---- paragraphs ----------------------------------------------------------------

PARAGRAPH_SEPARATOR = "\n\n"
_LINE_BREAKS_RE = re.compile(r"\s*\n\s*")


def split_paragraphs(body: str) -> list[str]:
    """Split a body into paragraphs: any line break separates paragraphs."""
    return [p for p in (normalise(line) for line in _LINE_BREAKS_RE.split(body or "")) if p]


def join_paragraphs(paragraphs: list[str]) -> str:
    return PARAGRAPH_SEPARATOR.join(paragraphs)


# Combining marks (harakat) are not \w in Python: keep them inside words.
_WORD_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+")


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text or "")


def word_count(text: str) -> int:
    return len(words(text))


def bag_of_words_f1(predicted: str, gold: str) -> float:
    """F1 of the folded words of two texts, counted as bags (how extractions are scored)."""
    from collections import Counter

    p, g = Counter(fold_key(predicted).split()), Counter(fold_key(gold).split())
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)
