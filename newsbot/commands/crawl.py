"""`scrapy crawl OUTLET`, with an exit status a scheduler can trust.

Scrapy's own command exits 0 whatever happened; this one exits 1 when the run
failed its health checks (newsbot/health.py), as well as when it failed to start.
It takes the outlet's lock like `scrapy crawlall`: a backfill and an hourly run
of one outlet never write at the same time; the later one is skipped and says so.
At the end it prints the run's summary and the path of its report (newsbot/report.py).
"""

from __future__ import annotations

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newsbot.health import run_failed
from newsbot.locks import try_lock
from newsbot.report import ensure_run_id, summary_of


class Command(ScrapyCrawlCommand):
    crawler = None
    lock = None

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        ensure_run_id(self.settings)  # one id for the process: the JSONL file and the run report

    def run(self, args, opts) -> None:
        if len(args) == 1:
            self.lock = try_lock(self.settings, args[0])  # held until this process ends
            if self.lock is None:
                print(f"{args[0]}: skipped, already running")
                return
        super().run(args, opts)
        if self.crawler is not None:
            print(summary_of(self.crawler))
        if self.crawler is not None and run_failed(self.crawler):
            self.exitcode = 1

    def _create_crawler(self, spname):
        self.crawler = super()._create_crawler(spname)
        return self.crawler
