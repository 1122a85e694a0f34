"""`scrapy demo`: a newcomer's first crawl, with no internet needed.

Starts the local web (a loopback proxy that answers for www.youm7.com with a
synthetic site full of good and bad pages), runs the real youm7 spider through
the full pipeline, and prints where the JSONL went and what was written and
dropped.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsbot.crawl.drops import drops_in


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[--data-dir DIR]"

    def short_desc(self) -> str:
        return "Crawl a local synthetic outlet end to end and show what was written and dropped"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--data-dir", help="where to write the JSONL (default: a new temporary folder)")

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        data_dir = opts.data_dir or tempfile.mkdtemp(prefix="newsbot-demo-")
        self.settings.set("NEWSBOT_DATA_DIR", data_dir, priority="cmdline")
        # The synthetic site has a page that never answers in time: don't wait 30 s for it.
        self.settings.set("DOWNLOAD_TIMEOUT", 2, priority="cmdline")
        if not opts.loglevel:
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")

    def run(self, args, opts) -> None:
        try:  # a development tool: in a checkout (pip install -e .), not in the wheel
            from newsbot.dev.localweb import LocalWeb, SyntheticYoum7
        except ImportError:
            raise UsageError("scrapy demo needs a checkout of newsbot (pip install -e .): the local web is not installed") from None
        with LocalWeb(SyntheticYoum7("feeds")) as web:
            # Scrapy's HttpProxyMiddleware reads the standard proxy variables when the crawl starts.
            os.environ.update(web.proxy_env())
            print(f"Local web on {web.url}, answering for https://www.youm7.com/ (synthetic pages)")
            crawler = self.crawler_process.create_crawler("youm7")
            self.crawler_process.crawl(crawler)
            self.crawler_process.start()
        self._summary(crawler.stats.get_stats())

    def _summary(self, stats: dict) -> None:
        path = stats.get("newsbot/jsonl/path")
        print()
        print(f"Articles written: {stats.get('newsbot/jsonl/written', 0)}")
        print(f"Output:           {path or '(nothing written)'}")
        drops = drops_in(stats)
        skipped = {k.removeprefix("newsbot/discovery/skipped/"): v for k, v in stats.items() if k.startswith("newsbot/discovery/skipped/")}
        print("Dropped:          " + (", ".join(f"{k} {v}" for k, v in sorted(drops.items())) or "none"))
        print("Not requested:    " + (", ".join(f"{k} {v}" for k, v in sorted(skipped.items())) or "none"))
        if stats.get("newsbot/dedup/near_duplicate"):
            print(f"Marked duplicate: {stats['newsbot/dedup/near_duplicate']} (duplicate_of set)")
        if path and Path(path).exists():
            first = json.loads(Path(path).read_text("utf-8").splitlines()[0])
            print(f"First article:    {first['id']}  {first['title']}  ({first['published_at']})")
            print(f"Look at it:       head -n 1 {path} | python3 -m json.tool --no-ensure-ascii")
