"""The labelled near-duplicate benchmark, generated on the fly (nothing of it is stored).

Originals: the gold body paragraphs of the saved pages in ``../shared/captures``
(two captures of one article count as one story) and of the seed article, plus
synthetic articles of our own. From each original, the copies a wire story gets
when outlets republish it:

* ``exact``: the same text;
* ``dateline``: another dateline at the start ("دبي - (وام) -") and a credit line at the end;
* ``excerpt``: the first 80% of the words;
* ``respelled``: hamza/alef, ى/ي and ة/ه written the other way in most places.

Negatives: every original against every other, and ``same_event``: another
article on the same event (same place, people and numbers, one shared quote,
otherwise its own sentences), as a second outlet would write it.

Each original is indexed in a fresh in-memory state store; each copy and each
negative is then checked as the dedup pipeline checks an item. A copy counts as
found only when it points at its own original.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from newsbot.core import neardup
from newsbot.stores.sqlite import SQLiteState

COPY_KINDS = ("exact", "dateline", "excerpt", "respelled")

# Our own sentence parts (not taken from any outlet): one from each list makes a sentence.
_PARTS = [
    ["أعلن", "أكد", "قال", "أوضح", "كشف", "نفى", "ذكر", "أفاد", "صرح", "أشار"],
    ["المتحدث باسم الوزارة", "مصدر حكومي مطلع", "رئيس اللجنة البرلمانية", "مدير الدفاع المدني", "محافظ الإقليم",
     "خبير اقتصادي بارز", "ممثل الأمم المتحدة", "قائد الشرطة المحلية", "رئيس البلدية", "مسؤول في الهيئة"],
    ["أن الأوضاع", "أن فرق الإنقاذ", "أن الخطة الجديدة", "أن المفاوضات", "أن الأسعار", "أن الحكومة", "أن السكان",
     "أن المستشفيات", "أن الطرق الرئيسية", "أن شركات الطيران"],
    ["ستشهد تحسنا ملحوظا", "تواجه صعوبات كبيرة", "بدأت العمل منذ الصباح", "ما زالت مستمرة", "تراجعت بشكل حاد",
     "تلقت دعما إضافيا", "أغلقت أبوابها مؤقتا", "استأنفت نشاطها تدريجيا", "تخضع لمراجعة شاملة", "ارتفعت إلى مستوى قياسي"],
    ["في المناطق الشمالية", "على الحدود الشرقية", "في وسط العاصمة", "في الأحياء القديمة", "على طول الساحل",
     "في القرى النائية", "داخل المدينة الصناعية", "في الموانئ الجنوبية", "قرب المطار الدولي", "في ضواحي المدينة"],
    ["خلال الأيام المقبلة", "منذ مطلع الأسبوع", "حتى إشعار آخر", "وفق جدول زمني محدد", "بسبب الظروف الراهنة",
     "رغم التحذيرات السابقة", "بعد اجتماع طارئ", "في إطار خطة وطنية", "بالتنسيق مع الشركاء", "وسط ترقب شعبي واسع"],
]
_PLACES = ["بيروت", "عمان", "الخرطوم", "تونس", "الرباط", "مسقط", "الدوحة", "بغداد", "دمشق", "صنعاء", "طرابلس", "الجزائر"]
_EVENTS = ["الفيضانات", "الزلزال", "الحريق الكبير", "القمة الاقتصادية", "الانتخابات البلدية", "موجة الحر", "الإضراب العام", "معرض الكتاب"]
_PEOPLE = ["سامي الخطيب", "ليلى منصور", "عمر الحداد", "هدى السيد", "خالد العمري", "منى الشريف", "يوسف النجار", "رنا القاسم"]
_DATELINES = ["دبي - (وام) -", "الرياض - واس -", "القاهرة - (أ ش أ) -", "باريس - أ ف ب -", "لندن - رويترز -", "الدوحة - قنا -"]
_CREDITS = ["(رويترز)", "(أ ف ب)", "المصدر: وكالة الأنباء الرسمية", "(د ب أ)", "(الأناضول)"]


@dataclass
class Case:
    kind: str  # a copy kind, "same_event", or "original"
    text: str
    original: str | None  # the story a copy repeats; None for a negative


@dataclass
class Result:
    found: Counter = field(default_factory=Counter)  # copy kind -> found pointing at its original
    copies: Counter = field(default_factory=Counter)  # copy kind -> how many
    false_matches: Counter = field(default_factory=Counter)  # kind -> matched something it does not copy
    originals: int = 0

    @property
    def true_positives(self) -> int:
        return sum(self.found.values())

    @property
    def recall(self) -> float:
        return self.true_positives / max(1, sum(self.copies.values()))

    @property
    def precision(self) -> float:
        matched = self.true_positives + sum(self.false_matches.values())
        return self.true_positives / matched if matched else 1.0


def _sentence(rng: random.Random, event: dict) -> str:
    words = [rng.choice(part) for part in _PARTS]
    return " ".join(words[:2]) + f" في {event['place']} " + " ".join(words[2:]) + f" على خلفية {event['event']}."


def synthetic_event_articles(rng: random.Random, event_no: int) -> tuple[str, str]:
    """Two different articles on one event: same place, people, numbers and one quoted statement."""
    event = {"place": _PLACES[event_no % len(_PLACES)], "event": _EVENTS[event_no % len(_EVENTS)]}
    person = _PEOPLE[event_no % len(_PEOPLE)]
    count = rng.randint(12, 480)
    quote = f"وقال {person} إن {count} شخصا تأثروا بتداعيات {event['event']} في {event['place']} وإن العمل جار لمساعدتهم."

    def article() -> str:
        paragraphs = [" ".join(_sentence(rng, event) for _ in range(2)) for _ in range(4)]
        paragraphs.insert(rng.randint(1, 3), quote)
        return "\n\n".join(paragraphs)

    return article(), article()


def capture_originals(captures: Path | None, seed: Path | None) -> list[str]:
    """Gold bodies of the saved pages and the seed article; one per story."""
    bodies: dict[str, None] = {}
    if captures is not None and captures.is_dir():
        for gold in sorted(captures.glob("*/*.gold.json")):
            paragraphs = json.loads(gold.read_text("utf-8")).get("paragraphs") or []
            bodies.setdefault("\n\n".join(paragraphs), None)  # two captures of one article: one story
    if seed is not None and (seed / "expected.json").is_file():
        bodies.setdefault("\n\n".join(json.loads((seed / "expected.json").read_text("utf-8"))["paragraphs"]), None)
    return [b for b in bodies if b]


_RESPELL = [("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ة", "ه")]


def copies_of(text: str, rng: random.Random) -> dict[str, str]:
    """The republished forms of one original."""
    paragraphs = text.split("\n\n")
    first = paragraphs[0]
    if " - " in first[:60]:  # an existing dateline is replaced, not kept
        first = first.split(" - ", 1)[1]
    dateline = [f"{rng.choice(_DATELINES)} {first}", *paragraphs[1:], rng.choice(_CREDITS)]
    words = text.split(" ")
    respelled = "".join(
        ch if not any(ch == a for a, _ in _RESPELL) or rng.random() < 0.2 else dict(_RESPELL)[ch] for ch in text
    )
    return {
        "exact": text,
        "dateline": "\n\n".join(dateline),
        "excerpt": " ".join(words[: int(len(words) * 0.8)]),
        "respelled": respelled,
    }


def labelled_cases(captures: Path | None, seed: Path | None, synthetic: int = 200, rng_seed: int = 7) -> list[Case]:
    rng = random.Random(rng_seed)
    cases = [Case("original", text, None) for text in capture_originals(captures, seed)]
    same_event = []
    for n in range(synthetic):
        first, second = synthetic_event_articles(rng, n)
        cases.append(Case("original", first, None))
        same_event.append(Case("same_event", second, None))
    copies = [Case(kind, copy, case.text) for case in cases for kind, copy in copies_of(case.text, rng).items()]
    return cases + copies + same_event


def evaluate(cases: list[Case], threshold: float = 0.5) -> Result:
    """Index the originals, then check every other case the way DedupPipeline does."""
    store = SQLiteState(None)
    ids: dict[str, str] = {}
    result = Result()
    try:
        for case in cases:
            if case.kind != "original":
                continue
            sig = neardup.signature(case.text)
            matched = [i for i, s in store.similar(sig, 0) if s >= threshold]
            if matched:
                result.false_matches["original"] += 1  # two different stories taken for one
            ids[case.text] = f"story:{len(ids)}"
            store.index_signature(ids[case.text], sig, 0)
            result.originals += 1
        for case in cases:
            if case.kind == "original":
                continue
            matched = [i for i, s in store.similar(neardup.signature(case.text), 0) if s >= threshold]
            if case.original is None:
                result.false_matches[case.kind] += bool(matched)
                continue
            result.copies[case.kind] += 1
            if matched and matched[0] == ids[case.original]:
                result.found[case.kind] += 1
            elif matched:
                result.false_matches[case.kind] += 1
    finally:
        store.close()
    return result
