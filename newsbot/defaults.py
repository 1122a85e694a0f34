"""Every ``NEWSBOT_*`` setting: its one default and what it means.

``newsbot/settings.py`` puts these defaults into the project's Scrapy settings;
components read them through ``setting(settings, NAME)``, which falls back to
the same default when a crawler was built without the project settings (tests,
`scrapy extract`). The README's settings table is generated from this list
(``python -m newsbot.defaults``) and a test checks it for drift.

Pure: no Scrapy import, so every layer may read it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    meaning: str
    shown: str | None = None  # the default as the README shows it, when repr() is not helpful

    @property
    def kind(self) -> type:
        return type(self.default)


KiB, MiB = 1024, 1024 * 1024

SETTINGS: tuple[Setting, ...] = (
    # ---- output and state ----
    Setting("NEWSBOT_DATA_DIR", os.environ.get("NEWSBOT_DATA_DIR", "data"), "Output root.", "`data` (or env `NEWSBOT_DATA_DIR`)"),
    Setting("NEWSBOT_STATE_ENABLED", True, "Remember across runs what was written and dropped."),
    Setting(
        "NEWSBOT_STATE_DIR", os.environ.get("NEWSBOT_STATE_DIR", ""),
        "Where `state.sqlite` and the outlet locks live.", "`<NEWSBOT_DATA_DIR>/.state` (or env `NEWSBOT_STATE_DIR`)",
    ),
    Setting(
        "NEWSBOT_STATE_URL", os.environ.get("NEWSBOT_STATE_URL", ""),
        "A PostgreSQL state shared by several machines (`postgresql://user@host:port/db`; the password from `~/.pgpass` or `PGPASSWORD`). Empty: the SQLite state of `NEWSBOT_STATE_DIR`.",
        "none: SQLite (or env `NEWSBOT_STATE_URL`)",
    ),
    Setting(
        "NEWSBOT_STORES", "",
        "The class that opens the state stores (seen articles, claims, near-duplicate index, leases), for a backend of your own.",
        "`newsbot.stores.sqlite.SQLiteStores`, or `newsbot.stores.postgres.PostgresStores` with `NEWSBOT_STATE_URL`",
    ),
    Setting(
        "NEWSBOT_NODE", os.environ.get("NEWSBOT_NODE", ""),
        "This machine's name in the state's claims: only a run of the same node settles the claims a killed run left (its `.part` lines are on this node's disk).",
        "`<hostname>:<absolute NEWSBOT_DATA_DIR>` (or env `NEWSBOT_NODE`)",
    ),
    Setting(
        "NEWSBOT_CLAIM_TTL", 86400.0,
        "Seconds after which an article claimed by a run that never wrote it (a node that died and did not come back) may be fetched by any node.",
    ),
    Setting("NEWSBOT_RETRY_DROPPED", 3, "Later runs that retry a URL whose page was dropped."),
    Setting(
        "NEWSBOT_STATE_BUSY_TIMEOUT", 30.0,
        "Seconds a call waits for a state database another process holds locked; then it fails, is counted (`newsbot/state/errors`) and the run is unhealthy.",
    ),
    Setting("NEWSBOT_RUN_ID", "", "Run id (letters, digits, `.`, `_`, `-`), shared by the report and the JSONL files of one process. Set by hand, it must be unique per run.", "set per process"),
    # ---- the crawl window (spider arguments land here before any component is built) ----
    Setting("NEWSBOT_DAYS", 2, "Default date window in days (`-a days=N`; `0`: no window)."),
    Setting("NEWSBOT_SINCE", "", "Window start, YYYY-MM-DD in the outlet's zone (`-a since=`); a backfill.", "none"),
    Setting("NEWSBOT_LIMIT", 0, "At most this many article requests per outlet (`-a limit=N`); `0`: no limit.", "`0` (none)"),
    Setting("NEWSBOT_REFRESH", False, "Fetch and write articles again even if an earlier run wrote them (`-a refresh=1`)."),
    # ---- extraction, cleaning, validation ----
    Setting("NEWSBOT_MIN_WORDS", 30, "Shorter bodies are dropped as `too_short` (and below it a page with an AMP copy is retried there)."),
    Setting("NEWSBOT_LANGUAGES", ["ar"], "Languages kept (detected from the text); others are dropped as `language`.", '`["ar"]`'),
    Setting("NEWSBOT_NOISE_RULES", [], "Extra noise rule files (TOML, the format of `newsbot/core/noise_rules.toml`).", "`[]`"),
    Setting("NEWSBOT_CLEAN_MIN_BODY_WORDS", 15, "Body words an ending marker must follow to end the article."),
    Setting("NEWSBOT_VALIDATION_PROFILE", "article", "`text` relaxes `url`/`title` (set by `scrapy extract x.txt`)."),
    # ---- near-duplicates ----
    Setting("NEWSBOT_NEARDUP_DAYS", 30, "Retention of the near-duplicate index: a copy of an article first written longer ago is not marked."),
    Setting("NEWSBOT_NEARDUP_THRESHOLD", 0.5, "Estimated Jaccard similarity (word 5-grams of the folded body) from which an article is a copy."),
    Setting("NEWSBOT_DROP_DUPLICATES", False, "Drop a near-duplicate (`near_duplicate`) instead of writing it with `duplicate_of`."),
    Setting(
        "NEWSBOT_NEARDUP_BATCH", 512,
        "Articles whose near-duplicate index rows are written in one transaction. Rows waiting are matched by every outlet of the process, and by other processes once written (at the latest when the run ends); a killed run's are rebuilt from its leftover lines.",
    ),
    # ---- health ----
    Setting("NEWSBOT_HEALTH_MAX_ERROR_RATE", 0.5, "Share of article requests that failed to download above which the run fails (exit 1)."),
    Setting(
        "NEWSBOT_HEALTH_MIN_YIELD", 0.5,
        "Share of article requests that must end as an article (written, or a known duplicate); below it the run fails, whatever the drops' reasons.",
    ),
    Setting("NEWSBOT_HEALTH_MIN_COVERAGE", 0.8, "Share of articles with title, body and date below which the run fails."),
    Setting(
        "NEWSBOT_HEALTH_MAX_LAG_HOURS", 72,
        "The newest article older than this many hours when a run ends: the outlet is stale and the run fails, whatever its trailing runs (`0`: never).",
    ),
    # ---- run reports ----
    Setting("NEWSBOT_REPORTS", True, "Write run reports, drop lines and page copies under `<NEWSBOT_DATA_DIR>/runs/`."),
    Setting("NEWSBOT_REPORT_PAGE_MAXSIZE", 256 * KiB, "Bytes kept of each saved page (the rest is cut).", "256 KiB"),
    Setting("NEWSBOT_REPORT_MAX_PAGES", 20, "Pages saved per outlet per run."),
    Setting(
        "NEWSBOT_REPORT_PAGE_REASONS", ["missing_*", "empty_*", "invalid_*", "too_short", "language", "encoding", "not_html", "extraction_error"],
        "Drop reasons (shell globs) whose page is saved.", "`missing_*`, `empty_*`, `invalid_*`, `too_short`, `language`, `encoding`, `not_html`, `extraction_error`",
    ),
    Setting(
        "NEWSBOT_OUTLETS_STATUS", "outlets-status.json",
        "Where `scrapy probe` records each outlet's last check, and `scrapy outlets --markdown` reads it (relative: to the working directory).",
    ),
    Setting("NEWSBOT_PROGRESS_INTERVAL", 60.0, "Seconds between progress lines per outlet; `0` for none."),
    # ---- operations: alerts, metrics, drift, retention ----
    Setting(
        "NEWSBOT_ALERT_WEBHOOK", os.environ.get("NEWSBOT_ALERT_WEBHOOK", ""),
        "URL that gets one JSON POST per unhealthy outlet run (empty: no alerts).", "`''` (or env `NEWSBOT_ALERT_WEBHOOK`)",
    ),
    Setting("NEWSBOT_ALERT_TIMEOUT", 10.0, "Seconds an alert POST may take before it is given up (and logged)."),
    Setting(
        "NEWSBOT_METRICS_FILE", os.environ.get("NEWSBOT_METRICS_FILE", ""),
        "Prometheus textfile (node_exporter's textfile collector) rewritten atomically after each outlet run (empty: none).",
        "`''` (or env `NEWSBOT_METRICS_FILE`)",
    ),
    Setting("NEWSBOT_DRIFT_RUNS", 14, "Trailing runs of an outlet a run is compared with (`0`: no drift checks)."),
    Setting("NEWSBOT_DRIFT_MIN_RUNS", 3, "Trailing runs needed before drift is judged."),
    Setting("NEWSBOT_DRIFT_MIN_ARTICLES", 10, "Articles a run (or the trailing median) needs before its volume, coverage and drop mix are judged."),
    Setting("NEWSBOT_DRIFT_VOLUME", 0.5, "Written articles, and the entries discovery found, both below this share of their trailing medians: drift."),
    Setting("NEWSBOT_DRIFT_COVERAGE", 0.2, "Fall of a field's coverage (title, date, authors, body) below the trailing median, in points of share: drift."),
    Setting("NEWSBOT_DRIFT_BODY", 0.5, "Median body length below this share of the trailing median: drift."),
    Setting("NEWSBOT_DRIFT_DROP_SHARE", 0.2, "Rise of one drop reason's share of article requests above its trailing median, in points: drift."),
    Setting("NEWSBOT_DRIFT_LAG", 3.0, "Newest-article lag above this multiple of the trailing median (and at least 6 h): drift."),
    Setting("NEWSBOT_RETENTION_DAYS", 90, "Run reports, drop lines, saved pages and logs older than this are deleted at the end of a run (`0`: kept)."),
    # ---- Common Crawl CC-NEWS backfill (`scrapy crawl ccnews`) ----
    Setting(
        "NEWSBOT_CCNEWS_BASE", os.environ.get("NEWSBOT_CCNEWS_BASE", "https://data.commoncrawl.org/"),
        "Where the archive is read: listings at `<base>crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz`, files at `<base><path>`.",
        "`https://data.commoncrawl.org/` (or env `NEWSBOT_CCNEWS_BASE`)",
    ),
    Setting("NEWSBOT_CCNEWS_RETRIES", 3, "Times a WARC file whose download breaks (a reset, a truncated record) is read again from its last offset."),
    Setting("NEWSBOT_CCNEWS_TIMEOUT", 120.0, "Seconds without a byte from the archive after which its connection counts as broken."),
    Setting("NEWSBOT_CCNEWS_CHECKPOINT", 5.0, "Seconds between records of a file's offset in the state (a resumed run re-reads at most this much)."),
    # ---- politeness and safety ----
    Setting("NEWSBOT_SITEMAP_MAXSIZE", 50 * MiB, "Size cap for feeds and sitemaps (pages: `DOWNLOAD_MAXSIZE`, 5 MiB).", "50 MiB"),
    Setting("NEWSBOT_BACKOFF_HTTP_CODES", [429, 503], "Answered by waiting, not by retrying at once.", "`[429, 503]`"),
    Setting("NEWSBOT_BACKOFF_RETRIES", 5, "Retries after such an answer."),
    Setting("NEWSBOT_BACKOFF_BASE", 5.0, "Seconds of the first backoff without Retry-After (then ×2, ±25% jitter)."),
    Setting("NEWSBOT_BACKOFF_MAX_DELAY", 600.0, "Cap on a backoff wait, seconds; a Retry-After asking for longer gives the URL up at once (`retry_after_too_long`)."),
    Setting("NEWSBOT_BACKOFF_BUDGET", 1800.0, "Seconds of backoff a run may spend in all; past it a 429/503 is not waited for (`newsbot/backoff/budget_spent`). `0`: no budget."),
    Setting("NEWSBOT_MAX_CRAWL_DELAY", 60.0, "Cap on a robots.txt Crawl-delay, seconds."),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def defaults() -> dict[str, Any]:
    """NAME -> default, for the Scrapy settings module (lists copied: a default is never shared)."""
    return {s.name: list(s.default) if isinstance(s.default, list) else s.default for s in SETTINGS}


def setting(settings, name: str) -> Any:
    """A NEWSBOT_* setting from Scrapy settings (or any mapping), typed like its default.

    The one place a default comes from: a crawler built without the project
    settings gets the same value as `scrapy crawl`.
    """
    declared = BY_NAME[name]  # KeyError: an undeclared NEWSBOT_* name is a bug
    default = defaults()[name]
    if not hasattr(settings, "getbool"):  # a plain dict
        value = settings.get(name, default)
        return default if value is None else value
    if declared.kind is bool:
        return settings.getbool(name, default)
    if declared.kind is int:
        return settings.getint(name, default)
    if declared.kind is float:
        return settings.getfloat(name, default)
    if declared.kind is list:
        return settings.getlist(name, default)
    value = settings.get(name, default)
    return default if value is None else value


def markdown() -> str:
    """The README's settings table."""
    lines = ["| setting | default | meaning |", "|---|---|---|"]
    for s in SETTINGS:
        shown = s.shown or f"`{s.default!r}`"
        lines.append(f"| `{s.name}` | {shown} | {s.meaning} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
