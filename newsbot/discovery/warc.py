"""WARC records as pages: one pass over a (gzipped) WARC stream with fastwarc, the records filtered
by their ``WARC-Target-URI`` host before their payload is read.

fastwarc 2 (the Rust rewrite) reads gzipped WARC 4-7x faster than warcio here, and gives each
record's ``stream_pos``: the byte offset where its gzip member starts, which is what a later run
resumes from (and what a reader needs to fetch the record again with a Range request).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from fastwarc import ArchiveIterator, WarcRecordType

# Skip reasons (counted, never drops of articles).
NOT_A_RESPONSE = "not_a_response"  # request, metadata, warcinfo records
REVISIT = "revisit"
OTHER_HOST = "other_host"
NOT_200 = "not_200"
TOO_LARGE = "too_large"
ENCODED = "encoded"  # a Content-Encoding the archive did not undo and this reader cannot
TRUNCATED_PAYLOAD = "truncated_payload"  # the crawler kept only the start of the page (WARC-Truncated)


class TruncatedRecord(Exception):
    """A record whose block ends before its Content-Length: a truncated file or a broken download."""

    def __init__(self, offset: int, uri: str | None):
        super().__init__(f"the record at byte {offset} ({uri or 'no URI'}) ends before its Content-Length")
        self.offset = offset


@dataclass(frozen=True)
class ArchivedPage:
    """A response record's page."""

    uri: str
    captured_at: datetime  # WARC-Date
    record_id: str
    offset: int  # where the record's gzip member starts in the file
    content_type: str | None
    body: bytes


@dataclass(frozen=True)
class Skipped:
    reason: str
    offset: int
    uri: str | None = None


def host_of(uri: str | None) -> str:
    try:
        return (urlsplit(uri or "").hostname or "").lower()
    except ValueError:
        return ""


def records(
    stream, *, start: int = 0, wants_host: Callable[[str], bool] = lambda host: True, max_size: int = 16 << 20,
) -> Iterator[ArchivedPage | Skipped]:
    """Every record of ``stream`` (a file object whose first byte is the file's byte ``start``), as a
    page or a skip. Raises TruncatedRecord for a record cut short, and whatever the stream raises (a
    reset connection) as it happens."""
    skipped: list[Skipped] = []

    def keep(record) -> bool:
        # Called with the WARC headers only: what it refuses is never decompressed past them.
        kind = record.record_type
        offset = start + record.stream_pos
        if kind == WarcRecordType.response:
            uri = record.headers.get("WARC-Target-URI")
            if not wants_host(host_of(uri)):
                skipped.append(Skipped(OTHER_HOST, offset, uri))
                return False
            if record.content_length > max_size:
                skipped.append(Skipped(TOO_LARGE, offset, uri))
                return False
            if record.headers.get("WARC-Truncated"):
                # Common Crawl cuts payloads past its size limit: half a page would be half an article
                skipped.append(Skipped(TRUNCATED_PAYLOAD, offset, uri))
                return False
            return True
        skipped.append(Skipped(REVISIT if kind == WarcRecordType.revisit else NOT_A_RESPONSE, offset, record.headers.get("WARC-Target-URI")))
        return False

    for record in ArchiveIterator(stream, func_filter=keep, parse_http=False):
        yield from skipped
        skipped.clear()
        offset = start + record.stream_pos
        uri = record.headers.get("WARC-Target-URI")
        block = record.reader.read()
        if not record.content_length or len(block) < record.content_length:
            raise TruncatedRecord(offset, uri)
        status, headers, body = split_http(block)
        if status != 200:
            yield Skipped(NOT_200, offset, uri)
            continue
        page_bytes = _undo_encodings(headers, body, max_size)
        if page_bytes is None or not uri:
            yield Skipped(ENCODED if uri else NOT_A_RESPONSE, offset, uri)
            continue
        yield ArchivedPage(uri, record.record_date, record.record_id or "", offset, headers.get("content-type"), page_bytes)
    yield from skipped


def split_http(block: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """A response record's block as (status, headers by lower-cased name, body)."""
    head, separator, body = block.partition(b"\r\n\r\n")
    if not separator:
        head, separator, body = block.partition(b"\n\n")
    lines = head.decode("latin-1").splitlines()
    status = None
    if lines:
        parts = lines[0].split(None, 2)
        if len(parts) >= 2 and parts[0].upper().startswith("HTTP/") and parts[1].isdigit():
            status = int(parts[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip().lower()] = value.strip()
    return status, headers, body


def _undo_encodings(headers: dict[str, str], body: bytes, max_size: int) -> bytes | None:
    """The body as the page's bytes. Common Crawl stores payloads decoded (the original headers renamed
    X-Crawler-…), but older files keep chunking or compression: undone here, within ``max_size``."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    encoding = headers.get("content-encoding", "").lower().strip()
    if encoding in ("", "identity"):
        return body
    if encoding in ("gzip", "x-gzip", "deflate"):
        try:
            unpacker = zlib.decompressobj(wbits=47 if encoding != "deflate" else 15)  # 47: gzip or zlib header
            data = unpacker.decompress(body, max_size + 1)
        except zlib.error:
            return None
        return data if len(data) <= max_size else None
    return None


def _dechunk(body: bytes) -> bytes:
    out, position = [], 0
    while position < len(body):
        end = body.find(b"\r\n", position)
        if end < 0:
            break
        try:
            size = int(body[position:end].split(b";", 1)[0].strip() or b"0", 16)
        except ValueError:
            return body  # not chunked after all: the bytes as they are
        if size == 0:
            break
        out.append(body[end + 2:end + 2 + size])
        position = end + 2 + size + 2
    return b"".join(out)
