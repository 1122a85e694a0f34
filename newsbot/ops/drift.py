"""Drift: an outlet's run compared with its trailing runs, so a redesign that halves the volume or
loses the dates makes the run unhealthy even though the run alone looks fine.

Compared (each against the median of the trailing runs' values, ``newsbot.ops.history`` records):

- volume: written articles below ``volume`` × the median (judged when the median is at least
  ``min_articles``), and the entries discovery found below it too: a run that found the usual
  feeds full of articles written before is a quiet hour, not a broken outlet (the lag judges a
  feed that stopped growing);
- field coverage (title, date, authors, body): a fall of more than ``coverage`` points of share;
- median body length: below ``body`` × the median;
- the drop-reason mix: one reason's share of article requests up by more than ``drop_share`` points;
- newest-article lag: above ``lag`` × the median, and at least ``MIN_LAG_SECONDS``.

Coverage, body and mix are judged only when this run wrote at least ``min_articles`` (a share of
three articles says little). Pure: records in, problem texts out.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from newsbot.defaults import setting
from newsbot.ops.history import COVERAGE_FIELDS

# Below six hours a lag says nothing about drift: an outlet quiet overnight is not broken.
MIN_LAG_SECONDS = 6 * 3600
FIELD_NAMES = {"title": "title", "published_at": "date", "authors": "authors", "body": "body"}


@dataclass(frozen=True)
class Thresholds:
    """The limits (their defaults live in newsbot.defaults: ``from_settings({})`` gives them)."""

    runs: int
    min_runs: int
    min_articles: int
    volume: float
    coverage: float
    body: float
    drop_share: float
    lag: float

    @classmethod
    def from_settings(cls, settings) -> Thresholds:
        return cls(
            runs=setting(settings, "NEWSBOT_DRIFT_RUNS"),
            min_runs=setting(settings, "NEWSBOT_DRIFT_MIN_RUNS"),
            min_articles=setting(settings, "NEWSBOT_DRIFT_MIN_ARTICLES"),
            volume=setting(settings, "NEWSBOT_DRIFT_VOLUME"),
            coverage=setting(settings, "NEWSBOT_DRIFT_COVERAGE"),
            body=setting(settings, "NEWSBOT_DRIFT_BODY"),
            drop_share=setting(settings, "NEWSBOT_DRIFT_DROP_SHARE"),
            lag=setting(settings, "NEWSBOT_DRIFT_LAG"),
        )

    def judges(self, trailing: list[dict]) -> bool:
        """Enough trailing runs to compare with (and drift not turned off)."""
        return self.runs > 0 and len(trailing) >= self.min_runs


def _median(values) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.0f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def baseline(trailing: list[dict]) -> dict:
    """The trailing runs' medians that a run is compared with (pure; also shown in the report)."""
    requests = [max(r.get("article_requests") or 0, 1) for r in trailing]
    reasons = {reason for r in trailing for reason in (r.get("drops") or {})}
    return {
        "runs": len(trailing),
        "written": _median(r.get("written") or 0 for r in trailing),
        "discovered": _median(r.get("discovered") for r in trailing),
        "coverage": {f: _median((r.get("coverage") or {}).get(f) for r in trailing) for f in COVERAGE_FIELDS},
        "body_chars_median": _median(r.get("body_chars_median") for r in trailing),
        "drop_shares": {
            reason: _median((r.get("drops") or {}).get(reason, 0) / n for r, n in zip(trailing, requests, strict=True))
            for reason in sorted(reasons)
        },
        "lag_seconds": _median(r.get("lag_seconds") for r in trailing),
    }


def drift_problems(current: dict, trailing: list[dict], limits: Thresholds) -> list[str]:
    """What shifted in ``current`` beyond the limits, against the trailing runs (empty: none, or too few runs)."""
    if not limits.judges(trailing):
        return []
    base = baseline(trailing)
    problems: list[str] = []
    written, found, usual_found = current.get("written") or 0, current.get("discovered"), base["discovered"]
    if base["written"] is not None and base["written"] >= limits.min_articles and written < limits.volume * base["written"]:
        if found is None or usual_found is None:  # records from before discovery was recorded
            problems.append(f"volume {written} articles, trailing median {base['written']:g}")
        elif found < limits.volume * usual_found:
            problems.append(f"volume {written} articles ({found} found), trailing median {base['written']:g} ({usual_found:g} found)")
    if written >= limits.min_articles:
        coverage = current.get("coverage") or {}
        for field in COVERAGE_FIELDS:
            share, usual = coverage.get(field), base["coverage"][field]
            if share is not None and usual is not None and usual - share > limits.coverage:
                problems.append(f"{FIELD_NAMES[field]} coverage {share:.0%}, trailing median {usual:.0%}")
        body, usual_body = current.get("body_chars_median"), base["body_chars_median"]
        if body is not None and usual_body and body < limits.body * usual_body:
            problems.append(f"median body {body:,.0f} chars, trailing median {usual_body:,.0f}")
    requests = current.get("article_requests") or 0
    if requests >= limits.min_articles:
        for reason, n in sorted((current.get("drops") or {}).items()):
            share, usual = n / requests, base["drop_shares"].get(reason, 0.0)
            if share - usual > limits.drop_share:
                problems.append(f"{reason} {share:.0%} of article requests, trailing median {usual:.0%}")
    lag, usual_lag = current.get("lag_seconds"), base["lag_seconds"]
    if lag is not None and usual_lag is not None and lag > max(limits.lag * usual_lag, MIN_LAG_SECONDS):
        problems.append(f"newest article {_hours(lag)} old, trailing median {_hours(usual_lag)}")
    return problems
