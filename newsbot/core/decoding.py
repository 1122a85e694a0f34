"""The decode guard: never let mojibake through (pure functions).

Scrapy's charset detection cannot be trusted for Arabic: a windows-1256 page
with no charset declared decodes as mac-latin2 gibberish, one whose meta says
ISO-8859-1 decodes as cp1252 ("ÓÑÞÉ ãäÒá"), and cp1256 and ISO-8859-6 swapped
still look Arabic but with wrong letters. So the decoded text is scored for
Arabic plausibility (Arabic letters, common function words, known mojibake
shapes, replacement characters) and, when it scores badly, the bytes are
re-decoded with each Arabic candidate encoding and the best one is kept.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode, resolve_encoding

CANDIDATES = ("utf-8", "cp1256", "iso-8859-6")
_SAMPLE_CHARS = 40_000

_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0671-\u06d3]")
# Letters of the Latin-1 supplement, Latin Extended-A and box/maths signs: what Arabic
# bytes look like when decoded as cp1252, latin-1 or mac-latin2.
_MOJIBAKE_RE = re.compile("[\u00c0-\u00ff\u0100-\u017f\u2020-\u2044\u221a\u2248\u2260\u2264\u2265]")
# UTF-8 Arabic read as cp1252/latin-1: "Ø§Ù„" and friends.
_UTF8_AS_LATIN_RE = re.compile("[\u00d8\u00d9\u00da\u00db][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2013-\u203a]")
# Very common Arabic function words (whole words): rare in a wrong decoding.
_FUNCTION_WORDS_RE = re.compile(
    r"(?<![\u0600-\u06ff])(?:في|من|على|إلى|الى|عن|أن|ان|التي|الذي|مع|هذا|هذه|كان|قال|بين|بعد|وقد|كما)(?![\u0600-\u06ff])"
)


_NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f]+(?:[ \t\n.,:;()\"'0-9-]{1,3}[^\x00-\x7f]+)*")


def _sample(text: str) -> str:
    """The words, not the markup: runs of non-ASCII text (and the few characters between them)."""
    return " ".join(_NON_ASCII_RUN_RE.findall(text))[:_SAMPLE_CHARS]


def arabic_plausibility(text: str) -> float:
    """How much the text looks like correctly decoded Arabic (higher is better; about 0 to 1)."""
    sample = _sample(text)
    arabic = len(_ARABIC_LETTER_RE.findall(sample))
    mojibake = len(_MOJIBAKE_RE.findall(sample)) + 3 * len(_UTF8_AS_LATIN_RE.findall(sample))
    replacement = sample.count("\ufffd")
    letters = arabic + mojibake + replacement
    if letters == 0:
        return 0.0
    words = len(_FUNCTION_WORDS_RE.findall(sample))
    # Function-word density per Arabic letter: ~0.03-0.05 in real Arabic prose, ~0 in a
    # wrong Arabic decoding (cp1256 read as ISO-8859-6 and back).
    density = min(1.0, 25 * words / max(arabic, 1))
    return (arabic - 2 * mojibake - 3 * replacement) / letters * 0.5 + density * 0.5


@dataclass(frozen=True)
class Decision:
    encoding: str  # the encoding to use
    repaired: bool  # True when it differs from the one the response was decoded with
    score: float


def _clean_utf8(encoding: str, text: str) -> bool:
    """The common case, decided cheaply: valid UTF-8 (no replacement characters) with Arabic in it.

    Bytes that are not UTF-8 leave U+FFFD when decoded as UTF-8, so a mislabelled
    windows-1256 page never takes this path.
    """
    if not _same_codec(encoding, "utf-8") or "\ufffd" in text:
        return False
    return next(islice(_ARABIC_LETTER_RE.finditer(text), 49, None), None) is not None


def choose_encoding(body: bytes, current_encoding: str, current_text: str, threshold: float = 0.6) -> Decision:
    """Keep the current decoding if it reads as Arabic, else the candidate that reads best."""
    if _clean_utf8(current_encoding, current_text):
        return Decision(current_encoding, False, 1.0)
    current = arabic_plausibility(current_text)
    if current >= threshold:
        return Decision(current_encoding, False, current)
    best = Decision(current_encoding, False, current)
    for encoding in CANDIDATES:
        if _same_codec(encoding, current_encoding):
            continue
        score = arabic_plausibility(body.decode(encoding, errors="replace"))
        if score > best.score + 0.05:
            best = Decision(encoding, True, score)
    return best


def looks_like_mojibake(text: str) -> bool:
    """Text that still reads as mis-decoded Arabic: never emit it."""
    sample = _sample(text)
    bad = len(_MOJIBAKE_RE.findall(sample)) + sample.count("\ufffd")
    return bad > 20 and bad > len(_ARABIC_LETTER_RE.findall(sample)) * 0.2


@lru_cache(maxsize=64)
def _same_codec(a: str, b: str) -> bool:
    try:
        return codecs.lookup(a).name == codecs.lookup(b).name
    except LookupError:
        return False


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the encoding the text was decoded with
    repaired_from: str | None = None  # the encoding a plain decoding would have used, when it was wrong
    mojibake: bool = False  # no candidate encoding reads as text: never emit it
    replacements: int = 0  # stray undecodable bytes removed (U+FFFD), when few enough to be noise


def _auto_detect(body: bytes) -> str | None:
    """What Scrapy's TextResponse guesses for a body that declares nothing: ASCII, UTF-8, then detection."""
    for encoding in ("ascii", "utf-8"):
        try:
            body.decode(encoding)
        except UnicodeError:
            continue
        return resolve_encoding(encoding)
    match = from_bytes(body).best()
    return resolve_encoding(match.encoding) if match else None


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """A page's bytes as text: decoded as a browser (and Scrapy) would, then guarded.

    The declared encoding comes from the Content-Type header, else a BOM or
    ``<meta charset>``, else detection. When that decoding does not read as
    Arabic, each candidate encoding is tried and the best kept.
    """
    encoding, text = html_to_unicode(content_type or "", body, auto_detect_fun=_auto_detect, default_encoding="ascii")
    decision = choose_encoding(body, encoding, text)
    if decision.score == 1.0:  # clean UTF-8 Arabic: nothing to check
        return Decoded(text, encoding)
    repaired_from = None
    if decision.repaired:
        repaired_from, encoding = encoding, decision.encoding
        text = html_to_unicode(f"charset={encoding}", body)[1]
    if looks_like_mojibake(text):
        return Decoded(text, encoding, repaired_from, mojibake=True)
    return _without_stray_replacements(text, encoding, repaired_from)


# Undecodable bytes left after the best decoding: a few are noise (a truncated character, a stray
# byte) and are removed; more than this share of the page's letters means the text is not readable.
MAX_REPLACEMENT_SHARE = 0.01
_LETTER_RE = re.compile(r"[^\W\d_]")


def _without_stray_replacements(text: str, encoding: str, repaired_from: str | None) -> Decoded:
    count = text.count("\ufffd")
    if not count:
        return Decoded(text, encoding, repaired_from)
    letters = len(_LETTER_RE.findall(_sample(text)))
    if count > max(1, letters) * MAX_REPLACEMENT_SHARE:
        return Decoded(text, encoding, repaired_from, mojibake=True, replacements=count)
    return Decoded(text.replace("\ufffd", ""), encoding, repaired_from, replacements=count)
