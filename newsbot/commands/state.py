"""`scrapy state show OUTLET` and `scrapy state reset OUTLET`: what the state holds for an outlet, and
forgetting it, on whichever backend the settings choose (newsbot.stores.backend_class)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import orjson
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsbot.defaults import setting
from newsbot.stores import backend_class
from newsbot.stores.protocols import StateUnavailable

ACTIONS = ("show", "reset", "export", "import")


def _day(epoch: int | None) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d") if epoch else "never"


def summary_lines(outlet: str, found: dict) -> list[str]:
    lines = [
        f"{outlet}: {found['written']} articles written, {found['claimed']} claimed by a run, "
        f"{found['dropped']} dropped (to be retried), {found['given_up']} given up after every retry; "
        f"newest first seen {_day(found['newest_first_seen'])}",
        f"  near-duplicate index: {found['near_duplicate_index']} articles within the retention window",
    ]
    lines += [f"  {entry['id']}  indexed {_day(entry['day'])}" for entry in found["newest"]]
    return lines


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "show|reset OUTLET | export|import FILE"

    def short_desc(self) -> str:
        return "Show what the state holds for an outlet or forget it; export the state to a file, or merge one in"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--newest", type=int, default=10, help="entries of the near-duplicate index to list (show)")

    def run(self, args: list[str], opts) -> None:
        if len(args) != 2 or args[0] not in ACTIONS:
            raise UsageError("give show OUTLET, reset OUTLET, export FILE or import FILE")
        action, outlet = args
        backend = backend_class(self.settings)
        leases = backend.leases_for(self.settings)
        if action == "reset" and not leases.acquire(outlet):
            # a run of the outlet is going: forgetting under it would let it write articles twice
            print(f"{outlet}: a run holds its lease ({leases.where(outlet)}); reset it once the run is over")
            self.exitcode = 1
            return
        try:
            stores = backend.from_settings(self.settings)
        except StateUnavailable as exc:
            print(str(exc))
            self.exitcode = 1
            stores = None
        try:
            if stores is None:
                return
            if action in ("export", "import"):
                self._move(stores, action, Path(outlet))
            elif action == "show":
                for line in summary_lines(outlet, stores.admin.outlet_summary(outlet, setting(self.settings, "NEWSBOT_RETRY_DROPPED"), opts.newest)):
                    print(line)
            else:
                forgotten = stores.admin.forget_outlet(outlet)
                print(f"{outlet}: forgot {forgotten['articles']} articles and {forgotten['near_duplicate_index']} near-duplicate index entries;"
                      " its next run fetches its window again")
        finally:
            if stores is not None:
                stores.close()
            if action == "reset":
                leases.release(outlet)

    def _move(self, stores, action: str, path: Path) -> None:
        """The whole state to a JSONL file (one record a line, a header first), or such a file merged in:
        how a SQLite state moves to another backend and back. Run it with no crawl going."""
        if action == "export":
            counts: Counter = Counter()
            part = path.with_name(path.name + ".part")
            with part.open("wb") as out:
                for record in stores.admin.export_rows():
                    out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
                    counts[record.get("table", "header")] += 1
            part.replace(path)  # a reader never sees half an export
            print(f"exported {counts['articles']} articles, {counts['neardup']} near-duplicate index entries and"
                  f" {counts['archive']} archive files to {path}")
            return
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        with path.open("rb") as lines:
            try:
                taken = stores.admin.import_rows(orjson.loads(line) for line in lines if line.strip())
            except (ValueError, KeyError) as exc:
                print(f"{path}: {exc}")
                self.exitcode = 1
                return
        print(f"imported {taken['articles']} articles, {taken['neardup']} near-duplicate index entries and"
              f" {taken['archive']} archive files from {path}")

