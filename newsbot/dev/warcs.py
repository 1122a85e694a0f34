"""Synthetic CC-NEWS material for tests and benches: WARC files written with warcio (the simple
writer; newsbot reads with fastwarc) and ``warc.paths.gz`` listings."""

from __future__ import annotations

import gzip
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
        record = writer.create_warc_record(
            capture.uri, kind, payload=io.BytesIO(b"" if capture.revisit else capture.body), http_headers=http,
            warc_headers_dict={"WARC-Date": capture.date},
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
