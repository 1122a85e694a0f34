"""`scrapy probe OUTLET [OUTLET …] | --all`: check outlets live, for users with internet.

Runs each outlet's spider for real (robots.txt obeyed, nothing written, no state), the outlets
of one call side by side: every feed and sitemap it reads is listed with its status, number of
entries and newest date; then up to N articles (default 3) are extracted and their field
coverage shown. Each outlet ends "OK", "PARTIAL" (articles came, but a declared endpoint did
not work) or "FAILED" (no endpoint worked, no article came, or one lacks a required field).

The verdicts go to the status file (``NEWSBOT_OUTLETS_STATUS``, ``--status FILE``), merged
outlet by outlet with what it held, with the time checked and the newsbot version:
`scrapy outlets --markdown` reads it for the table's "last verified" column. Exits non-zero
when any outlet probed FAILED.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsbot.crawl.drops import drops_in
from newsbot.crawl.registry import outlet_spiders
from newsbot.outlets.profile import OutletProfile

COVERAGE = ("title", "body", "published_at", "authors", "lead", "section", "tags", "image", "modified_at")
REQUIRED = ("title", "body", "published_at")
OK, PARTIAL, FAILED = "ok", "partial", "failed"


def newsbot_version() -> str:
    try:
        return version("newsbot")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def verdict(profile: OutletProfile, log: list[dict], items: list[dict], drops: dict[str, int], wanted: int, checked_at: str) -> dict:
    """One outlet's probe, as the status file keeps it (pure): each declared endpoint's status,
    entries and newest date, the articles' field coverage, and ok / partial / failed."""
    rows = {row["url"]: row for row in log}
    endpoints = []
    for url in [*profile.feeds, *profile.sitemaps]:
        row = rows.get(url)
        endpoints.append({
            "url": url,
            "format": profile.endpoint_format(url),
            "status": row["status"] if row else "not reached",
            "entries": row["entries"] if row else 0,
            "newest": row["newest"] if row else None,
            "error": row.get("error") if row else None,
            "checked_at": checked_at,
        })
    declared = {e["url"] for e in endpoints}
    others = [{"url": r["url"], "kind": r["kind"], "status": r["status"], "entries": r["entries"], "newest": r["newest"]}
              for r in log if r["url"] not in declared]
    working = [r for r in log if r["status"] == 200 and r["entries"] and "not a feed" not in r["kind"]]
    problems = []
    if not working:
        problems.append("no feed or sitemap gave entries")
    if not items:
        problems.append("no article was extracted")
    if any(not item.get(f) for item in items for f in REQUIRED):
        problems.append(f"an article lacks one of {', '.join(REQUIRED)}")
    broken = [e["url"] for e in endpoints if e["status"] != 200 or not e["entries"]]
    status = FAILED if problems else PARTIAL if broken else OK
    if broken:
        problems.append(f"{len(broken)} of {len(endpoints)} declared endpoints gave no entries")
    return {
        "status": status,
        "checked_at": checked_at,
        "newsbot_version": newsbot_version(),
        "problems": problems,
        "endpoints": endpoints,
        "also_read": others,
        "articles": [{"url": it["url"], "has": [f for f in COVERAGE if it.get(f)], "missing": [f for f in COVERAGE if not it.get(f)]}
                     for it in items],
        "articles_wanted": wanted,
        "dropped": dict(sorted(drops.items())),
    }


def merge_status(path: Path, results: dict[str, dict]) -> dict:
    """The status file with these outlets' results laid over the ones it held (written whole, then renamed)."""
    try:
        held = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        held = {}
    status = {"newsbot_version": newsbot_version(), "updated_at": max(r["checked_at"] for r in results.values()),
              "outlets": dict(sorted({**held.get("outlets", {}), **results}.items()))}
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    part.write_text(json.dumps(status, ensure_ascii=False, indent=1) + "\n", "utf-8")
    os.replace(part, path)
    return status


def print_verdict(name: str, result: dict) -> None:
    print(f"== {name}\nDiscovery:")
    for e in result["endpoints"]:
        print(f"  {e['status']!s:<12} {e['format'] or 'sitemap':<8} {e['entries']:>5} entries  newest {e['newest'] or '-':<25} {e['url']}")
    for r in result["also_read"]:
        print(f"  {r['status']!s:<12} {r['kind']:<8} {r['entries']:>5} entries  newest {r['newest'] or '-':<25} {r['url']}")
    print(f"Articles: {len(result['articles'])} of {result['articles_wanted']}")
    for a in result["articles"]:
        print(f"  {a['url']}\n    has: {', '.join(a['has'])}" + (f"\n    missing: {', '.join(a['missing'])}" if a["missing"] else ""))
    if result["dropped"]:
        print("Dropped: " + ", ".join(f"{k} {v}" for k, v in result["dropped"].items()))
    label = {OK: "OK", PARTIAL: "PARTIAL", FAILED: "FAILED"}[result["status"]]
    print(label + (": " + "; ".join(result["problems"]) if result["problems"] else ""))


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "OUTLET [OUTLET ...] | --all [--articles N] [--status FILE]"

    def short_desc(self) -> str:
        return "Check outlets' discovery and extraction live, record it in the status file; non-zero exit when one fails"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--all", action="store_true", help="every outlet (drafts left out), once each")
        parser.add_argument("--articles", type=int, default=3, help="articles to extract per outlet (default 3)")
        parser.add_argument("--days", default=None, help="date window in days (default NEWSBOT_DAYS)")
        parser.add_argument("--status", default=None, help="the status file to update (default NEWSBOT_OUTLETS_STATUS)")

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        pipelines = dict(self.settings.getdict("ITEM_PIPELINES"))
        pipelines["pipelines.jsonl.JsonlWriterPipeline"] = None  # a probe writes nothing
        self.settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
        self.settings.set("NEWSBOT_STATE_ENABLED", False, priority="cmdline")  # a probe neither reads nor records state
        self.settings.set("NEWSBOT_REPORTS", False, priority="cmdline")  # nor leaves run reports
        extensions = dict(self.settings.getdict("EXTENSIONS"))
        extensions["newsbot.crawl.health.Health"] = None  # the probe gives its own verdict (a run's health counts written items)
        self.settings.set("EXTENSIONS", extensions, priority="cmdline")
        if not opts.loglevel:
            self.settings.set("LOG_LEVEL", "ERROR", priority="cmdline")

    def run(self, args, opts) -> None:
        if opts.all == bool(args):
            raise UsageError("give OUTLET names or --all (see scrapy list)")
        outlets = {cls.name for cls in outlet_spiders(self.settings, drafts=True)}
        names = sorted(cls.name for cls in outlet_spiders(self.settings)) if opts.all else args
        for name in names:
            if name not in outlets:
                raise UsageError(f"no outlet named {name!r} (see scrapy outlets)")
        kwargs = {"limit": str(opts.articles)} | ({"days": opts.days} if opts.days is not None else {})
        crawlers, items = {}, {name: [] for name in names}
        for name in names:
            crawler = self.crawler_process.create_crawler(name)
            crawler.signals.connect(lambda item, response, spider, _into=items[name]: _into.append(ItemAdapter(item).asdict()),
                                    signal=signals.item_scraped, weak=False)
            crawlers[name] = crawler
            self.crawler_process.crawl(crawler, **kwargs)
        self.crawler_process.start()
        checked_at = datetime.now(UTC).isoformat(timespec="seconds")
        results = {}
        for name, crawler in crawlers.items():
            spider = crawler.spider
            results[name] = verdict(spider.profile, getattr(spider, "discovery_log", []), items[name],
                                    drops_in(crawler.stats.get_stats()), opts.articles, checked_at)
            print_verdict(name, results[name])
        path = Path(opts.status or self.settings.get("NEWSBOT_OUTLETS_STATUS"))
        merge_status(path, results)
        counts = {s: sum(r["status"] == s for r in results.values()) for s in (OK, PARTIAL, FAILED)}
        print(f"Probed {len(results)} outlets: {counts[OK]} ok, {counts[PARTIAL]} partial, {counts[FAILED]} failed; written to {path}")
        self.exitcode = 1 if counts[FAILED] else 0
