"""`scrapy probe OUTLET`: check an outlet live, for users with internet.

Runs the outlet's spider for real (robots.txt obeyed, nothing written): every
feed and sitemap it reads is listed with its status, number of entries and
newest date; then up to N articles (default 3) are extracted and their field
coverage shown. Exits non-zero when no discovery endpoint works or no article
could be extracted.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from newsbot.crawl.drops import drops_in

COVERAGE = ("title", "body", "published_at", "authors", "lead", "section", "tags", "image", "modified_at")
REQUIRED = ("title", "body", "published_at")


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "OUTLET [--articles N]"

    def short_desc(self) -> str:
        return "Check an outlet's discovery and extraction live; non-zero exit when either fails"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--articles", type=int, default=3, help="articles to extract (default 3)")
        parser.add_argument("--days", default=None, help="date window in days (default NEWSBOT_DAYS)")

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        pipelines = dict(self.settings.getdict("ITEM_PIPELINES"))
        pipelines["pipelines.jsonl.JsonlWriterPipeline"] = None  # a probe writes nothing
        self.settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
        self.settings.set("NEWSBOT_STATE_ENABLED", False, priority="cmdline")  # a probe neither reads nor records state
        self.settings.set("NEWSBOT_REPORTS", False, priority="cmdline")  # nor leaves run reports
        if not opts.loglevel:
            self.settings.set("LOG_LEVEL", "ERROR", priority="cmdline")

    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError("give one OUTLET (see scrapy list)")
        try:
            get_spider_loader(self.settings).load(args[0])
        except KeyError:
            raise UsageError(f"no outlet named {args[0]!r}") from None
        items: list[dict] = []
        crawler = self.crawler_process.create_crawler(args[0])

        def collect(item, response, spider):
            items.append(ItemAdapter(item).asdict())

        crawler.signals.connect(collect, signal=signals.item_scraped)
        kwargs = {"limit": str(opts.articles)} | ({"days": opts.days} if opts.days is not None else {})
        self.crawler_process.crawl(crawler, **kwargs)
        self.crawler_process.start()
        self.exitcode = self.report(crawler, items, opts.articles)

    @staticmethod
    def report(crawler, items: list[dict], wanted: int) -> int:
        log = getattr(crawler.spider, "discovery_log", [])
        print("Discovery:")
        for row in log:
            print(f"  {row['status']!s:<12} {row['kind']:<12} {row['entries']:>5} entries  newest {row['newest'] or '-':<25} {row['url']}")
        working = [r for r in log if r["status"] == 200 and r["entries"] and "not a feed" not in r["kind"]]
        print(f"Articles: {len(items)} of {wanted}")
        for item in items:
            have = [f for f in COVERAGE if item.get(f)]
            missing = [f for f in COVERAGE if not item.get(f)]
            print(f"  {item['url']}\n    has: {', '.join(have)}" + (f"\n    missing: {', '.join(missing)}" if missing else ""))
        stats = crawler.stats.get_stats()
        drops = drops_in(stats)
        if drops:
            print("Dropped: " + ", ".join(f"{k} {v}" for k, v in sorted(drops.items())))
        problems = []
        if not working:
            problems.append("no feed or sitemap gave entries")
        if not items:
            problems.append("no article was extracted")
        if any(not item.get(f) for item in items for f in REQUIRED):
            problems.append(f"an article lacks one of {', '.join(REQUIRED)}")
        print("FAILED: " + "; ".join(problems) if problems else "OK")
        return 1 if problems else 0
