"""`scrapy crawl OUTLET`, with an exit status a scheduler can trust.

Scrapy's own command exits 0 whatever happened; this one exits 1 when the run
failed its health checks (newsbot/health.py), as well as when it failed to start.
A run that finds its outlet locked by another (newsbot.crawl.locks.OutletLock) ends
at once and says so, with exit status 0.
At the end it prints the run's summary and the path of its report (newsbot/report.py); with
``--quiet`` or a log file (``--logfile``, ``-s LOG_FILE``) only when the run was unhealthy, so a
healthy cron job prints nothing. The log file's directory is created.
"""

from __future__ import annotations

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newsbot.crawl.health import run_failed
from newsbot.crawl.report import add_quiet_option, ensure_run_id, is_quiet, prepare_log_file, summary_of, watch_start


class Command(ScrapyCrawlCommand):
    crawler = None

    def add_options(self, parser) -> None:
        super().add_options(parser)
        add_quiet_option(parser)

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        ensure_run_id(self.settings)  # one id for the process: the JSONL file and the run report
        prepare_log_file(self.settings)  # before the crawler process opens it

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
        failed = self.crawler is not None and run_failed(self.crawler)
        if self.crawler is not None and (failed or self.crawler_process.bootstrap_failed or not is_quiet(self.settings, opts)):
            print(summary_of(self.crawler))
        if failed:
            self.exitcode = 1

    def _create_crawler(self, spname):
        self.crawler = super()._create_crawler(spname)
        return self.crawler
