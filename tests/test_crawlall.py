"""`scrapy crawlall`: all outlets in one process; exit 1 when one is broken; a running outlet is skipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from scrapy.utils.project import get_project_settings

from newsbot.crawl.registry import outlet_spiders
from newsbot.dev.localweb import BlackHole, LocalWeb, SyntheticYoum7
from newsbot.ops.history import report_files
from newsbot.stores.leases import state_dir, try_lock
from tests.conftest import REPO, output_files

pytestmark = pytest.mark.e2e  # subprocess crawls against the local web


def crawlall(web: LocalWeb, data_dir, *outlets: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawlall", *outlets, "-s", f"NEWSBOT_DATA_DIR={data_dir}", "-s", "DOWNLOAD_TIMEOUT=2",
         # a broken outlet's 23 endpoints answer 502, each retried: no politeness delays for this test
         "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0"],
        cwd=REPO, env={**os.environ, **web.proxy_env()}, capture_output=True, text=True, timeout=180,
    )


def test_crawlall_exit_status_follows_the_health_of_every_outlet(tmp_path):
    with LocalWeb(SyntheticYoum7("feeds", crawl_delay=0.1)) as web:
        healthy = crawlall(web, tmp_path / "a", "youm7")
        # the local web answers only for youm7.com: lbcgroup's feeds and sitemaps all fail (502)
        broken = crawlall(web, tmp_path / "b", "youm7", "lbcgroup")
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr[-2000:]
    assert "youm7: 9 written" in healthy.stdout and "healthy" in healthy.stdout
    assert broken.returncode == 1
    assert "lbcgroup: 0 written, 0 dropped, UNHEALTHY: nothing discovered" in broken.stdout
    assert "youm7: 9 written" in broken.stdout


def test_an_outlet_that_is_already_running_is_skipped(tmp_path):
    from scrapy.settings import Settings

    held = try_lock(state_dir(Settings({"NEWSBOT_DATA_DIR": str(tmp_path)})), "youm7")
    assert held is not None
    try:
        with LocalWeb(SyntheticYoum7("feeds")) as web:
            result = crawlall(web, tmp_path, "youm7")
            requested = list(web.log)
        assert result.returncode == 0, result.stderr[-2000:]
        assert "youm7: skipped, already running" in result.stdout
        assert not requested, "a skipped outlet requests nothing"
        assert not output_files(tmp_path, "*.jsonl*")
    finally:
        os.close(held)


def test_scrapy_crawl_takes_the_same_lock(tmp_path):
    """A backfill started by hand and the hourly job never write one outlet at once (scrapyd's runs too:
    the lock is an extension, not part of a command)."""
    from scrapy.settings import Settings

    held = try_lock(state_dir(Settings({"NEWSBOT_DATA_DIR": str(tmp_path)})), "youm7")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "youm7", "-s", f"NEWSBOT_DATA_DIR={tmp_path}"],
            cwd=REPO, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert "youm7: skipped, already running" in result.stdout
        assert not output_files(tmp_path, "*.jsonl*")
    finally:
        os.close(held)


def test_crawlall_on_a_black_holed_network_gives_every_outlet_up_after_three_attempts(tmp_path):
    """Connections that hang until they time out: each outlet is given up after three attempts (robots.txt
    and its retries) instead of waiting on every feed's retries (10 minutes with the default timeout)."""
    with BlackHole() as hole:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawlall", "-s", f"NEWSBOT_DATA_DIR={tmp_path}", "-s", "DOWNLOAD_TIMEOUT=2"],
            cwd=REPO, env={**os.environ, **hole.proxy_env()}, capture_output=True, text=True, timeout=150,
        )
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    (report_file,) = report_files(tmp_path)
    outlets = json.loads(report_file.read_text())["outlets"]
    assert set(outlets) == {cls.name for cls in outlet_spiders(get_project_settings())}
    for name, section in outlets.items():
        assert section["finish_reason"] == "unreachable", name
        assert section["requests"] <= 4, f"{name}: {section['requests']} requests sent to a host that never answered"
        assert section["endpoint_errors"][0].startswith("User timeout caused connection failure. (https://"), name
        assert f"{name}: 0 written, 0 dropped, UNHEALTHY: unreachable: given up after 3 failed attempts with no answer (first error: User timeout" in result.stdout


# Closes a download handler whose pooled connections close a moment before its one-second give-up
# timer, while the reactor is busy (both are due in the same turn, as when sixty outlets close at
# once); prints the critical Twisted events it logged.
CLOSE_RACE = """
import sys, time
from scrapy.utils.reactor import install_reactor
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler
from twisted.internet import defer, reactor
from twisted.logger import LogLevel, globalLogPublisher

critical = []
globalLogPublisher.addObserver(lambda e: e.get("log_level") == LogLevel.critical and critical.append(e))

class Pool:
    def closeCachedConnections(self):
        closed = defer.Deferred()
        reactor.callLater(0.99, closed.callback, None)
        return closed

def close():
    handler = load_object(sys.argv[1])(get_crawler())
    handler._pool = Pool()
    reactor.callLater(0.5, time.sleep, 0.6)
    deferred_from_coro(handler.close()).addBoth(lambda _: reactor.callLater(0.2, reactor.stop))

reactor.callWhenRunning(close)
reactor.run()
print([(e["log_format"], type(e["log_failure"].value).__name__) for e in critical if "log_failure" in e])
"""


@pytest.mark.parametrize(("handler", "printed"), [
    # Scrapy's own: its timer fires the Deferred the connections already fired
    ("scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler", "[('while handling timed call', 'AlreadyCalledError')]"),
    ("newsbot.crawl.download.HTTP11DownloadHandler", "[]"),
])
def test_closing_the_download_handler_as_its_connections_close_writes_no_traceback(handler, printed):
    done = subprocess.run([sys.executable, "-c", CLOSE_RACE, handler], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == printed, done.stderr[-3000:]
    assert ("AlreadyCalledError" in done.stderr) == (printed != "[]")  # what cron would have mailed


def test_the_project_downloads_http_and_https_with_that_handler():
    handlers = get_project_settings().getdict("DOWNLOAD_HANDLERS")
    assert handlers == {"http": "newsbot.crawl.download.HTTP11DownloadHandler", "https": "newsbot.crawl.download.HTTP11DownloadHandler"}
