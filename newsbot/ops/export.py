"""The dataset export (``scrapy export``): every run's JSONL merged into one typed dataset, partitioned
by outlet and month, as Parquet or zstd JSON lines, with a dataset card. Files in, files out.

Input: ``<data>/<outlet>/<YYYY-MM-DD>/<run_id>.jsonl``. Never read: ``.part`` files (a run still
writes them), ``runs/`` (reports, ``*.drops.jsonl``), dot folders (``.state``) and the output folder.

Two passes, so memory holds an index, never the rows:

1. the files are read in blocks of whole lines, each parsed by pyarrow's JSON reader against the
   explicit column types (a block that fails, is not UTF-8 or has rows that are not its lines is read
   line by line to name the bad lines), then checked: a line that cannot be exported (torn JSON, two
   records on one line, not UTF-8, no id, a field of another type, a date without an offset)
   is a named bad line, never an exception. A good one leaves a row in an Arrow index: id, crawled_at,
   published_at, day, month, file, byte offset, length, outlet, near-duplicate flag (48 bytes + the
   id's). The newest copy of each id (greatest crawled_at; ties: the later file in path order, then the
   later line) is kept by sorting the index.
2. the kept rows are sorted by partition, then published_at_utc (undated last), then id; each
   partition is read back by byte offset in chunks of at most ``CHUNK_ROWS`` lines (``os.pread``),
   parsed by pyarrow's JSON reader against the explicit schema, and written as one row group.

Output (``DIR``): ``outlet=<name>/month=<YYYY-MM>/part-0.parquet`` (and/or ``part-0.jsonl.zst``),
``README.md`` (the card), ``_manifest.json`` last. Everything is built in ``DIR/.tmp-export-<pid>``
first; publishing moves the old manifest, partitions and card aside (``DIR/.old-export-<pid>``), moves
the new ones in, the manifest last, then deletes the old (moved back if publishing fails): a directory
without ``_manifest.json`` is an unfinished export.
"""

from __future__ import annotations

import fcntl
import io
import os
import re
import shutil
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from newsbot.core.item import article_schema
from newsbot.ops import build, history

FORMATS = ("parquet", "jsonl.zst")
MANIFEST = "_manifest.json"  # written last: its presence means the export is complete
CARD = "README.md"
LOCK = ".export.lock"
TMP_PREFIX = ".tmp-export-"
OLD_PREFIX = ".old-export-"  # the earlier export, moved aside while the new one is moved in
PARTITION_PREFIX = "outlet="
CHUNK_ROWS = 10_000  # lines read back and written per row group
CHUNK_BYTES = 64 * 2**20  # ... or fewer, when they add up to this many bytes
BLOCK_BYTES = 32 * 2**20  # input read and checked this much at a time in pass 1
BAD_LINES_NAMED = 100  # bad lines named one by one in the card and the manifest (all are counted)

# ---- the columns ----

STRING, STRINGS, INT, BOOL, DATETIME, ARCHIVE = "string", "strings", "int", "bool", "datetime", "archive"
ARROW_TYPES: dict[str, pa.DataType] = {
    STRING: pa.string(),
    STRINGS: pa.list_(pa.string()),
    INT: pa.int64(),
    BOOL: pa.bool_(),
    DATETIME: pa.string(),  # kept as written, with its offset; a *_utc timestamp column follows it
    ARCHIVE: pa.struct([("file", pa.string()), ("offset", pa.int64()), ("record_id", pa.string())]),
}
UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")
KIND_NAMES = {STRING: "a string", STRINGS: "a list of strings", INT: "an integer", BOOL: "true or false",
              DATETIME: "a string", ARCHIVE: "an object {file, offset, record_id}"}

# Every field of article.schema.json (1.3.0 included), in its order. A field not listed here is not
# exported (the card counts rows of a newer schema); a test checks every property of the schema has a column.
FIELDS: tuple[tuple[str, str], ...] = (
    ("id", STRING), ("url", STRING), ("canonical_url", STRING), ("outlet", STRING), ("outlet_name", STRING),
    ("country", STRING), ("language", STRING), ("title", STRING), ("lead", STRING), ("body", STRING),
    ("published_at", DATETIME), ("modified_at", DATETIME), ("crawled_at", DATETIME),
    ("authors", STRINGS), ("section", STRING), ("tags", STRINGS), ("image", STRING), ("source", STRING),
    ("agency", STRING), ("related", STRINGS), ("word_count", INT), ("content_hash", STRING),
    ("duplicate_of", STRING), ("origin", STRING), ("archive", ARCHIVE),
    ("robots_ai", STRINGS), ("free_access", BOOL), ("license", STRING),  # since 1.3.0: null in older records
    ("schema_version", STRING),
)
KIND = dict(FIELDS)
DATETIME_FIELDS = tuple(name for name, kind in FIELDS if kind == DATETIME)
# What pyarrow's JSON reader parses a line into: datetimes as the strings they are.
INPUT_SCHEMA = pa.schema([(name, ARROW_TYPES[kind]) for name, kind in FIELDS])
# What is written: each datetime string followed by its instant in UTC.
OUTPUT_SCHEMA = pa.schema(
    [f for name, kind in FIELDS for f in ([(name, ARROW_TYPES[kind])] + ([(f"{name}_utc", UTC_TIMESTAMP)] if kind == DATETIME else []))]
)

SCHEMA_COVERED = "1.3.0"  # the newest schema whose fields FIELDS lists


def _newer(version: str | None) -> bool:
    """A schema_version above SCHEMA_COVERED: its records may hold fields with no column."""
    try:
        return tuple(map(int, (version or "").split("."))) > tuple(map(int, SCHEMA_COVERED.split(".")))
    except ValueError:
        return False


# Share of rows with a non-empty value, in the card (per outlet: the first five).
COVERAGE_FIELDS = ("title", "published_at", "authors", "body", "license", "lead", "modified_at", "section", "tags",
                   "image", "agency", "word_count", "canonical_url", "free_access", "robots_ai")
COVERAGE_PER_OUTLET = 5

# The schema's own patterns, matched by Arrow (RE2: \d is ASCII only, so no Arabic-Indic digits).
_DATETIME_PATTERN: str = article_schema()["$defs"]["datetime"]["pattern"]
_OUTLET_PATTERN: str = article_schema()["properties"]["outlet"]["pattern"]  # also keeps "../" out of partition paths
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MONTH_KEY_BITS = 20  # a partition key is outlet rank << 20 | month number (year * 12 + month - 1 < 2**20)

INDEX_SCHEMA = pa.schema([
    ("id", pa.string()), ("crawled_us", pa.int64()), ("published_us", pa.int64()), ("day", pa.int32()),
    ("month_no", pa.int32()), ("file_no", pa.int32()), ("offset", pa.int64()), ("length", pa.int32()),
    ("outlet_no", pa.int32()), ("near_duplicate", pa.bool_()),
])


class ExportError(Exception):
    """The export cannot be made as asked (the folder holds other files, another export runs, the input
    changed under it); the message says why. Nothing of an earlier export in the folder is touched."""


@dataclass(frozen=True)
class ExportOptions:
    formats: tuple[str, ...] = ("parquet",)
    since: date | None = None  # inclusive, the UTC day of published_at (crawled_at when undated)
    until: date | None = None
    outlets: frozenset[str] | None = None  # None: every outlet
    drop_duplicates: bool = False  # leave out records with duplicate_of set (else kept, flagged)
    respect_ai_optout: bool = False  # leave out outlets whose newest record has a non-empty robots_ai
    command: str = ""  # the command line, for the card


@dataclass(frozen=True)
class BadLine:
    file: str  # relative to the data folder
    line: int  # 1-based
    reason: str


@dataclass
class ExportSummary:
    out: Path
    formats: tuple[str, ...]
    input_files: int = 0
    records: int = 0  # good lines read
    ids: int = 0  # distinct ids among them
    rows: int = 0  # rows written (in each format)
    partitions: dict[tuple[str, str], int] = field(default_factory=dict)  # (outlet, month) -> rows
    dropping_duplicates: bool = False  # --drop-duplicates
    respecting_ai_optout: bool = False  # --respect-ai-optout
    near_duplicates_kept: int = 0
    near_duplicates_dropped: int = 0
    outside_dates: int = 0
    outlets_not_selected: int = 0
    outlets_missing: tuple[str, ...] = ()  # asked for by --outlets, found in no record
    opted_out: dict[str, list[str]] = field(default_factory=dict)  # selected outlet -> its newest record's robots_ai
    opted_out_rows: int = 0
    bad_line_count: int = 0
    bad_reasons: Counter = field(default_factory=Counter)
    bad_lines: list[BadLine] = field(default_factory=list)  # the first BAD_LINES_NAMED
    newer_schemas: dict[str, int] = field(default_factory=dict)  # schema_version newer than SCHEMA_COVERED -> rows
    index_bytes: int = 0  # the Arrow index of pass 1
    seconds: float = 0.0

    @property
    def duplicates_resolved(self) -> int:
        """Older copies of re-crawled ids left out (the newest copy of each id is kept)."""
        return self.records - self.ids


# ---- parsing: pyarrow's JSON reader, against the explicit schema ----

TORN = "not JSON (a torn or garbled line)"
NOT_OBJECT = "not a JSON object"
NOT_UTF8 = "not UTF-8 (garbled bytes or another encoding)"
_ARROW_COLUMN = re.compile(r"Column\(/([^/)]+)")
_PARSE_OPTIONS = pa_json.ParseOptions(explicit_schema=INPUT_SCHEMA, unexpected_field_behavior="ignore")


def _read_json(buffer: bytes, longest: int) -> pa.Table:
    options = pa_json.ReadOptions(block_size=max(1 << 20, longest + 2))  # a block holds at least one whole line
    return pa_json.read_json(io.BytesIO(buffer), read_options=options, parse_options=_PARSE_OPTIONS)


def read_lines(lines: list[bytes]) -> pa.Table:
    """JSON lines -> a table of INPUT_SCHEMA, one row per line in order (pa.ArrowInvalid on a line
    that does not fit: not JSON, or a field of another type)."""
    if not lines:
        return INPUT_SCHEMA.empty_table()
    return _read_json(b"\n".join(lines) + b"\n", max(map(len, lines)))


def _wrong_type(exc: pa.ArrowInvalid) -> str:
    """The field Arrow's message names ("Column(/word_count) changed from number to string"), in words."""
    found = _ARROW_COLUMN.search(str(exc))
    if found and found.group(1) in KIND and "changed from" in str(exc):
        return f"{found.group(1)}: not {KIND_NAMES[KIND[found.group(1)]]}"
    return f"does not fit the columns ({str(exc).removeprefix('JSON parse error: ')})"


def _utf8(data: bytes) -> bool:
    """Is a block valid UTF-8? Arrow's JSON reader does not check: it would put the bytes in string
    columns. Arrow checks them in place, as one string value (``data.decode()`` would build a str as
    big, in 3× the time)."""
    value = pa.Array.from_buffers(pa.large_string(), 1, [None, pa.py_buffer(np.array([0, len(data)], np.int64)), pa.py_buffer(data)])
    try:
        value.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _not_one_object(line: bytes) -> str | None:
    """Why a line is not one JSON object in UTF-8, or None. orjson reads the line alone, so two records
    glued on it (a torn append) are not JSON, and neither is a piece of an object spread over lines;
    it refuses bytes that are not UTF-8 too, and only then is the line decoded, to name which it was."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return NOT_UTF8
        return TORN
    return None if isinstance(record, dict) else NOT_OBJECT


def parse_lines(lines: list[bytes]) -> tuple[pa.Table, list[int], dict[int, str]]:
    """Lines -> (their table, the position of each of its rows among ``lines``, position -> why a line is
    not in it). Each line is first checked to be one JSON object on its own (Arrow, reading lines
    together, would make two rows of a glued line and one of an object spread over two); those are read
    at once, and only when that fails is each tried alone, to name the field of another type."""
    bad = {position: why for position, line in enumerate(lines) if (why := _not_one_object(line))}
    objects = [position for position in range(len(lines)) if position not in bad]
    try:
        table = read_lines([lines[p] for p in objects])
        if table.num_rows == len(objects):
            return table, objects, bad
    except pa.ArrowInvalid:
        pass
    kept = []
    for position in objects:
        try:
            read_lines([lines[position]])
        except pa.ArrowInvalid as exc:
            bad[position] = _wrong_type(exc)
            continue
        kept.append(position)
    return read_lines([lines[p] for p in kept]), kept, bad


def utc_instants(column: pa.ChunkedArray | pa.Array) -> tuple[pa.Array | pa.ChunkedArray, np.ndarray | None]:
    """ISO 8601 strings with offsets -> (timestamp[us, UTC], the rows that are no date, or None).
    Arrow's cast takes at most six fractional digits and refuses a whole column for one bad value:
    then Python reads them one by one."""
    try:
        return pc.cast(column, UTC_TIMESTAMP), None
    except pa.ArrowInvalid:
        pass
    values, wrong = [], []
    for value in column.to_pylist():
        try:
            values.append(None if value is None else datetime.fromisoformat(value))
        except ValueError:
            values.append(None)
        wrong.append(value is not None and values[-1] is None)
    return pa.array(values, UTC_TIMESTAMP), np.array(wrong, dtype=bool)


# ---- pass 1: the index ----


def _blocks(path: Path) -> Iterator[tuple[int, bytes]]:
    """(byte offset, bytes) of whole-line blocks of about BLOCK_BYTES."""
    offset = 0
    with path.open("rb") as handle:
        while block := handle.read(BLOCK_BYTES):
            if not block.endswith(b"\n"):
                block += handle.readline()
            yield offset, block
            offset += len(block)


def _record_lines(block: bytes, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray | None:
    """The block's non-blank lines if each starts with { and ends with } (spaces and a CR aside), else None.
    Only then do as many rows as lines mean a row a line: Arrow reads an object spread over two lines as
    one row, two glued on one line as two. Only lines not {…} to the byte (CRLF, blank, bad: rare) are
    looked at in Python."""
    data = np.frombuffer(block, dtype=np.uint8)
    content = np.flatnonzero(lengths > 0)
    first, last = data[starts[content]], data[starts[content] + lengths[content] - 1]
    blank = []
    for i in content[(first != ord("{")) | (last != ord("}"))]:
        line = block[starts[i] : starts[i] + lengths[i]].strip()
        if not line:
            blank.append(i)
        elif line[:1] != b"{" or line[-1:] != b"}":
            return None
    return np.setdiff1d(content, np.asarray(blank, dtype=content.dtype))


def parse_block(block: bytes) -> tuple[pa.Table, np.ndarray, np.ndarray, np.ndarray, dict[int, str]]:
    """Whole lines -> (their table; for each row its line's index in the block, byte offset and length;
    line index -> why the line is not in the table). Blank lines hold no article: neither."""
    ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 0x0A)
    if not block.endswith(b"\n"):
        ends = np.append(ends, len(block))
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
    lengths = (ends - starts).astype(np.int32)
    lines = _record_lines(block, starts, lengths)
    if lines is not None and len(lines) and _utf8(block):
        try:  # the whole block at once, as it is; Arrow skips its blank lines
            table = _read_json(block, int(lengths.max()))
            if table.num_rows == len(lines):
                return table, lines, starts[lines], lengths[lines], {}
        except pa.ArrowInvalid:
            pass
    # else line by line: which lines are whitespace, which fail and why
    indexes = [int(i) for i in np.flatnonzero(lengths > 0) if block[starts[i] : starts[i] + lengths[i]].strip()]
    table, kept, bad = parse_lines([block[starts[i] : starts[i] + lengths[i]] for i in indexes])
    rows = np.asarray([indexes[k] for k in kept], dtype=np.int64)
    return table, rows, starts[rows], lengths[rows], {indexes[p]: reason for p, reason in bad.items()}


def _present(column: pa.ChunkedArray) -> np.ndarray:
    """Rows with a non-empty string."""
    return pc.fill_null(pc.greater(pc.utf8_length(column), 0), False).to_numpy(zero_copy_only=False)


@dataclass
class Index:
    files: list[Path]
    outlets: list[str]  # outlet_no -> name
    table: pa.Table  # INDEX_SCHEMA, one row per good line
    bad_line_count: int = 0
    bad_reasons: Counter = field(default_factory=Counter)
    bad_lines: list[BadLine] = field(default_factory=list)

    def bad(self, file: str, line: int, reason: str) -> None:
        self.bad_line_count += 1
        self.bad_reasons[reason] += 1
        if len(self.bad_lines) < BAD_LINES_NAMED:
            self.bad_lines.append(BadLine(file, line, reason))


def check_rows(table: pa.Table) -> tuple[np.ndarray, dict[int, str], dict[str, pa.Array]]:
    """Rows the export cannot place (True), row -> the first reason, and each date column in UTC."""
    failed = np.zeros(table.num_rows, dtype=bool)
    reasons: dict[int, str] = {}

    def fail(wrong: np.ndarray, reason: str) -> None:
        for row in np.flatnonzero(wrong & ~failed):
            reasons[int(row)] = reason
        failed[:] |= wrong

    def matches(column: pa.ChunkedArray, pattern: str) -> np.ndarray:
        return pc.fill_null(pc.match_substring_regex(column, pattern), False).to_numpy(zero_copy_only=False)

    fail(~_present(table["id"]), "no id")
    fail(~matches(table["outlet"], _OUTLET_PATTERN), "no outlet name")
    fail(table["crawled_at"].is_null().to_numpy(zero_copy_only=False), "no crawled_at")
    instants = {}
    for column in DATETIME_FIELDS:
        strings, reason = table[column], f"{column}: not ISO 8601 with an offset"
        fail(strings.is_valid().to_numpy(zero_copy_only=False) & ~matches(strings, _DATETIME_PATTERN), reason)
        instants[column], wrong = utc_instants(pc.if_else(pa.array(failed), pa.scalar(None, pa.string()), strings))
        if wrong is not None:
            fail(wrong, reason)
    return failed, reasons, instants


def build_index(data_dir: Path, out: Path | None = None) -> Index:
    """Pass 1: every line of every input file parsed and checked; an index row per good line."""
    index = Index(history.output_files(data_dir, out), [], INDEX_SCHEMA.empty_table())
    numbers: dict[str, int] = {}
    parts = []
    for file_no, path in enumerate(index.files):
        name = str(path.relative_to(data_dir))
        first_line = 1
        for block_offset, block in _blocks(path):
            table, line_indexes, starts, lengths, unparsed = parse_block(block)
            failed, reasons, instants = check_rows(table)
            found = [*unparsed.items(), *((int(line_indexes[row]), why) for row, why in reasons.items())]
            for line_index, reason in sorted(found):
                index.bad(name, first_line + line_index, reason)
            first_line += block.count(b"\n")
            keep = ~failed
            if not keep.any():
                continue
            good = pa.array(keep)
            table = table.filter(good)
            crawled, published = instants["crawled_at"].filter(good), instants["published_at"].filter(good)
            dated = pc.coalesce(published, crawled)
            outlets = pc.dictionary_encode(table["outlet"]).combine_chunks()
            lookup = pa.array([numbers.setdefault(o, len(numbers)) for o in outlets.dictionary.to_pylist()], pa.int32())
            parts.append(pa.Table.from_arrays([
                table["id"],
                pc.cast(crawled, pa.int64()),
                pc.cast(published, pa.int64()),
                pc.cast(pc.cast(dated, pa.date32()), pa.int32()),
                pc.cast(pc.add(pc.multiply(pc.year(dated), 12), pc.subtract(pc.month(dated), 1)), pa.int32()),
                pa.array(np.full(table.num_rows, file_no, dtype=np.int32)),
                pa.array(block_offset + starts[keep]),
                pa.array(lengths[keep]),
                pc.take(lookup, outlets.indices),
                pa.array(_present(table["duplicate_of"])),
            ], schema=INDEX_SCHEMA))
    index.outlets = list(numbers)
    if parts:
        index.table = pa.concat_tables(parts).combine_chunks()
    return index


def _first_of_runs(values: pa.Array) -> pa.Array:
    """True at each row whose value differs from the row before (the first of a sorted run)."""
    return pa.concat_arrays([pa.array([True]), pc.not_equal(values.slice(1), values.slice(0, len(values) - 1))])


def newest_copies(table: pa.Table) -> pa.Table:
    """One row per id: the greatest crawled_at; on a tie the later file (path order), then the later line."""
    if table.num_rows == 0:
        return table
    ordered = table.sort_by([("id", "ascending"), ("crawled_us", "descending"), ("file_no", "descending"), ("offset", "descending")])
    return ordered.filter(_first_of_runs(ordered["id"].combine_chunks()))


def opted_out_outlets(files: list[Path], rows: pa.Table) -> dict[str, list[str]]:
    """Outlets whose newest record (greatest crawled_at, same tie-break) carries a non-empty robots_ai.
    ``rows``: the newest copies (an outlet's newest record is one); its line is read back for robots_ai."""
    if rows.num_rows == 0:
        return {}
    ordered = rows.sort_by([("outlet_no", "ascending"), ("crawled_us", "descending"), ("file_no", "descending"), ("offset", "descending")])
    newest = ordered.filter(_first_of_runs(ordered["outlet_no"].combine_chunks()))
    found = {}
    for record in read_rows(files, newest).select(["outlet", "robots_ai"]).to_pylist():
        if record["robots_ai"]:
            found[record["outlet"]] = record["robots_ai"]
    return dict(sorted(found.items()))


# ---- pass 2: partitions read back and written ----


def month_name(month_no: int) -> str:
    return f"{month_no // 12:04d}-{month_no % 12 + 1:02d}"


def _day_number(day: date) -> int:
    return (datetime(day.year, day.month, day.day, tzinfo=timezone.utc) - _EPOCH).days


def read_rows(files: list[Path], rows: pa.Table) -> pa.Table:
    """The input lines the index ``rows`` point at, parsed into OUTPUT_SCHEMA, in the rows' order."""
    file_nos, offsets, lengths = (rows[name].to_numpy() for name in ("file_no", "offset", "length"))
    lines: list[bytes] = [b""] * rows.num_rows
    fd, open_no = -1, -1
    try:
        for i in np.lexsort((offsets, file_nos)):  # each file once, front to back
            if file_nos[i] != open_no:
                if fd >= 0:
                    os.close(fd)
                open_no = int(file_nos[i])
                fd = os.open(files[open_no], os.O_RDONLY)
            lines[i] = os.pread(fd, int(lengths[i]), int(offsets[i]))
    finally:
        if fd >= 0:
            os.close(fd)
    changed = ExportError("the input changed while it was exported (a file was rewritten); run the export again")
    try:
        table = read_lines(lines)
    except pa.ArrowInvalid as exc:
        raise changed from exc
    if table.num_rows != rows.num_rows or not table["id"].equals(rows["id"]):
        raise changed
    columns = []
    for name, kind in FIELDS:
        columns.append(table[name])
        if kind == DATETIME:
            instants, wrong = utc_instants(table[name])
            if wrong is not None and wrong.any():
                raise changed
            columns.append(instants)
    return pa.Table.from_arrays(columns, schema=OUTPUT_SCHEMA)


def _chunks(rows: pa.Table) -> Iterator[pa.Table]:
    """Slices of at most CHUNK_ROWS rows and (but for a single longer line) CHUNK_BYTES of lines."""
    lengths = rows["length"].to_numpy()
    start = 0
    while start < rows.num_rows:
        budget = np.cumsum(lengths[start : start + CHUNK_ROWS])
        stop = start + max(1, int(np.searchsorted(budget, CHUNK_BYTES, side="right")))
        yield rows.slice(start, stop - start)
        start = stop


class JsonlZstWriter:
    """Rows as zstd-compressed JSON lines, timestamps as "…Z" (pyarrow has no JSON writer)."""

    def __init__(self, path: Path):
        self.stream = pa.CompressedOutputStream(str(path), "zstd")

    def write_table(self, table: pa.Table) -> None:
        option = orjson.OPT_UTC_Z | orjson.OPT_APPEND_NEWLINE
        self.stream.write(b"".join(orjson.dumps(row, option=option) for row in table.to_pylist()))

    def close(self) -> None:
        self.stream.close()


def _open_writer(path: Path, form: str) -> pq.ParquetWriter | JsonlZstWriter:
    if form == "parquet":
        return pq.ParquetWriter(str(path), OUTPUT_SCHEMA, compression="zstd")
    return JsonlZstWriter(path)


@dataclass
class CardFacts:
    """What the card says about the rows, gathered chunk by chunk as they are written."""

    coverage: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # outlet -> field -> rows with a value
    rows: Counter = field(default_factory=Counter)  # outlet -> rows
    near_duplicates: Counter = field(default_factory=Counter)  # outlet -> rows with duplicate_of
    schema_versions: Counter = field(default_factory=Counter)
    licenses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # outlet -> license (None: none) -> rows
    free_access: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # outlet -> True/False/None -> rows

    def add(self, outlet: str, table: pa.Table) -> None:
        self.rows[outlet] += table.num_rows
        for name in COVERAGE_FIELDS:
            column, kind = table[name], KIND[name]
            if kind in (STRING, DATETIME):
                present = pc.fill_null(pc.greater(pc.utf8_length(column), 0), False)
            elif kind == STRINGS:
                present = pc.fill_null(pc.greater(pc.list_value_length(column), 0), False)
            else:
                present = pc.is_valid(column)
            self.coverage[outlet][name] += pc.sum(present).as_py() or 0
        self.near_duplicates[outlet] += table.num_rows - table["duplicate_of"].null_count
        for counter, name in ((self.schema_versions, "schema_version"), (self.licenses[outlet], "license"), (self.free_access[outlet], "free_access")):
            for entry in pc.value_counts(table[name]).to_pylist():
                counter[entry["values"]] += entry["counts"]


# ---- the output folder ----


def _is_export_entry(name: str) -> bool:
    return name.startswith((PARTITION_PREFIX, TMP_PREFIX, OLD_PREFIX)) or name in (CARD, MANIFEST, LOCK)


def check_out_dir(out: Path) -> None:
    """Refuse a folder that holds anything but an earlier export (finished, or left unfinished by a
    killed export: its ``.tmp-export-*`` is still there); an empty or new folder is fine."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file, not a folder")
    names = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
    foreign = [n for n in names if not _is_export_entry(n)]
    if foreign:
        raise ExportError(f"{out} holds files an export does not write ({', '.join(foreign[:5])}): give a new or empty folder, or an earlier export's")
    ours = any(n.startswith((TMP_PREFIX, OLD_PREFIX)) or n == MANIFEST for n in names)
    if not ours and any(n.startswith(PARTITION_PREFIX) or n == CARD for n in names):
        raise ExportError(f"{out} holds partitions but no {MANIFEST} and no {TMP_PREFIX}* folder: not an export newsbot wrote")


def _lock(out: Path) -> int:
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise ExportError(f"another export is writing {out}") from None
    return fd


def _publish(tmp: Path, out: Path, manifest: dict) -> None:
    """Swap the new partitions and card in, the manifest last (until then the folder is unfinished).
    The old entries are moved aside (renames in one folder: nothing is copied, nothing deleted), then
    deleted only once the new manifest is in: a failure on the way moves them back, the earlier export
    whole again."""
    staged = tmp / MANIFEST
    staged.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))  # a full disk: nothing moved yet
    aside = out / f"{OLD_PREFIX}{os.getpid()}"
    aside.mkdir()
    old = sorted(p.name for p in out.iterdir() if p.name.startswith(PARTITION_PREFIX) or p.name == CARD)
    old = ([MANIFEST] if (out / MANIFEST).exists() else []) + old  # the manifest first: the folder is now unfinished
    new = sorted(p.name for p in tmp.iterdir() if p.name != MANIFEST)
    moved_aside: list[str] = []
    moved_in: list[str] = []
    try:
        for name in old:
            os.replace(out / name, aside / name)
            moved_aside.append(name)
        for name in new:
            os.replace(tmp / name, out / name)
            moved_in.append(name)
        os.replace(staged, out / MANIFEST)
    except BaseException:
        try:  # the new ones back into tmp (deleted with it), the old ones back in, their manifest last
            for name in moved_in[::-1]:
                os.replace(out / name, tmp / name)
            for name in moved_aside[::-1]:
                os.replace(aside / name, out / name)
            aside.rmdir()
        except OSError:
            pass  # best effort: the folder stays unfinished (no manifest) and the next export replaces it
        raise
    shutil.rmtree(aside)
    shutil.rmtree(tmp)


# ---- the export ----


def export(data_dir: Path | str, out: Path | str, options: ExportOptions = ExportOptions()) -> ExportSummary:
    """Merge every finished run under ``data_dir`` into one dataset in ``out``; see the module docstring."""
    started, started_at = time.perf_counter(), datetime.now(timezone.utc)
    data_dir, out = Path(data_dir), Path(out)
    options = replace(options, formats=tuple(dict.fromkeys(options.formats)))  # each once, in order
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown or not options.formats:
        raise ExportError(f"formats are {', '.join(FORMATS)}, not {', '.join(unknown) or 'none'}")
    if options.since and options.until and options.since > options.until:
        raise ExportError(f"--since {options.since} is after --until {options.until}")
    if not data_dir.is_dir():
        raise ExportError(f"no data folder at {data_dir} (NEWSBOT_DATA_DIR)")
    check_out_dir(out)
    out.mkdir(parents=True, exist_ok=True)
    lock = _lock(out)
    try:
        for stale in [*out.glob(f"{TMP_PREFIX}*"), *out.glob(f"{OLD_PREFIX}*")]:  # a killed export's; we hold the lock, so none is live
            shutil.rmtree(stale)
        tmp = out / f"{TMP_PREFIX}{os.getpid()}"
        tmp.mkdir()
        try:
            summary = _export(data_dir, out, tmp, options, started_at)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    finally:
        os.close(lock)
    summary.seconds = time.perf_counter() - started
    return summary


def _export(data_dir: Path, out: Path, tmp: Path, options: ExportOptions, started_at: datetime) -> ExportSummary:
    summary = ExportSummary(out, tuple(options.formats), dropping_duplicates=options.drop_duplicates,
                            respecting_ai_optout=options.respect_ai_optout)
    index = build_index(data_dir, out)
    summary.input_files, summary.records = len(index.files), index.table.num_rows
    summary.bad_line_count, summary.bad_reasons, summary.bad_lines = index.bad_line_count, index.bad_reasons, index.bad_lines
    summary.index_bytes = index.table.nbytes
    rows = newest_copies(index.table)
    summary.ids = rows.num_rows
    index.table = INDEX_SCHEMA.empty_table()  # only the kept rows from here on

    outlets = index.outlets
    if options.outlets is not None:
        summary.outlets_missing = tuple(sorted(options.outlets - set(outlets)))
        selected = pa.array([n for n, name in enumerate(outlets) if name in options.outlets], pa.int32())
        keep = pc.is_in(rows["outlet_no"], value_set=selected)
        summary.outlets_not_selected = rows.num_rows - (pc.sum(keep).as_py() or 0)
        rows = rows.filter(keep)
    summary.opted_out = opted_out_outlets(index.files, rows)  # of the selected outlets: the others are not exported anyway
    if options.respect_ai_optout and summary.opted_out:
        left_out = pa.array([n for n, name in enumerate(outlets) if name in summary.opted_out], pa.int32())
        keep = pc.invert(pc.is_in(rows["outlet_no"], value_set=left_out))
        summary.opted_out_rows = rows.num_rows - (pc.sum(keep).as_py() or 0)
        rows = rows.filter(keep)
    if options.since or options.until:
        day = rows["day"]
        keep = pc.and_(
            pc.greater_equal(day, _day_number(options.since)) if options.since else pa.scalar(True),
            pc.less_equal(day, _day_number(options.until)) if options.until else pa.scalar(True),
        )
        summary.outside_dates = rows.num_rows - (pc.sum(keep).as_py() or 0)
        rows = rows.filter(keep)
    near = pc.sum(rows["near_duplicate"]).as_py() or 0
    if options.drop_duplicates:
        summary.near_duplicates_dropped = near
        rows = rows.filter(pc.invert(rows["near_duplicate"]))
    else:
        summary.near_duplicates_kept = near

    # partition order: outlet name, month; inside: published_at_utc (undated last), then id
    rank = pa.array(np.argsort(np.argsort(np.array(outlets, dtype=object))) if outlets else [], pa.int64())
    key = pc.add(pc.shift_left(pc.take(rank, rows["outlet_no"]), _MONTH_KEY_BITS), pc.cast(rows["month_no"], pa.int64()))
    rows = rows.append_column("partition", key).sort_by(
        [("partition", "ascending", "at_end"), ("published_us", "ascending", "at_end"), ("id", "ascending", "at_end")]
    )
    facts = CardFacts()
    files_written: list[dict] = []
    run_ends = pc.run_end_encode(rows["partition"].combine_chunks()).run_ends.to_pylist() if rows.num_rows else []
    start = 0
    for stop in run_ends:
        part = rows.slice(start, stop - start)
        outlet, month = outlets[part["outlet_no"][0].as_py()], month_name(part["month_no"][0].as_py())
        folder = tmp / f"{PARTITION_PREFIX}{outlet}" / f"month={month}"
        folder.mkdir(parents=True)
        writers = {form: _open_writer(folder / f"part-0.{form}", form) for form in options.formats}
        try:
            for chunk in _chunks(part):
                table = read_rows(index.files, chunk)
                facts.add(outlet, table)
                for writer in writers.values():
                    writer.write_table(table)
        finally:
            for writer in writers.values():
                writer.close()
        summary.partitions[(outlet, month)] = part.num_rows
        files_written += [{"path": f"{PARTITION_PREFIX}{outlet}/month={month}/part-0.{form}", "rows": part.num_rows} for form in options.formats]
        start = stop
    summary.rows = rows.num_rows
    summary.newer_schemas = {v: n for v, n in facts.schema_versions.items() if _newer(v)}

    (tmp / CARD).write_text(dataset_card(summary, facts, options, started_at), "utf-8")
    manifest = {
        "complete": True,
        "created_at": started_at.isoformat(timespec="seconds"),
        "command": options.command,
        "newsbot_version": build.version(),
        "git_commit": build.git_commit(),
        "data_dir": str(data_dir.resolve()),
        "input_files": summary.input_files,
        "records": summary.records,
        "rows": summary.rows,
        "formats": list(options.formats),
        "files": files_written,
        "bad_lines": {"count": summary.bad_line_count, "reasons": dict(summary.bad_reasons),
                      "first": [vars(b) for b in summary.bad_lines]},
    }
    _publish(tmp, out, manifest)
    return summary


# ---- what is said about it ----


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def dataset_card(summary: ExportSummary, facts: CardFacts, options: ExportOptions, created: datetime) -> str:
    """The dataset's README.md: contents, coverage, licences, how it was made."""
    total = summary.rows
    outlets = sorted(facts.rows)
    lines = ["# newsbot dataset export", "",
             f"{_count(total, 'article')} from {_count(len(outlets), 'outlet')}, one row per article id"
             f" ({', '.join(f'`{f}`' for f in summary.formats)}). Rows per outlet and month:", "",
             "| outlet | month | rows |", "|---|---|---:|"]
    lines += [f"| {outlet} | {month} | {n:,} |" for (outlet, month), n in sorted(summary.partitions.items())]
    lines += ["", "| outlet | rows | near-duplicates (duplicate_of set) |", "|---|---:|---:|"]
    lines += [f"| {o} | {facts.rows[o]:,} | {facts.near_duplicates[o]:,} |" for o in outlets]
    lines += [f"| **all** | {total:,} | {sum(facts.near_duplicates.values()):,} |", ""]

    lines += ["## Field coverage", "", "Share of rows with a non-empty value (a list: at least one item).", ""]
    every: Counter = Counter()
    for counts in facts.coverage.values():
        every.update(counts)
    lines += ["| field | rows | share |", "|---|---:|---:|"]
    lines += [f"| {name} | {every[name]:,} | {_share(every[name], total)} |" for name in COVERAGE_FIELDS]
    shown = COVERAGE_FIELDS[:COVERAGE_PER_OUTLET]
    lines += ["", "| outlet | " + " | ".join(shown) + " |", "|---|" + "---:|" * len(shown)]
    lines += [f"| {o} | " + " | ".join(_share(facts.coverage[o][name], facts.rows[o]) for name in shown) + " |" for o in outlets]
    versions = ", ".join(f"{v} ({n:,} rows)" for v, n in sorted(facts.schema_versions.items(), key=lambda kv: str(kv[0]))) or "none"
    lines += ["", f"Schema version(s) of the records: {versions}. Records older than 1.3.0 have no `robots_ai`,"
              " `free_access` or `license`: those columns are null in their rows.", ""]

    lines += ["## Licence", "",
              "The articles' copyright stays with the outlets that published them. This export is a copy of their"
              " text made by a crawler; it grants no licence. What the records themselves say:", "",
              "| outlet | license (rows) | free_access true / false / unknown | robots.txt AI opt-out (newest record) |",
              "|---|---|---|---|"]
    for o in outlets:
        licences = ", ".join(f"{value or 'none stated'} ({n:,})" for value, n in sorted(facts.licenses[o].items(), key=lambda kv: (kv[0] is None, -kv[1], kv[0] or "")))
        free = facts.free_access[o]
        robots = summary.opted_out.get(o)
        lines.append(f"| {o} | {licences} | {free[True]:,} / {free[False]:,} / {free[None]:,} | {', '.join(robots) if robots else 'none'} |")
    if summary.opted_out:
        left = [o for o in summary.opted_out if o not in facts.rows]
        if options.respect_ai_optout:
            lines += ["", f"Left out with `--respect-ai-optout` ({summary.opted_out_rows:,} rows): "
                      + ", ".join(f"{o} (robots.txt disallows {', '.join(summary.opted_out[o])})" for o in left) + "."]
        else:
            lines += ["", "Outlets that opt out of AI training (their newest record's `robots_ai` is not empty): "
                      + ", ".join(sorted(summary.opted_out)) + ". They are included: this export was made without `--respect-ai-optout`."]
    lines += ["", "An outlet opts out of AI training when its newest record (greatest `crawled_at`) has a non-empty"
              " `robots_ai`: the AI crawlers its robots.txt disallows.", ""]

    lines += ["## Deduplication", "",
              f"Re-crawled articles: {_count(summary.records, 'record')} read, {_count(summary.ids, 'distinct id')};"
              f" {summary.duplicates_resolved:,} older {'copy' if summary.duplicates_resolved == 1 else 'copies'} left out. The newest copy of an id is kept: the greatest `crawled_at`; on a tie, the later"
              " file in path order, then the later line.", ""]
    if options.drop_duplicates:
        lines.append(f"Near-duplicates (`duplicate_of` set: the text repeats an earlier article): {summary.near_duplicates_dropped:,} dropped (`--drop-duplicates`).")
    else:
        lines.append(f"Near-duplicates (`duplicate_of` set: the text repeats an earlier article): {summary.near_duplicates_kept:,} kept,"
                     " flagged by `duplicate_of` (the id of the article they repeat).")
    lines += ["", "## Columns", "",
              "Every field of the article schema (newsbot/core/schema/article.schema.json); strings, `list<string>` for"
              " authors, tags, related and robots_ai, `int64` word_count, `bool` free_access, `struct<file, offset,"
              " record_id>` archive. Each date keeps its string with the outlet's offset (`published_at`) and gains a"
              " `timestamp[us, UTC]` twin (`published_at_utc`, `modified_at_utc`, `crawled_at_utc`).", "",
              "Partitions: `outlet=<name>/month=<YYYY-MM>/part-0.<format>`; the month (and `--since`/`--until`) is that of"
              " `published_at_utc`, or of `crawled_at_utc` for an article with no date. Inside a partition rows are"
              " ordered by `published_at_utc` (undated last), then `id`.", ""]
    if summary.newer_schemas:
        lines += [f"Rows of a schema newer than the {SCHEMA_COVERED} these columns cover: "
                  + ", ".join(f"{v} ({_count(n, 'row')})" for v, n in sorted(summary.newer_schemas.items()))
                  + ". Fields added since are not exported.", ""]

    lines += ["## Bad input lines", ""]
    if summary.bad_line_count:
        lines.append(f"{_count(summary.bad_line_count, 'line')} could not be exported ("
                     + ", ".join(f"{reason}: {n:,}" for reason, n in sorted(summary.bad_reasons.items())) + "):")
        lines.append("")
        lines += [f"- `{b.file}` line {b.line}: {b.reason}" for b in summary.bad_lines]
        if summary.bad_line_count > len(summary.bad_lines):
            lines.append(f"- … and {summary.bad_line_count - len(summary.bad_lines):,} more")
    else:
        lines.append("None: every line of every input file was exported or was an older copy.")

    selection = []
    if options.since or options.until:
        selection.append(f"dates {options.since or '…'} to {options.until or '…'} ({summary.outside_dates:,} rows outside)")
    if options.outlets is not None:
        selection.append(f"outlets {', '.join(sorted(options.outlets))} ({summary.outlets_not_selected:,} rows of others)")
    lines += ["", "## How it was made", "",
              f"- command: `{options.command or 'newsbot.ops.export.export()'}`",
              f"- newsbot {build.version() or 'unknown'}" + (f", commit {build.git_commit()}" if build.git_commit() else ""),
              f"- made {created.isoformat(timespec='seconds')} from {_count(summary.input_files, 'input file')} ({_count(summary.records, 'good line')})",
              f"- selection: {'; '.join(selection) if selection else 'everything'}",
              ""]
    return "\n".join(lines)


def summary_lines(summary: ExportSummary) -> list[str]:
    """What ``scrapy export`` prints."""
    lines = [
        f"{summary.out}: {_count(summary.rows, 'row')} in {_count(len(summary.partitions), 'partition')}, written as "
        + " and ".join(f"{form} ({summary.rows:,} rows)" for form in summary.formats),
        f"  read {_count(summary.records, 'good line')} from {_count(summary.input_files, 'file')};"
        f" duplicates resolved (older copies of re-crawled ids, the newest kept): {summary.duplicates_resolved:,}",
        f"  near-duplicates dropped (--drop-duplicates): {summary.near_duplicates_dropped:,}" if summary.dropping_duplicates
        else f"  near-duplicates kept, flagged by duplicate_of: {summary.near_duplicates_kept:,}",
    ]
    if summary.outside_dates or summary.outlets_not_selected:
        lines.append(f"  left out by the selection: {summary.outside_dates:,} outside the dates, {summary.outlets_not_selected:,} of other outlets")
    if summary.outlets_missing:
        lines.append(f"  no records of: {', '.join(summary.outlets_missing)}")
    if summary.opted_out and summary.respecting_ai_optout:
        lines.append(f"  left out by --respect-ai-optout: {', '.join(summary.opted_out)} ({summary.opted_out_rows:,} rows)")
    elif summary.opted_out:
        lines.append(f"  outlets opting out of AI training, included: {', '.join(summary.opted_out)} (--respect-ai-optout leaves them out)")
    if summary.bad_line_count:
        lines.append(f"  bad lines: {summary.bad_line_count:,} (" + ", ".join(f"{r}: {n:,}" for r, n in sorted(summary.bad_reasons.items())) + ")")
        lines += [f"    {b.file}:{b.line}: {b.reason}" for b in summary.bad_lines[:10]]
        if summary.bad_line_count > 10:
            lines.append(f"    … {summary.bad_line_count - 10:,} more in {summary.out / CARD}")
    else:
        lines.append("  bad lines: 0")
    lines.append(f"  took {summary.seconds:.1f} s")
    return lines
