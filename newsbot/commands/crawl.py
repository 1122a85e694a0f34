"""`scrapy crawl OUTLET`, with an exit status a scheduler can trust.

Scrapy's own command exits 0 whatever happened; this one exits 1 when the run
failed its health checks (newsbot/health.py), as well as when it failed to start.
"""

from __future__ import annotations

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newsbot.health import run_failed


class Command(ScrapyCrawlCommand):
    crawler = None

    def run(self, args, opts) -> None:
        super().run(args, opts)
        if self.crawler is not None and run_failed(self.crawler):
            self.exitcode = 1

    def _create_crawler(self, spname):
        self.crawler = super()._create_crawler(spname)
        return self.crawler
