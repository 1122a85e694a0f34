"""The dashboard (`scrapy report --html PATH`): one self-contained HTML page from the run history and the output.

Files in, one file out, nothing fetched: every chart is an inline SVG drawn by matplotlib (text kept as
text, so the browser shapes any Arabic; ids fixed, so the same inputs give the same page), no script,
no stylesheet or font from elsewhere. Read:

- the output, ``<data>/<outlet>/<YYYY-MM-DD>/<run_id>.jsonl``, streamed: articles per outlet per UTC day
  of ``crawled_at`` and the field coverage of the articles that arrived in the window;
- the run history and ``latest.json`` (``newsbot.ops.history``): drops by reason per day, health,
  drift, last run and last success, freshness lag, near-duplicate share, ``written`` per run.

Each chart is a function returning SVG text, so each is tested on its own; ``build_page`` joins them.
"""

from __future__ import annotations

import functools
import html
import io
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ParamSpec

import matplotlib
import numpy as np
import orjson
from matplotlib.artist import Artist
from matplotlib.colors import Colormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Transform, offset_copy
from matplotlib.typing import RcKeyType

from newsbot.core.files import replace_atomically
from newsbot.ops import history
from newsbot.ops.drift import MIN_LAG_SECONDS
from newsbot.ops.history import COVERAGE_FIELDS

P = ParamSpec("P")

DEFAULT_DAYS = 30
SPARKLINE_RUNS = 48  # two days of hourly runs: the shape of the recent past, still readable at 150 px
TOP_REASONS = 9  # drop reasons drawn by name; the rest are summed as "other" (tab10 has ten colours)
# An article is crawled during its run, and a run is filed under the day it started: a day directory
# this much older than the window cannot hold an article crawled inside it.
RUN_SPAN = timedelta(days=2)

# Drawing: every chart is one matplotlib Figure (not pyplot's, so nothing global is kept or needs closing).
ROW_INCHES = 0.2  # one outlet per row in the per-outlet charts, so they line up side by side
DAY_INCHES = 0.34  # wide enough for a four-digit count at CELL_FONT
CELL_FONT = 6.5
LABEL_FONT = 7.5
SVG_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text stays <text>: selectable, and shaped by the browser
    "svg.hashsalt": "newsbot-dashboard",  # clip-path and marker ids stable from one build to the next
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # one name per <text>, not matplotlib's fallback list of twelve
    "font.size": LABEL_FONT,
    "path.simplify": False,  # every run stays a vertex of its sparkline
}
# Matplotlib's SVG names its creator (a URL), its date and a Dublin Core type (more URLs): none of them wanted.
SVG_METADATA: dict[str, str | None] = {"Date": None, "Creator": None, "Format": None, "Type": None}
NO_DATA = "#e8e8e8"
ZERO_RUN = "#c0392b"
BLUES = matplotlib.colormaps["Blues"].with_extremes(bad=NO_DATA)
BLUES_TOP = 1.25  # the busiest day is not the darkest blue: its label stays readable
COVERAGE_COLOURS = matplotlib.colormaps["RdYlGn"].with_extremes(bad=NO_DATA)
LAG_COLOURS = ((MIN_LAG_SECONDS, "#2e8b57"), (24 * 3600, "#e0a800"), (float("inf"), "#c0392b"))


# ---- reading ----

@dataclass
class OutputTally:
    """What the output holds for the window: counts by outlet and UTC day, and field coverage."""

    articles: dict[str, Counter[date]] = field(default_factory=lambda: defaultdict(Counter))
    with_field: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    files: int = 0
    torn_lines: int = 0

    def total(self, outlet: str) -> int:
        return sum(self.articles[outlet].values()) if outlet in self.articles else 0


@dataclass
class OutletStatus:
    """An outlet's standing now: its last run and last success (``latest.json``, else its history)."""

    outlet: str
    health: str | None  # "ok" | "unhealthy" | None: no finished run recorded
    problems: list[str]
    drift: list[str]
    last_run_at: str | None
    last_success_at: str | None
    written_last_run: int | None
    lag_seconds: float | None
    written_runs: list[int]  # ``written`` of its last SPARKLINE_RUNS runs that did work, oldest first


@dataclass
class DashboardData:
    data_dir: Path
    built_at: datetime
    days: list[date]
    outlets: list[str]
    output: OutputTally
    status: dict[str, OutletStatus]
    drops: dict[date, Counter[str]]  # all outlets' drops by the day their run finished
    near_duplicates: dict[str, tuple[int, int]]  # outlet -> (near duplicates, written) over the window
    run_days: dict[str, set[date]]  # the days an outlet finished a run that did work
    runs: int  # runs that did work, finished in the window

    @property
    def empty(self) -> bool:
        return not self.outlets

    @property
    def articles(self) -> int:
        return sum(self.output.total(o) for o in self.outlets)

    @property
    def unhealthy(self) -> list[str]:
        return [o for o in self.outlets if self.status[o].health == "unhealthy"]


def utc_day(timestamp: str | None) -> str | None:
    """The UTC day (``YYYY-MM-DD``) of an ISO 8601 time, a time without an offset taken as UTC; None when
    unreadable. Text, not a date: compared with the window's days as text, and a time in UTC (what the
    crawl writes) is read from its first ten characters without parsing."""
    if not isinstance(timestamp, str) or len(timestamp) < 10:
        return None
    if timestamp.endswith(("+00:00", "Z")) and timestamp[4:5] == "-":
        return timestamp[:10]
    moment = history.instant(timestamp)
    return moment.astimezone(timezone.utc).date().isoformat() if moment is not None else None


def read_output(data_dir: Path, first: date, last: date) -> OutputTally:
    """Stream the output's JSONL files and count the articles crawled from ``first`` to ``last`` (UTC days).

    Skipped: ``.part`` files (a run still writing), ``runs/``, dot directories (``.state``) and anything
    not shaped ``<outlet>/<YYYY-MM-DD>/``; a line that is not a JSON object is counted as torn."""
    tally = OutputTally()
    oldest_dir = first - RUN_SPAN
    for path in history.output_files(data_dir):
        try:
            filed = date.fromisoformat(path.parent.name)
        except ValueError:  # shaped like a day, not one (2026-13-45)
            continue
        if oldest_dir <= filed <= last:
            tally.files += 1
            _tally_file(path, path.parts[-3], first.isoformat(), last.isoformat(), tally)
    return tally


def _tally_file(path: Path, outlet: str, first: str, last: str, tally: OutputTally) -> None:
    days: Counter[str] = Counter()
    have = dict.fromkeys(COVERAGE_FIELDS, 0)
    loads, JSONDecodeError = orjson.loads, orjson.JSONDecodeError  # the loop runs once per article: locals
    with path.open("rb") as lines:
        for line in lines:
            try:
                article = loads(line)
            except JSONDecodeError:
                tally.torn_lines += bool(line.strip())  # a blank line is not torn
                continue
            if type(article) is not dict:
                tally.torn_lines += 1
                continue
            crawled = article.get("crawled_at")
            # the writer's UTC times are read from their first ten characters, others parsed
            day = crawled[:10] if type(crawled) is str and crawled.endswith("+00:00") else utc_day(crawled)
            if day is None or not first <= day <= last:
                continue
            days[day] += 1
            for name in COVERAGE_FIELDS:  # a field is there when not null, empty text or an empty list
                if article.get(name):
                    have[name] += 1
    for day, n in days.items():
        tally.articles[outlet][date.fromisoformat(day)] += n
    if days:
        tally.with_field[outlet].update(have)


def _finished_day(record: dict) -> str | None:
    return utc_day(record.get("finished_at")) or utc_day(record.get("started_at"))


def outlet_status(outlet: str, records: list[dict], latest_entry: dict | None) -> OutletStatus:
    """An outlet's health, problems, drift, last run and success, lag and sparkline values (pure)."""
    done = [r for r in records if r.get("finish_reason") != history.ALREADY_RUNNING]
    last_run = (latest_entry or {}).get("last_run") or (done[-1] if done else None)
    if latest_entry and latest_entry.get("last_run"):
        last_success = latest_entry.get("last_success")
        health = latest_entry.get("health")
    else:
        last_success = next((r for r in reversed(done) if r.get("healthy")), None)
        health = None if last_run is None else ("ok" if last_run.get("healthy") else "unhealthy")
    return OutletStatus(
        outlet=outlet,
        health=health,
        problems=list((last_run or {}).get("problems") or []),
        drift=list((last_run or {}).get("drift") or []),
        last_run_at=(last_run or {}).get("finished_at"),
        last_success_at=(last_success or {}).get("finished_at"),
        written_last_run=(last_run or {}).get("written"),
        lag_seconds=(last_run or {}).get("lag_seconds"),
        written_runs=[int(r.get("written") or 0) for r in done[-SPARKLINE_RUNS:]],
    )


def gather(data_dir: Path | str, days: int = DEFAULT_DAYS, now: datetime | None = None) -> DashboardData:
    """Everything the page shows, for the ``days`` UTC days up to ``now``'s (today)."""
    data_dir = Path(data_dir)
    built_at = now or datetime.now(timezone.utc)
    last = built_at.astimezone(timezone.utc).date()
    window = [last - timedelta(days=n) for n in range(days - 1, -1, -1)]
    output = read_output(data_dir, window[0], last)
    latest = history.read_latest(data_dir).get("outlets") or {}
    outlets = sorted(set(history.outlets_with_history(data_dir)) | set(latest) | set(output.articles))
    status, run_days, near = {}, {}, {}
    drops: dict[str, Counter[str]] = defaultdict(Counter)
    first, today = window[0].isoformat(), last.isoformat()
    runs = 0
    for outlet in outlets:
        records = history.read_history(data_dir, outlet)
        status[outlet] = outlet_status(outlet, records, latest.get(outlet))
        near_duplicates = written = 0
        ran: set[str] = set()
        for record in records:
            day = _finished_day(record)
            if day is None or not first <= day <= today or record.get("finish_reason") == history.ALREADY_RUNNING:
                continue
            runs += 1
            ran.add(day)
            if record.get("drops"):
                drops[day].update(record["drops"])
            near_duplicates += int(record.get("near_duplicates") or 0)
            written += int(record.get("written") or 0)
        run_days[outlet] = {date.fromisoformat(d) for d in ran}
        near[outlet] = (near_duplicates, written)
    by_day = {date.fromisoformat(d): reasons for d, reasons in drops.items()}
    return DashboardData(data_dir, built_at, window, outlets, output, status, by_day, near, run_days, runs)


# ---- drawing ----

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_ID = re.compile(r'(?<=\s)id="')
_REFERENCE = re.compile(r'(url\(#|href="#)')


def svg_text(fig: Figure, prefix: str) -> str:
    """The figure as inline SVG: no XML prolog or DOCTYPE, and every id (and reference to one) prefixed,
    so the many SVGs of one page never share an id ("figure_1", "axes_1" and clip paths repeat)."""
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_RC):
        fig.savefig(buffer, format="svg", metadata=SVG_METADATA)
    text = _PROLOG.sub("", buffer.getvalue(), count=1)
    text = _ID.sub(f'id="{prefix}-', text)
    return _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-", text)


def _drawn(chart: Callable[P, str]) -> Callable[P, str]:
    """Run a chart function under the dashboard's matplotlib settings: text made and drawn alike."""

    @functools.wraps(chart)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> str:
        with matplotlib.rc_context(SVG_RC):
            return chart(*args, **kwargs)

    return drawn


def _margins(fig: Figure, width: float, height: float, left: float, right: float, top: float, bottom: float) -> None:
    """Margins in inches (the rows keep their height whatever the number of outlets)."""
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height)


Label = tuple[float, float, str, str, str | None]  # x, y, text, colour, id


class Labels(Artist):
    """Many labels of one style, drawn by one reused Text.

    At 60 outlets × 30 days a chart has 1800 cell labels: as Text artists (or ticks, five artists each)
    creating and laying them out is most of the page's build time. Unturned labels are measured once
    per distinct text and handed to the renderer directly, aligned as Text aligns them (its "lp" line
    height); the reused Text is the SVG writer's anchor (``text-anchor``), so the browser centres them."""

    def __init__(self, labels: list[Label], transform: Transform | None = None, **text_props) -> None:
        super().__init__()
        self.labels = labels
        self.label_transform = transform  # None: the axes' data coordinates
        self.text_props = {"ha": "center", "va": "center", "fontsize": CELL_FONT, **text_props}

    def draw(self, renderer) -> None:
        text = Text(0, 0, "", **self.text_props)
        text.set_figure(self.figure)
        assert self.axes is not None, "Labels are added to an Axes"
        transform = self.label_transform or self.axes.transData
        text.set_transform(transform)
        if text.get_rotation():
            for x, y, label, colour, gid in self.labels:  # few (column names): Text lays each out
                text.set_position((x, y))
                text.set_text(label)
                text.set_color(colour)
                text.set_gid(gid)
                text.draw(renderer)
            return
        prop = text.get_fontproperties()
        _, line_height, line_descent = renderer.get_text_width_height_descent("lp", prop, ismath=False)
        _, canvas_height = renderer.get_canvas_width_height()
        across = {"left": 0.0, "center": 0.5, "right": 1.0}[text.get_horizontalalignment()]
        valign = text.get_verticalalignment()
        measured: dict[str, tuple[float, float, float]] = {}
        gc = renderer.new_gc()
        for x, y, label, colour, gid in self.labels:
            if label not in measured:
                w, h, d = renderer.get_text_width_height_descent(label, prop, ismath=False)
                measured[label] = (w, max(h, line_height), max(d, line_descent))
            width, height, descent = measured[label]
            px, py = transform.transform((x, y))
            baseline = py + descent - {"center": height / 2, "top": height, "bottom": 0.0}.get(valign, descent)
            text.set_position((x, y))
            gc.set_foreground(colour)
            renderer.open_group("text", gid)
            renderer.draw_text(gc, px - across * width, canvas_height - baseline if renderer.flipy() else baseline,
                               label, prop, 0, ismath=False, mtext=text)
            renderer.close_group("text")
        gc.restore()


def _row_labels(ax, names: Sequence[str], offset: float) -> None:
    """The outlet names left of the rows (at ``i + offset`` in data y), in place of ticks."""
    ax.set_yticks([])
    beside = offset_copy(ax.get_yaxis_transform(), fig=ax.figure, x=-3, units="points")
    ax.add_artist(Labels([(0, i + offset, name, "#1a1a1a", None) for i, name in enumerate(names)], beside,
                         ha="right", fontsize=LABEL_FONT))


def _column_labels(ax, names: Sequence[str], offset: float) -> None:
    """Column names above and below the columns (tall charts), turned upright, in place of ticks."""
    ax.set_xticks([])
    for y, dy, va in ((1, 3, "bottom"), (0, -3, "top")):
        along = offset_copy(ax.get_xaxis_transform(), fig=ax.figure, y=dy, units="points")
        ax.add_artist(Labels([(j + offset, y, name, "#1a1a1a", None) for j, name in enumerate(names)], along,
                             va=va, rotation=90, fontsize=LABEL_FONT))


def _ink(background) -> str:
    """White on a dark cell, near-black on a light one (relative luminance, as WCAG weighs it)."""
    r, g, b = to_rgb(background)
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45 else "#1a1a1a"


def _cells(ax, values: np.ma.MaskedArray, cmap: Colormap, vmax: float, labels: list[Label]) -> None:
    """A grid of coloured, labelled cells, row 0 on top, white rules between them. ``interpolation="none"``
    embeds the colours as an image of one pixel per cell, scaled by the browser: 1800 cells as paths
    would take a second to write."""
    rows, columns = values.shape
    ax.imshow(values, cmap=cmap, vmin=0, vmax=vmax, interpolation="none", aspect="auto", extent=(0, columns, rows, 0))
    ax.hlines(np.arange(1, rows), 0, columns, colors="white", linewidth=0.8)
    ax.vlines(np.arange(1, columns), 0, rows, colors="white", linewidth=0.8)
    ax.add_artist(Labels(labels))
    ax.set_xlim(0, columns)
    ax.set_ylim(rows, 0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _label_inches(labels: Iterable[str]) -> float:
    return 0.3 + 0.062 * max((len(s) for s in labels), default=4)


def _day_label(day: date) -> str:
    return day.strftime("%b %d")


@_drawn
def articles_heatmap_svg(data: DashboardData) -> str:
    """Articles per outlet per UTC day: one labelled cell per outlet-day.

    The number is the count; the colour is the count against the outlet's own busy day (90th percentile
    of its days with articles), so a small outlet going quiet shows as well as a big one. A grey cell
    with "·": no run finished that day and nothing arrived; a red "0": runs finished, nothing arrived."""
    outlets, days = data.outlets, data.days
    counts = np.array([[data.output.articles[o][d] if o in data.output.articles else 0 for d in days] for o in outlets], dtype=float)
    ran = np.array([[d in data.run_days.get(o, ()) for d in days] for o in outlets], dtype=bool)
    busy = np.array([np.percentile(row[row > 0], 90) if (row > 0).any() else 1.0 for row in counts])
    shade = np.ma.masked_where((counts == 0) & ~ran, np.clip(counts / busy[:, None], 0, 1))
    labels: list[Label] = []
    for i, outlet in enumerate(outlets):
        for j, day in enumerate(days):
            n = int(counts[i, j])
            if n:
                label, colour = str(n), _ink(BLUES(shade[i, j] / BLUES_TOP))
            elif ran[i, j]:
                label, colour = "0", ZERO_RUN
            else:
                label, colour = "·", "#9a9a9a"
            labels.append((j + 0.5, i + 0.5, label, colour, f"cell-{outlet}-{day.isoformat()}"))
    left = _label_inches(outlets)
    width, height = left + 0.3 + DAY_INCHES * len(days), 1.3 + ROW_INCHES * len(outlets)
    fig = Figure(figsize=(width, height))
    _margins(fig, width, height, left, 0.3, 0.65, 0.65)
    ax = fig.add_subplot()
    _cells(ax, shade, BLUES, BLUES_TOP, labels)
    _row_labels(ax, outlets, 0.5)
    _column_labels(ax, [_day_label(d) for d in days], 0.5)
    return svg_text(fig, "articles")


@_drawn
def drops_svg(data: DashboardData) -> str:
    """Drops by reason per day, all outlets together, stacked bars; the largest reasons by name."""
    days = data.days
    totals: Counter[str] = Counter()
    for day in days:
        totals.update(data.drops.get(day, Counter()))
    ranked = [reason for reason, _ in totals.most_common()]
    # "other" only when it would sum two reasons or more: otherwise the reason is named
    named = ranked if len(ranked) <= TOP_REASONS + 1 else ranked[:TOP_REASONS]
    others = set(ranked[len(named):])
    series = [(reason, [data.drops.get(d, Counter()).get(reason, 0) for d in days]) for reason in named]
    if others:
        series.append((f"other ({len(others)} reasons)", [sum(n for r, n in data.drops.get(d, Counter()).items() if r in others) for d in days]))
    width, height = 1.0 + 2.0 + DAY_INCHES * len(days), 3.4
    fig = Figure(figsize=(width, height))
    _margins(fig, width, height, 0.7, 2.3, 0.15, 0.6)
    ax = fig.add_subplot()
    colours = matplotlib.color_sequences["tab10"]
    bottom = np.zeros(len(days))
    for k, (reason, counts) in enumerate(series):
        heights = np.array(counts, dtype=float)
        bars = ax.bar(np.arange(len(days)), heights, bottom=bottom, width=0.8, color=colours[k % len(colours)], label=reason)
        for bar, day, n in zip(bars, days, counts):
            if n:
                bar.set_gid(f"bar-{reason.split(' ')[0]}-{day.isoformat()}")
        bottom += heights
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.set_xticks(np.arange(len(days)), [_day_label(d) for d in days], rotation=90)
    ax.set_ylabel("URLs dropped")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=LABEL_FONT, title="reason", title_fontsize=LABEL_FONT)
    return svg_text(fig, "drops")


def coverage_shares(data: DashboardData) -> dict[str, dict[str, float | None]]:
    """Per outlet, the share of its articles in the window that have each field (None: no articles)."""
    shares: dict[str, dict[str, float | None]] = {}
    for outlet in data.outlets:
        total = data.output.total(outlet)
        have = data.output.with_field.get(outlet, Counter())
        shares[outlet] = {f: (have[f] / total if total else None) for f in COVERAGE_FIELDS}
    return shares


@_drawn
def coverage_svg(data: DashboardData) -> str:
    """Field coverage per outlet: a cell per outlet and field, the share of its window's articles having it."""
    outlets, shares = data.outlets, coverage_shares(data)
    values = np.ma.masked_invalid(np.array([[np.nan if shares[o][f] is None else shares[o][f] for f in COVERAGE_FIELDS] for o in outlets], dtype=float))
    labels: list[Label] = []
    for i, outlet in enumerate(outlets):
        for j, name in enumerate(COVERAGE_FIELDS):
            share = shares[outlet][name]
            label, colour = ("–", "#1a1a1a") if share is None else (f"{share:.0%}", _ink(COVERAGE_COLOURS(share)))
            labels.append((j + 0.5, i + 0.5, label, colour, f"cell-{outlet}-{name}"))
    left = _label_inches(outlets)
    width, height = left + 0.2 + 0.62 * len(COVERAGE_FIELDS), 1.3 + ROW_INCHES * len(outlets)
    fig = Figure(figsize=(width, height))
    _margins(fig, width, height, left, 0.2, 0.65, 0.65)
    ax = fig.add_subplot()
    _cells(ax, values, COVERAGE_COLOURS, 1.0, labels)
    _row_labels(ax, outlets, 0.5)
    _column_labels(ax, ["title", "date", "authors", "body"], 0.5)
    return svg_text(fig, "coverage")


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


LAG_TICKS = {1 / 60: "1 min", 10 / 60: "10 min", 1: "1 h", 6: "6 h", 24: "1 d", 72: "3 d", 168: "1 w", 720: "30 d", 8760: "1 y"}


@_drawn
def _per_outlet_bars(outlets: Sequence[str], values: Sequence[float | None], labels: Sequence[str], colours: Sequence[str],
                     xlabel: str, prefix: str, log: bool) -> str:
    """Horizontal bars, one row per outlet in the heatmaps' order; each bar and its label carry an id."""
    left = _label_inches(outlets)
    width, height = left + 3.4, 1.3 + ROW_INCHES * len(outlets)
    fig = Figure(figsize=(width, height))
    _margins(fig, width, height, left, 0.9, 0.65, 0.65)
    ax = fig.add_subplot()
    present = [v for v in values if v is not None]
    floor = min([*present, 1.0]) / 2 if log else 0.0  # log bars start below the smallest value
    top = max(present, default=1.0) or 1.0
    drawn = [i for i, v in enumerate(values) if v is not None]
    bars = ax.barh(drawn, [max(values[i] or 0, floor) - floor for i in drawn], left=floor, height=0.7, color=[colours[i] for i in drawn])
    for i, bar in zip(drawn, bars):
        bar.set_gid(f"bar-{outlets[i]}")
    ends = [max(v or floor, floor) for v in values]
    ax.add_artist(Labels([(end * 1.15 if log else end + top * 0.02, i, label, "#1a1a1a", f"label-{outlet}")
                          for i, (outlet, end, label) in enumerate(zip(outlets, ends, labels))], ha="left"))
    if log:
        ax.set_xscale("log")
        ax.set_xlim(floor, top * 8)
        shown = {h: name for h, name in LAG_TICKS.items() if floor <= h <= top * 8}
        ax.set_xticks(list(shown), list(shown.values()))
        ax.minorticks_off()
    else:
        ax.set_xlim(0, top * 1.35)
    ax.set_ylim(len(outlets) - 0.5, -0.5)
    _row_labels(ax, outlets, 0.0)
    ax.tick_params(axis="x", labeltop=True, top=True, labelsize=LABEL_FONT)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["right"]].set_visible(False)
    return svg_text(fig, prefix)


def lag_svg(data: DashboardData) -> str:
    """Freshness lag per outlet: how old its newest article was when its last run finished (log scale).

    Green under six hours (drift ignores a lag below that), amber under a day, red beyond."""
    outlets = data.outlets
    lags = [data.status[o].lag_seconds for o in outlets]
    hours = [None if s is None else max(float(s), 60.0) / 3600 for s in lags]
    labels = ["no article date" if s is None else _duration(float(s)) for s in lags]
    colours = [next(c for limit, c in LAG_COLOURS if (s or 0) < limit) for s in lags]
    return _per_outlet_bars(outlets, hours, labels, colours, "age of the newest article at the end of the last run", "lag", log=True)


def near_duplicates_svg(data: DashboardData) -> str:
    """Near-duplicate share per outlet: articles marked ``duplicate_of`` / articles written, window's runs."""
    outlets = data.outlets
    pairs = [data.near_duplicates.get(o, (0, 0)) for o in outlets]
    shares = [None if written == 0 else 100 * near / written for near, written in pairs]
    labels = ["nothing written" if s is None else f"{s:.0f}% ({near}/{written})" for s, (near, written) in zip(shares, pairs)]
    return _per_outlet_bars(outlets, shares, labels, ["#6a5acd"] * len(outlets), "% of written articles marked near-duplicate",
                            "near-duplicates", log=False)


class Sparklines:
    """``written`` over an outlet's last runs, a tiny line: one Figure redrawn per outlet (a Figure
    each would be most of the page's build time for 60 outlets)."""

    def __init__(self) -> None:
        with matplotlib.rc_context(SVG_RC):
            self.fig = Figure(figsize=(1.6, 0.34))
            self.fig.subplots_adjust(left=0.03, right=0.97, top=0.9, bottom=0.1)
            self.ax = self.fig.add_subplot()
            self.ax.set_axis_off()
            self.ax.axhline(0, color="#cccccc", linewidth=0.6)  # the zero line: a run of 0 reads as one, one run as a point on a scale
            (self.line,) = self.ax.plot([], [], color="#1f5f9f", linewidth=1.0, gid="line")
            (self.last,) = self.ax.plot([], [], "o", color="#1f5f9f", markersize=2.5, gid="last")

    def svg(self, outlet: str, written: Sequence[int]) -> str:
        x = np.arange(len(written))
        self.line.set_data(x, written)
        self.last.set_data(x[-1:], written[-1:])
        self.ax.set_xlim(-0.5, max(len(written) - 0.5, 0.5))
        self.ax.set_ylim(-0.05 * (max(written, default=0) or 1), 1.1 * (max(written, default=0) or 1))
        return svg_text(self.fig, f"spark-{outlet}")  # drawn under SVG_RC (svg_text)


# ---- the page ----

def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _when(timestamp: str | None, now: datetime) -> str:
    """"2026-12-02 18:07 UTC" and how long ago, or "never"."""
    if not timestamp:
        return '<span class="muted">never</span>'
    moment = history.instant(timestamp)
    if moment is None:
        return _e(timestamp)
    moment = moment.astimezone(timezone.utc)
    ago = max((now - moment).total_seconds(), 0)
    return f'<time datetime="{_e(moment.isoformat())}">{moment:%Y-%m-%d %H:%M} UTC</time> <span class="muted">({_duration(ago)} ago)</span>'


def health_table_html(data: DashboardData) -> str:
    """One row per outlet, the unhealthy first: health and its problems, drift, last run and success,
    written in the last run and a sparkline of ``written`` per run."""
    order = sorted(data.outlets, key=lambda o: (data.status[o].health != "unhealthy", data.status[o].health is None, o))
    sparklines = Sparklines()
    rows = []
    for outlet in order:
        s = data.status[outlet]
        if s.health == "unhealthy":
            health = '<span class="bad">unhealthy</span>' + "".join(f'<div class="problem" dir="auto">{_e(p)}</div>' for p in s.problems)
        elif s.health == "ok":
            health = '<span class="good">ok</span>'
        else:
            health = '<span class="muted">no run recorded</span>'
        drift = "".join(f'<div class="problem" dir="auto">{_e(p)}</div>' for p in s.drift) or '<span class="muted">none</span>'
        written = "–" if s.written_last_run is None else _e(s.written_last_run)
        spark = sparklines.svg(outlet, s.written_runs) if s.written_runs else '<span class="muted">no runs</span>'
        rows.append(
            f'<tr id="outlet-{_e(outlet)}" class="{_e(s.health or "none")}"><th scope="row" dir="auto">{_e(outlet)}</th>'
            f'<td class="health">{health}</td><td class="drift">{drift}</td><td>{_when(s.last_run_at, data.built_at)}</td>'
            f'<td>{_when(s.last_success_at, data.built_at)}</td><td class="num">{written}</td>'
            f'<td class="spark" data-runs="{len(s.written_runs)}">{spark}</td></tr>'
        )
    return (
        '<table id="health-table"><thead><tr><th>outlet</th><th>health (last run)</th><th>drift (last run)</th><th>last run</th>'
        f'<th>last success</th><th>written, last run</th><th>written per run, last {SPARKLINE_RUNS}</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )


STYLE = """
body { font-family: system-ui, "DejaVu Sans", "Noto Sans Arabic", sans-serif; margin: 1.5rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
h2 { font-size: 1.1rem; margin: 0 0 .2rem; }
header dl { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; margin: 0 0 1rem; }
header dt { color: #555; } header dd { margin: 0; }
section { margin: 0 0 2rem; }
.row { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
.row > figure.chart { width: min-content; } .row figcaption { min-width: 16rem; min-height: 4.4rem; }  /* rows line up across the three */
figure.chart { margin: 0 0 1.5rem; }
figure.chart figcaption { max-width: 46rem; color: #444; font-size: .85rem; margin: 0 0 .4rem; }
.plot { overflow-x: auto; }
.plot svg { display: block; }
.note { color: #555; font-style: italic; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: start; vertical-align: top; }
thead th { background: #f3f3f3; position: sticky; top: 0; }
tr.unhealthy { background: #fdecea; }
td.num { text-align: end; } td.spark svg { display: block; }
.good { color: #1e7b45; font-weight: 600; } .bad { color: #b3261e; font-weight: 600; }
.problem { font-size: .8rem; color: #5a1d17; } .muted { color: #888; }
code { background: #f3f3f3; padding: 0 .2rem; }
"""


def _figure_html(chart_id: str, title: str, caption: str, svg: str | None, empty_note: str) -> str:
    body = f'<div class="plot">{svg}</div>' if svg else f'<p class="note">{_e(empty_note)}</p>'
    return f'<figure class="chart" id="{chart_id}"><h2>{_e(title)}</h2><figcaption>{caption}</figcaption>{body}</figure>'


def _header(data: DashboardData) -> str:
    window = f"{data.days[0]} – {data.days[-1]} (UTC, {len(data.days)} days)"
    items = [
        ("built", f"{data.built_at.astimezone(timezone.utc):%Y-%m-%d %H:%M:%S} UTC"),
        ("data dir", f'<code dir="auto">{_e(data.data_dir)}</code>'),
        ("outlets", f"{len(data.outlets)}" + (f' (<span class="bad">{len(data.unhealthy)} unhealthy</span>)' if data.unhealthy else "")),
        ("runs in the window", f"{data.runs}"),
        ("articles in the window", f"{data.articles} (from {_count(data.output.files, 'output file')}"
         + (f", {_count(data.output.torn_lines, 'torn line')} skipped" if data.output.torn_lines else "") + ")"),
        ("window", _e(window)),
    ]
    rows = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in items)
    return f'<header><h1>newsbot dashboard</h1><dl id="summary">{rows}</dl></header>'


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>\n"
    )


def build_page(data: DashboardData) -> str:
    """The whole page (HTML text); a data dir with no outlet yet gives the "nothing yet" page."""
    if data.empty:
        return _page("newsbot dashboard: nothing yet", _header(data) + (
            '<section id="nothing-yet"><h2>Nothing yet</h2><p>No run history under '
            f'<code dir="auto">{_e(history.runs_dir(data.data_dir) / "history")}</code> and no articles under '
            f'<code dir="auto">{_e(data.data_dir)}</code>. Run a crawl (<code>scrapy crawl OUTLET</code>, '
            "<code>scrapy crawlall</code>, or <code>scrapy demo --data-dir DIR</code>) and build the report again.</p></section>"))
    have_articles = data.articles > 0
    have_drops = any(data.drops.get(d) for d in data.days)
    have_runs = any(data.status[o].health is not None for o in data.outlets)
    have_written = any(w for _, w in data.near_duplicates.values())
    sections = [
        _figure_html("articles", "Articles per outlet per day",
                     "What arrived: output records counted by the UTC day of <code>crawled_at</code>. The number is the count; "
                     "the colour compares it with the outlet's own busy day (90th percentile of its days with articles). "
                     f'Grey "·": no run finished that day; <b style="color:{ZERO_RUN}">0</b>: runs finished and nothing arrived.',
                     articles_heatmap_svg(data) if have_articles or any(data.run_days.values()) else None,
                     "No articles and no runs in the window."),
        _figure_html("drops", "Drops by reason per day",
                     "URLs dropped by all outlets' runs, by the UTC day the run finished (run history <code>drops</code>), "
                     f"the {TOP_REASONS} largest reasons of the window by name.",
                     drops_svg(data) if have_drops else None, "No drops recorded in the window."),
        '<div class="row">',
        _figure_html("coverage", "Field coverage",
                     "Share of the outlet's articles that arrived in the window (the output) having a title, a date "
                     "(<code>published_at</code>), authors and a body. Grey: no articles.",
                     coverage_svg(data) if have_articles else None, "No articles in the window."),
        _figure_html("lag", "Freshness lag",
                     "Last run: how old the newest article was when the run finished (<code>lag_seconds</code>). "
                     "Green under 6 h, amber under a day, red beyond.",
                     lag_svg(data) if have_runs else None, "No finished run recorded."),
        _figure_html("near-duplicates", "Near-duplicate share",
                     "Articles marked near-duplicate of an earlier one (<code>duplicate_of</code>) as a share of the articles "
                     "written, over the window's runs (run history).",
                     near_duplicates_svg(data) if have_written else None, "Nothing written in the window's runs."),
        "</div>",
        _figure_html("health", "Health and drift",
                     "Per outlet, its last run (<code>latest.json</code>, else its run history): health and its problems, "
                     "drift against its earlier runs, when it last ran and last ran healthy. Unhealthy outlets first.",
                     health_table_html(data), ""),
    ]
    return _page("newsbot dashboard", _header(data) + "<main>" + "".join(sections) + "</main>")


@dataclass(frozen=True)
class Built:
    """What ``write_dashboard`` wrote, for the command's summary line."""

    path: Path
    data: DashboardData
    seconds: float

    def summary(self) -> str:
        d = self.data
        if d.empty:
            return f"nothing yet under {d.data_dir}: no run history and no articles"
        unhealthy = f" ({len(d.unhealthy)} unhealthy)" if d.unhealthy else ""
        torn = f", {_count(d.output.torn_lines, 'torn line')} skipped" if d.output.torn_lines else ""
        return (f"{_count(len(d.outlets), 'outlet')}{unhealthy}, {_count(d.runs, 'run')} and {_count(d.articles, 'article')}"
                f" from {d.days[0]} to {d.days[-1]}{torn}; built in {self.seconds:.1f} s")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def write_dashboard(data_dir: Path | str, path: Path | str, days: int = DEFAULT_DAYS, now: datetime | None = None) -> Built:
    """Build the page and write it atomically (tmp file + ``os.replace``): a browser never opens half a page."""
    started = time.perf_counter()
    data = gather(data_dir, days, now)
    replace_atomically(Path(path), build_page(data).encode("utf-8"))
    return Built(Path(path), data, time.perf_counter() - started)
