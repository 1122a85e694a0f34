"""`scrapy export --out DIR`: every finished run under NEWSBOT_DATA_DIR merged into one dataset, one row
per article id (its newest copy), partitioned by outlet and month, as Parquet or zstd JSON lines, with
a dataset card (DIR/README.md). The work is newsbot.ops.export's; this parses the flags and prints."""

from __future__ import annotations

import shlex
import sys
from datetime import date
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsbot.defaults import setting


def _day(value: str | None, flag: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{flag} takes a day, YYYY-MM-DD, not {value!r}") from None


def _names(value: str | None) -> list[str]:
    return [name.strip() for name in (value or "").split(",") if name.strip()]


def command_line(argv: list[str]) -> str:
    """The command as typed, for the card (Scrapy has taken the command's name out of sys.argv)."""
    rest = argv[1:]
    return "scrapy export " + shlex.join(rest[1:] if rest[:1] == ["export"] else rest)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "--out DIR [--format parquet|jsonl.zst] [--since DAY] [--until DAY] [--outlets a,b] [--drop-duplicates] [--respect-ai-optout]"

    def short_desc(self) -> str:
        return "Export every run's articles as one dataset (Parquet or zstd JSONL, by outlet and month) with a dataset card"

    def add_options(self, parser) -> None:
        # pyarrow is loaded by this command alone: Scrapy imports every command module, a crawl's too
        from newsbot.ops.export import FORMATS

        super().add_options(parser)
        parser.add_argument("--out", metavar="DIR", help="the export's folder: new, empty, or an earlier export (replaced)")
        parser.add_argument("--format", default="parquet", help=f"{' or '.join(FORMATS)}, or both comma-separated (default parquet)")
        parser.add_argument("--since", metavar="DAY", help="first day kept (YYYY-MM-DD, UTC, of published_at; crawled_at when undated)")
        parser.add_argument("--until", metavar="DAY", help="last day kept, inclusive")
        parser.add_argument("--outlets", metavar="A,B", help="only these outlets (names as in the records' outlet field)")
        parser.add_argument("--drop-duplicates", action="store_true", help="leave out near-duplicates (duplicate_of set) instead of flagging them")
        parser.add_argument("--respect-ai-optout", action="store_true",
                            help="leave out outlets whose newest record's robots_ai is not empty (their robots.txt disallows AI crawlers)")

    def run(self, args: list[str], opts) -> None:
        from newsbot.ops.export import FORMATS, ExportError, ExportOptions, export, summary_lines

        if args:
            raise UsageError(f"unexpected arguments: {' '.join(args)}")
        if not opts.out:
            raise UsageError("give the export's folder: --out DIR")
        formats = tuple(_names(opts.format))
        if not formats or set(formats) - set(FORMATS):
            raise UsageError(f"--format is {' or '.join(FORMATS)} (or both, comma-separated), not {opts.format!r}")
        outlets = _names(opts.outlets)
        options = ExportOptions(
            formats=formats,
            since=_day(opts.since, "--since"),
            until=_day(opts.until, "--until"),
            outlets=frozenset(outlets) if outlets else None,
            drop_duplicates=opts.drop_duplicates,
            respect_ai_optout=opts.respect_ai_optout,
            command=command_line(sys.argv),
        )
        try:
            summary = export(Path(setting(self.settings, "NEWSBOT_DATA_DIR")), Path(opts.out), options)
        except ExportError as exc:
            print(f"export failed: {exc}")
            self.exitcode = 1
            return
        for line in summary_lines(summary):
            print(line)
