"""Shipped settings: polite, bounded, safe for unattended scheduled runs.

Every NEWSBOT_* setting is documented in the README ("Settings"). Override any
of them per run with ``-s NAME=VALUE``.
"""

import os

BOT_NAME = "newsbot"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "newsbot.commands"

# Identify the crawler honestly; operators should add their own contact URL.
USER_AGENT = os.environ.get(
    "NEWSBOT_USER_AGENT",
    "newsbot/0.1 (Arabic news archiver; Scrapy; +https://github.com/newsbot-ar/newsbot)",
)

# ---- politeness ----
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
# 429 and 503 belong to BackoffMiddleware (Retry-After, exponential backoff); the rest retry at once.
RETRY_HTTP_CODES = [500, 502, 504, 522, 524, 408]
RETRY_TIMES = 2
NEWSBOT_BACKOFF_HTTP_CODES = [429, 503]
NEWSBOT_BACKOFF_RETRIES = 5
NEWSBOT_BACKOFF_BASE = 5.0
NEWSBOT_BACKOFF_MAX_DELAY = 600.0
NEWSBOT_MAX_CRAWL_DELAY = 60.0

DOWNLOADER_MIDDLEWARES = {
    # After RetryMiddleware (550) on the way out, so 429/503 reach it first.
    "newsbot.crawl.politeness.BackoffMiddleware": 560,
    # Before RedirectMiddleware (600) on the way out: an offsite redirect becomes a named drop.
    "newsbot.crawl.redirects.OffsiteRedirectMiddleware": 610,
}
EXTENSIONS = {
    # Ordered after AutoThrottle (0): it re-raises delays AutoThrottle lowers below Crawl-delay.
    "newsbot.crawl.politeness.CrawlDelay": 100,
    # First: a run that finds its outlet locked by another run closes before anything else starts.
    "newsbot.crawl.locks.OutletLock": 10,
    "newsbot.crawl.state.State": 50,
    "newsbot.crawl.health.Health": 200,
    # After Health (its verdict is in the report): runs/<run_id>.json, .drops.jsonl, failed pages.
    "newsbot.crawl.report.RunReport": 300,
}
# A run fails (scrapy crawl exits 1) when nothing is discovered, when more than this share of
# article requests fail, or when fewer than this share of articles have a title, body and date.
NEWSBOT_HEALTH_MAX_ERROR_RATE = 0.5
NEWSBOT_HEALTH_MIN_COVERAGE = 0.8
# Run reports (newsbot/report.py) under <NEWSBOT_DATA_DIR>/runs/: <run_id>.json (a section per outlet),
# <run_id>.drops.jsonl (a line per dropped URL) and <run_id>/pages/<outlet>/ (copies of pages that were
# fetched but gave no valid article: the drop reasons below, shell globs). NEWSBOT_RUN_ID is set once
# per process by `scrapy crawl`/`crawlall` (the JSONL file carries the same id); -s sets your own.
NEWSBOT_REPORTS = True
NEWSBOT_REPORT_PAGE_MAXSIZE = 256 * 1024  # bytes kept of each saved page (the rest is cut)
NEWSBOT_REPORT_MAX_PAGES = 20  # pages saved per outlet per run
NEWSBOT_REPORT_PAGE_REASONS = ["missing_*", "empty_*", "invalid_*", "too_short", "language", "encoding", "not_html"]
NEWSBOT_PROGRESS_INTERVAL = 60  # seconds between progress lines per outlet; 0 for none

# ---- safety ----
REMOTE_CONTROL_ENABLED = False  # an HTTP endpoint that runs Python
TELNETCONSOLE_ENABLED = False
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024  # article pages; sitemaps and feeds use NEWSBOT_SITEMAP_MAXSIZE
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
NEWSBOT_SITEMAP_MAXSIZE = 50 * 1024 * 1024
# A scheduled run must not outlive its slot: close after 3 hours whatever happens.
CLOSESPIDER_TIMEOUT = 3 * 60 * 60
COOKIES_ENABLED = False

# ---- development: `-s HTTPCACHE_ENABLED=1` replays pages from .scrapy/httpcache ----
HTTPCACHE_ENABLED = False
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_IGNORE_HTTP_CODES = [429, 500, 502, 503, 504]

# ---- crawl window and output ----
NEWSBOT_DAYS = 2
NEWSBOT_DATA_DIR = os.environ.get("NEWSBOT_DATA_DIR", "data")
# State across runs (what was written or dropped): <NEWSBOT_STATE_DIR>/state.sqlite,
# by default <NEWSBOT_DATA_DIR>/.state. Articles written before are not requested again.
NEWSBOT_STATE_ENABLED = True
NEWSBOT_STATE_DIR = os.environ.get("NEWSBOT_STATE_DIR", "")
NEWSBOT_RETRY_DROPPED = 3  # a URL that gave no article is retried on later runs this many times
NEWSBOT_VALIDATION_PROFILE = "article"
NEWSBOT_MIN_WORDS = 30
NEWSBOT_LANGUAGES = ["ar"]  # detected from the text; others are dropped as "language"
# Near-duplicates (the same story republished, by any outlet): MinHash LSH kept in the state store.
# A copy of an article indexed within NEWSBOT_NEARDUP_DAYS carries duplicate_of (the first copy's id),
# or is dropped as "near_duplicate" with NEWSBOT_DROP_DUPLICATES. Similarity: estimated Jaccard of
# word 5-grams of the folded body.
NEWSBOT_NEARDUP_DAYS = 30
NEWSBOT_NEARDUP_THRESHOLD = 0.5
NEWSBOT_DROP_DUPLICATES = False
NEWSBOT_NEARDUP_BATCH = 512  # articles whose index rows go in one transaction; those waiting are still matched
NEWSBOT_NOISE_RULES = []  # extra rule files (TOML, like newsbot/noise_rules.toml)
NEWSBOT_CLEAN_MIN_BODY_WORDS = 15  # body words before an ending marker ends the article

ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedup.DedupPipeline": 300,
    "pipelines.jsonl.JsonlWriterPipeline": 900,
}

# Raw UTF-8 if a user adds -o/-O feeds of their own.
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
