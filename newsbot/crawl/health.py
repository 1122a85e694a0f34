"""Health of a run: a scheduled job must fail loudly when an outlet breaks.

At the end of a crawl the run is checked:

- something was discovered (not merely nothing new);
- most article requests ended as an article (``NEWSBOT_HEALTH_MIN_YIELD``), whatever
  the reasons of the others: a redesign that moves the text ends as ``missing_body``
  or ``too_short`` drops, a change that breaks the callback as spider exceptions;
- the share of article requests that failed to download stays under
  ``NEWSBOT_HEALTH_MAX_ERROR_RATE``;
- the written articles have a title, a body and a publication date at least
  ``NEWSBOT_HEALTH_MIN_COVERAGE`` of the time;
- the newest article is at most ``NEWSBOT_HEALTH_MAX_LAG_HOURS`` old when the run ends (a run
  that wrote nothing carries the earlier runs' newest);
- nothing drifted against the outlet's trailing runs (``newsbot.ops.drift``): volume, field
  coverage, body length, drop mix, newest-article lag.

Problems are logged at ERROR and kept in the stats as ``newsbot/health/problems``;
`scrapy crawl` then exits 1.
"""

from __future__ import annotations

import logging
import statistics
from datetime import datetime, timezone
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy import signals

from newsbot.crawl import stats as keys
from newsbot.crawl.drops import ARTICLE_OUTCOMES, drops_in
from newsbot.crawl.locks import ALREADY_RUNNING
from newsbot.crawl.reachability import UNREACHABLE
from newsbot.crawl.report import section_of
from newsbot.defaults import setting
from newsbot.discovery.plan import GIVE_UP_AFTER
from newsbot.ops import history
from newsbot.ops.drift import Thresholds, baseline, drift_problems

logger = logging.getLogger(__name__)

# Drop reasons that mean the site failed us (not robots.txt, offsite or content checks).
FAILURE_REASONS = ("timeout", "too_large", "unreachable", "download_error", "data_loss")
COVERED = ("title", "body", "published_at")
# Counted (drift compares them all), but a run is not failed for articles without a byline.
COUNTED = history.COVERAGE_FIELDS


def _top(counts: dict[str, int], n: int = 4) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def problems_of(
    stats: dict, max_error_rate: float, min_coverage: float, min_yield: float = 0.5, endpoint_errors: list[str] | None = None,
) -> list[str]:
    """The health problems a run's stats show (pure, for tests and reports); ``endpoint_errors`` name the cause."""
    problems = []
    discovered = stats.get(keys.DISCOVERED, 0)
    cause = f" (first error: {endpoint_errors[0]})" if endpoint_errors else ""
    if stats.get("finish_reason") == UNREACHABLE:
        problems.append(f"unreachable: given up after {GIVE_UP_AFTER} failed attempts with no answer{cause}")
    elif not discovered:
        what = "no archive record of the outlets" if keys.ARCHIVE_RECORDS in stats else "no feed or sitemap gave any entry"
        problems.append(f"nothing discovered: {what}{cause}")
    requests = stats.get(keys.ARTICLE_REQUESTS, 0)
    drops = drops_in(stats)
    written = stats.get(keys.WRITTEN, 0)
    # An article request ends as an article when it is written, or when it repeats one in the output.
    articles = written + sum(drops.get(reason, 0) for reason in ARTICLE_OUTCOMES)
    if requests and articles / requests < min_yield:
        lost = {reason: n for reason, n in drops.items() if reason not in ARTICLE_OUTCOMES}
        if stats.get(keys.SPIDER_EXCEPTIONS):
            lost["spider exceptions"] = stats[keys.SPIDER_EXCEPTIONS]
        problems.append(
            f"{requests - min(articles, requests)}/{requests} article requests gave no article, above {1 - min_yield:.0%}"
            + (f" ({_top(lost)})" if lost else "")
        )
    if stats.get(keys.ARCHIVE_FILES_FAILED):
        problems.append(f"{stats[keys.ARCHIVE_FILES_FAILED]} archive files not read to the end after every retry{cause}")
    if stats.get(keys.STORAGE_ERROR):
        problems.append(f"storage error, output stopped: {stats[keys.STORAGE_ERROR]} ({drops.get('storage_error', 0)} articles not written)")
    if stats.get(keys.STATE_ERRORS):
        problems.append(f"state errors: {stats[keys.STATE_ERRORS]} outcomes not recorded ({stats.get(keys.STATE_ERROR)})")
    failed = sum(n for reason, n in drops.items() if reason in FAILURE_REASONS or reason.startswith("http_"))
    if requests and failed / requests > max_error_rate:
        problems.append(f"error rate {failed}/{requests} above {max_error_rate:.0%}")
    for field in COVERED:
        have = stats.get(keys.COVERAGE + field, 0)
        if written and have / written < min_coverage:
            problems.append(f"{field} on {have}/{written} articles, below {min_coverage:.0%}")
    return problems


class Health:
    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.max_error_rate = setting(settings, "NEWSBOT_HEALTH_MAX_ERROR_RATE")
        self.min_coverage = setting(settings, "NEWSBOT_HEALTH_MIN_COVERAGE")
        self.min_yield = setting(settings, "NEWSBOT_HEALTH_MIN_YIELD")
        self.max_lag_hours = setting(settings, "NEWSBOT_HEALTH_MAX_LAG_HOURS")
        self.drift = Thresholds.from_settings(settings)
        self.data_dir = Path(setting(settings, "NEWSBOT_DATA_DIR"))
        self.body_chars: list[int] = []
        self.newest: datetime | None = None
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def item_scraped(self, item, response, spider):
        adapter = ItemAdapter(item)
        for field in COUNTED:
            if adapter.get(field):
                self.crawler.stats.inc_value(keys.COVERAGE + field)
        self.body_chars.append(len(adapter.get("body") or ""))
        published = history.instant(adapter.get("published_at"))
        if published is not None and (self.newest is None or published > self.newest):
            self.newest = published

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats
        if reason == ALREADY_RUNNING:
            return  # skipped, not failed: the run holding the lock is checked on its own
        try:
            problems = self._problems(spider, stats)
        except Exception as exc:  # a check that cannot finish must not leave the run looking healthy
            logger.exception("The health check of %s failed", spider.name)
            problems = [f"health check failed: {exc!r}"]
        if problems:
            stats.set_value(keys.PROBLEMS, "; ".join(problems))
            logger.error("Outlet %s is unhealthy: %s", spider.name, "; ".join(problems))
        else:
            stats.set_value(keys.HEALTHY, True)

    def _problems(self, spider, stats) -> list[str]:
        plan = getattr(spider, "plan", None)
        stats.set_value(keys.DISCOVERED, plan.discovered() if plan is not None else 0)
        errors = plan.first_errors() if plan is not None else []
        if errors:
            stats.set_value(keys.ENDPOINT_ERRORS, errors[:50])
        problems = problems_of(stats.get_stats(), self.max_error_rate, self.min_coverage, self.min_yield, errors)
        # an archive backfill's windows are not comparable runs: no history to carry or compare with
        if getattr(spider, "outlets_from_items", False):
            self._freshness(stats, [])
            return problems
        try:
            trailing = history.trailing_runs(self.data_dir, spider.name, self.drift.runs)
        except OSError as exc:
            self._freshness(stats, [])
            return [*problems, f"run history unreadable, drift not judged: {exc}"]
        self._freshness(stats, trailing)
        problems += self._stale(stats)
        if (plan is not None and plan.backfill) or not getattr(spider, "judged_for_drift", True):
            return problems  # a backfill (-a since=) writes old articles by design: not a run to compare
        return problems + self._drift(spider, stats, trailing)

    def _freshness(self, stats, trailing: list[dict]) -> None:
        if self.body_chars:
            stats.set_value(keys.BODY_CHARS_MEDIAN, int(statistics.median(self.body_chars)))
        # the outlet's newest article: this run's, or an earlier run's when this one wrote nothing newer
        # (a quiet run, a backfill of old pages), so a feed that stopped shows as a lag that grows
        newest = max(filter(None, (self.newest, *(history.instant(r.get("newest_published_at")) for r in trailing))), default=None)
        if newest is not None:
            stats.set_value(keys.NEWEST_PUBLISHED, newest.isoformat())
            # how old the newest article was when the run ended (a site that stopped publishing grows it)
            stats.set_value(keys.LAG_SECONDS, round(max(0.0, (datetime.now(timezone.utc) - newest).total_seconds()), 1))

    def _stale(self, stats) -> list[str]:
        """An absolute limit on the lag: drift adapts to a lasting change, a feed that stopped must stay failed."""
        lag = stats.get_value(keys.LAG_SECONDS)
        if self.max_lag_hours and lag is not None and lag > self.max_lag_hours * 3600:
            return [f"stale: newest article {lag / 3600:.0f} h old, above {self.max_lag_hours:g} h"]
        return []

    def _drift(self, spider, stats, trailing: list[dict]) -> list[str]:
        current = history.run_record(spider.name, "", section_of(stats.get_stats()))
        problems = drift_problems(current, trailing, self.drift)
        stats.set_value(keys.DRIFT, {
            "judged": self.drift.judges(trailing),
            "trailing_runs": len(trailing), "problems": problems, "baseline": baseline(trailing) if trailing else None,
        })
        return [f"drift: {p}" for p in problems]


def run_failed(crawler) -> bool:
    """Unhealthy, or never started (the state could not be opened…): either way the command exits 1 and says so."""
    stats = getattr(crawler, "stats", None)
    return stats is None or stats.get_value("start_time") is None or bool(stats.get_value(keys.PROBLEMS))
