"""`scrapy crawlall [OUTLET ...]`: every outlet (or the named ones) in one process, for one cron line.

Each outlet runs under its own lock: an outlet still running from an earlier
invocation is skipped, and the command says so. The exit status is 1 when any
outlet fails its health checks (newsbot/health.py), 0 otherwise. It prints each
outlet's summary and the one run report they share (newsbot/report.py).
"""

from __future__ import annotations

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsbot.crawl.health import run_failed
from newsbot.crawl.registry import outlet_spiders
from newsbot.crawl.report import ensure_run_id, summary_of, watch_start


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[OUTLET ...] [-a NAME=VALUE]"

    def short_desc(self) -> str:
        return "Crawl all outlets (or the named ones) in one process; exit 1 if any is unhealthy"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE", help="spider argument for every outlet")

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        ensure_run_id(self.settings)  # one id for every outlet of the process: one run report

    def run(self, args, opts) -> None:
        known = {cls.name: cls for cls in outlet_spiders(self.settings)}
        drafts = {cls.name: cls.profile.missing for cls in outlet_spiders(self.settings, drafts=True) if cls.profile.draft}
        named_drafts = [f"{name} (missing {', '.join(drafts[name])})" for name in args if name in drafts]
        if named_drafts:
            raise UsageError(f"draft outlets are not crawled by crawlall until filled in: {'; '.join(named_drafts)}")
        unknown = [name for name in args if name not in known]
        if unknown:
            raise UsageError(f"unknown outlets: {', '.join(unknown)} (see scrapy outlets)")
        if not args:
            for name, missing in sorted(drafts.items()):
                print(f"{name}: draft, skipped (missing {', '.join(missing)})")
        spargs = dict(arg.split("=", 1) for arg in opts.spargs)
        for name in args or sorted(known):
            problem = known[name].argument_problem(spargs)
            if problem:
                raise UsageError(problem)
        crawlers = {}
        for name in args or sorted(known):
            # an outlet still running from an earlier invocation ends at once (newsbot.crawl.locks.OutletLock)
            crawlers[name] = self.crawler_process.create_crawler(known[name])
            watch_start(crawlers[name], self.crawler_process.crawl(crawlers[name], **spargs))
        self.crawler_process.start()
        failed = []
        for name, crawler in crawlers.items():
            print(summary_of(crawler, with_report=False))
            if run_failed(crawler):
                failed.append(name)
        reports = sorted({c.stats.get_value("newsbot/report/path") for c in crawlers.values()} - {None})
        for path in reports:
            print(f"report: {path}")
        if failed or self.crawler_process.bootstrap_failed:
            self.exitcode = 1
