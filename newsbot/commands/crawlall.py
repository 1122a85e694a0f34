"""`scrapy crawlall [OUTLET ...]`: every outlet (or the named ones) in one process, for one cron line.

Each outlet runs under its own lock: an outlet still running from an earlier
invocation is skipped, and the command says so. The exit status is 1 when any
outlet fails its health checks (newsbot/health.py), 0 otherwise. It prints each
outlet's summary and the one run report they share (newsbot/report.py); with ``--quiet`` or a
log file only the unhealthy outlets' summaries, so a healthy cron job prints nothing. The log
file's directory is created.

With ``--scrapyd URL[,URL…]`` the outlets are not crawled here: each becomes one
scrapyd job on the least busy node, and the command waits for them and prints
the same summaries, read from the jobs' logs (newsbot/crawl/dispatch.py).
``scrapy crawlall --scrapyd URLS ccnews -a since=… -a until=…`` gives each
CC-NEWS file of the window its own job.
"""

from __future__ import annotations

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsbot.crawl import dispatch
from newsbot.crawl.health import run_failed
from newsbot.crawl.registry import outlet_spiders
from newsbot.crawl.report import add_quiet_option, ensure_run_id, is_quiet, prepare_log_file, summary_of, watch_start
from newsbot.defaults import setting


def _pairs(values: list[str], option: str) -> dict[str, str]:
    wrong = [v for v in values if "=" not in v]
    if wrong:
        raise UsageError(f"{option} takes NAME=VALUE, not {wrong[0]!r}")
    return dict(v.split("=", 1) for v in values)


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[OUTLET ...] [-a NAME=VALUE] [--scrapyd URL[,URL...]]"

    def short_desc(self) -> str:
        return "Crawl all outlets (or the named ones) in one process, or as scrapyd jobs; exit 1 if any is unhealthy"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE", help="spider argument for every outlet")
        add_quiet_option(parser)
        group = parser.add_argument_group("Dispatch over scrapyd nodes")
        group.add_argument("--scrapyd", metavar="URL[,URL...]", help="run each outlet as a job on the least busy of these scrapyd nodes")
        group.add_argument("--job-setting", dest="job_settings", action="append", default=[], metavar="NAME=VALUE",
                           help="Scrapy setting for every job (scrapyd's setting=NAME=VALUE)")
        group.add_argument("--poll", type=float, default=5.0, metavar="SECONDS", help="seconds between looks at the jobs (default: 5)")
        group.add_argument("--timeout", type=float, default=3600.0, metavar="SECONDS",
                           help="give up waiting after this long; unfinished jobs count as failed (default: 3600; 0: no limit)")

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        ensure_run_id(self.settings)  # one id for every outlet of the process: one run report
        prepare_log_file(self.settings)  # before the crawler process opens it

    def run(self, args, opts) -> None:
        spargs = _pairs(opts.spargs, "-a")
        if opts.scrapyd:
            self._dispatch(args, opts, spargs)
            return
        quiet = is_quiet(self.settings, opts)
        crawlers = {}
        for name in self._outlets(args, spargs, quiet):
            # an outlet still running from an earlier invocation ends at once (newsbot.crawl.locks.OutletLock)
            crawlers[name] = self.crawler_process.create_crawler(self._known[name])
            watch_start(crawlers[name], self.crawler_process.crawl(crawlers[name], **spargs))
        self.crawler_process.start()
        failed = [name for name, crawler in crawlers.items() if run_failed(crawler)]
        for name, crawler in crawlers.items():
            if name in failed or not quiet:
                print(summary_of(crawler, with_report=False))
        reports = sorted({c.stats.get_value("newsbot/report/path") for c in crawlers.values()} - {None})
        for path in reports if failed or not quiet else ():
            print(f"report: {path}")
        if failed or self.crawler_process.bootstrap_failed:
            self.exitcode = 1

    def _outlets(self, args: list[str], spargs: dict[str, str], quiet: bool = False) -> list[str]:
        """The outlets to run (the named ones, else every one), checked: no draft, none unknown, arguments they take."""
        self._known = known = {cls.name: cls for cls in outlet_spiders(self.settings)}
        drafts = {cls.name: cls.profile.missing for cls in outlet_spiders(self.settings, drafts=True) if cls.profile.draft}
        named_drafts = [f"{name} (missing {', '.join(drafts[name])})" for name in args if name in drafts]
        if named_drafts:
            raise UsageError(f"draft outlets are not crawled by crawlall until filled in: {'; '.join(named_drafts)}")
        unknown = [name for name in args if name not in known]
        if unknown:
            raise UsageError(f"unknown outlets: {', '.join(unknown)} (see scrapy outlets)")
        if not args and not quiet:
            for name, missing in sorted(drafts.items()):
                print(f"{name}: draft, skipped (missing {', '.join(missing)})")
        names = list(dict.fromkeys(args)) or sorted(known)  # an outlet named twice runs once
        for name in names:
            problem = known[name].argument_problem(spargs)
            if problem:
                raise UsageError(problem)
        return names

    # ---- --scrapyd ----

    def _dispatch(self, args: list[str], opts, spargs: dict[str, str]) -> None:
        try:
            urls = dispatch.node_urls(opts.scrapyd)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        reserved = [name for name in spargs if name in dispatch.RESERVED_FIELDS]
        if reserved:
            raise UsageError(f"-a {reserved[0]}= cannot reach a scrapyd job: schedule.json reads that field itself")
        if opts.poll <= 0 or opts.timeout < 0:
            raise UsageError("--poll takes seconds above 0, --timeout seconds from 0 (0: no limit)")
        if dispatch.CCNEWS in args:
            units, problems = self._ccnews_units(args, spargs)
        else:
            units, problems = dispatch.outlet_units(self._outlets(args, spargs), spargs), []
        settings = list(_pairs(opts.job_settings, "--job-setting").items())
        held: list[str] = []  # quiet: the verdicts are printed only when a job was unhealthy
        quiet = is_quiet(self.settings, opts)
        if not dispatch.dispatch(urls, units, settings=settings, poll=opts.poll, timeout=opts.timeout, problems=problems,
                                 out=held.append if quiet else print):
            for line in held:
                print(line)
            self.exitcode = 1

    def _ccnews_units(self, args: list[str], spargs: dict[str, str]) -> tuple[list[dispatch.Unit], list[str]]:
        """One job per file of the window, listed here with the spider's own discovery functions."""
        if args != [dispatch.CCNEWS]:
            raise UsageError("ccnews is dispatched alone (one job per archive file), not with outlets")
        if spargs.get("shard"):
            raise UsageError("-a shard= splits a window between processes; the dispatch already gives each file its own job")
        problem = self.crawler_process.spider_loader.load(dispatch.CCNEWS).argument_problem(spargs)
        if problem:
            raise UsageError(problem)
        files, errors = dispatch.window_files(
            spargs, setting(self.settings, "NEWSBOT_CCNEWS_BASE"), setting(self.settings, "NEWSBOT_CCNEWS_TIMEOUT"),
            self.settings.get("USER_AGENT"),
        )
        problems = [f"{dispatch.CCNEWS}: UNHEALTHY: {error}" for error in errors]
        if not files and not errors:
            problems.append(f"{dispatch.CCNEWS}: UNHEALTHY: no file of the listings is in the window")
        return dispatch.ccnews_units(files, spargs), problems
