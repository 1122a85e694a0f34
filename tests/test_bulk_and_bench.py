"""The bulk synthetic site and the pure pieces of `python -m newsbot.bench state|crawl` (no timings)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from newsbot import bench
from newsbot.core.language import detect_language
from newsbot.dev.localweb.bulk import FIRST_ID, BulkYoum7, bulk_story
from spiders.youm7 import Youm7Spider

STATS_LOG = """2026-11-29 09:03:49 [scrapy.extensions.logstats] INFO: Crawled 0 pages (at 0 pages/min), scraped 0 items (at 0 items/min)
2026-11-29 09:03:50 [scrapy.extensions.logstats] INFO: Crawled 120 pages (at 7200 pages/min), scraped 0 items (at 0 items/min)
2026-11-29 09:03:51 [scrapy.extensions.logstats] INFO: Crawled 230 pages (at 6600 pages/min), scraped 0 items (at 0 items/min)
2026-11-29 09:03:52 [scrapy.statscollectors] INFO: Dumping Scrapy stats:
{'downloader/request_count': 312,
 'elapsed_time_seconds': 3.5,
 'finish_reason': 'finished',
 'finish_time': datetime.datetime(2026, 11, 29, 9, 3, 26, 29366, tzinfo=datetime.timezone.utc),
 'item_scraped_count': 300,
 'newsbot/health/ok': True,
 'response_received_count': 280}
"""


def test_final_stats_rates_and_logstats_are_read_from_a_scrapy_log():
    stats = bench.final_stats(STATS_LOG)
    assert stats["item_scraped_count"] == 300 and stats["elapsed_time_seconds"] == 3.5
    assert "finish_time" not in stats and "newsbot/health/ok" not in stats
    assert bench.pages_per_minute(stats) == 280 * 60 / 3.5
    assert bench.logstats_rates(STATS_LOG) == [7200, 6600], "the first line covers start-up"
    assert bench.final_stats("no stats here") == {}


def test_state_bench_answers_right_on_a_small_store(capsys):
    assert bench.main(["state", "--n", "3000", "--batch", "500", "--single", "200", "--lookups", "2000"]) == 0
    out = capsys.readouterr().out
    assert "3,200 URLs" in out and "1,000 hits, 1,000 misses" in out
    assert re.search(r"= [\d.]+ bytes per URL", out)
    assert len(set(bench.bench_urls(1000))) == 1000 and not set(bench.bench_urls(10)) & set(bench.bench_urls(10, start=10))


def test_bulk_site_lists_every_article_once_across_the_feeds_and_the_sitemap():
    site = BulkYoum7(50)
    listed = Counter()
    for feed in Youm7Spider.feeds:
        reply = site.respond("GET", feed)
        assert reply.status == 200
        listed.update(re.findall(r"<link>([^<]+)</link>", reply.body.decode()))
    assert sorted(listed) == sorted(site.listed) and set(listed.values()) == {1}
    sitemap = site.respond("GET", "https://www.youm7.com/sitemaps/news.xml").body.decode()
    assert sorted(re.findall(r"<loc>([^<]+)</loc>", sitemap)) == sorted(site.listed)
    robots = site.respond("GET", "https://www.youm7.com/robots.txt").body.decode()
    assert "Sitemap: https://www.youm7.com/sitemaps/news.xml" in robots and "Crawl-delay" not in robots
    assert "Crawl-delay: 0.01" in BulkYoum7(1, crawl_delay=0.01).respond("GET", "https://www.youm7.com/robots.txt").body.decode()
    assert site.respond("GET", "https://example.org/") is None
    assert site.respond("GET", site.url(50).rsplit("/", 1)[0] + f"/{FIRST_ID + 50}").status == 404  # beyond N
    assert site.respond("GET", "https://www.youm7.com/nothing").status == 404


def test_bulk_articles_match_the_outlet_pattern_and_extract_as_distinct_arabic_articles():
    site = BulkYoum7(20, delay=0.25)
    spider = Youm7Spider()
    run = bench.newsbot_extractor()
    bodies = set()
    for n, url in enumerate(site.listed):
        match = spider.profile.match_article_url(url)
        assert match and f"youm7:{match['id']}" == site.ids[n] and site.number_of(url) == n
        reply = site.respond("GET", url)
        assert reply.status == 200 and reply.delay == 0.25
        article = run(url, reply.body)
        assert article.title == bulk_story(n).title
        assert article.word_count >= 60 and detect_language(article.body) == "ar"
        bodies.add(article.body)
    assert len(bodies) == 20
    assert bulk_story(3) == bulk_story(3), "the same text every time"


def test_bulk_site_can_list_plain_http_article_urls():
    site = BulkYoum7(3, scheme="http")
    assert all(u.startswith("http://www.youm7.com/story/") for u in site.listed)
    assert Youm7Spider().profile.match_article_url(site.listed[0])
    assert site.respond("GET", site.listed[0]).status == 200


@pytest.mark.e2e
def test_bench_crawl_counts_the_output_lines_not_the_run_history(tmp_path):
    """The bench's completeness check (lines written == items scraped) reads the output files alone:
    runs/history/youm7.jsonl beside them is no output."""
    stats, _, _, lines, _ = bench.run_bulk_crawl(30, tmp_path, [])
    assert (tmp_path / "runs" / "history" / "youm7.jsonl").is_file()
    assert stats["item_scraped_count"] == lines == 30
