"""Language from the text, not from `lang` attributes (missing or wrong on many Arabic pages).

Arabic, Persian and Urdu share a script. The letters only Persian/Urdu use
(پ چ ژ گ ک ی / ٹ ڈ ڑ ں ے ھ) and each language's commonest function words tell
them apart. It must see the text *before* normalisation, which maps ک→ك and
ی→ي and so erases half the evidence.
"""

from __future__ import annotations

import re

_ARABIC_SCRIPT_RE = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LATIN_RE = re.compile("[A-Za-z]")
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
    script = len(_ARABIC_SCRIPT_RE.findall(sample))
    latin = len(_LATIN_RE.findall(sample))
    if script + latin < 40:
        return None
    if script < latin:
        return "other"
    runs = _RUN_RE.findall(sample)
    persian = sum(run in _PERSIAN_WORDS for run in runs) + sum(map(sample.count, _PERSIAN_LETTERS)) / 4
    urdu = sum(run in _URDU_WORDS for run in runs) + sum(map(sample.count, _URDU_LETTERS)) / 4
    arabic = sum(run in _ARABIC_WORDS for run in runs)
    best = max((arabic, "ar"), (persian, "fa"), (urdu, "ur"))
    if best[1] != "ar" and best[0] > arabic * 1.5 and best[0] >= 3:
        return best[1]
    return "ar"
