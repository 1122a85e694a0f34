"""The one article function: a fetched page -> an article, or a named drop.

Every source of pages calls it: the live crawl (newsbot.crawl.spider), a saved
file (`scrapy extract`), the benches and the page tests; an archive reader
passes its records the same way. Nothing else builds an article.

    Page(url, body bytes, Content-Type, fetched_at, hints)
      -> decode (guarded for Arabic)  -> fields (extraction.fields)
      -> AMP follow-up?  -> language  -> normalise once  -> clean (noise catalogue)
      -> identity, content hash, word count
      -> Built(article | drop, sources, removed, follow_up)

``crawled_at`` and the base for relative dates ("منذ 3 ساعات") are the page's
``fetched_at``: an archived record passes its own capture time.

``free_access`` and ``license`` are the page's; ``robots_ai`` is not (it is what the site's
robots.txt said to the crawl): it stays None here, and the live crawl sets it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any
from urllib.parse import urljoin

from parsel import Selector
from w3lib.url import safe_url_string

from newsbot.core.dates import to_iso
from newsbot.core.decoding import Decoded, decode_html
from newsbot.core.identity import article_id, content_hash, text_id
from newsbot.core.item import Article
from newsbot.core.language import detect_language
from newsbot.core.noise import Catalogue, clean_paragraphs, is_headline_like, load_catalogue
from newsbot.core.text import join_paragraphs, normalise, split_paragraphs, word_count, words
from newsbot.defaults import setting
from newsbot.extraction.authors import clean_authors
from newsbot.extraction.fields import extract, page_selector
from newsbot.outlets.profile import OutletProfile

_MARKUP_TYPES = ("html", "xml")


@dataclass(frozen=True)
class Page:
    """A fetched page, whatever fetched it."""

    url: str  # where the bytes came from (after redirects)
    body: bytes
    fetched_at: datetime  # aware; an archive's capture time for archived records
    content_type: str | None = None  # the Content-Type header as sent (it carries the declared charset)
    hints: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))  # from discovery: {"published": datetime}
    amp_copy: bool = False  # this page is the AMP copy fetched because the first had no text
    # An archived record (CC-NEWS): no AMP copy is fetched, and a date after the capture is the page's
    # own (a republished page), not an impossible one.
    archived: bool = False


@dataclass(frozen=True)
class Rules:
    """What building an article needs besides the page and the outlet (from the NEWSBOT_* settings)."""

    catalogue: Catalogue = field(default_factory=load_catalogue)
    min_words: int = 30  # below it, a page with an AMP copy is fetched again there
    min_body_words: int = 15  # body words an ending marker must follow to end the article

    @classmethod
    def from_settings(cls, settings) -> Rules:
        return cls(
            catalogue=load_catalogue(tuple(setting(settings, "NEWSBOT_NOISE_RULES"))),
            min_words=setting(settings, "NEWSBOT_MIN_WORDS"),
            min_body_words=setting(settings, "NEWSBOT_CLEAN_MIN_BODY_WORDS"),
        )


@dataclass
class Built:
    """The outcome: an article, a drop (reason + detail), or a follow-up URL to fetch instead."""

    article: Article | None = None
    drop: str | None = None
    detail: str = ""
    follow_up: str | None = None  # the AMP copy to fetch (the page's text is filled by JavaScript)
    sources: dict[str, str] = field(default_factory=dict)  # field -> where it came from (what --explain prints)
    considered: dict[str, list[str]] = field(default_factory=dict)  # field -> every candidate and its fate (--explain)
    removed: Counter = field(default_factory=Counter)  # what cleaning removed, by rule (DOM and text)
    repaired_from: str | None = None  # the wrong encoding the page would have been decoded with
    encoding: str | None = None
    replacements: int = 0  # stray undecodable bytes removed from the page


def is_markup(content_type: str | None, body: bytes) -> bool:
    """An HTML or XML page (by its Content-Type; without one, by its first byte)."""
    if content_type:
        media = content_type.split(";", 1)[0].strip().lower()
        return media.startswith("text/") or any(kind in media for kind in _MARKUP_TYPES)
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


_EXCLAMATION_RE = re.compile(r"[!?؟]\s*$")
# A body's prose: lines that read as sentences. Fewer words than this in them and the "body" is a
# menu, a list of teaser headlines or a caption: the page's own text is missing.
MIN_PROSE_WORDS = 20


def _has_words(paragraphs: list[str], n: int) -> bool:
    """At least ``n`` words, counted only as far as needed."""
    total = 0
    for p in paragraphs:
        total += len(words(p))
        if total >= n:
            return True
    return n <= 0


def prose_words(paragraphs: list[str], enough: int | None = None) -> int:
    """Words in lines that read as sentences: a long line, or one that ends with a full stop, ! or ?.

    Counting stops once ``enough`` is reached (a real article gets there on its first paragraph).
    """
    total = 0
    for p in paragraphs:
        if not is_headline_like(p) or _EXCLAMATION_RE.search(p):
            total += len(words(p))
            if enough is not None and total >= enough:
                break
    return total


def clean_article(article: Article, paragraphs: list[str], rules: Rules, raw_text: str | None = None) -> Counter:
    """Language, cleaning, hashes: the part of an article every source shares.

    Fills ``article`` from its normalised ``paragraphs``; ``raw_text`` is the text as the
    page wrote it (default: title and paragraphs). Returns what the cleaner removed, by rule.
    """
    if raw_text is None:
        raw_text = f"{article.title or ''}\n{join_paragraphs(paragraphs)}"
    # Language first, on the text as the page wrote it: normalising ک→ك and ی→ي erases
    # half of what tells Persian from Arabic. `lang` attributes are not trusted.
    detected = detect_language(raw_text)
    if detected:
        article.language = detected
    cleaned = clean_paragraphs(paragraphs, rules.catalogue, rules.min_body_words)
    if not article.authors and cleaned.authors:
        # credit lines at the text's edges ("كتبت أسماء نصار", "حسام أبو العلا - القاهرة")
        article.authors = clean_authors(cleaned.authors, not_people=(article.outlet_name or "",))
    article.source = article.source or cleaned.source
    article.tags = list(dict.fromkeys(article.tags + cleaned.tags))
    article.related = list(dict.fromkeys(article.related + cleaned.related))
    article.agency = article.agency or cleaned.agency
    body = join_paragraphs(cleaned.paragraphs)
    article.body = body
    article.word_count = word_count(body)
    article.content_hash = content_hash(body) if body else None
    return cleaned.removed


def page_tree(body: bytes, decoded: Decoded) -> Selector:
    """The parsed page: valid UTF-8 from its bytes as they came (no re-encoded copy), else the text."""
    plain_utf8 = decoded.encoding == "utf-8" and not decoded.repaired_from and not decoded.replacements
    return page_selector(body if plain_utf8 else decoded.text)


def build_article(page: Page, outlet: OutletProfile, rules: Rules | None = None) -> Built:
    """The article a page holds, or why it holds none (see the module docstring)."""
    rules = rules or Rules()
    if not is_markup(page.content_type, page.body):
        return Built(drop="not_html", detail=page.content_type or "no Content-Type, not markup")
    decoded = decode_html(page.body, page.content_type)
    repaired_from, encoding = decoded.repaired_from, decoded.encoding
    if decoded.mojibake:
        why = f"{decoded.replacements} undecodable bytes" if decoded.replacements else "no decoding reads as text"
        return Built(
            drop="encoding", detail=f"{why} (declared {repaired_from or encoding})", repaired_from=repaired_from,
            encoding=encoding, replacements=decoded.replacements,
        )
    sel = page_tree(page.body, decoded)
    extraction = extract(
        sel, page.url, outlet, hints=page.hints, relative_base=page.fetched_at, catalogue=rules.catalogue, refuse_future=not page.archived,
    )
    removed = Counter(extraction.removed)
    sources = dict(extraction.sources)

    # Only a short body asks for the AMP copy: the link is looked up then, not on every page.
    amp = None if page.amp_copy or page.archived or _has_words(extraction.paragraphs, rules.min_words) else sel.xpath('//link[@rel="amphtml"]/@href').get()
    if amp:
        # The body is probably filled by JavaScript: the AMP copy has it in the HTML. Once.
        return Built(
            follow_up=urljoin(page.url, amp.strip()), sources=sources, removed=removed, repaired_from=repaired_from,
            encoding=encoding, replacements=decoded.replacements,
        )

    paragraphs = [p for p in (normalise(p) for p in extraction.paragraphs) if p]
    article = Article(
        id=article_id(outlet.name, extraction.canonical_url, extraction.native_id),
        url=safe_url_string(page.url),
        canonical_url=extraction.canonical_url,
        outlet=outlet.name,
        outlet_name=outlet.outlet_name,
        country=outlet.country,
        language=outlet.language,
        title=extraction.title,
        lead=extraction.lead,
        published_at=extraction.published_at,
        modified_at=extraction.modified_at,
        crawled_at=to_iso(page.fetched_at),
        authors=extraction.authors,
        section=extraction.section,
        tags=extraction.tags,
        image=extraction.image,
        free_access=extraction.free_access,
        license=extraction.license,
    )
    removed.update(clean_article(article, paragraphs, rules, f"{extraction.title or ''}\n{join_paragraphs(extraction.paragraphs)}"))
    built = Built(
        article=article, sources=sources, removed=removed, repaired_from=repaired_from, encoding=encoding,
        replacements=decoded.replacements, considered=extraction.considered,
    )
    if (article.word_count or 0) >= rules.min_words and prose_words((article.body or "").split("\n\n"), MIN_PROSE_WORDS) < MIN_PROSE_WORDS:
        # Navigation, teaser headlines or captions where the text should be (a redesign that
        # fills the text by JavaScript): no article, however many words. (A short body is left
        # to validation: too_short.)
        built.article, built.drop = None, "missing_body"
        built.detail = f"{page.url}: no prose, only short link-like lines ({article.word_count} words)"
    return built


def build_text_article(text: str, outlet: OutletProfile, fetched_at: datetime, url: str | None = None, rules: Rules | None = None) -> Built:
    """A bare body text (``scrapy extract x.txt``): cleaned like a page's body; its id hashes the text."""
    rules = rules or Rules()
    article = Article(
        id=text_id(outlet.name, text),
        url=url,
        outlet=outlet.name,
        outlet_name=outlet.outlet_name,
        country=outlet.country,
        language=outlet.language,
        crawled_at=to_iso(fetched_at),
    )
    removed = clean_article(article, split_paragraphs(text), rules, raw_text=text)
    return Built(article=article, removed=removed)
