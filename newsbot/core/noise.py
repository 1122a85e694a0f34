"""The Arabic noise cleaner: body paragraphs -> the article's own paragraphs (pure functions).

The rules are data (``newsbot/noise_rules.toml``, plus any files named by
``NEWSBOT_NOISE_RULES``); this module is the engine that applies them:

* a marker is matched on the folded key of a line's first words, so every
  spelling is caught, and only at the start of a short line;
* what a marker carries (source, tags, related headlines) is kept, not lost;
* position matters: an ``ends_article`` marker after enough body text ends
  the article, and everything after it goes, including an appended article;
* a paragraph that begins with . ، ؛ : is joined to the one before it.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from newsbot.core.text import fold_key, fold_word, normalise

ACTIONS = ("related_item", "related_list", "source", "tags", "drop_line", "byline")
DEFAULT_RULES = "noise_rules.toml"

_TOKEN_RE = re.compile(r"[\w\u064b-\u065f\u0670]+")
_SEPARATOR_RE = re.compile(r"^\s*[:：|\-–—]+\s*")
_LEADING_PUNCT_RE = re.compile(r"^[\s:：|\-–—،,.…]+")
_TAG_SPLIT_RE = re.compile(r"\s*[،,|•;؛]\s*")
_BULLET_RE = re.compile(r"^\s*[•·▪◦●■►\-*–]\s*")
_JOIN_START = (".", "،", "؛", ":")


@dataclass(frozen=True)
class Rule:
    name: str
    action: str
    markers: tuple[tuple[str, ...], ...]  # folded, as word tuples
    ends_article: bool = False
    needs_separator: bool = False
    whole_line: bool = False
    max_words: int = 20
    example: str = ""
    at_edges: bool = False  # only before the text starts or among its last two lines


@dataclass(frozen=True)
class Catalogue:
    rules: tuple[Rule, ...]
    agencies: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]  # (name, folded aliases)
    places: frozenset[str] = frozenset()  # folded place names of datelines ("القاهرة - فلان")
    # first folded word -> rules with a marker starting with it (longest marker first)
    index: dict[str, tuple[tuple[tuple[str, ...], Rule], ...]] = field(default_factory=dict)

    @classmethod
    def from_tables(cls, tables: list[dict]) -> Catalogue:
        rules, agencies = [], []
        places: set[str] = set()
        for table in tables:
            for raw in table.get("rule", []):
                if raw.get("action") not in ACTIONS:
                    raise ValueError(f"noise rule {raw.get('name')!r}: action must be one of {ACTIONS}")
                rules.append(
                    Rule(
                        name=raw["name"],
                        action=raw["action"],
                        markers=tuple(tuple(fold_key(m).split()) for m in raw["markers"] if fold_key(m)),
                        ends_article=bool(raw.get("ends_article", False)),
                        needs_separator=bool(raw.get("needs_separator", False)),
                        whole_line=bool(raw.get("whole_line", False)),
                        max_words=int(raw.get("max_words", 20)),
                        example=raw.get("example", ""),
                        at_edges=bool(raw.get("at_edges", False)),
                    )
                )
            for raw in table.get("agency", []):
                agencies.append((raw["name"], tuple(tuple(fold_key(a).split()) for a in raw["aliases"])))
            places.update(fold_key(p) for p in table.get("datelines", {}).get("places", []))
        index: dict[str, list] = {}
        for rule in rules:
            for marker in rule.markers:
                index.setdefault(marker[0], []).append((marker, rule))
        frozen = {k: tuple(sorted(v, key=lambda mr: -len(mr[0]))) for k, v in index.items()}
        return cls(tuple(rules), tuple(agencies), frozenset(places), frozen)


@lru_cache(maxsize=8)
def load_catalogue(extra_paths: tuple[str, ...] = ()) -> Catalogue:
    """The shipped catalogue plus the user's own rule files (TOML, same format)."""
    tables = shipped_tables() + [tomllib.loads(Path(p).read_text("utf-8")) for p in extra_paths]
    return Catalogue.from_tables(tables)


@dataclass
class Match:
    rule: Rule
    value: str  # what follows the marker on the same line


def match_line(line: str, catalogue: Catalogue) -> Match | None:
    """The rule whose marker starts this line, if any."""
    head = _TOKEN_RE.search(line)
    if head is None or fold_word(head.group()) not in catalogue.index:
        return None  # the common case, decided on the first word alone
    tokens = list(_TOKEN_RE.finditer(line))
    first = fold_word(tokens[0].group())
    candidates = catalogue.index.get(first)
    if not candidates:
        return None
    folded = [first] + [fold_word(t.group()) for t in tokens[1:6]]
    for marker, rule in candidates:
        n = len(marker)
        if tuple(folded[:n]) != marker or len(tokens) > rule.max_words:
            continue
        rest = line[tokens[n - 1].end():]
        if rule.whole_line and _TOKEN_RE.search(rest):
            continue
        if rule.needs_separator and _TOKEN_RE.search(rest) and not _SEPARATOR_RE.match(rest):
            continue
        return Match(rule, _LEADING_PUNCT_RE.sub("", rest).strip(" \t:|-–—"))
    return None


def is_headline_like(line: str) -> bool:
    """A related headline rather than a sentence of the article: short, no final full stop."""
    if _BULLET_RE.match(line):
        return True
    stripped = line.rstrip()
    words = len(_TOKEN_RE.findall(stripped))
    if not 1 <= words <= 30:
        return False
    return not (stripped.endswith((".", "۔")) and not stripped.endswith(".."))


@dataclass
class Cleaned:
    paragraphs: list[str]
    source: str | None = None
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    agency: str | None = None
    authors: list[str] = field(default_factory=list)  # credit lines at the text's edges, as written
    removed: Counter = field(default_factory=Counter)  # rule name -> lines removed


def _split_tags(value: str) -> list[str]:
    parts = _TAG_SPLIT_RE.split(value) if _TAG_SPLIT_RE.search(value) else [value]
    return [p for p in (normalise(x).strip(" .") for x in parts) if p]


def _headline(line: str) -> str:
    return normalise(_BULLET_RE.sub("", line))


def repair_paragraphs(paragraphs: list[str]) -> tuple[list[str], int]:
    """Join a paragraph that begins with . ، ؛ : to the one before it."""
    out: list[str] = []
    joined = 0
    for p in paragraphs:
        if out and p.startswith(_JOIN_START):
            out[-1] = f"{out[-1]} {p}"
            joined += 1
        else:
            out.append(p)
    return out, joined


def clean_paragraphs(paragraphs: list[str], catalogue: Catalogue, min_body_words: int = 15) -> Cleaned:
    """Apply the catalogue to already normalised paragraphs.

    Paragraphs are repaired before matching (a broken line can hide a marker)
    and after (removing a marker line can bring two halves of a quote together).
    """
    paragraphs, joined_before = repair_paragraphs(paragraphs)
    result = Cleaned(paragraphs=[])
    kept: list[str] = []
    body_words = 0
    enough = max(min_body_words, 1)
    ended = False
    i = 0
    n = len(paragraphs)
    while i < n:
        line = paragraphs[i]
        i += 1
        m = match_line(line, catalogue)
        at_edge = body_words == 0 or i > n - 2
        if m is not None and m.rule.at_edges and (not at_edge or not name_like(m.value)):
            m = None  # "كتب الوزير في تغريدة..." in the middle of the text, or not followed by a name: text
        if m is None and at_edge:
            person = place_credit(line, catalogue)
            if person:
                result.authors.append(person)
                result.removed["byline"] += 1
                continue
        if m is None:
            if ended:
                result.removed["after_end"] += 1
            else:
                kept.append(line)
                if body_words < enough:  # only "none yet" and "enough to end on a marker" are ever asked
                    words = len(_TOKEN_RE.findall(line))
                    if words >= 15 or not is_headline_like(line):
                        body_words += words
            continue
        rule = m.rule
        result.removed[rule.name] += 1
        if rule.action in ("related_item", "related_list"):
            if m.value and (rule.action == "related_item" or is_headline_like(m.value)):
                result.related.append(_headline(m.value))
            if rule.action == "related_item":
                most = 0 if m.value else 1  # the headline is on the marker's line, or the next one
            else:
                most = n  # a list: every headline-like line that follows
            while most and i < n and is_headline_like(paragraphs[i]) and match_line(paragraphs[i], catalogue) is None:
                result.related.append(_headline(paragraphs[i]))
                result.removed[rule.name] += 1
                i += 1
                most -= 1
        elif rule.action == "source":
            value = m.value
            if not value and i < n and len(_TOKEN_RE.findall(paragraphs[i])) <= 6 and match_line(paragraphs[i], catalogue) is None:
                value = paragraphs[i]
                result.removed[rule.name] += 1
                i += 1
            value = normalise(value).strip("()[] ")
            if value and result.source is None:
                result.source = value
        elif rule.action == "byline":
            if m.value:
                result.authors.append(m.value)
        elif rule.action == "tags":
            value = m.value
            if not value and i < n and is_headline_like(paragraphs[i]) and match_line(paragraphs[i], catalogue) is None:
                value = paragraphs[i]  # the tags on the line after their heading
                result.removed[rule.name] += 1
                i += 1
            for tag in _split_tags(value):
                if tag not in result.tags:
                    result.tags.append(tag)
        if rule.ends_article and not ended and body_words >= min_body_words:
            ended = True
            result.removed[f"ended_by_{rule.name}"] += 1
    result.paragraphs, joined = repair_paragraphs(kept)
    if joined + joined_before:
        result.removed["paragraph_repair"] += joined + joined_before
    result.related = list(dict.fromkeys(r for r in result.related if r))
    result.agency = find_agency(result.paragraphs, result.source, catalogue)
    return result


_PLACE_CREDIT_RE = re.compile(r"^\s*(.+?)\s+[-–—]\s+(.+?)\s*$")


def place_credit(line: str, catalogue: Catalogue) -> str | None:
    """The person of a short "name - place" or "place - name" credit line ("حسام أبو العلا - القاهرة"),
    or None. A wire credit ("القاهرة - أ ش أ") names no person and is left to the agency check."""
    if not ("-" in line or "–" in line or "—" in line) or len(_TOKEN_RE.findall(line)) > 7 or line.lstrip().startswith(("(", "[")):
        return None  # "(أبوظبي - البيان)": the place and the outlet, a dateline credit
    m = _PLACE_CREDIT_RE.match(line)
    if m is None:
        return None
    first, second = m.group(1), m.group(2)
    first_place, second_place = fold_key(first) in catalogue.places, fold_key(second) in catalogue.places
    if first_place == second_place:
        return None  # "تونس - الجزائر": two places, or no place at all
    person = first if second_place else second
    if len(fold_key(person).split()) < 2 or not name_like(person):
        return None  # "صور - أرشيفية", "غزة - استشهاد 5 فلسطينيين": not a person's name
    words = fold_key(person).split()
    if any(_contains(words, alias) for _, aliases in catalogue.agencies for alias in aliases):
        return None
    return person


# Words that never stand in a person's name: a byline-looking line holding one is a sentence
# ("كتب الرئيس على تويتر:").
# Compared as written, not folded: folding makes "على" (on) the name "علي".
_NOT_IN_NAMES = frozenset((
    "على", "في", "إن", "أن", "عن", "من", "إلى", "الى", "عبر", "حول", "مع", "قال", "قالت", "لكن", "هذا", "هذه",
    "التي", "الذي", "خلال", "منذ", "حتى", "تويتر", "فيسبوك",
))
MAX_NAME_WORDS = 5


def name_like(text: str) -> bool:
    """Whether a credit's value can be people's names: a few words, no digits, no sentence words,
    no colon left after it."""
    stripped = text.strip()
    words = _TOKEN_RE.findall(stripped)
    if not words or stripped.endswith((":", "：")) or any(c.isdigit() for c in stripped):
        return False
    # several names are joined by "و" or a comma: each may have up to MAX_NAME_WORDS words
    return len(words) <= MAX_NAME_WORDS * 2 and not any(w in _NOT_IN_NAMES for w in words)


_PARENS_RE = re.compile(r"[(\[]([^()\[\]]{1,40})[)\]]")
_DASH_RE = re.compile(r"\s(?:-|–|—|--)\s")


def _contains(words: list[str], alias: tuple[str, ...]) -> bool:
    n = len(alias)
    return any(tuple(words[k : k + n]) == alias for k in range(len(words) - n + 1))


def _credit_places(paragraphs: list[str], source: str | None) -> list[str]:
    """Where a wire credit stands: the source, brackets and the dateline of the first and last
    paragraph ("القاهرة - (أ ش أ) -", "(رويترز)"), and a closing line of a few words."""
    places = [source] if source else []
    for p in dict.fromkeys([paragraphs[0], paragraphs[-1]]) if paragraphs else ():
        places += _PARENS_RE.findall(p[:200]) + _PARENS_RE.findall(p[-120:])
        # "القاهرة - أ ش أ - ...": the part between the first two dashes. A single dash
        # follows a place ("قنا - أعلنت..." is the city, not the agency).
        parts = _DASH_RE.split(p[:120], maxsplit=2)
        if len(parts) == 3 and len(parts[1].split()) <= 5:
            places.append(parts[1])
    if paragraphs and len(_TOKEN_RE.findall(paragraphs[-1])) <= 4:
        places.append(paragraphs[-1])
    return places


def find_agency(paragraphs: list[str], source: str | None, catalogue: Catalogue) -> str | None:
    """The wire agency the text credits, by name as the catalogue writes it."""
    for place in _credit_places(paragraphs, source):
        words = fold_key(place).split()
        for name, aliases in catalogue.agencies:
            if any(_contains(words, alias) for alias in aliases):
                return name
    return None


_ACTION_TEXT = {
    "related_item": "line (and the headline after it) → `related`",
    "related_list": "heading line; the bulleted/headline lines after it → `related`",
    "source": "value → `source`",
    "tags": "value → `tags` (split on ، , | • ;)",
    "drop_line": "line removed",
    "byline": "value → `authors` (only at the text's start or end)",
}


def markdown_table(raw_tables: list[dict]) -> str:
    """The README's rule table, generated from the catalogue files (kept in sync by a test)."""
    rows = ["| rule | markers (any spelling) | action | ends the article | example |", "|---|---|---|---|---|"]
    for raw in (r for table in raw_tables for r in table.get("rule", [])):
        flags = [f for f, on in (("needs : or \\|", raw.get("needs_separator")), ("whole line only", raw.get("whole_line"))) if on]
        action = _ACTION_TEXT[raw["action"]] + (f" ({', '.join(flags)})" if flags else "")
        example = raw.get("example", "").replace("\n", " / ").replace("|", "\\|")
        markers = "، ".join(raw["markers"]).replace("|", "\\|")
        rows.append(f"| `{raw['name']}` | {markers} | {action} | {'yes' if raw.get('ends_article') else 'no'} | {example} |")
    agencies = "; ".join(f"{a['name']} ({'، '.join(a['aliases'])})" for table in raw_tables for a in table.get("agency", []))
    return "\n".join(rows) + f"\n\nAgencies recognised in credits: {agencies}.\n"


def shipped_tables() -> list[dict]:
    return [tomllib.loads(files("newsbot.core").joinpath(DEFAULT_RULES).read_text("utf-8"))]


if __name__ == "__main__":  # python -m newsbot.core.noise: print the README's rule table
    print(markdown_table(shipped_tables()), end="")
