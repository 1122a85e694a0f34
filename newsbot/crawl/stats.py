"""Every crawl-stats key newsbot writes: one name per key (prefixes end with "/" and take a suffix).

Run reports, health checks, the summaries and the tests read them by these names.
"""

# discovery
DISCOVERY = "newsbot/discovery/"  # + the kind of listing read: feed, urlset, sitemapindex, listing_page
ARTICLE_REQUESTS = "newsbot/discovery/article_requests"
SKIPPED = "newsbot/discovery/skipped/"  # + why an entry was not requested (newsbot.discovery.admission)
FAILED = "newsbot/discovery/failed/"  # + the kind of a discovery source that failed
ROBOTS_FALLBACK = "newsbot/discovery/robots_fallback"
BACKFILL_ROBOTS = "newsbot/discovery/backfill_robots"
LISTING_STOP = "newsbot/discovery/listing_stop/"  # + why a listing walk stopped
AMP_FALLBACK = "newsbot/discovery/amp_fallback"
HOME_FEED = "newsbot/discovery/home_feed"
# what became of article pages
DROP = "newsbot/drop/"  # + reason: every URL or item that gave no article
CLEAN = "newsbot/clean/"  # + rule: what cleaning removed
DECODE_REPAIRED = "newsbot/decode/repaired/"  # + "<declared>-><used>"
DECODE_REPLACEMENTS = "newsbot/decode/replacement_chars"  # stray undecodable bytes removed
NEAR_DUPLICATE = "newsbot/dedup/near_duplicate"
DEDUP = "newsbot/dedup/"
PRUNED = "newsbot/dedup/pruned"
# output
WRITTEN = "newsbot/jsonl/written"
JSONL_PATH = "newsbot/jsonl/path"
FINALISED_LEFTOVER = "newsbot/jsonl/finalised_leftover"
TRIMMED_BYTES = "newsbot/jsonl/trimmed_bytes"
COVERAGE = "newsbot/coverage/"  # + field
LEFTOVER_KEPT = "newsbot/jsonl/leftover_kept"  # an earlier run's .part that could not be finalised yet
# storage and state faults (a full disk, a locked or failing state database)
STORAGE_ERROR = "newsbot/storage/error"  # why the output stopped
STATE_ERRORS = "newsbot/state/errors"  # outcomes the state could not record
STATE_ERROR = "newsbot/state/error"  # the first such error
# health and reports
DISCOVERED = "newsbot/health/discovered"
PROBLEMS = "newsbot/health/problems"
HEALTHY = "newsbot/health/ok"
ENDPOINT_ERRORS = "newsbot/health/endpoint_errors"  # the first error of each endpoint that failed (a list)
DRIFT = "newsbot/health/drift"  # {judged, trailing_runs, problems, baseline}: the run against its trailing runs
NEWEST_PUBLISHED = "newsbot/freshness/newest_published_at"  # the outlet's newest article (this run's or an earlier one's), ISO 8601
LAG_SECONDS = "newsbot/freshness/lag_seconds"  # how old that article was when the run ended
BODY_CHARS_MEDIAN = "newsbot/quality/body_chars_median"
BUILD = "newsbot/report/build"  # {version, commit, config_hash, arguments}
MANIFEST = "newsbot/jsonl/manifest"  # [{path, rows, bytes, sha256}] of the published files
ALERT = "newsbot/alert/"  # + sent | failed
RETENTION_DELETED = "newsbot/retention/deleted"
REPORT_PATH = "newsbot/report/path"
REPORT_RUN_ID = "newsbot/report/run_id"
REPORT_DROPS = "newsbot/report/drops"
PAGES_SAVED = "newsbot/report/pages_saved"
PAGES_TRUNCATED = "newsbot/report/pages_truncated"
# politeness
CRAWL_DELAY = "newsbot/crawl_delay/"  # + host: the robots.txt Crawl-delay applied as a floor
BACKOFF = "newsbot/backoff/"  # + status: a 429/503 waited out
BACKOFF_GAVE_UP = "newsbot/backoff/gave_up/"  # + status
BACKOFF_RETRY = "newsbot/backoff/retry"  # Scrapy's retry stats base key
BACKOFF_BUDGET_SPENT = "newsbot/backoff/budget_spent"  # 429/503s given up because the run's budget was spent
OFFSITE_REDIRECT = "newsbot/redirect/offsite"
REDIRECT_LOOP = "newsbot/redirect/loop"
# the CC-NEWS archive (`scrapy crawl ccnews`)
ARCHIVE_SKIPPED = "newsbot/ccnews/skipped/"  # + reason: records that are not articles (never drops)
ARCHIVE_RECORDS = "newsbot/ccnews/records"  # every record read
ARCHIVE_BYTES = "newsbot/ccnews/bytes"  # compressed bytes read from the archive
ARCHIVE_FILES_IN_WINDOW = "newsbot/ccnews/files_in_window"
ARCHIVE_FILES_DONE = "newsbot/ccnews/files_done"
ARCHIVE_FILES_FAILED = "newsbot/ccnews/files_failed"  # not read to the end after every retry: unhealthy
ARCHIVE_FILE_ERRORS = "newsbot/ccnews/file_errors"  # broken downloads, retried
ARCHIVE_WRITTEN = "newsbot/ccnews/written/"  # + outlet
# Scrapy's own
SPIDER_EXCEPTIONS = "spider_exceptions/count"


def prefixed(stats: dict, prefix: str) -> dict:
    """The keys under a prefix, without it, sorted."""
    return {k.removeprefix(prefix): v for k, v in sorted(stats.items()) if k.startswith(prefix)}
