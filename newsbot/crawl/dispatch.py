"""`scrapy crawlall --scrapyd URL[,URL…]`: one scrapyd job per outlet (or per CC-NEWS file), each on
the least busy node, then each job's health read back from its log.

The nodes share no filesystem with the dispatcher: a run's health travels in the one
``newsbot-summary {json}`` line the run report logs at the end of every run
(``newsbot.crawl.report.SUMMARY_MARKER``), read from the ``log_url`` that scrapyd's
``listjobs.json`` gives a finished job. A job whose log has no such line ended before its run
did (it crashed, or never started): its outlet is unhealthy, and the log's last error says why.

HTTP is the standard library's: every call has a timeout (a node that hangs cannot hang the
dispatch), proxies come from the environment like any client's (put the nodes in ``no_proxy``
where a proxy is set), and ``http://user:password@host:6800`` gives scrapyd's basic auth.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

from newsbot.crawl.ccnews import LISTING_FAULTS, read_listing
from newsbot.crawl.locks import ALREADY_RUNNING
from newsbot.crawl.report import SUMMARY_MARKER, summary
from newsbot.discovery import ccnews

logger = logging.getLogger(__name__)

PROJECT = "newsbot"  # the project name scrapyd-deploy uploads under (scrapy.cfg [deploy] project)
CCNEWS = "ccnews"
# schedule.json reads these form fields itself: a spider argument of the same name would never reach the spider
RESERVED_FIELDS = ("project", "spider", "setting", "jobid", "priority", "_version")
CALL_TIMEOUT = 60.0  # seconds; a node's first schedule.json lists the egg's spiders in a subprocess first


# ---- pure pieces ----

@dataclass(frozen=True)
class Unit:
    """One job to place: what the summary names it, the spider, its arguments."""

    label: str
    spider: str
    args: tuple[tuple[str, str], ...]


@dataclass
class Job:
    unit: Unit
    node: str | None = None  # the node's URL (no credentials)
    id: str | None = None
    state: str = "unscheduled"  # then pending, running, finished, as listjobs.json says
    record: dict | None = None  # the run's summary line
    problem: str | None = None  # why there is no record: the outlet is then unhealthy
    log_error: str | None = None  # why its log could not be read yet (tried again at the next poll)

    @property
    def settled(self) -> bool:
        return self.record is not None or self.problem is not None


def node_urls(value: str) -> list[str]:
    """``--scrapyd URL[,URL…]`` -> each node's base URL once, in the order given."""
    urls: list[str] = []
    for part in value.split(","):
        url = part.strip().rstrip("/")
        if not url:
            continue
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"--scrapyd takes http(s)://HOST:PORT URLs separated by commas, not {part.strip()!r}")
        if url not in urls:
            urls.append(url)
    if not urls:
        raise ValueError("--scrapyd needs at least one node URL")
    return urls


def without_credentials(url: str) -> str:
    """A node's URL as printed: a password in it is never shown."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url
    netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def load_of(status: dict) -> int:
    """A node's load as daemonstatus.json tells it: jobs running and waiting."""
    return int(status.get("running", 0)) + int(status.get("pending", 0))


def least_busy(loads: dict[str, int]) -> str:
    """The node with the fewest jobs; a tie goes to the node named first (dicts keep their order)."""
    return min(loads, key=loads.__getitem__)


def schedule_form(unit: Unit, settings: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """schedule.json's form for a unit: each setting as ``setting=NAME=VALUE``, each spider argument
    as a field of its own (scrapyd passes the fields it does not know on as ``-a NAME=VALUE``)."""
    return [("project", PROJECT), ("spider", unit.spider), *(("setting", f"{k}={v}") for k, v in settings), *unit.args]


def outlet_units(outlets: Iterable[str], spargs: dict[str, str]) -> list[Unit]:
    return [Unit(name, name, tuple(spargs.items())) for name in outlets]


def ccnews_units(locations: Iterable[str], spargs: dict[str, str]) -> list[Unit]:
    """One ``ccnews`` job per archive file: ``warc=`` names it (the spider opens what it is given:
    a URL, or a path on the node), the other arguments as given."""
    rest = tuple((k, v) for k, v in spargs.items() if k != "warc")
    return [Unit(f"{CCNEWS} {ccnews.file_name(location)}", CCNEWS, (*rest, ("warc", location))) for location in locations]


def scan_log(lines: Iterable[str]) -> tuple[dict | None, str | None]:
    """A job's log -> its run's summary record (the last one), and the last error logged."""
    record, error = None, None
    for line in lines:
        _, marker, rest = line.partition(SUMMARY_MARKER + " ")
        if marker:
            try:
                found = json.loads(rest)
            except ValueError:
                found = None
            if isinstance(found, dict) and isinstance(found.get("health"), dict):
                record = found
            continue
        for level in (" ERROR: ", " CRITICAL: "):
            if level in line:
                error = line.split(level, 1)[1].strip()[:300]
    return record, error


def job_states(listing: dict) -> dict[str, tuple[str, str | None]]:
    """listjobs.json -> job id: (pending | running | finished, its log_url or None)."""
    return {
        job["id"]: (state, job.get("log_url"))
        for state in ("pending", "running", "finished")
        for job in listing.get(state, [])
    }


def running_outlets(listing: dict) -> dict[str, str]:
    """listjobs.json -> outlet: the id of its job waiting or running there. (Archive jobs are per
    file, and listjobs does not say a running job's arguments: they are left to the file leases.)"""
    return {
        job["spider"]: job["id"]
        for state in ("pending", "running")
        for job in listing.get(state, [])
        if job.get("spider") != CCNEWS
    }


def skipped_record(outlet: str) -> dict:
    """The summary of an outlet not scheduled because a node already runs it."""
    return {"outlet": outlet, "finish_reason": ALREADY_RUNNING, "health": {"ok": None, "problems": []}}


def failed(job: Job) -> bool:
    """As local crawlall: unhealthy when the run names problems (a run skipped as already running
    names none); a job with no summary did not finish properly."""
    return job.record is None or bool(job.record.get("health", {}).get("problems"))


def verdict(job: Job) -> str:
    """The job's summary as `scrapy crawlall` prints it, with where it ran."""
    where = f" [{job.node} job {job.id}]" if job.id else ""
    if job.record is None:
        return f"{job.unit.label}: UNHEALTHY: {job.problem}{where}"
    lines = summary(job.unit.label, job.record).splitlines()
    lines[0] += where
    if job.record.get("report") and job.record.get("finish_reason") != ALREADY_RUNNING:
        lines.append(f"  report: {job.record['report']}")
    # the paths are the node's: the dispatcher has none of these files
    return "\n".join(line + " (on the node)" if line.startswith(("  output: ", "  report: ")) else line for line in lines)


# ---- talking to a node ----

class NodeError(Exception):
    """A node that did not answer, or answered with an error."""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    return f"{type(exc).__name__}: {exc}"


class Node:
    """One scrapyd: its JSON API and the files it serves (logs)."""

    def __init__(self, url: str, timeout: float = CALL_TIMEOUT):
        parts = urllib.parse.urlsplit(url)
        self.url = without_credentials(url)
        self.timeout = timeout
        self.headers = {"Accept": "application/json"}
        if parts.username is not None:
            pair = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
            self.headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()

    def _open(self, path: str, data: bytes | None = None):
        url = path if "://" in path else self.url + path  # scrapyd gives log_url as a path; a proxy in front may not
        request = urllib.request.Request(url, data=data, headers=self.headers)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except (OSError, http.client.HTTPException) as exc:  # URLError, HTTPError, refused, timed out
            raise NodeError(_reason(exc)) from None

    def _call(self, path: str, data: bytes | None = None) -> dict:
        try:
            with self._open(path, data) as response:
                answer = json.loads(response.read())
        except (OSError, http.client.HTTPException) as exc:
            raise NodeError(_reason(exc)) from None
        except ValueError:
            raise NodeError(f"{path.split('?')[0]} did not answer scrapyd's JSON") from None
        if not isinstance(answer, dict) or answer.get("status") != "ok":
            raise NodeError(str(answer.get("message") if isinstance(answer, dict) else answer).strip())
        return answer

    def get(self, endpoint: str, **params: str) -> dict:
        return self._call(f"/{endpoint}" + (f"?{urllib.parse.urlencode(params)}" if params else ""))

    def post(self, endpoint: str, form: list[tuple[str, str]]) -> dict:
        return self._call(f"/{endpoint}", urllib.parse.urlencode(form).encode())

    def lines(self, path: str) -> Iterator[str]:
        """A file the node serves (a job's log_url), line by line: a long log is never held whole."""
        try:
            with self._open(path) as response:
                for raw in response:
                    yield raw.decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            raise NodeError(_reason(exc)) from None


# ---- the dispatch ----

@dataclass
class Dispatch:
    nodes: dict[str, Node]  # by URL, in the order given
    jobs: list[Job]
    settings: list[tuple[str, str]] = field(default_factory=list)  # Scrapy settings for every job
    out: Callable[[str], None] = print
    problems: list[str] = field(default_factory=list)  # failures before any job (a listing that failed)
    broken: dict[str, str] = field(default_factory=dict)  # node URL -> why it took no (more) jobs

    def run(self, poll: float, timeout: float, clock: Callable[[], float] = time.monotonic,
            sleep: Callable[[float], None] = time.sleep) -> bool:
        """Place every job, wait for them, print the verdicts; True when all is healthy."""
        loads, down = self.loads()
        if not loads:
            self.out("newsbot: no scrapyd node is reachable (" + "; ".join(f"{url}: {why}" for url, why in down.items()) + ")")
            return False
        self.skip_running(loads)
        self.place(loads)
        self.wait(poll, timeout, clock, sleep)
        return self.report()

    def loads(self) -> tuple[dict[str, int], dict[str, str]]:
        """Each reachable node's load (daemonstatus.json), and why the others did not answer: they
        are skipped, and named."""
        loads, down = {}, {}
        for url, node in self.nodes.items():
            try:
                loads[url] = load_of(node.get("daemonstatus.json"))
            except NodeError as exc:
                down[url] = str(exc)
                self._node_failed(url, f"unreachable, skipped ({exc})")
        return loads, down

    def skip_running(self, loads: dict[str, int]) -> None:
        """An outlet with a job waiting or running on a node is not scheduled again: each node's
        outlet lock sees only its own state, so a second node would run it twice at once."""
        for url in loads:
            try:
                busy = running_outlets(self.nodes[url].get("listjobs.json", project=PROJECT))
            except NodeError:
                continue  # (not deployed there, perhaps: schedule.json will say)
            for job in self.jobs:
                if job.id is None and job.unit.spider in busy:
                    job.node, job.id, job.state = url, busy[job.unit.spider], "running"
                    job.record = skipped_record(job.unit.label)
                    logger.info("%s: already running on %s (job %s): not scheduled again", job.unit.label, url, job.id)

    def place(self, loads: dict[str, int]) -> None:
        """Each job on the least busy node, counting the jobs placed so far; a node that refuses a
        job takes no more of them, and the job goes to the next."""
        for job in self.jobs:
            if job.settled:
                continue
            while loads and job.id is None:
                url = least_busy(loads)
                try:
                    job.id = str(self.nodes[url].post("schedule.json", schedule_form(job.unit, self.settings))["jobid"])
                except (NodeError, KeyError) as exc:
                    self._node_failed(url, f"refused a job, no more sent to it ({exc})")
                    del loads[url]
                    continue
                job.node, job.state = url, "pending"
                loads[url] += 1
                logger.info("%s: job %s on %s", job.unit.label, job.id, url)
            if job.id is None:
                job.problem = "not scheduled: no node took it"

    def wait(self, poll: float, timeout: float, clock: Callable[[], float] = time.monotonic,
             sleep: Callable[[float], None] = time.sleep) -> None:
        """Poll listjobs.json until every job is settled, or ``timeout`` seconds (0: no limit)."""
        deadline = clock() + timeout if timeout > 0 else None
        unreachable: dict[str, str] = {}  # node URL -> its last error (perhaps a restart: asked again)
        while True:
            waiting = [job for job in self.jobs if not job.settled and job.node is not None]
            for url in dict.fromkeys(job.node for job in waiting if job.node is not None):
                try:
                    states = job_states(self.nodes[url].get("listjobs.json", project=PROJECT))
                except NodeError as exc:
                    unreachable[url] = str(exc)
                    continue
                unreachable.pop(url, None)
                for job in waiting:
                    if job.node == url:
                        self._follow(job, self.nodes[url], states.get(job.id or ""))
            if all(job.settled for job in self.jobs):
                return
            if deadline is not None and clock() >= deadline:
                break
            sleep(poll)
        for job in self.jobs:
            if not job.settled:
                job.problem = self._unsettled(job, timeout, unreachable)

    @staticmethod
    def _unsettled(job: Job, timeout: float, unreachable: dict[str, str]) -> str:
        """Why a job left unsettled at the deadline failed."""
        if job.node in unreachable:
            return f"node unreachable ({unreachable[job.node or '']}); the job was {job.state}"
        if job.state == "finished":
            return f"finished, but its log could not be read ({job.log_error})"
        return f"not finished after {timeout:g} s (still {job.state} on the node)"

    def _follow(self, job: Job, node: Node, state: tuple[str, str | None] | None) -> None:
        if state is None:
            job.problem = f"the node no longer lists the job (restarted, or past finished_to_keep); it was {job.state}"
            return
        job.state, log_url = state
        if job.state != "finished":
            return
        if not log_url:
            job.problem = "finished, but the node keeps no log of it (logs_dir empty, or removed past jobs_to_keep)"
            return
        try:
            record, error = scan_log(node.lines(log_url))
        except NodeError as exc:
            job.log_error = str(exc)
            logger.warning("%s: the log %s could not be read (%s); trying again", job.unit.label, log_url, exc)
            return
        if record is None:
            job.problem = "the job ended without its run's summary (it crashed or never started)" + (f"; last error: {error}" if error else "")
        else:
            job.record = record
        logger.info("%s: finished on %s", job.unit.label, job.node)

    def _node_failed(self, url: str, why: str) -> None:
        self.broken[url] = why  # printed with the verdicts (logged now: a dispatch can be long)
        logger.warning("node %s: %s", url, why)

    def report(self) -> bool:
        """Print each job's verdict; True when every job was healthy and every node took part."""
        bad = [job for job in self.jobs if failed(job)]
        for url, why in self.broken.items():
            self.out(f"node {url}: {why}")
        for line in self.problems:
            self.out(line)
        for job in self.jobs:
            self.out(verdict(job))
        used = {job.node for job in self.jobs if job.node}
        self.out(f"dispatch: {_count(len(self.jobs), 'job')} on {_count(len(used), 'node')}, {len(bad)} unhealthy"
                 + (f", {_count(len(self.broken), 'node')} failed" if self.broken else ""))
        return not bad and not self.broken and not self.problems


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def dispatch(urls: list[str], units: list[Unit], *, settings: Iterable[tuple[str, str]] = (), poll: float = 5.0,
             timeout: float = 3600.0, problems: Iterable[str] = (), out: Callable[[str], None] = print) -> bool:
    """Place every unit, wait for the jobs, print the verdicts; True when all is healthy."""
    nodes = {without_credentials(url): Node(url) for url in urls}
    return Dispatch(nodes, [Job(unit) for unit in units], list(settings), out, list(problems)).run(poll, timeout)


# ---- a CC-NEWS window, one file a job ----

def window_files(spargs: dict[str, str], base: str, timeout: float, user_agent: str,
                 now: datetime | None = None) -> tuple[list[str], list[str]]:
    """The URLs of the window's files (the spider's own listing and window functions), and the
    listings that failed. ``-a warc=`` names the files itself."""
    if spargs.get("warc"):
        return [w.strip() for w in spargs["warc"].split(",") if w.strip()], []
    window = ccnews.CaptureWindow.parse(spargs.get("since"), spargs.get("until"), now or datetime.now(timezone.utc))
    listed: list[str] = []
    errors: list[str] = []
    for year, month in window.months():
        url = ccnews.listing_url(base, year, month)
        try:
            listed += read_listing(url, timeout, user_agent)[0]
        except LISTING_FAULTS as exc:
            errors.append(f"listing {url}: {type(exc).__name__}: {exc}"[:300])
    return [ccnews.file_url(base, path) for path in ccnews.files_in_window(listed, window)], errors
