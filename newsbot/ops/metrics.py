"""The Prometheus textfile (``NEWSBOT_METRICS_FILE``) for node_exporter's textfile collector.

Rewritten from ``latest.json`` after every outlet run, so it always holds every outlet's last run
(a crawl of one outlet does not blank the others). prometheus-client writes it atomically (a temp
file, then a rename): the collector never reads half a file. Names follow the Prometheus
conventions: a ``newsbot_`` prefix, base units (seconds), ``_timestamp_seconds`` for times.
"""

from __future__ import annotations

from pathlib import Path

from prometheus_client import CollectorRegistry, Gauge, write_to_textfile

from newsbot.ops import history


def _timestamp(value: str | None) -> float | None:
    moment = history.instant(value)
    return moment.timestamp() if moment is not None else None


def registry_of(latest: dict) -> CollectorRegistry:
    """The metrics of every outlet's last run (pure: a registry, not a file)."""
    registry = CollectorRegistry()
    written = Gauge("newsbot_last_run_articles_written", "Articles written by the outlet's last run.", ["outlet"], registry=registry)
    dropped = Gauge("newsbot_last_run_articles_dropped", "URLs and items the outlet's last run dropped, by reason.",
                    ["outlet", "reason"], registry=registry)
    healthy = Gauge("newsbot_outlet_healthy", "1 when the outlet's last run was healthy, else 0.", ["outlet"], registry=registry)
    drifting = Gauge("newsbot_outlet_drifting", "1 when the outlet's last run drifted from its trailing runs, else 0.", ["outlet"],
                     registry=registry)
    duration = Gauge("newsbot_last_run_duration_seconds", "How long the outlet's last run took.", ["outlet"], registry=registry)
    finished = Gauge("newsbot_last_run_timestamp_seconds", "When the outlet's last run finished (Unix time).", ["outlet"], registry=registry)
    success = Gauge("newsbot_last_success_timestamp_seconds", "When the outlet's last healthy run finished (Unix time).", ["outlet"],
                    registry=registry)
    lag = Gauge("newsbot_last_run_newest_article_lag_seconds", "Age of the newest written article when the last run ended.", ["outlet"],
                registry=registry)
    for outlet, entry in sorted((latest.get("outlets") or {}).items()):
        run = entry.get("last_run") or {}
        written.labels(outlet).set(run.get("written") or 0)
        for reason, n in sorted((run.get("drops") or {}).items()):
            dropped.labels(outlet, reason).set(n)
        healthy.labels(outlet).set(1 if entry.get("health") == "ok" else 0)
        drifting.labels(outlet).set(1 if run.get("drift") else 0)
        if run.get("duration_seconds") is not None:
            duration.labels(outlet).set(run["duration_seconds"])
        if (at := _timestamp(run.get("finished_at"))) is not None:
            finished.labels(outlet).set(at)
        # 0 (1970) for an outlet never healthy: an alert on the time since its last success fires for it too
        success.labels(outlet).set(_timestamp((entry.get("last_success") or {}).get("finished_at")) or 0)
        if run.get("lag_seconds") is not None:
            lag.labels(outlet).set(run["lag_seconds"])
    return registry


def write_metrics(path: Path | str, latest: dict) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_to_textfile(str(path), registry_of(latest))
