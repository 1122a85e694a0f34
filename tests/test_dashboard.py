"""The dashboard (`scrapy report --html PATH`, newsbot/ops/dashboard.py): each chart's marks against the
inputs written, the page self-contained, and the page as headless Chromium draws it.

The inputs are built the crawl's way: run records from report sections (``newsbot.ops.history.run_record``,
``append_record``, ``record_latest``) and JSONL output files, over a week and three outlets, one of them
unhealthy and drifting. The browser tests drive the system's Chromium through Playwright, block every
request that is not file:// and look at each chart's pixels; without Chromium they skip, under CI=true
they fail.
"""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path

import orjson
import pytest
from lxml import etree
from lxml import html as lxml_html

from newsbot.ops import dashboard, history
from tests.conftest import REPO, missing, output_files, run_scrapy

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc)
WINDOW = 7
WINDOW_DAYS = [date(2026, 11, 30) - timedelta(days=n) for n in range(WINDOW - 1, -1, -1)]
LAST_DAY = WINDOW_DAYS[-1]
GAMMA_PROBLEM = "published_at on 0/2 articles, below 80%"
GAMMA_DRIFT = ["written 2 is below 0.5 × the median 10 of the last 6 runs", "تغير تخطيط الصفحة: التاريخ مفقود"]
RESEARCH = Path("/work/research")  # where the lead looks at the demo's screenshot (outside the checkout)


# ---- inputs, the crawl's way ----

def report_section(started: datetime, written: int, drops: dict[str, int], *, near: int = 0, lag: float | None = 1800.0,
                   with_authors: bool = True, with_dates: bool = True, healthy: bool = True, problems=(), drift=(),
                   finish_reason: str = "finished") -> dict:
    """A report section as newsbot.crawl.report.section_of gives it (plus the health extension's parts)."""
    finished = started + timedelta(minutes=2)
    coverage = {"title": written, "body": written}
    if with_authors:
        coverage["authors"] = written
    if with_dates:
        coverage["published_at"] = written
    return {
        "status": "finished", "finish_reason": finish_reason,
        "started_at": started.isoformat(), "finished_at": finished.isoformat(), "duration_seconds": 120.0,
        "requests": 2 * written + 4, "article_requests": written + sum(drops.values()),
        "written": written, "skipped_as_seen": {"written_before": 0, "dropped_before": 0},
        "dropped": sum(drops.values()), "drops": dict(sorted(drops.items())),
        "duplicates": {"near_duplicate": near} if near else {},
        "coverage": {f: {"articles": n, "share": round(n / written, 4) if written else None} for f, n in coverage.items()},
        "health": {"ok": healthy, "problems": list(problems)},
        "freshness": {"newest_published_at": (finished - timedelta(seconds=lag)).isoformat() if lag is not None else None, "lag_seconds": lag},
        "quality": {"body_chars_median": 1800},
        "drift": {"problems": list(drift)},
    }


def article(outlet: str, n: str, crawled_at: str, *, authors: bool = True, dated: bool = True) -> dict:
    return {
        "id": f"{outlet}:{n}", "outlet": outlet, "url": f"https://{outlet}.example/{n}", "crawled_at": crawled_at,
        "published_at": crawled_at if dated else None, "title": "عنوان الخبر", "authors": ["كاتب"] if authors else [],
        "body": "نص الخبر. " * 40, "duplicate_of": None,
    }


def write_jsonl(path: Path, articles: list[dict], tail: bytes = b"") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(orjson.dumps(a, option=orjson.OPT_APPEND_NEWLINE) for a in articles) + tail)


@dataclass
class Scenario:
    data_dir: Path
    articles: Counter = field(default_factory=Counter)  # (outlet, day) -> articles crawled that UTC day
    ran: set = field(default_factory=set)  # (outlet, day) of runs that did work
    written_runs: dict = field(default_factory=dict)  # outlet -> written per run that did work, oldest first
    drops: dict = field(default_factory=dict)  # day -> Counter of reasons
    files: int = 0  # published output files of the window (and the two days before it)

    def run(self, outlet: str, started: datetime, written: int, drops: dict[str, int], *, latest: bool = True,
            articles: list[dict] | None = None, **section) -> dict:
        """One finished run: its history record, latest.json (unless ``latest=False``) and its output file."""
        run_id = f"{started:%Y%m%dT%H%M%SZ}-node-{len(self.ran):06x}"
        record = history.run_record(outlet, run_id, report_section(started, written, drops, **section))
        history.append_record(self.data_dir, record)
        if latest:
            history.record_latest(self.data_dir, record, report=str(history.runs_dir(self.data_dir) / f"{run_id}.json"))
        if record["finish_reason"] == "already_running":
            return record
        day = started.date()
        self.ran.add((outlet, day))
        self.written_runs.setdefault(outlet, []).append(written)
        self.drops.setdefault(day, Counter()).update(drops)
        crawled = (started + timedelta(minutes=1)).isoformat()
        made = articles if articles is not None else [
            article(outlet, f"{run_id}-{k}", crawled, authors=section.get("with_authors", True), dated=section.get("with_dates", True))
            for k in range(written)
        ]
        if made:
            write_jsonl(self.data_dir / outlet / f"{day}" / f"{run_id}.jsonl", made)
            self.articles[(outlet, day)] += len(made)
            self.files += 1
        return record


def build_scenario(data_dir: Path, today: date = LAST_DAY) -> Scenario:
    """A week of three outlets ending ``today``:

    - alpha: two runs a day, healthy, in latest.json; a skipped run (lock held) at the end;
    - beta: one run a day from the third day, never in latest.json (health from its history), authors
      never found, and one run that wrote nothing;
    - gamma: one run a day, healthy until the last, which wrote 2 undated articles: unhealthy and drifting.

    Beside them: a ``.part`` being written, a torn line, an article crawled in +03:00 just after
    midnight (the UTC day before), an old day outside the window, a ``.state`` directory and foreign files."""
    scenario = Scenario(data_dir)
    days = [today - timedelta(days=n) for n in range(WINDOW - 1, -1, -1)]
    at = lambda day, hour: datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)  # noqa: E731
    for day in days:
        scenario.run("alpha", at(day, 6), 5, {"http_404": 1, "too_short": 2}, near=1, lag=1800.0)
        scenario.run("alpha", at(day, 18), 3, {"http_404": 1, "too_short": 2}, near=1, lag=1800.0)
    scenario.run("alpha", at(days[-1], 19), 0, {}, finish_reason="already_running")
    for i, day in enumerate(days[2:]):
        scenario.run("beta", at(day, 9), 0 if i == 2 else 4, {"language": 3}, latest=False, lag=7200.0, with_authors=False)
    for day in days[:-1]:
        scenario.run("gamma", at(day, 12), 10, {"http_404": 1}, lag=3600.0)
    scenario.run("gamma", at(days[-1], 12), 2, {"http_404": 1}, lag=3 * 86400.0, with_dates=False, healthy=False,
                 problems=[GAMMA_PROBLEM], drift=GAMMA_DRIFT)

    # Crawled at 01:30 +03:00 on the window's second day: the first day in UTC, and filed under the first.
    late = datetime(days[1].year, days[1].month, days[1].day, 1, 30, tzinfo=timezone(timedelta(hours=3)))
    write_jsonl(data_dir / "alpha" / f"{days[0]}" / "late-run.jsonl", [article("alpha", "late", late.isoformat())])
    scenario.articles[("alpha", days[0])] += 1
    scenario.files += 1
    # Being written by a live run: not counted until it is renamed .jsonl.
    write_jsonl(data_dir / "alpha" / f"{days[-1]}" / "live-run.jsonl.part", [article("alpha", f"p{k}", at(days[-1], 14).isoformat()) for k in range(6)])
    # A torn last line (a killed writer); the whole lines before it count.
    write_jsonl(data_dir / "gamma" / f"{days[-1]}" / "torn-run.jsonl", [article("gamma", "t1", at(days[-1], 13).isoformat(), dated=False)],
                tail=b'{"id": "gamma:t2", "outlet": "gamma", "crawled_')
    scenario.articles[("gamma", days[-1])] += 1
    scenario.files += 1
    # Older than the window: not counted (and its directory not read).
    write_jsonl(data_dir / "alpha" / f"{today - timedelta(days=40)}" / "old-run.jsonl", [article("alpha", "old", at(today - timedelta(days=40), 6).isoformat())])
    # Not output: the state directory, a run report's pages, a file beside the day directories.
    write_jsonl(data_dir / ".state" / "x" / f"{days[-1]}" / "r.jsonl", [article("state", "s", at(days[-1], 6).isoformat())])
    (data_dir / "alpha" / "notes.txt").write_text("not a day directory")
    return scenario


@pytest.fixture
def scenario(tmp_path) -> Scenario:
    return build_scenario(tmp_path / "data")


@pytest.fixture
def data(scenario) -> dashboard.DashboardData:
    return dashboard.gather(scenario.data_dir, days=WINDOW, now=NOW)


# ---- reading the SVG and the page ----

def svg_tree(svg: str) -> etree._Element:
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    return etree.fromstring(svg.encode())


def by_id(tree: etree._Element, prefix: str) -> dict[str, etree._Element]:
    return {g.get("id").removeprefix(prefix): g for g in tree.iter("{*}g") if (g.get("id") or "").startswith(prefix)}


def label_of(group: etree._Element) -> str:
    return "".join(group.itertext()).strip()


def path_points(group: etree._Element) -> list[tuple[float, float]]:
    d = next(group.iter("{*}path")).get("d")
    return [(float(x), float(y)) for x, y in re.findall(r"[ML]\s*(-?[\d.]+)\s+(-?[\d.]+)", d)]


def bar_height(group: etree._Element) -> float:
    ys = [y for _, y in path_points(group)]
    return max(ys) - min(ys)


_ATTRIBUTE_URL = re.compile(r"""\b(src|href|xlink:href|action|poster|srcset|data)\s*=\s*(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_FETCHING_TAG = re.compile(r"<(script|link|iframe|object|embed|base)\b", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?(?!#|data:)([^)'\"]*)", re.IGNORECASE)


def references_to_fetch(page: str) -> list[str]:
    """Everything in a page that could make a browser fetch: any src/href not an in-page ``#id`` or a
    ``data:`` URI, a script/link/iframe/object/embed/base tag, a CSS ``@import`` or ``url()`` of anything else."""
    found = [f"{name}={value}" for name, _, value in _ATTRIBUTE_URL.findall(page) if not value.startswith(("#", "data:"))]
    found += [f"<{tag}>" for tag in _FETCHING_TAG.findall(page)]
    found += ["@import" for _ in re.finditer(r"@import", page, re.IGNORECASE)]
    found += [f"url({value})" for value in _CSS_URL.findall(page)]
    return found


# ---- reading ----

@pytest.mark.parametrize(("timestamp", "day"), [
    ("2026-11-25T01:30:00+03:00", "2026-11-24"),
    ("2026-11-24T22:30:00+00:00", "2026-11-24"),
    ("2026-11-24T22:30:00Z", "2026-11-24"),
    ("2026-11-24T23:30:00-02:00", "2026-11-25"),
    ("2026-11-24T22:30:00", "2026-11-24"),
    ("yesterday", None),
    (None, None),
])
def test_utc_day_of_a_timestamp(timestamp, day):
    assert dashboard.utc_day(timestamp) == day


def test_the_output_is_counted_by_utc_day_skipping_part_files_state_and_torn_lines(scenario, data):
    assert data.days == WINDOW_DAYS
    assert data.outlets == ["alpha", "beta", "gamma"]
    counted = Counter({(o, d): n for o, days in data.output.articles.items() for d, n in days.items()})
    assert counted == scenario.articles
    assert data.output.torn_lines == 1
    assert data.articles == sum(scenario.articles.values())
    assert data.output.files == scenario.files  # not the .part, the old day's, the .state's



def test_runs_and_status_come_from_latest_json_else_from_the_history(scenario, data):
    assert data.runs == sum(len(v) for v in scenario.written_runs.values())  # the skipped run is not one
    alpha, beta, gamma = (data.status[o] for o in ("alpha", "beta", "gamma"))
    assert (alpha.health, alpha.problems, alpha.drift, alpha.written_last_run) == ("ok", [], [], 3)
    assert alpha.last_run_at == alpha.last_success_at == "2026-11-30T18:02:00+00:00"
    # beta never reached latest.json: its history says how its last run went
    assert (beta.health, beta.last_run_at, beta.written_last_run, beta.lag_seconds) == ("ok", "2026-11-30T09:02:00+00:00", 4, 7200.0)
    assert (gamma.health, gamma.problems, gamma.drift, gamma.lag_seconds) == ("unhealthy", [GAMMA_PROBLEM], GAMMA_DRIFT, 3 * 86400.0)
    assert (gamma.last_run_at, gamma.last_success_at) == ("2026-11-30T12:02:00+00:00", "2026-11-29T12:02:00+00:00")
    assert {o: s.written_runs for o, s in data.status.items()} == scenario.written_runs


# ---- the charts ----

def test_the_heatmap_has_one_cell_per_outlet_day_labelled_with_the_count_written(scenario, data):
    cells = by_id(svg_tree(dashboard.articles_heatmap_svg(data)), "articles-cell-")
    assert set(cells) == {f"{o}-{d}" for o in data.outlets for d in WINDOW_DAYS}
    for outlet in data.outlets:
        for day in WINDOW_DAYS:
            n = scenario.articles[(outlet, day)]
            expected = str(n) if n else ("0" if (outlet, day) in scenario.ran else "·")
            assert label_of(cells[f"{outlet}-{day}"]) == expected, (outlet, day)
    # the cases the scenario was built for: beta's run that wrote nothing, beta's days before its first run
    assert label_of(cells[f"beta-{WINDOW_DAYS[4]}"]) == "0" and label_of(cells[f"beta-{WINDOW_DAYS[0]}"]) == "·"
    assert label_of(cells[f"alpha-{WINDOW_DAYS[0]}"]) == "9"  # 5 + 3 + the +03:00 article of the next local day


def test_the_drops_chart_stacks_each_reason_per_day_in_proportion(scenario, data):
    tree = svg_tree(dashboard.drops_svg(data))
    bars = by_id(tree, "drops-bar-")
    expected = {f"{reason}-{day}": n for day, reasons in scenario.drops.items() for reason, n in reasons.items() if n}
    assert set(bars) == set(expected)
    unit = bar_height(bars[f"http_404-{LAST_DAY}"]) / expected[f"http_404-{LAST_DAY}"]
    for key, n in expected.items():
        assert bar_height(bars[key]) == pytest.approx(n * unit, rel=1e-3), key
    assert {"http_404", "too_short", "language"} <= {t.strip() for t in tree.itertext()}  # the legend


def test_the_drops_chart_names_the_largest_reasons_and_sums_the_rest(tmp_path):
    reasons = {f"reason_{k:02d}": 20 - k for k in range(12)}
    history.append_record(tmp_path, history.run_record("alpha", "r1", report_section(NOW - timedelta(hours=3), 1, reasons)))
    tree = svg_tree(dashboard.drops_svg(dashboard.gather(tmp_path, days=WINDOW, now=NOW)))
    texts = {t.strip() for t in tree.itertext()}
    assert {f"reason_{k:02d}" for k in range(dashboard.TOP_REASONS)} <= texts and "other (3 reasons)" in texts
    assert not {"reason_09", "reason_10", "reason_11"} & texts
    bars = by_id(tree, "drops-bar-")
    assert bar_height(bars[f"other-{LAST_DAY}"]) == pytest.approx(bar_height(bars[f"reason_00-{LAST_DAY}"]) * (11 + 10 + 9) / 20, rel=1e-3)


def test_coverage_cells_give_each_outlets_share_of_articles_with_each_field(data):
    cells = {k: label_of(g) for k, g in by_id(svg_tree(dashboard.coverage_svg(data)), "coverage-cell-").items()}
    assert len(cells) == 3 * 4
    assert [cells[f"alpha-{f}"] for f in ("title", "published_at", "authors", "body")] == ["100%"] * 4
    assert cells["beta-authors"] == "0%" and cells["beta-published_at"] == "100%"
    # 6 runs of 10 dated articles, then 2 undated and the torn file's one undated article
    assert cells["gamma-published_at"] == f"{60 / 63:.0%}" and cells["gamma-title"] == "100%"


def test_the_lag_chart_has_a_bar_per_outlet_coloured_by_how_stale_its_last_run_was(data):
    tree = svg_tree(dashboard.lag_svg(data))
    labels = {k: label_of(g) for k, g in by_id(tree, "lag-label-").items()}
    assert labels == {"alpha": "30 min", "beta": "2.0 h", "gamma": "3.0 d"}
    bars = by_id(tree, "lag-bar-")
    fills = {o: re.findall(r"fill: (#[0-9a-f]{6})", etree.tostring(bars[o]).decode()) for o in bars}
    assert fills == {"alpha": ["#2e8b57"], "beta": ["#2e8b57"], "gamma": ["#c0392b"]}
    assert bar_height(bars["alpha"]) > 0  # horizontal bars: a height in rows, a length by lag
    lengths = {o: max(x for x, _ in path_points(b)) for o, b in bars.items()}
    assert lengths["alpha"] < lengths["beta"] < lengths["gamma"]


def test_an_outlet_without_a_lag_is_labelled_so_and_has_no_bar(tmp_path):
    history.record_latest(tmp_path, history.run_record("alpha", "r1", report_section(NOW - timedelta(hours=1), 0, {}, lag=None)))
    tree = svg_tree(dashboard.lag_svg(dashboard.gather(tmp_path, days=WINDOW, now=NOW)))
    assert by_id(tree, "lag-bar-") == {} and label_of(by_id(tree, "lag-label-")["alpha"]) == "no article date"


def test_the_near_duplicate_share_sums_the_windows_runs(scenario, data):
    labels = {k: label_of(g) for k, g in by_id(svg_tree(dashboard.near_duplicates_svg(data)), "near-duplicates-label-").items()}
    alpha_written = sum(scenario.written_runs["alpha"])
    assert labels == {"alpha": f"{100 * 14 / alpha_written:.0f}% (14/{alpha_written})", "beta": "0% (0/16)", "gamma": "0% (0/62)"}


def test_a_sparkline_has_one_point_per_run():
    for written in ([3, 0, 5, 5, 5, 2], [7], [0, 0, 0], [4] * 150):  # 150 alike: matplotlib would simplify them away
        tree = svg_tree(dashboard.Sparklines().svg("alpha", written))
        line = by_id(tree, "spark-alpha-")["line"]
        points = path_points(line)
        assert len(points) == len(written)
        ys = [y for _, y in points]  # SVG y grows downwards: the larger count is drawn higher
        assert [a < b for a, b in pairwise(ys)] == [x > y for x, y in pairwise(written)]


def test_the_health_table_lists_every_outlet_unhealthy_first_with_problems_drift_and_runs(scenario, data):
    table = lxml_html.fromstring(dashboard.health_table_html(data))
    rows = table.xpath("//tbody/tr")
    assert [r.get("id") for r in rows] == ["outlet-gamma", "outlet-alpha", "outlet-beta"]
    gamma, alpha, beta = rows
    assert gamma.get("class") == "unhealthy"
    assert gamma.xpath("string(td[@class='health']/span)") == "unhealthy"
    assert [p.text_content() for p in gamma.xpath("td[@class='health']/div")] == [GAMMA_PROBLEM]
    assert [(p.text_content(), p.get("dir")) for p in gamma.xpath("td[@class='drift']/div")] == [(t, "auto") for t in GAMMA_DRIFT]
    assert "2026-11-30 12:02 UTC" in gamma.xpath("string(td[3])") and "2026-11-29 12:02 UTC" in gamma.xpath("string(td[4])")
    assert alpha.xpath("string(td[@class='health'])") == "ok" and alpha.xpath("string(td[@class='drift'])") == "none"
    assert [r.xpath("string(td[@class='num'])") for r in rows] == ["2", "3", "4"]
    for row in rows:
        outlet = row.get("id").removeprefix("outlet-")
        spark = row.xpath("td[@class='spark']")[0]
        assert int(spark.get("data-runs")) == len(scenario.written_runs[outlet])
        line = by_id(svg_tree(etree.tostring(spark.xpath("*[local-name()='svg']")[0]).decode()), f"spark-{outlet}-")["line"]
        assert len(path_points(line)) == len(scenario.written_runs[outlet])


# ---- the page ----

def test_the_page_fetches_nothing_and_declares_utf8(data):
    page = dashboard.build_page(data)
    assert references_to_fetch(page) == []
    assert '<meta charset="utf-8">' in page and page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower() and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    assert {f.get("id") for f in lxml_html.fromstring(page).xpath("//figure[@class='chart']")} == {
        "articles", "drops", "coverage", "lag", "near-duplicates", "health"}


def test_the_fetch_check_catches_every_kind_of_reference():
    """The negative control of the check above: each way a page could fetch is found."""
    page = ('<img src="https://cdn.example/x.png"><a href="http://example.org/">x</a><script>1</script>'
            '<link rel="stylesheet" href="style.css"><style>@import "y.css"; p { background: url(http://e.x/i.png) }</style>'
            '<svg><image xlink:href="//e.x/i.png"/><use href="#local"/><image href="data:image/png;base64,AA"/></svg>')
    found = references_to_fetch(page)
    assert {"src=https://cdn.example/x.png", "href=http://example.org/", "href=style.css", "xlink:href=//e.x/i.png",
            "<script>", "<link>", "@import", "url(http://e.x/i.png)"} <= set(found)
    assert not [f for f in found if "#local" in f or "data:" in f]


def test_every_id_on_the_page_is_unique_and_every_reference_resolves(data):
    page = dashboard.build_page(data)
    ids = [e.get("id") for e in lxml_html.fromstring(page).iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) == len(set(ids)) and len(ids) > 100
    referenced = set(re.findall(r'url\(#([^)]+)\)', page)) | set(re.findall(r'href="#([^"]+)"', page))
    assert referenced and referenced <= set(ids)


def test_the_same_inputs_give_the_same_page(scenario):
    first = dashboard.build_page(dashboard.gather(scenario.data_dir, days=WINDOW, now=NOW))
    again = dashboard.build_page(dashboard.gather(scenario.data_dir, days=WINDOW, now=NOW))
    assert first == again


def test_the_header_says_when_where_how_many_and_which_window(scenario, data):
    summary = lxml_html.fromstring(dashboard.build_page(data)).xpath("//dl[@id='summary']")[0]
    facts = dict(zip([dt.text_content() for dt in summary.xpath("dt")], [dd.text_content() for dd in summary.xpath("dd")]))
    assert facts["built"] == "2026-11-30 15:00:00 UTC"
    assert facts["data dir"] == str(scenario.data_dir)
    assert facts["outlets"] == "3 (1 unhealthy)"
    assert facts["runs in the window"] == str(data.runs)
    assert facts["articles in the window"].startswith(f"{sum(scenario.articles.values())} (") and "1 torn line skipped" in facts["articles in the window"]
    assert facts["window"] == f"{WINDOW_DAYS[0]} – {LAST_DAY} (UTC, 7 days)"


@pytest.mark.parametrize("layout", ["missing", "empty", "state only"])
def test_a_fresh_data_dir_gives_the_nothing_yet_page(tmp_path, layout):
    data_dir = tmp_path / "data"
    if layout != "missing":
        data_dir.mkdir()
    if layout == "state only":  # a crawl that never finished a run
        (data_dir / ".state").mkdir()
        (data_dir / "runs").mkdir()
    built = dashboard.write_dashboard(data_dir, tmp_path / "report.html", days=WINDOW, now=NOW)
    page = (tmp_path / "report.html").read_text("utf-8")
    assert built.data.empty and "nothing yet" in built.summary()
    assert 'id="nothing-yet"' in page and "Nothing yet" in page and 'class="chart"' not in page
    assert references_to_fetch(page) == []


def test_a_window_with_runs_but_no_articles_shows_notes_not_empty_charts(tmp_path):
    record = history.run_record("alpha", "r1", report_section(NOW - timedelta(hours=1), 0, {}, lag=None))
    history.append_record(tmp_path, record)
    history.record_latest(tmp_path, record)
    page = lxml_html.fromstring(dashboard.build_page(dashboard.gather(tmp_path, days=WINDOW, now=NOW)))
    notes = {f.get("id"): f.xpath("string(p[@class='note'])") for f in page.xpath("//figure[@class='chart']")}
    assert notes["coverage"] == "No articles in the window." and notes["drops"] == "No drops recorded in the window."
    assert notes["near-duplicates"] == "Nothing written in the window's runs." and notes["articles"] == ""  # the run's "0" cell
    assert page.xpath("//figure[@id='articles']//*[local-name()='svg']")


def test_the_page_of_60_outlets_30_days_and_24_runs_a_day_holds_every_outlet_and_run(tmp_path):
    """The size an operator of the whole catalogue has: 43,200 run records and ~65,000 articles."""
    today = NOW.date()
    outlets = [f"outlet{n:02d}" for n in range(60)]
    for i, outlet in enumerate(outlets):
        lines = []
        for d in range(30):
            day = today - timedelta(days=29 - d)
            articles = []
            for hour in range(24):
                started = datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)
                written = (i + d + hour) % 4
                section = report_section(started, written, {"http_404": hour % 3, "too_short": (i + hour) % 2}, near=written // 3)
                lines.append(orjson.dumps(history.run_record(outlet, f"{started:%Y%m%dT%H%M%SZ}-n-{i:06x}", section)))
                articles += [article(outlet, f"{d}-{hour}-{k}", (started + timedelta(minutes=1)).isoformat()) for k in range(written)]
            write_jsonl(tmp_path / outlet / f"{day}" / "run.jsonl", articles)
        # a month of runs in one write: append_record's line format, 720 records at once
        history.history_path(tmp_path, outlet).parent.mkdir(parents=True, exist_ok=True)
        history.history_path(tmp_path, outlet).write_bytes(b"\n".join(lines) + b"\n")
        history.record_latest(tmp_path, orjson.loads(lines[-1]))
    assert sum(len(history.read_history(tmp_path, o)) for o in outlets) == 60 * 30 * 24
    built = dashboard.write_dashboard(tmp_path, tmp_path / "report.html", days=30, now=NOW)
    assert built.data.runs == 60 * 30 * 24 and len(built.data.outlets) == 60
    page = (tmp_path / "report.html").read_text("utf-8")
    assert all(f">{outlet}<" in page for outlet in outlets)


def test_scrapy_report_writes_the_page_atomically_and_prints_its_path_and_a_summary(tmp_path):
    data_dir = tmp_path / "data"
    build_scenario(data_dir, today=datetime.now(timezone.utc).date())
    out = tmp_path / "site" / "report.html"
    result = run_scrapy("report", "--html", str(out), "--days", str(WINDOW), env={"NEWSBOT_DATA_DIR": str(data_dir)})
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    lines = result.stdout.decode().splitlines()
    assert lines[0] == str(out)
    assert re.fullmatch(r"3 outlets \(1 unhealthy\), \d+ runs and \d+ articles from \S+ to \S+, 1 torn line skipped; built in [\d.]+ s", lines[1])
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.html"]  # no tmp file left beside it
    assert 'id="outlet-gamma" class="unhealthy"' in out.read_text("utf-8")


@pytest.mark.parametrize("args", [[], ["--html"], ["--html", "x.html", "--days", "0"], ["--html", "x.html", "extra"]])
def test_scrapy_report_refuses_a_missing_path_or_a_window_under_a_day(tmp_path, args):
    result = run_scrapy("report", *args, cwd=REPO, env={"NEWSBOT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2 and not (REPO / "x.html").exists()


# ---- in a browser ----

@dataclass
class Pixels:
    tag: str  # the element shot: "svg", "table"
    width: int
    height: int
    ink: float  # share of pixels not the background (the commonest colour)
    colours: int


@dataclass
class Rendered:
    console: list[str]  # console messages of type error or warning
    page_errors: list[str]
    requests: list[str]  # every URL asked for that is not file:// (each was aborted)
    charts: dict[str, Pixels | None]  # figure.chart id -> its drawing's pixels (None: it has none)
    sparklines: list[Pixels]
    directions: dict[str, str]  # text -> computed direction, for the table's problem texts
    full_page: bytes


def pixels_of(tag: str, png: bytes) -> Pixels:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    counts: list = image.getcolors(maxcolors=image.width * image.height) or []  # None only past maxcolors
    background = max(counts)[1]
    ink = sum(n for n, colour in counts if colour != background) / (image.width * image.height)
    return Pixels(tag, image.width, image.height, ink, len(counts))


def render(browser, path: Path) -> Rendered:
    """Open a file in Chromium as a reader would, recording what it complains of and what it asks for."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    console: list[str] = []
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    try:
        page.goto(path.resolve().as_uri(), wait_until="load")
        charts: dict[str, Pixels | None] = {}
        for figure in page.locator("figure.chart").all():
            drawing = figure.locator(":scope > .plot > *").first
            charts[figure.get_attribute("id")] = pixels_of(drawing.evaluate("e => e.localName"), drawing.screenshot()) if drawing.count() else None
        sparklines = [pixels_of("svg", s.screenshot()) for s in page.locator("td.spark > svg").all()]
        directions = {p.text_content(): p.evaluate("e => getComputedStyle(e).direction") for p in page.locator("td .problem").all()}
        return Rendered(console, errors, requests, charts, sparklines, directions, page.screenshot(full_page=True))
    finally:
        context.close()


MIN_SIZE = {"svg": (150, 80), "table": (300, 40)}  # px: a chart of one outlet, a table's header and one row


def problems_of(rendered: Rendered, min_ink=0.03, min_colours=8) -> list[str]:
    """What is wrong with a rendered page: errors, requests, and charts blank, near blank or too small."""
    found = [f"console {m}" for m in rendered.console] + [f"page error {e}" for e in rendered.page_errors]
    found += [f"requested {u}" for u in rendered.requests]
    for chart_id, p in rendered.charts.items():
        if p is None:
            found.append(f"{chart_id}: no drawing")
            continue
        min_width, min_height = MIN_SIZE.get(p.tag, MIN_SIZE["svg"])
        if p.width < min_width or p.height < min_height:
            found.append(f"{chart_id}: {p.width}×{p.height} px, too small")
        if p.ink < min_ink or p.colours < min_colours:
            found.append(f"{chart_id}: blank ({p.ink:.1%} drawn, {p.colours} colours)")
    for n, p in enumerate(rendered.sparklines):
        if p.width < 100 or p.height < 20 or p.ink < 0.02 or p.colours < 4:
            found.append(f"sparkline {n}: blank or too small ({p.width}×{p.height}, {p.ink:.1%}, {p.colours} colours)")
    return found


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    executable = shutil.which("chromium")
    if executable is None:
        missing("Chromium", "apt-get install chromium (the browser tests run the system's)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package", 'pip install -e ".[test]"')
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def test_browser_draws_every_chart_with_no_error_and_no_request(chromium, data, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(dashboard.build_page(data), "utf-8")
    rendered = render(chromium, path)
    assert problems_of(rendered) == []
    assert set(rendered.charts) == {"articles", "drops", "coverage", "lag", "near-duplicates", "health"}
    assert len(rendered.sparklines) == 3
    # dir="auto": the Arabic drift text runs right to left, the Latin problem text left to right
    assert rendered.directions == {GAMMA_PROBLEM: "ltr", GAMMA_DRIFT[0]: "ltr", GAMMA_DRIFT[1]: "rtl"}


def test_browser_check_reports_blank_tiny_and_erroring_pages(chromium, tmp_path):
    """The negative control: the same check, on a page that is wrong in each way it looks for."""
    path = tmp_path / "broken.html"
    path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        '<figure class="chart" id="blank"><div class="plot"><svg width="600" height="300"></svg></div></figure>'
        '<figure class="chart" id="speck"><div class="plot"><svg width="600" height="300"><rect x="5" y="5" width="3" height="3"/></svg></div></figure>'
        '<figure class="chart" id="tiny"><div class="plot"><svg width="40" height="20"><rect width="40" height="20" fill="#36c"/></svg></div></figure>'
        '<figure class="chart" id="missing"><p>no data</p></figure>'
        '<img src="https://example.invalid/pixel.png" alt="">'
        '<script>console.error("chart failed"); console.warn("deprecated"); notDefined();</script>'
        "</body></html>", "utf-8")
    found = problems_of(render(chromium, path))
    assert any(p.startswith("blank: blank") for p in found)
    assert any(p.startswith("speck: blank") for p in found)
    assert any(p.startswith("tiny:") and "too small" in p for p in found)
    assert "missing: no drawing" in found
    assert "console error: chart failed" in found and "console warning: deprecated" in found
    assert any(p.startswith("page error") and "notDefined" in p for p in found)
    assert "requested https://example.invalid/pixel.png" in found


# ---- end to end: the demo's crawl, then its dashboard ----

@pytest.mark.e2e
def test_the_demos_crawl_gives_a_dashboard_the_browser_draws(chromium, tmp_path):
    data_dir = tmp_path / "data"
    demo = run_scrapy("demo", "--data-dir", str(data_dir), env={"NEWSBOT_DATA_DIR": str(data_dir)}, timeout=180)
    assert demo.returncode == 0, demo.stderr.decode()[-2000:]
    assert history.outlets_with_history(data_dir) == ["youm7"]  # the crawl recorded its run
    [output] = output_files(data_dir)
    written = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    today = dashboard.utc_day(written[0]["crawled_at"])

    page_path = tmp_path / "report.html"
    report = run_scrapy("report", "--html", str(page_path), env={"NEWSBOT_DATA_DIR": str(data_dir)})
    assert report.returncode == 0, report.stderr.decode()[-2000:]
    lines = report.stdout.decode().splitlines()
    assert lines[0] == str(page_path)
    assert re.match(rf"1 outlet( \(1 unhealthy\))?, 1 run and {len(written)} articles from ", lines[1]), lines[1]

    page = page_path.read_text("utf-8")
    assert references_to_fetch(page) == []
    heatmap = lxml_html.fromstring(page).xpath("//figure[@id='articles']//*[local-name()='svg']")[0]
    cell = by_id(svg_tree(etree.tostring(heatmap).decode()), "articles-cell-")[f"youm7-{today}"]
    assert label_of(cell) == str(len(written))
    rendered = render(chromium, page_path)
    if RESEARCH.is_dir():
        (RESEARCH / "dashboard-demo.png").write_bytes(rendered.full_page)
    assert problems_of(rendered) == []
