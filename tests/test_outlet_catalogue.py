"""Every outlet file against the public evidence it cites, and crawled end to end: tests generated
from the declarations, so adding an outlet adds its tests.

- Its article-URL pattern accepts the real article URLs in tests/outlets/<name>/urls.txt (seen in
  public material, URLs only) and refuses the real non-article URLs in not-articles.txt.
- Each feed, sitemap and the pattern name their public sources.
- `scrapy crawl <outlet>` runs unmodified against a synthetic copy of the outlet on the local web:
  its declared feeds and sitemaps in their declared formats, articles at URLs of the outlet's real
  shape, pages dated in the outlet's time zone.
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import unquote, urlsplit

import pytest
from scrapy.utils.project import get_project_settings

from newsbot.commands.outlets import outlet_rows
from newsbot.core.identity import host_in_domains
from newsbot.crawl.registry import spider_classes
from newsbot.crawl.spider import OutletSpider
from newsbot.dev.localweb import LocalWeb
from newsbot.dev.localweb.outlet import OFFSITE_HOST, SyntheticOutlet
from newsbot.discovery.listings import parse_listing
from newsbot.outlets.profile import ARTICLE_URL
from newsbot.outlets.samples import article_samples, capture_urls, outlet_samples_dir, sample_urls
from tests.conftest import output_files, require_captures, run_scrapy

OUTLETS = {name: cls for name, cls in sorted(spider_classes(("spiders",)).items()) if name != "generic" and issubclass(cls, OutletSpider)}
NAMES = sorted(OUTLETS)


def test_the_catalogue_spans_35_outlets_of_15_countries():
    countries = {cls.country for cls in OUTLETS.values()}
    assert len(OUTLETS) >= 35, f"{len(OUTLETS)} outlets"
    assert len(countries) >= 15, sorted(countries)


@pytest.mark.parametrize("name", NAMES)
def test_the_article_pattern_accepts_the_real_article_urls_and_only_those(name):
    profile = OUTLETS[name].profile
    urls = sample_urls(name)
    if len(urls) < 2:  # an outlet seen in public material only on its saved page(s)
        require_captures()
        urls = article_samples(name, profile.domains)
        assert urls and capture_urls(profile.domains), f"{outlet_samples_dir(name)}/urls.txt: give real article URLs (three or more where public material has them)"
    for url in urls:
        match = profile.match_article_url(url)
        assert match, f"{url} is not an article URL by {profile.article_url.pattern}"
        groups = match.groupdict()
        if "id" in profile.article_url.groupindex:
            assert groups["id"] and any(c.isdigit() for c in groups["id"]), url
        if "year" in profile.article_url.groupindex:
            assert 1995 <= profile.url_day(url).year <= date.today().year, url
        assert host_in_domains(url, profile.domains), url
    for url in sample_urls(name, "not-articles.txt"):
        assert not profile.match_article_url(url), f"{url} is not an article, but the pattern accepts it"


@pytest.mark.parametrize("name", NAMES)
def test_every_endpoint_and_the_pattern_name_their_public_sources(name):
    profile = OUTLETS[name].profile
    assert profile.feeds or profile.sitemaps, "an outlet declares at least one feed or sitemap"
    for key in [*profile.feeds, *profile.sitemaps, ARTICLE_URL]:
        assert profile.provenance.get(key), f"{name}: {key} names no public source (provenance)"
    for sitemap in profile.sitemaps:
        assert profile.endpoint_format(sitemap), f"{name}: {sitemap}: say in `formats` what it is (index, urlset or news)"
    assert profile.site_names or profile.not_authors, f"{name}: name the outlet's own names (site_names, not_authors)"


def test_one_source_endpoints_are_the_ones_the_outlets_table_lists():
    rows = {r["name"]: r for r in outlet_rows(get_project_settings())}
    for name, cls in OUTLETS.items():
        assert rows[name]["one_source"] == len(cls.profile.single_sourced()), name


@pytest.mark.e2e
@pytest.mark.parametrize("name", NAMES)
def test_a_crawl_reads_every_declared_endpoint_and_writes_its_articles_in_the_outlets_time(name, tmp_path):
    cls = OUTLETS[name]
    if not sample_urls(name):
        require_captures()  # its article URLs are those of its saved pages
    site = SyntheticOutlet(cls)
    with LocalWeb(site) as web:
        done = run_scrapy("crawl", name, "-s", f"NEWSBOT_DATA_DIR={tmp_path}", "-s", "DOWNLOAD_TIMEOUT=5",
                          env=web.proxy_env(), timeout=180)
        requested = web.requests()
    log = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, log[-3000:]

    lines = [json.loads(line) for f in output_files(tmp_path) for line in f.read_bytes().splitlines()]
    by_url = {unquote(line["url"]): line for line in lines}
    expected = {unquote(site.url(s)): s for s in site.stories}
    missing, extra = sorted(set(expected) - set(by_url)), sorted(set(by_url) - set(expected))
    assert not missing and not extra, f"not written: {missing}; written but not listed: {extra}\n{log[-3000:]}"
    offset = site.day.utcoffset()
    for url, story in expected.items():
        item = by_url[url]
        native = site.ids[story.id]
        if native is not None:
            assert item["id"] == f"{name}:{native}"
        assert item["title"] == story.title
        # The page printed local wall-clock time without an offset: the outlet's zone supplied it.
        assert item["published_at"] == site.day.isoformat(timespec="seconds"), (item["published_at"], offset)

    read = {(unquote(r["url"]), r["status"]) for r in requested}
    for endpoint in site.endpoints:
        assert (unquote(endpoint), 200) in read, f"{endpoint} was not read"
    hosts = {urlsplit(r["url"]).hostname for r in requested}
    assert OFFSITE_HOST not in hosts and hosts <= set(site.hosts), hosts - set(site.hosts)


class FormatsSpider(OutletSpider):
    """An outlet declaring one endpoint of every format the synthetic outlets serve."""

    name = "formats_outlet"
    outlet_name, country, timezone = "صحيفة", "JO", "Asia/Amman"
    allowed_domains = ["formats.test"]
    feeds = ["https://www.formats.test/rss", "https://www.formats.test/atom"]
    sitemaps = ["https://www.formats.test/index.xml", "https://www.formats.test/urls.xml", "https://www.formats.test/news.xml"]
    formats = {"https://www.formats.test/atom": "atom", "https://www.formats.test/index.xml": "index",
               "https://www.formats.test/urls.xml": "urlset", "https://www.formats.test/news.xml": "news"}
    article_url = r"^https://www\.formats\.test/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/[^/?#]+-(?P<id>\d+)\.html$"


def test_the_synthetic_outlet_serves_each_endpoint_in_its_declared_format_with_urls_of_the_real_shape(monkeypatch):
    monkeypatch.setattr("newsbot.dev.localweb.outlet.article_samples",
                        lambda name, domains: ["https://www.formats.test/2019/03/07/%D8%AE%D8%A8%D8%B1-41.html"])
    site = SyntheticOutlet(FormatsSpider)
    assert len(site.stories) == 5  # one story for each endpoint
    day = site.day.date()
    for endpoint, kind in [(FormatsSpider.feeds[0], "feed"), (FormatsSpider.feeds[1], "feed"), *((u, "sitemapindex" if "index" in u else "urlset")
                                                                                                  for u in FormatsSpider.sitemaps)]:
        body = site.respond("GET", endpoint).body
        listing = parse_listing(body)
        assert listing.kind == kind, endpoint
        if kind == "sitemapindex":
            (child,) = listing.entries
            listing = parse_listing(site.respond("GET", child.url).body)
            assert listing.kind == "urlset"
        urls = [e.url for e in listing.entries]
        assert urls[:1] == site.listed_by(endpoint) and all(e.date for e in listing.entries)
    atom_feed = site.respond("GET", FormatsSpider.feeds[1]).body
    news = site.respond("GET", FormatsSpider.sitemaps[2]).body
    assert b"http://www.w3.org/2005/Atom" in atom_feed and b"sitemap-news" in news
    for story in site.stories:
        url = site.url(story)
        match = FormatsSpider.profile.match_article_url(url)
        assert match and FormatsSpider.profile.url_day(url) == day
        assert site.ids[story.id] == match["id"] and match["id"] != "41"
    assert len({site.url(s) for s in site.stories}) == len({site.ids[s.id] for s in site.stories}) == 5
    # the page prints local wall-clock time: the outlet's zone has to supply the offset
    page = site.respond("GET", site.url(site.stories[0])).body.decode()
    assert f'content="{site.day.replace(tzinfo=None).isoformat()}"' in page
