"""Synthetic CC-NEWS material for tests and benches: WARC files written with warcio (the simple
writer; newsbot reads with fastwarc) and ``warc.paths.gz`` listings."""

from __future__ import annotations

import gzip
import html
import io
from dataclasses import dataclass, replace
from pathlib import Path

from w3lib.url import safe_url_string
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class Capture:
    """One captured URL as CC-NEWS stores it: a request record, then its response (or revisit)."""

    uri: str
    body: bytes = b""
    date: str = "2024-03-05T10:00:00Z"  # WARC-Date
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    revisit: bool = False
    truncated: bool = False  # the crawler kept only the start of the payload (WARC-Truncated: length)


def warc_bytes(captures: list[Capture]) -> bytes:
    """A gzipped WARC (one gzip member per record, as Common Crawl writes them): a warcinfo record,
    then per capture a request and a response (or revisit) record."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("synthetic.warc.gz", {"software": "newsbot tests"}))
    for capture in captures:
        capture = replace(capture, uri=safe_url_string(capture.uri))  # as crawlers record them: percent-encoded
        request = StatusAndHeaders(f"GET {capture.uri} HTTP/1.1", [("User-Agent", "CCBot/2.0")], is_http_request=True)
        writer.write_record(writer.create_warc_record(
            capture.uri, "request", http_headers=request, warc_headers_dict={"WARC-Date": capture.date},
        ))
        reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}.get(capture.status, "Status")
        headers = [("Content-Type", capture.content_type), ("Content-Length", str(len(capture.body)))]
        http = StatusAndHeaders(f"{capture.status} {reason}", headers, protocol="HTTP/1.1")
        kind = "revisit" if capture.revisit else "response"
        warc_headers = {"WARC-Date": capture.date} | ({"WARC-Truncated": "length"} if capture.truncated else {})
        record = writer.create_warc_record(
            capture.uri, kind, payload=io.BytesIO(b"" if capture.revisit else capture.body), http_headers=http,
            warc_headers_dict=warc_headers,
        )
        writer.write_record(record)
    return out.getvalue()


def write_warc(path: Path, captures: list[Capture]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(warc_bytes(captures))
    return path


def paths_listing(paths: list[str]) -> bytes:
    """A ``warc.paths.gz``: one path a line, gzipped."""
    return gzip.compress("".join(p + "\n" for p in paths).encode("utf-8"))


# ---- a synthetic month of CC-NEWS ----

PERSIAN_TEXT = "این یک خبر فارسی است که برای آزمایش نوشته شده و در آن از کلمات رایج زبان فارسی استفاده می شود تا زبان آن تشخیص داده شود. "
ENGLISH_TEXT = "This is an English news story written for the tests, long enough to tell its language from the text alone. "


def _plain_page(title: str, paragraphs: list[str], lang: str, dateline: str = "") -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
            f"<body><nav><a href='/'>home</a></nav><article><h1>{html.escape(title)}</h1>{dateline}<div class='article-body'>{body}</div>"
            "</article></body></html>").encode()


def generic_arabic_page(n: int) -> tuple[str, bytes]:
    """An article of a site no spider declares (assabah.com.tn): read through the generic profile."""
    from newsbot.dev.localweb.bulk import bulk_story

    story = bulk_story(500_000 + n)
    dateline = '<div class="date">نشر في 4 مارس 2024</div>'
    return f"https://www.assabah.com.tn/article/{n}/", _plain_page(story.title, story.paragraphs, "ar", dateline)


def mixed_captures(articles: int, *, first: int = 0, youm7_share: float = 0.5, date: str = "2024-03-05T10:00:00Z") -> list[Capture]:
    """``articles`` Arabic article captures (youm7 and a site with no spider; numbers from ``first``, so
    two files hold different articles), and around them what a CC-NEWS file also holds: Persian and
    English pages, images, 404s, revisits."""
    from datetime import datetime

    from newsbot.dev.localweb.bulk import BulkYoum7, bulk_story
    from newsbot.dev.localweb.site import article_page

    day = datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ")
    site = BulkYoum7(n=1, now=day)
    youm7 = int(articles * youm7_share)
    captures: list[Capture] = []
    for n in range(articles):
        if n < youm7:
            url = site.url(first + n)
            captures.append(Capture(url, article_page(bulk_story(first + n), url, site.day.replace(tzinfo=None)), date=date))
        else:
            url, body = generic_arabic_page(first + n)
            captures.append(Capture(url, body, date=date))
        k = first + n
        if n % 4 == 0:
            captures.append(Capture(f"https://www.hamshahrionline.ir/news/{k}", _plain_page("خبر", [PERSIAN_TEXT * 3], "fa"), date=date))
        if n % 4 == 1:
            captures.append(Capture(f"https://www.example-news.com/story/{k}", _plain_page("Story", [ENGLISH_TEXT * 3], "en"), date=date))
        if n % 4 == 2:
            captures.append(Capture(f"https://www.youm7.com/images/{k}.jpg", b"\xff\xd8\xff" + bytes(200), date=date, content_type="image/jpeg"))
        if n % 4 == 3:
            captures.append(Capture(f"https://www.assabah.com.tn/files/{k}.pdf", b"%PDF-1.4 " + bytes(200), date=date, content_type="application/pdf"))
        if n % 8 == 3:
            captures.append(Capture(f"https://www.youm7.com/story/2024/3/5/gone/{k}", b"not found", date=date, status=404))
        if n % 8 == 7:
            captures.append(Capture(captures[0].uri, date=date, revisit=True))
    return captures
