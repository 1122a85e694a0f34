"""`scrapy export` (newsbot.ops.export): the runs' JSONL merged into one typed, partitioned dataset.

Inputs are JSONL files written here from the real Article item (checked against the JSON Schema), in
the crawl's layout; the export is read back with pyarrow and with duckdb and compared with them.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import orjson
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from jsonschema import Draft202012Validator

from newsbot.core.item import ARTICLE_FIELDS, Article, article_schema
from newsbot.ops import export as export_module
from newsbot.ops.export import FIELDS, MANIFEST, OUTPUT_SCHEMA, ExportError, ExportOptions, export, summary_lines
from tests.conftest import REPO, output_files

VALIDATOR = Draft202012Validator(article_schema())
UTC = timezone.utc
BODY = "أعلنت الحكومة اليوم عن خطة جديدة لدعم الصناعة المحلية.\n\nوقال الوزير إن الخطة تبدأ الشهر المقبل."


def article(outlet: str, n: int | str, *, published: str | None = "2024-03-10T12:00:00+03:00",
            crawled: str = "2024-03-11T08:00:00+00:00", **fields) -> dict:
    """One valid record, as the crawl writes it."""
    record = dataclasses.asdict(Article(
        id=f"{outlet}:{n}", url=f"https://www.{outlet}.com/story/{n}", canonical_url=f"https://www.{outlet}.com/story/{n}",
        outlet=outlet, outlet_name=outlet.title(), country="EG", language="ar", title=f"خبر رقم {n}", body=BODY,
        published_at=published, crawled_at=crawled, authors=["سلمى عبد الرحمن"], word_count=17,
        content_hash="xxh3_128:" + f"{abs(hash((outlet, n))):032x}"[:32],
    ))
    record.update(fields)
    errors = [e.message for e in VALIDATOR.iter_errors(record)]
    assert not errors, errors
    return record


def write_run(data_dir: Path, outlet: str, day: str, run_id: str, records: list[dict], *, raw: tuple[bytes, ...] = (), suffix: str = ".jsonl") -> Path:
    path = data_dir / outlet / day / f"{run_id}{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in records) + b"".join(raw))
    return path


def parquet_table(out: Path) -> pa.Table:
    """The export as pyarrow reads a hive-partitioned dataset (README.md and _manifest.json beside it)."""
    return ds.dataset(out, format="parquet", partitioning="hive", exclude_invalid_files=True).to_table()


def duck(sql: str) -> list[tuple]:
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    return connection.sql(sql).fetchall()


def parquet_glob(out: Path) -> str:
    return f"read_parquet('{out}/**/*.parquet', hive_partitioning=true)"


def by_id(table: pa.Table) -> dict[str, dict]:
    return {row["id"]: row for row in table.to_pylist()}


# ---- a corpus: two outlets, re-crawls, a near-duplicate, an undated article, a month boundary ----


@pytest.fixture
def corpus(tmp_path):
    data = tmp_path / "data"
    youm7_old = [article("youm7", n, crawled="2024-03-11T08:00:00+00:00") for n in range(1, 6)]
    youm7_new = [
        article("youm7", 2, title="العنوان بعد التعديل", crawled="2024-03-12T08:00:00+00:00"),  # re-crawled, title changed
        article("youm7", 6, published="2024-04-01T01:30:00+03:00", crawled="2024-04-01T09:00:00+00:00"),  # UTC: still March
        article("youm7", 7, published=None, crawled="2024-04-02T10:00:00+00:00"),  # undated: the month it was crawled
        article("youm7", 8, duplicate_of="youm7:1", crawled="2024-03-12T09:00:00+00:00"),  # a near-duplicate of youm7:1
    ]
    hespress = [article("hespress", n, published=f"2024-02-{10 + n}T09:15:00+01:00", crawled="2024-02-28T07:00:00+00:00") for n in range(1, 4)]
    files = [
        write_run(data, "youm7", "2024-03-11", "run-a", youm7_old),
        write_run(data, "youm7", "2024-03-12", "run-b", youm7_new),
        write_run(data, "hespress", "2024-02-28", "run-c", hespress),
    ]
    newest = {r["id"]: r for r in youm7_old + youm7_new + hespress}  # later lists are newer copies
    return data, files, newest


def test_every_field_of_the_schema_and_the_item_has_a_typed_column():
    columns = dict(FIELDS)
    assert set(article_schema()["properties"]) <= set(columns)
    assert set(ARTICLE_FIELDS) <= set(columns)
    types = {f.name: f.type for f in OUTPUT_SCHEMA}
    assert types["published_at"] == pa.string() and types["published_at_utc"] == pa.timestamp("us", tz="UTC")
    assert types["authors"] == types["robots_ai"] == pa.list_(pa.string())
    assert (types["word_count"], types["free_access"], types["license"]) == (pa.int64(), pa.bool_(), pa.string())
    assert types["archive"] == pa.struct([("file", pa.string()), ("offset", pa.int64()), ("record_id", pa.string())])
    assert OUTPUT_SCHEMA.names.index("published_at_utc") == OUTPUT_SCHEMA.names.index("published_at") + 1


def test_one_row_per_id_the_newest_copy_read_by_pyarrow_and_duckdb(corpus, tmp_path):
    data, _, newest = corpus
    out = tmp_path / "export"
    summary = export(data, out)
    assert (summary.input_files, summary.records, summary.ids, summary.rows) == (3, 12, 11, 11)
    assert summary.duplicates_resolved == 1

    table = parquet_table(out)
    rows = by_id(table)
    assert set(rows) == set(newest)
    assert rows["youm7:2"]["title"] == "العنوان بعد التعديل"
    for article_id, record in newest.items():
        for name in ("url", "title", "body", "published_at", "crawled_at", "authors", "word_count", "content_hash", "duplicate_of", "schema_version"):
            assert rows[article_id][name] == record[name], (article_id, name)

    duck_rows = dict(duck(f"select id, title from {parquet_glob(out)}"))
    assert duck_rows == {i: r["title"] for i, r in newest.items()}
    assert duck(f"select count(*), count(distinct id) from {parquet_glob(out)}") == [(11, 11)]


def test_published_at_utc_is_the_offset_time_and_the_string_keeps_its_offset(corpus, tmp_path):
    data, _, newest = corpus
    out = tmp_path / "export"
    export(data, out)
    for article_id, published, published_utc, crawled_utc in duck(f"select id, published_at, published_at_utc, crawled_at_utc from {parquet_glob(out)}"):
        record = newest[article_id]
        assert published == record["published_at"]
        expected = datetime.fromisoformat(record["published_at"]).astimezone(UTC) if record["published_at"] else None
        assert published_utc == expected
        assert crawled_utc == datetime.fromisoformat(record["crawled_at"])
    assert by_id(parquet_table(out))["youm7:6"]["published_at_utc"] == datetime(2024, 3, 31, 22, 30, tzinfo=UTC)


def test_partitions_are_outlet_and_utc_month_sorted_inside(corpus, tmp_path):
    data, _, _ = corpus
    out = tmp_path / "export"
    summary = export(data, out)
    parts = sorted(str(p.relative_to(out)) for p in out.rglob("part-0.parquet"))
    assert parts == ["outlet=hespress/month=2024-02/part-0.parquet", "outlet=youm7/month=2024-03/part-0.parquet",
                     "outlet=youm7/month=2024-04/part-0.parquet"]
    assert summary.partitions == {("hespress", "2024-02"): 3, ("youm7", "2024-03"): 7, ("youm7", "2024-04"): 1}
    months = dict(duck(f"select id, month from {parquet_glob(out)}"))
    assert months["youm7:6"] == "2024-03", "published 2024-04-01 01:30 +03:00 is 31 March in UTC"
    assert months["youm7:7"] == "2024-04", "no date: the month of crawled_at"
    march = pq.read_table(out / "outlet=youm7/month=2024-03/part-0.parquet").to_pylist()
    keys = [(r["published_at_utc"], r["id"]) for r in march]
    assert keys == sorted(keys)


def test_undated_rows_sort_last_in_their_partition(tmp_path):
    data = tmp_path / "data"
    write_run(data, "youm7", "2024-03-11", "run-a", [
        article("youm7", "b", published=None, crawled="2024-03-11T08:00:00+00:00"),
        article("youm7", "c", published="2024-03-20T08:00:00+02:00", crawled="2024-03-21T08:00:00+00:00"),
        article("youm7", "a", published="2024-03-05T08:00:00+02:00", crawled="2024-03-21T08:00:00+00:00"),
    ])
    export(data, tmp_path / "export")
    rows = pq.read_table(tmp_path / "export/outlet=youm7/month=2024-03/part-0.parquet").column("id").to_pylist()
    assert rows == ["youm7:a", "youm7:c", "youm7:b"]


def test_a_tie_on_crawled_at_goes_to_the_later_file_then_the_later_line(tmp_path):
    data = tmp_path / "data"
    same = "2024-03-11T08:00:00+00:00"
    write_run(data, "youm7", "2024-03-11", "run-a", [article("youm7", 1, title="الأول", crawled=same)])
    write_run(data, "youm7", "2024-03-11", "run-b", [article("youm7", 1, title="الثاني", crawled=same), article("youm7", 1, title="الثالث", crawled=same)])
    write_run(data, "youm7", "2024-03-11", "run-c", [article("youm7", 1, title="الأقدم", crawled="2024-03-10T08:00:00+00:00")])
    summary = export(data, tmp_path / "export")
    assert summary.duplicates_resolved == 3
    assert parquet_table(tmp_path / "export").column("title").to_pylist() == ["الثالث"]


def test_near_duplicates_are_flagged_or_dropped(corpus, tmp_path):
    data, _, newest = corpus
    kept = export(data, tmp_path / "kept")
    assert kept.near_duplicates_kept == 1
    assert duck(f"select id, duplicate_of from {parquet_glob(tmp_path / 'kept')} where duplicate_of is not null") == [("youm7:8", "youm7:1")]
    dropped = export(data, tmp_path / "dropped", ExportOptions(drop_duplicates=True))
    assert (dropped.near_duplicates_dropped, dropped.rows) == (1, 10)
    assert set(by_id(parquet_table(tmp_path / "dropped"))) == set(newest) - {"youm7:8"}
    assert "near-duplicates dropped (--drop-duplicates): 1" in "\n".join(summary_lines(dropped))


def test_the_newest_copy_decides_whether_a_record_is_a_near_duplicate(tmp_path):
    data = tmp_path / "data"
    write_run(data, "youm7", "2024-03-11", "run-a", [article("youm7", 1, duplicate_of="youm7:9", crawled="2024-03-11T08:00:00+00:00")])
    write_run(data, "youm7", "2024-03-12", "run-b", [article("youm7", 1, crawled="2024-03-12T08:00:00+00:00")])
    summary = export(data, tmp_path / "export", ExportOptions(drop_duplicates=True))
    assert (summary.rows, summary.near_duplicates_dropped) == (1, 0)


def test_since_until_and_outlets_select_on_the_utc_day(corpus, tmp_path):
    data, _, newest = corpus

    def day(record):
        return datetime.fromisoformat(record["published_at"] or record["crawled_at"]).astimezone(UTC).date()

    summary = export(data, tmp_path / "march", ExportOptions(since=date(2024, 3, 1), until=date(2024, 3, 31)))
    expected = {i for i, r in newest.items() if date(2024, 3, 1) <= day(r) <= date(2024, 3, 31)}
    assert set(by_id(parquet_table(tmp_path / "march"))) == expected
    assert "youm7:6" in expected and summary.outside_dates == len(newest) - len(expected)

    export(data, tmp_path / "from-april", ExportOptions(since=date(2024, 4, 1)))
    assert set(by_id(parquet_table(tmp_path / "from-april"))) == {"youm7:7"}

    summary = export(data, tmp_path / "hespress", ExportOptions(outlets=frozenset({"hespress", "nosuch"})))
    assert set(by_id(parquet_table(tmp_path / "hespress"))) == {i for i in newest if i.startswith("hespress:")}
    assert summary.outlets_not_selected == 8 and summary.outlets_missing == ("nosuch",)


def test_respect_ai_optout_leaves_out_outlets_whose_newest_record_opts_out(tmp_path):
    data = tmp_path / "data"
    write_run(data, "youm7", "2024-03-11", "run-a", [article("youm7", 1, robots_ai=[], crawled="2024-03-11T08:00:00+00:00")])
    write_run(data, "youm7", "2024-03-12", "run-b", [article("youm7", 2, robots_ai=["CCBot", "GPTBot"], crawled="2024-03-12T08:00:00+00:00")])
    # hespress disallowed CCBot once, no longer: its newest record decides
    write_run(data, "hespress", "2024-03-11", "run-a", [article("hespress", 1, robots_ai=["CCBot"], crawled="2024-03-11T08:00:00+00:00"),
                                                        article("hespress", 2, robots_ai=[], crawled="2024-03-12T08:00:00+00:00")])
    write_run(data, "alghad", "2024-03-11", "run-a", [article("alghad", 1)])  # before 1.3.0: no robots_ai at all
    summary = export(data, tmp_path / "all")
    assert summary.opted_out == {"youm7": ["CCBot", "GPTBot"]} and summary.rows == 5
    summary = export(data, tmp_path / "respect", ExportOptions(respect_ai_optout=True))
    assert {r[0] for r in duck(f"select distinct outlet from {parquet_glob(tmp_path / 'respect')}")} == {"hespress", "alghad"}
    assert summary.opted_out_rows == 2
    printed = "\n".join(summary_lines(summary))
    assert "left out by --respect-ai-optout: youm7 (2 rows)" in printed
    card = (tmp_path / "respect" / "README.md").read_text("utf-8")
    assert "youm7 (robots.txt disallows CCBot, GPTBot)" in card


def test_only_the_selected_outlets_are_said_to_opt_out(tmp_path):
    data = tmp_path / "data"
    write_run(data, "youm7", "2024-03-11", "run-a", [article("youm7", 1, robots_ai=["GPTBot"])])
    write_run(data, "hespress", "2024-03-11", "run-a", [article("hespress", 1, robots_ai=[])])
    for name, respect in (("respect", True), ("all", False)):
        summary = export(data, tmp_path / name, ExportOptions(outlets=frozenset({"hespress"}), respect_ai_optout=respect))
        assert (summary.rows, summary.opted_out, summary.opted_out_rows) == (1, {}, 0)
        printed = "\n".join(summary_lines(summary))
        assert "youm7" not in printed and "opting out" not in printed and "--respect-ai-optout" not in printed
        card = (tmp_path / name / "README.md").read_text("utf-8")
        assert "youm7" not in card and "Left out with" not in card
    summary = export(data, tmp_path / "both", ExportOptions(respect_ai_optout=True))
    printed = "\n".join(summary_lines(summary))
    assert "left out by --respect-ai-optout: youm7 (1 rows)" in printed and "included" not in printed


def test_licence_fields_are_typed_columns_and_null_in_older_records(tmp_path):
    data = tmp_path / "data"
    old = article("youm7", 1)
    for name in ("robots_ai", "free_access", "license"):
        del old[name]  # a 1.2.0 record
    old["schema_version"] = "1.2.0"
    new = article("youm7", 2, robots_ai=["GPTBot"], free_access=False, license="https://creativecommons.org/licenses/by/4.0/")
    write_run(data, "youm7", "2024-03-11", "run-a", [old, new])
    export(data, tmp_path / "export")
    rows = by_id(parquet_table(tmp_path / "export"))
    assert (rows["youm7:1"]["robots_ai"], rows["youm7:1"]["free_access"], rows["youm7:1"]["license"]) == (None, None, None)
    assert (rows["youm7:2"]["robots_ai"], rows["youm7:2"]["free_access"]) == (["GPTBot"], False)
    assert duck(f"select license from {parquet_glob(tmp_path / 'export')} where id = 'youm7:2'") == [(new["license"],)]
    card = (tmp_path / "export" / "README.md").read_text("utf-8")
    assert "| youm7 | https://creativecommons.org/licenses/by/4.0/ (1), none stated (1) | 0 / 1 / 1 | GPTBot |" in card
    assert "copyright stays with the outlets" in card
    assert "1.2.0 (1 rows), 1.3.0 (1 rows)" in card


def test_an_archived_record_keeps_its_archive_as_a_struct(tmp_path):
    data = tmp_path / "data"
    archive = {"file": "crawl-data/CC-NEWS/2024/03/CC-NEWS-20240305100000-00000.warc.gz", "offset": 123456, "record_id": "<urn:uuid:1>"}
    write_run(data, "assabah.com.tn", "2024-03-11", "run-a", [article("assabah.com.tn", 1, origin="ccnews", archive=archive)])
    export(data, tmp_path / "export")
    assert parquet_table(tmp_path / "export").column("archive").to_pylist() == [archive]
    assert duck(f"select archive.offset, outlet from {parquet_glob(tmp_path / 'export')}") == [(123456, "assabah.com.tn")]


@pytest.mark.parametrize("block_bytes", [export_module.BLOCK_BYTES, 700], ids=["one block", "blocks of 700 bytes"])
def test_bad_lines_are_counted_and_named_never_a_crash(tmp_path, monkeypatch, block_bytes):
    monkeypatch.setattr(export_module, "BLOCK_BYTES", block_bytes)
    data = tmp_path / "data"
    good = [article("youm7", n) for n in range(1, 5)]
    no_id = article("youm7", 9)
    del no_id["id"]
    wrong_type = article("youm7", 10) | {"word_count": "سبعة عشر"}
    arabic_digits = article("youm7", 11) | {"published_at": "٢٠٢٤-٠٣-١٠T12:00:00+03:00"}
    write_run(data, "youm7", "2024-03-11", "run-a", good[:2], raw=(
        orjson.dumps(no_id) + b"\n", orjson.dumps(wrong_type) + b"\n", orjson.dumps(arabic_digits) + b"\n",
        b"[1, 2]\n", b"  \n", orjson.dumps(good[2]) + b"\r\n", orjson.dumps(article("youm7", 12))[:70] + b"\n",
        orjson.dumps(good[3]),  # a last line without its newline is whole all the same
    ))
    summary = export(data, tmp_path / "export")
    assert set(by_id(parquet_table(tmp_path / "export"))) == {r["id"] for r in good}
    assert summary.rows == 4 and summary.bad_line_count == 5
    named = {(b.file, b.line): b.reason for b in summary.bad_lines}
    assert named == {
        ("youm7/2024-03-11/run-a.jsonl", 3): "no id",
        ("youm7/2024-03-11/run-a.jsonl", 4): "word_count: not an integer",
        ("youm7/2024-03-11/run-a.jsonl", 5): "published_at: not ISO 8601 with an offset",
        ("youm7/2024-03-11/run-a.jsonl", 6): "not a JSON object",
        ("youm7/2024-03-11/run-a.jsonl", 9): "not JSON (a torn or garbled line)",
    }
    printed = "\n".join(summary_lines(summary))
    assert "bad lines: 5" in printed and "youm7/2024-03-11/run-a.jsonl:9: not JSON (a torn or garbled line)" in printed
    card = (tmp_path / "export" / "README.md").read_text("utf-8")
    assert "5 lines could not be exported" in card and "`youm7/2024-03-11/run-a.jsonl` line 4: word_count: not an integer" in card
    manifest = orjson.loads((tmp_path / "export" / MANIFEST).read_bytes())
    assert manifest["bad_lines"]["count"] == 5


@pytest.mark.parametrize("block_bytes", [export_module.BLOCK_BYTES, 700], ids=["one block", "blocks of 700 bytes"])
def test_a_line_that_is_not_utf8_is_a_bad_line_and_an_older_copy_wins(tmp_path, monkeypatch, block_bytes):
    monkeypatch.setattr(export_module, "BLOCK_BYTES", block_bytes)
    data = tmp_path / "data"
    write_run(data, "youm7", "2024-03-11", "run-a", [article("youm7", 1, title="العنوان القديم", crawled="2024-03-11T08:00:00+00:00")])
    garbled = orjson.dumps(article("youm7", 1, title="@@", crawled="2024-03-12T08:00:00+00:00")).replace(b'"@@"', b'"\xd8\xa7\xff"')
    write_run(data, "youm7", "2024-03-12", "run-b", [], raw=(garbled + b"\n", orjson.dumps(article("youm7", 2)) + b"\n"))
    out = tmp_path / "export"
    summary = export(data, out, ExportOptions(formats=("parquet", "jsonl.zst")))
    assert (summary.rows, summary.bad_line_count) == (2, 1)
    assert [(b.file, b.line, b.reason) for b in summary.bad_lines] == [("youm7/2024-03-12/run-b.jsonl", 1, "not UTF-8 (garbled bytes or another encoding)")]
    titles = {r["id"]: r["title"] for r in pq.read_table(out / "outlet=youm7/month=2024-03/part-0.parquet").to_pylist()}
    assert titles == {"youm7:1": "العنوان القديم", "youm7:2": "خبر رقم 2"}
    with pa.CompressedInputStream(pa.OSFile(str(out / "outlet=youm7/month=2024-03/part-0.jsonl.zst")), "zstd") as stream:
        assert {r["id"]: r["title"] for r in map(orjson.loads, stream.read().splitlines())} == titles


@pytest.mark.parametrize("around", [
    (),  # Arrow reads three rows from two lines
    (b"   \n",),  # ... and a blank line: as many rows as non-empty lines, one off from the line they were on
    (b'{"id": "youm7:9",\n', b'"outlet": "youm7"}\n'),  # ... and an object over two lines, read as one row
], ids=["glued", "glued and a blank line", "glued and an object over two lines"])
def test_two_records_glued_on_one_line_are_a_bad_line(tmp_path, around):
    data = tmp_path / "data"
    older = [article("youm7", n, title=f"القديم {n}", crawled="2024-03-11T08:00:00+00:00") for n in (2, 3)]
    write_run(data, "youm7", "2024-03-11", "run-a", older)
    newer = [article("youm7", n, title=f"الجديد {n}", crawled="2024-03-12T08:00:00+00:00") for n in (1, 2, 3, 4)]
    glued = orjson.dumps(newer[1]) + orjson.dumps(newer[2]) + b"\n"  # a torn append: no newline between them
    write_run(data, "youm7", "2024-03-12", "run-b", [], raw=(orjson.dumps(newer[0]) + b"\n", glued, *around, orjson.dumps(newer[3]) + b"\n"))
    summary = export(data, tmp_path / "export")
    torn = "not JSON (a torn or garbled line)"
    pieces = [line for line in around if line.strip()]
    assert {(b.file, b.line): b.reason for b in summary.bad_lines} == {("youm7/2024-03-12/run-b.jsonl", n): torn for n in range(2, 3 + len(pieces))}
    assert summary.bad_line_count == 1 + len(pieces)
    titles = {r["id"]: r["title"] for r in parquet_table(tmp_path / "export").to_pylist()}
    assert titles == {"youm7:1": "الجديد 1", "youm7:2": "القديم 2", "youm7:3": "القديم 3", "youm7:4": "الجديد 4"}


def test_records_of_a_newer_schema_are_exported_and_the_card_says_so(tmp_path):
    data = tmp_path / "data"
    write_run(data, "youm7", "2024-03-11", "run-a", [article("youm7", 1), article("youm7", 2, schema_version="1.4.0", paywall="metered")])
    summary = export(data, tmp_path / "export")
    assert summary.rows == 2 and summary.newer_schemas == {"1.4.0": 1}
    assert "Rows of a schema newer than the 1.3.0 these columns cover: 1.4.0 (1 row)" in (tmp_path / "export" / "README.md").read_text("utf-8")


def test_running_files_run_reports_and_state_are_never_read(tmp_path):
    data = tmp_path / "data"
    write_run(data, "youm7", "2024-03-11", "run-a", [article("youm7", 1)])
    write_run(data, "youm7", "2024-03-12", "run-live", [article("youm7", 2)], suffix=".jsonl.part")  # a run still writing
    (data / "runs" / "history").mkdir(parents=True)
    (data / "runs" / "run-a.drops.jsonl").write_bytes(orjson.dumps(article("youm7", 3)) + b"\n")
    (data / "runs" / "history" / "youm7.jsonl").write_bytes(orjson.dumps(article("youm7", 4)) + b"\n")
    (data / ".state" / "2024-03-11").mkdir(parents=True)
    (data / ".state" / "2024-03-11" / "x.jsonl").write_bytes(orjson.dumps(article("youm7", 5)) + b"\n")
    (data / "youm7" / "notes").mkdir()
    (data / "youm7" / "notes" / "y.jsonl").write_bytes(orjson.dumps(article("youm7", 6)) + b"\n")
    summary = export(data, tmp_path / "export")
    assert summary.input_files == 1 and summary.bad_line_count == 0
    assert parquet_table(tmp_path / "export").column("id").to_pylist() == ["youm7:1"]


def test_an_export_inside_the_data_folder_is_not_read_back(corpus):
    data, _, newest = corpus
    export(data, data / "export", ExportOptions(formats=("parquet", "jsonl.zst")))
    summary = export(data, data / "export")
    assert (summary.input_files, summary.rows) == (3, len(newest))


def test_the_card_counts_are_the_rows(corpus, tmp_path):
    data, _, _ = corpus
    out = tmp_path / "export"
    export(data, out, ExportOptions(command="scrapy export --out x"))
    card = (out / "README.md").read_text("utf-8")
    table = dict(((o, m), int(n.replace(",", ""))) for o, m, n in re.findall(r"^\| ([a-z0-9_.-]+) \| (\d{4}-\d{2}) \| ([\d,]+) \|$", card, re.M))
    counted = {(o, m): n for o, m, n in duck(f"select outlet, month, count(*) from {parquet_glob(out)} group by all")}
    assert table == counted
    published = duck(f"select count(*) from {parquet_glob(out)} where published_at is not null")[0][0]
    assert f"| published_at | {published:,} | {published / 11:.1%} |" in card
    assert "| title | 11 | 100.0% |" in card
    assert "`scrapy export --out x`" in card and "from 3 input files (12 good lines)" in card
    assert "1.3.0 (11 rows)" in card and "The newest copy of an id is kept" in card


def test_jsonl_zst_holds_the_same_partitions_and_rows(corpus, tmp_path):
    data, _, newest = corpus
    out = tmp_path / "export"
    summary = export(data, out, ExportOptions(formats=("parquet", "jsonl.zst")))
    zst = sorted(str(p.relative_to(out)) for p in out.rglob("part-0.jsonl.zst"))
    assert zst == [p.replace(".parquet", ".jsonl.zst") for p in sorted(str(p.relative_to(out)) for p in out.rglob("part-0.parquet"))]
    lines = []
    for path in sorted(out.rglob("part-0.jsonl.zst")):
        with pa.CompressedInputStream(pa.OSFile(str(path)), "zstd") as stream:
            lines += [orjson.loads(line) for line in stream.read().splitlines()]
    assert {r["id"] for r in lines} == set(newest) and len(lines) == summary.rows
    six = next(r for r in lines if r["id"] == "youm7:6")
    assert (six["published_at"], six["published_at_utc"]) == ("2024-04-01T01:30:00+03:00", "2024-03-31T22:30:00Z")
    assert set(six) == set(OUTPUT_SCHEMA.names)
    duck_rows = duck(f"select id, month, title, epoch_us(published_at_utc) from read_json('{out}/**/*.jsonl.zst', hive_partitioning=true)")
    parquet_rows = duck(f"select id, month, title, epoch_us(published_at_utc) from {parquet_glob(out)}")
    assert sorted(duck_rows, key=str) == sorted(parquet_rows, key=str) and len(duck_rows) == 11


def test_a_format_given_twice_is_written_once(corpus, tmp_path):
    data, _, _ = corpus
    out = tmp_path / "export"
    summary = export(data, out, ExportOptions(formats=("parquet", "jsonl.zst", "parquet")))
    assert summary.formats == ("parquet", "jsonl.zst")
    assert summary_lines(summary)[0] == f"{out}: 11 rows in 3 partitions, written as parquet (11 rows) and jsonl.zst (11 rows)"
    manifest = orjson.loads((out / MANIFEST).read_bytes())
    paths = [f["path"] for f in manifest["files"]]
    assert manifest["formats"] == ["parquet", "jsonl.zst"] and len(paths) == len(set(paths)) == 6
    assert "(`parquet`, `jsonl.zst`)" in (out / "README.md").read_text("utf-8")


def test_the_documented_pandas_recipe_reads_raw_and_export_alike(corpus, tmp_path):
    """The README's recipe: the raw JSONL (the glob that misses runs/history/) and the export, in pandas."""
    import glob

    import pandas as pd
    data, _, newest = corpus
    (data / "runs" / "history").mkdir(parents=True)
    (data / "runs" / "history" / "youm7.jsonl").write_bytes(b'{"run": 1}\n')  # what data/*/*/*.jsonl would wrongly read
    files = sorted(glob.glob(f"{data}/*/????-??-??/*.jsonl"))
    raw = pd.concat([pd.read_json(f, lines=True, dtype=False) for f in files], ignore_index=True)
    raw["published_at_utc"] = pd.to_datetime(raw["published_at"], utc=True, format="ISO8601")
    raw["crawled_at_utc"] = pd.to_datetime(raw["crawled_at"], utc=True, format="ISO8601")
    raw = raw.sort_values("crawled_at_utc").drop_duplicates("id", keep="last").set_index("id").sort_index()

    out = tmp_path / "export"
    export(data, out)
    exported = ds.dataset(out, format="parquet", partitioning="hive", exclude_invalid_files=True).to_table().to_pandas()
    exported = exported.set_index("id").sort_index()
    assert list(raw.index) == list(exported.index) == sorted(newest)
    assert (raw["title"] == exported["title"]).all()
    assert raw["published_at_utc"].equals(exported["published_at_utc"].astype(raw["published_at_utc"].dtype))


def test_dates_with_more_than_six_fractional_digits(tmp_path):
    data = tmp_path / "data"
    write_run(data, "youm7", "2024-03-11", "run-a", [article("youm7", 1, published="2024-03-10T12:00:00.123456789+03:00")])
    export(data, tmp_path / "export")
    assert parquet_table(tmp_path / "export").column("published_at_utc").to_pylist() == [datetime(2024, 3, 10, 9, 0, 0, 123456, tzinfo=UTC)]


def test_chunks_make_row_groups_and_the_same_rows(corpus, tmp_path, monkeypatch):
    data, _, _ = corpus
    export(data, tmp_path / "whole")
    monkeypatch.setattr(export_module, "CHUNK_ROWS", 2)
    export(data, tmp_path / "chunked")
    path = "outlet=youm7/month=2024-03/part-0.parquet"
    assert pq.ParquetFile(tmp_path / "chunked" / path).metadata.num_row_groups == 4
    assert pq.read_table(tmp_path / "chunked" / path).equals(pq.read_table(tmp_path / "whole" / path))


# ---- the output folder ----


def test_a_folder_with_other_files_is_refused(corpus, tmp_path):
    data, _, _ = corpus
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(ExportError, match=r"notes\.txt"):
        export(data, out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    (out / "notes.txt").unlink()
    (out / "outlet=x").mkdir()  # someone's hive dataset, not an export of ours
    with pytest.raises(ExportError, match="not an export newsbot wrote"):
        export(data, out)


def test_a_second_export_into_a_folder_being_written_is_refused(corpus, tmp_path):
    import fcntl

    data, _, _ = corpus
    out = tmp_path / "export"
    out.mkdir()
    with open(out / ".export.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(ExportError, match="another export is writing"):
            export(data, out)
    assert export(data, out).rows == 11


def test_a_missing_data_folder_is_an_error(tmp_path):
    with pytest.raises(ExportError, match="no data folder"):
        export(tmp_path / "nowhere", tmp_path / "export")


def test_an_earlier_export_is_replaced_whole(corpus, tmp_path):
    data, _, _ = corpus
    out = tmp_path / "export"
    export(data, out)
    summary = export(data, out, ExportOptions(outlets=frozenset({"hespress"}), formats=("jsonl.zst",)))
    assert sorted(str(p.relative_to(out)) for p in out.rglob("part-0.*")) == ["outlet=hespress/month=2024-02/part-0.jsonl.zst"]
    manifest = orjson.loads((out / MANIFEST).read_bytes())
    assert manifest["rows"] == summary.rows == 3 and manifest["files"] == [{"path": "outlet=hespress/month=2024-02/part-0.jsonl.zst", "rows": 3}]
    assert not list(out.glob(".tmp-export-*"))


def test_a_failed_export_leaves_the_earlier_one_whole(corpus, tmp_path, monkeypatch):
    data, _, _ = corpus
    out = tmp_path / "export"
    export(data, out)
    before = parquet_table(out)
    real, calls = export_module.read_rows, []

    def fails_on_the_second_partition(files, rows):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(files, rows)

    monkeypatch.setattr(export_module, "read_rows", fails_on_the_second_partition)
    with pytest.raises(OSError, match="disk full"):
        export(data, out, ExportOptions(drop_duplicates=True))
    assert parquet_table(out).equals(before) and (out / MANIFEST).is_file()
    assert not list(out.glob(".tmp-export-*"))


def test_a_failure_while_publishing_leaves_the_earlier_export_whole(corpus, tmp_path, monkeypatch):
    """Each move of the swap fails in turn (a full disk, an I/O error): the earlier export is whole after
    each; once none fails, the new one is in."""
    data, _, _ = corpus
    out = tmp_path / "export"
    export(data, out)
    before = parquet_table(out)
    names, files = sorted(p.name for p in out.iterdir()), {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real = os.replace

    def fails_on_move(failing):
        calls = []

        def replace(src, dst):
            calls.append(dst)
            if len(calls) == failing:
                raise OSError(28, "No space left on device")
            return real(src, dst)
        return replace

    for failing in range(1, 50):
        monkeypatch.setattr(export_module.os, "replace", fails_on_move(failing))
        try:
            export(data, out, ExportOptions(outlets=frozenset({"hespress"})))
        except OSError as exc:
            assert exc.errno == 28
        else:
            break
        finally:
            monkeypatch.undo()
        assert sorted(p.name for p in out.iterdir()) == names, f"move {failing} failed"  # nothing left aside, no tmp folder
        assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == files, f"move {failing} failed"
        assert parquet_table(out).equals(before)
    assert failing > 4, "the moves of the old export aside, the new one in and its manifest"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("part-0.*")) == ["outlet=hespress/month=2024-02/part-0.parquet"]
    assert sorted(p.name for p in out.iterdir()) == [".export.lock", "README.md", MANIFEST, "outlet=hespress"]


def test_an_export_killed_while_publishing_is_recognisable_and_replaced(corpus, tmp_path):
    data, _, newest = corpus
    out = tmp_path / "export"
    export(data, out)
    (out / MANIFEST).unlink()  # what a kill during the swap leaves: no manifest, a .tmp-export-* folder
    (out / ".tmp-export-999").mkdir()
    summary = export(data, out)
    assert summary.rows == len(newest) and (out / MANIFEST).is_file() and not list(out.glob(".tmp-export-*"))


def test_input_rewritten_during_the_export_is_an_error_not_a_wrong_row(corpus, tmp_path, monkeypatch):
    data, files, _ = corpus
    real = export_module.build_index

    def index_then_rewrite(data_dir, out=None):
        index = real(data_dir, out)
        files[0].write_bytes(b"\n" * files[0].stat().st_size)
        return index

    monkeypatch.setattr(export_module, "build_index", index_then_rewrite)
    with pytest.raises(ExportError, match="changed while it was exported"):
        export(data, tmp_path / "export")
    assert not (tmp_path / "export" / MANIFEST).exists()


# ---- the command ----


def run_export(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "export", *args], cwd=REPO, env={**os.environ, "NEWSBOT_DATA_DIR": str(data_dir)},
                          capture_output=True, text=True, timeout=120)


def test_the_command_checks_its_flags(corpus, tmp_path):
    data, _, _ = corpus
    assert run_export(data).returncode == 2
    wrong = run_export(data, "--out", str(tmp_path / "x"), "--format", "csv")
    assert wrong.returncode == 2 and "--format is parquet or jsonl.zst" in wrong.stderr
    assert run_export(data, "--out", str(tmp_path / "x"), "--since", "March").returncode == 2
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    refused = run_export(data, "--out", str(tmp_path / "taken"))
    assert refused.returncode == 1 and "holds files an export does not write" in refused.stdout


@pytest.mark.e2e
def test_scrapy_export_of_a_real_crawl(tmp_path):
    from newsbot.dev.localweb import LocalWeb, SyntheticYoum7

    data = tmp_path / "data"
    with LocalWeb(SyntheticYoum7("feeds")) as web:
        crawl = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "youm7", "-s", "DOWNLOAD_TIMEOUT=2", "-s", "LOG_LEVEL=INFO"],
            cwd=REPO, env={**os.environ, **web.proxy_env(), "NEWSBOT_DATA_DIR": str(data)}, capture_output=True, text=True, timeout=180,
        )
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    records = [orjson.loads(line) for f in output_files(data) for line in f.read_bytes().splitlines()]
    assert records and list((data / "runs").glob("*.drops.jsonl")), "the run wrote drop lines the export must not read"

    out = tmp_path / "export"
    result = run_export(data, "--out", str(out), "--format", "parquet,jsonl.zst")
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{len(records)} rows" in result.stdout and "bad lines: 0" in result.stdout and "took" in result.stdout
    rows = {r[0]: r[1:] for r in duck(f"select id, title, published_at, published_at_utc, duplicate_of from {parquet_glob(out)}")}
    assert set(rows) == {r["id"] for r in records}
    for record in records:
        title, published, published_utc, duplicate_of = rows[record["id"]]
        assert (title, published, duplicate_of) == (record["title"], record["published_at"], record["duplicate_of"])
        assert published_utc == (datetime.fromisoformat(record["published_at"]).astimezone(UTC) if record["published_at"] else None)
    assert sum(1 for r in rows.values() if r[3]) == 1, "the crawl's one near-duplicate stays flagged"
    assert duck(f"select count(*) from read_json('{out}/**/*.jsonl.zst')") == [(len(records),)]
    card = (out / "README.md").read_text("utf-8")
    assert f"{len(records)} articles from 1 outlet" in card and "scrapy export --out" in card
