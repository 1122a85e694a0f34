"""`scrapy report --html PATH [--days N]`: the dashboard, one self-contained HTML file built from the
run history and the output under ``NEWSBOT_DATA_DIR`` (newsbot.ops.dashboard); nothing is fetched."""

from __future__ import annotations

from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsbot.defaults import setting


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "--html PATH [--days N]"

    def short_desc(self) -> str:
        return "Build the dashboard: one HTML file of charts from the run history and the output"

    def add_options(self, parser) -> None:
        # matplotlib is loaded by this command alone: Scrapy imports every command module, a crawl's too
        from newsbot.ops.dashboard import DEFAULT_DAYS

        super().add_options(parser)
        parser.add_argument("--html", metavar="PATH", help="the HTML file to write (replaced whole, atomically)")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, metavar="N",
                            help=f"the window: the last N UTC days, today included (default {DEFAULT_DAYS})")

    def run(self, args: list[str], opts) -> None:
        from newsbot.ops.dashboard import write_dashboard

        if args or not opts.html:
            raise UsageError("give --html PATH (and optionally --days N)")
        if opts.days < 1:
            raise UsageError("--days must be 1 or more")
        built = write_dashboard(Path(setting(self.settings, "NEWSBOT_DATA_DIR")), Path(opts.html), days=opts.days)
        print(built.path)
        print(built.summary())
