"""`scrapy crawl OUTLET`, with an exit status a scheduler can trust.

Scrapy's own command exits 0 whatever happened; this one exits 1 when the run
failed its health checks (newsbot/health.py), as well as when it failed to start.
A run that finds its outlet locked by another (newsbot.crawl.locks.OutletLock) ends
at once and says so, with exit status 0.
At the end it prints the run's summary and the path of its report (newsbot/report.py).
"""

from __future__ import annotations

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newsbot.crawl.health import run_failed
from newsbot.crawl.report import ensure_run_id, summary_of, watch_start


class Command(ScrapyCrawlCommand):
    crawler = None

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        ensure_run_id(self.settings)  # one id for the process: the JSONL file and the run report

    def run(self, args, opts) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's own usage errors
            return
        try:
            spidercls = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            spidercls = None  # Scrapy says so when it creates the crawler
        problem = spidercls.argument_problem(opts.spargs) if hasattr(spidercls, "argument_problem") else None
        if problem:
            raise UsageError(problem)
        # Scrapy's own run, with the start watched: a run that cannot start says why
        watch_start(self._create_crawler(args[0]), self.crawler_process.crawl(self.crawler, **opts.spargs))
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        if self.crawler is not None:
            print(summary_of(self.crawler))
        if self.crawler is not None and run_failed(self.crawler):
            self.exitcode = 1

    def _create_crawler(self, spname):
        self.crawler = super()._create_crawler(spname)
        return self.crawler
