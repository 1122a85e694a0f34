"""Shipped settings: polite, bounded, safe for unattended scheduled runs.

Scrapy's own settings are set here; every NEWSBOT_* default lives in
newsbot/defaults.py (the README's settings table is generated from it) and is
added to this module below. Override any of them per run with ``-s NAME=VALUE``.
"""

import os

from newsbot.defaults import defaults as _newsbot_defaults

BOT_NAME = "newsbot"
SPIDER_MODULES = ["spiders", "newsbot.crawl.ccnews"]  # the outlets, and the CC-NEWS backfill
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "newsbot.commands"
# Scrapy's loader, plus: a wrong outlet file ends the command with its message; drafts are not listed.
SPIDER_LOADER_CLASS = "newsbot.crawl.registry.OutletSpiderLoader"

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

# Responses pass the downloader middlewares from the highest number down (requests go up).
DOWNLOADER_MIDDLEWARES = {
    # 560, above RetryMiddleware (550): a 429 or 503 response reaches it before RetryMiddleware's retry.
    "newsbot.crawl.politeness.BackoffMiddleware": 560,
    # 570, above RetryMiddleware too: it counts every failed attempt, each retry and robots.txt included.
    "newsbot.crawl.reachability.ReachabilityMiddleware": 570,
    # 610, above RedirectMiddleware (600): it sees a 3xx before it is followed, so an offsite redirect
    # becomes a named drop.
    "newsbot.crawl.redirects.OffsiteRedirectMiddleware": 610,
}
EXTENSIONS = {
    # Ordered after AutoThrottle (0): it re-raises delays AutoThrottle lowers below Crawl-delay.
    "newsbot.crawl.politeness.CrawlDelay": 100,
    # Keeps each host's robots.txt: an article records the AI crawlers it disallows for its URL (robots_ai).
    "newsbot.crawl.rights.RobotsRights": 110,
    # First: a run that finds its outlet locked by another run closes before anything else starts.
    "newsbot.crawl.locks.OutletLock": 10,
    "newsbot.crawl.state.State": 50,
    "newsbot.crawl.health.Health": 200,
    # After Health (its verdict is in the report): runs/<run_id>.json, .drops.jsonl, failed pages.
    "newsbot.crawl.report.RunReport": 300,
}
# Health (newsbot/crawl/health.py): a run fails (scrapy crawl exits 1) when nothing is discovered, when
# most article requests end without an article, or when too many fail or lack a title, body or date.
# Run reports (newsbot/crawl/report.py) under <NEWSBOT_DATA_DIR>/runs/: <run_id>.json, <run_id>.drops.jsonl
# and copies of pages that gave no valid article. NEWSBOT_RUN_ID is set once per process by
# `scrapy crawl`/`crawlall` (the JSONL file carries the same id); -s sets your own.

# Scrapy's HTTP/1.1 handler, whose close cannot fire its Deferred twice (newsbot/crawl/download.py).
DOWNLOAD_HANDLERS = {
    "http": "newsbot.crawl.download.HTTP11DownloadHandler",
    "https": "newsbot.crawl.download.HTTP11DownloadHandler",
}

# ---- safety ----
REMOTE_CONTROL_ENABLED = False  # an HTTP endpoint that runs Python
TELNETCONSOLE_ENABLED = False
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024  # article pages; sitemaps and feeds use NEWSBOT_SITEMAP_MAXSIZE
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# A scheduled run must not outlive its slot: close after 3 hours whatever happens.
CLOSESPIDER_TIMEOUT = 3 * 60 * 60
COOKIES_ENABLED = False

# ---- development: `-s HTTPCACHE_ENABLED=1` replays pages from .scrapy/httpcache ----
HTTPCACHE_ENABLED = False
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_IGNORE_HTTP_CODES = [429, 500, 502, 503, 504]

# Pages become articles in the spider (newsbot.extraction.article.build_article); then:
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedup.DedupPipeline": 300,
    "pipelines.jsonl.JsonlWriterPipeline": 900,
}

# Raw UTF-8 if a user adds -o/-O feeds of their own.
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Every NEWSBOT_* setting, with its one default (newsbot/defaults.py).
globals().update(_newsbot_defaults())
