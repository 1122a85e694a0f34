"""Language from the text, not from `lang` attributes (missing or wrong on many Arabic pages).

Arabic, Persian and Urdu share a script. The letters only Persian/Urdu use
(پ چ ژ گ ک ی / ٹ ڈ ڑ ں ے ھ) and each language's commonest function words tell
them apart. It must see the text *before* normalisation, which maps ک→ك and
ی→ي and so erases half the evidence.
"""

from __future__ import annotations

import re

# what is not an Arabic-script letter, or not a Latin one (deleting it and taking the length counts
# the letters at a third of the cost of finding each)
_NOT_ARABIC_SCRIPT_RE = re.compile("[^\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]+")
_NOT_LATIN_RE = re.compile("[^A-Za-z]+")
_PERSIAN_LETTERS = "پچژگکی"
_URDU_LETTERS = "ٹڈڑںےھۓ"
# A function word counts where a whole run of Arabic-block letters is that word ("في", not "فيلم").
_RUN_RE = re.compile("[\u0600-\u06ff]+")
_ARABIC_WORDS = frozenset("في من على إلى الى التي الذي عن أن هذا هذه كان قال وقد ذلك".split())
_PERSIAN_WORDS = frozenset("است این که را می های برای از با آن شد بود هم یک".split())
_URDU_WORDS = frozenset("ہے ہیں کے کی کا میں اور نے سے کو یہ".split())
_SAMPLE_CHARS = 3_000  # a few paragraphs tell the language as well as the whole text


def detect_language(text: str) -> str | None:
    """"ar", "fa", "ur", "other" (mostly Latin or another script), or None (too little text)."""
    sample = text[:_SAMPLE_CHARS]
    script = len(_NOT_ARABIC_SCRIPT_RE.sub("", sample))
    latin = len(_NOT_LATIN_RE.sub("", sample))
    if script + latin < 40:
        return None
    if script < latin:
        return "other"
    runs = _RUN_RE.findall(sample)
    persian = sum(map(_PERSIAN_WORDS.__contains__, runs)) + sum(map(sample.count, _PERSIAN_LETTERS)) / 4
    urdu = sum(map(_URDU_WORDS.__contains__, runs)) + sum(map(sample.count, _URDU_LETTERS)) / 4
    arabic = sum(map(_ARABIC_WORDS.__contains__, runs))
    best = max((arabic, "ar"), (persian, "fa"), (urdu, "ur"))
    if best[1] != "ar" and best[0] > arabic * 1.5 and best[0] >= 3:
        return best[1]
    return "ar"


ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "fa", "ur"})
# UTF-8 lead bytes of the Arabic blocks (U+0600-06FF, U+0750-077F) and the presentation forms' leads
_ARABIC_UTF8_RE = re.compile(rb"[\xd8-\xdb\xdd]|\xef[\xad-\xbb]")


def may_hold_arabic_script(body: bytes) -> bool:
    """False only for a page that cannot hold a letter of the Arabic script in any encoding: plain
    ASCII with no character references, or valid UTF-8 with no Arabic-block character. Such a page
    can never be detected as Arabic, Persian or Urdu, and need not be parsed to know it (most pages of
    a CC-NEWS file). Anything else (another encoding, UTF-16, ``&#1575;``) may, and is read."""
    if b"&#" in body or b"\x00" in body:
        return True
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return True  # windows-1256, ISO-8859-6...: Arabic letters are single high bytes there
    return _ARABIC_UTF8_RE.search(body) is not None
