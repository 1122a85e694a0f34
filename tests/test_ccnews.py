"""CC-NEWS as discovery (newsbot.discovery.ccnews, newsbot.discovery.warc): windows, listings, shards,
records; and the saved pages read back from a WARC equal what `scrapy extract` gives for them."""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from datetime import datetime, timezone

import pytest

from newsbot.crawl.ccnews import open_archive
from newsbot.dev.warcs import Capture, mixed_captures, paths_listing, warc_bytes, write_warc
from newsbot.discovery import warc
from newsbot.discovery.ccnews import (
    CaptureWindow,
    WindowError,
    file_name,
    file_time,
    files_in_window,
    in_shard,
    listed_path,
    listing_url,
    parse_listing,
    parse_shard,
)
from tests.conftest import output_files, require_captures, run_scrapy

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)


# ---- the capture window ----

def test_a_month_is_all_of_it_and_a_day_is_that_day():
    window = CaptureWindow.parse("2024-02", "2024-02", NOW)
    assert (window.since, window.until) == (datetime(2024, 2, 1, tzinfo=timezone.utc), datetime(2024, 3, 1, tzinfo=timezone.utc))
    day = CaptureWindow.parse("2024-02-28", "2024-02-29", NOW)
    assert day.until == datetime(2024, 3, 1, tzinfo=timezone.utc) and day.months() == [(2024, 2)]
    assert CaptureWindow.parse("2023-11", "2024-02", NOW).months() == [(2023, 11), (2023, 12), (2024, 1), (2024, 2)]
    assert CaptureWindow.parse("2026-11-30", None, NOW).until == NOW


@pytest.mark.parametrize(("since", "until", "says"), [
    (None, None, "-a since=YYYY-MM[-DD] is required"),
    ("2024/02", None, "takes YYYY-MM or YYYY-MM-DD"),
    ("2024-02-30", None, "is not a date"),
    ("2024-03", "2024-02", "is not after"),
])
def test_a_window_that_cannot_be_says_why(since, until, says):
    with pytest.raises(WindowError, match=says.replace("[", r"\[").replace("]", r"\]")):
        CaptureWindow.parse(since, until, NOW)


def test_files_are_chosen_by_the_time_in_their_names():
    paths = [f"crawl-data/CC-NEWS/2024/03/CC-NEWS-202403{d:02d}{h:02d}0000-{n:05d}.warc.gz" for n, (d, h) in enumerate([(1, 0), (5, 23), (6, 0), (31, 23)])]
    assert file_time(paths[1]) == datetime(2024, 3, 5, 23, tzinfo=timezone.utc)
    assert file_time("crawl-data/CC-MAIN-2024-10/segments/x.warc.gz") is None
    window = CaptureWindow.parse("2024-03-02", "2024-03-05", NOW)
    assert files_in_window(list(reversed(paths)) + ["not-a-cc-news-name.warc.gz"], window) == [paths[1]]
    assert listing_url("https://data.commoncrawl.org/", 2024, 3) == "https://data.commoncrawl.org/crawl-data/CC-NEWS/2024/03/warc.paths.gz"
    assert file_name(paths[0]) == "CC-NEWS-20240301000000-00000.warc.gz"


def test_every_file_is_in_exactly_one_shard():
    paths = [f"crawl-data/CC-NEWS/2024/03/CC-NEWS-20240301{n:06d}-{n:05d}.warc.gz" for n in range(50)]
    shards = [parse_shard(f"{i}/4") for i in range(4)]
    assert all(sum(in_shard(p, s) for s in shards) == 1 for p in paths)
    assert all(len([p for p in paths if in_shard(p, s)]) >= 8 for s in shards)  # spread, not all in one
    assert parse_shard(None) is None
    for wrong in ("4/4", "1/0", "a/b", "1"):
        with pytest.raises(WindowError):
            parse_shard(wrong)


def test_a_file_read_by_url_is_recorded_as_the_listing_names_it():
    base = "https://data.commoncrawl.org/"
    path = "crawl-data/CC-NEWS/2024/03/CC-NEWS-20240305100000-00001.warc.gz"
    assert listed_path(base, base + path) == path
    assert listed_path(base.rstrip("/"), base + path) == path
    assert listed_path(base, "/srv/warcs/x.warc.gz") == "/srv/warcs/x.warc.gz"
    assert listed_path(base, "https://mirror.example/" + path) == "https://mirror.example/" + path


def test_a_listing_is_read_gzipped_or_plain_and_a_broken_one_is_refused():
    paths = ["crawl-data/CC-NEWS/2024/03/CC-NEWS-20240301000000-00001.warc.gz"]
    assert parse_listing(paths_listing(paths)) == paths
    assert parse_listing(b"\n".join(p.encode() for p in paths)) == paths
    with pytest.raises(ValueError, match="broken gzip"):
        parse_listing(paths_listing(paths)[:20] + b"garbage")
    with pytest.raises(ValueError, match="not a list of WARC files"):
        parse_listing(gzip.compress(b"<html>an error page</html>\n"))
    bomb = gzip.compress(b"a" * (20 << 20))
    with pytest.raises(ValueError, match="bytes unpacked"):
        parse_listing(bomb)


# ---- records ----

def _events(data: bytes, **kwargs) -> list:
    return list(warc.records(io.BytesIO(data), **kwargs))


def test_records_are_pages_or_skips_with_their_reasons_and_offsets():
    captures = [
        Capture("https://www.youm7.com/story/2024/3/5/a/1", b"<html><body><p>1</p></body></html>"),
        Capture("https://other.example/x", b"<html></html>"),
        Capture("https://www.youm7.com/gone", b"", status=404),
        Capture("https://www.youm7.com/story/2024/3/5/a/1", revisit=True),
    ]
    data = warc_bytes(captures)
    events = _events(data, wants_host=lambda host: host.endswith("youm7.com"))
    pages = [e for e in events if isinstance(e, warc.ArchivedPage)]
    reasons = [e.reason for e in events if isinstance(e, warc.Skipped)]
    assert [p.uri for p in pages] == [captures[0].uri]
    assert reasons.count(warc.NOT_A_RESPONSE) == 5 and warc.OTHER_HOST in reasons and warc.NOT_200 in reasons and warc.REVISIT in reasons
    page = pages[0]
    assert page.body == captures[0].body and page.content_type == "text/html; charset=utf-8"
    assert page.captured_at == datetime(2024, 3, 5, 10, tzinfo=timezone.utc) and page.record_id.startswith("<urn:uuid:")
    # the offset is where the record's gzip member starts: reading from it gives the record first
    again = _events(data[page.offset:], start=page.offset)
    assert again[0].offset == page.offset and again[0].uri == page.uri


def test_a_record_cut_short_raises_instead_of_giving_part_of_a_page():
    noise = os.urandom(6000).hex().encode()  # does not compress: the cut lands inside the response record
    data = warc_bytes([Capture("https://www.youm7.com/a", b"<html>" + noise + b"</html>")])
    cut = data[: len(data) - 3000]
    with pytest.raises(warc.TruncatedRecord):
        _events(cut)


def test_a_payload_the_crawler_cut_is_skipped_not_read_as_a_short_article():
    data = warc_bytes([Capture("https://www.youm7.com/a", "<html><p>نص</p>".encode(), truncated=True)])
    assert [e.reason for e in _events(data) if isinstance(e, warc.Skipped)][-1] == warc.TRUNCATED_PAYLOAD
    assert not [e for e in _events(data) if isinstance(e, warc.ArchivedPage)]


def test_a_record_over_the_size_cap_is_skipped_unread():
    data = warc_bytes([Capture("https://www.youm7.com/a", b"<html>" + b"x" * 50_000 + b"</html>")])
    assert [e.reason for e in _events(data, max_size=10_000) if isinstance(e, warc.Skipped)][-1] == warc.TOO_LARGE


def test_chunked_and_compressed_payloads_are_undone():
    page = "<html><body><p>مرحبا</p></body></html>".encode()
    chunked = b"".join(f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (page[:10], page[10:])) + b"0\r\n\r\n"
    status, headers, body = warc.split_http(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked)
    assert status == 200 and warc._undo_encodings(headers, body, 1 << 20) == page
    packed = gzip.compress(page)
    status, headers, body = warc.split_http(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + packed)
    assert warc._undo_encodings(headers, body, 1 << 20) == page
    assert warc._undo_encodings({"content-encoding": "deflate"}, zlib.compress(page), 1 << 20) == page
    assert warc._undo_encodings({"content-encoding": "br"}, b"\x00", 1 << 20) is None


def test_a_local_file_opens_at_an_offset(tmp_path):
    data = warc_bytes(mixed_captures(4))
    path = tmp_path / "CC-NEWS-20240305100000-00001.warc.gz"
    path.write_bytes(data)
    offsets = [e.offset for e in warc.records(io.BytesIO(data))]
    stream, size = open_archive(str(path), offsets[3], 5, "test")
    assert size == len(data)
    assert [e.offset for e in warc.records(stream, start=offsets[3])] == offsets[3:]


# ---- the saved pages, archived ----

@pytest.mark.e2e
def test_each_saved_page_read_from_a_warc_is_the_article_scrapy_extract_gives(tmp_path):
    root = require_captures()
    pages = sorted(root.glob("*/*.html"))
    urls = {}
    captures = []
    for html in pages:
        url = json.loads(html.with_suffix(".meta.json").read_text("utf-8"))["url"]
        urls.setdefault(url, html)
        captures.append(Capture(url, html.read_bytes()))
    archive = write_warc(tmp_path / "CC-NEWS-20240305100000-00001.warc.gz", captures)
    result = run_scrapy("crawl", "ccnews", "-a", f"warc={archive}", "-s", f"NEWSBOT_DATA_DIR={tmp_path / 'data'}", timeout=180)
    assert result.returncode == 0, result.stdout.decode()[-2000:] + result.stderr.decode()[-2000:]
    archived = {json.loads(line)["url"]: json.loads(line) for f in output_files(tmp_path / "data") for line in f.read_bytes().splitlines()}
    assert len(archived) == len(urls)
    for url, html in urls.items():
        extracted = run_scrapy("extract", str(html), "--url", url)
        assert extracted.returncode == 0, extracted.stderr.decode()
        live = json.loads(extracted.stdout)
        from_archive = archived[live["url"]]
        assert from_archive["origin"] == "ccnews" and from_archive["archive"]["file"] == str(archive)
        assert from_archive["crawled_at"] == "2024-03-05T10:00:00+00:00"
        differ = {k for k in live if k not in ("crawled_at", "origin", "archive") and live[k] != from_archive[k]}
        assert not differ, (html.name, {k: (live[k], from_archive[k]) for k in differ})


def test_only_a_page_that_cannot_hold_an_arabic_letter_is_skipped_unparsed():
    from newsbot.core.language import may_hold_arabic_script

    assert not may_hold_arabic_script(b"<html><p>An English page, plain ASCII.</p></html>")
    assert not may_hold_arabic_script("<p>An English page \u2014 with \u201cquotes\u201d in UTF-8.</p>".encode())
    assert may_hold_arabic_script("<p>خبر</p>".encode())  # Arabic
    assert may_hold_arabic_script("<p>این یک خبر است</p>".encode())  # Persian: the same script, told apart later
    assert may_hold_arabic_script("<p>خبر</p>".encode("cp1256"))  # another encoding: read to know
    assert may_hold_arabic_script(b"<p>&#1582;&#1576;&#1585;</p>")  # character references
    assert may_hold_arabic_script("<p>خبر</p>".encode("utf-16"))
    assert may_hold_arabic_script("<p>\ufeb7</p>".encode())  # a presentation form
