"""Outlet files are declarations, checked when the class is created; drafts wait until filled in."""

from __future__ import annotations

import os
import sys
import textwrap

import pytest

from newsbot.crawl.registry import OutletSpiderLoader, outlet_spiders, registry
from newsbot.crawl.spider import OutletSpider
from newsbot.outlets.profile import OutletDeclarationError, declare
from newsbot.outlets.registry import OutletRegistry
from tests.conftest import run_scrapy

FILLED = dict(name="site", outlet_name="Site", country="EG", timezone="Africa/Cairo", allowed_domains=["news.test"])


def outlet(**facts):
    return type("SiteSpider", (), {**FILLED, **facts})


@pytest.mark.parametrize(
    "facts, attribute, valid",
    [
        ({"selectors": {"bodyy": "div.text"}}, "selectors", "title, lead, body"),
        ({"selectors": {"body": "div[["}}, "selectors", "a CSS selector, or XPath"),
        ({"distrust": {"lead": ("metadata",)}}, "distrust", "jsonld, meta, selector"),
        ({"distrust": {"body": ("jsonld",)}}, "distrust", "title, lead, authors"),
        ({"article_url": r"/(?P<year>\d{4})/(?P<number>\d+)"}, "article_url", "(?P<id>...)"),
        ({"article_url": r"/(?P<year>\d{4})/(?P<id>\d+)"}, "article_url", "all three of year, month and day"),
        ({"article_url": r"/story/(\d+"}, "article_url", "a Python regular expression"),
        ({"country": "Egypt"}, "country", "ISO 3166-1 alpha-2"),
        ({"timezone": "Cairo"}, "timezone", "Africa/Cairo"),
        ({"allowed_domains": ["https://news.test/"]}, "allowed_domains", "bare domains"),
        ({"feeds": ["https://elsewhere.test/rss"]}, "feeds", "news.test"),
        ({"drop": [".box", "div[["]}, "drop", "CSS selectors"),
        ({"feeds": ["https://news.test/rss"], "formats": {"https://news.test/rss": "news"}}, "formats", "rss, atom"),
        ({"sitemaps": ["https://news.test/s.xml"], "formats": {"https://news.test/s.xml": "xml"}}, "formats", "index, urlset, news"),
        ({"formats": {"https://news.test/other.xml": "index"}}, "formats", "the URLs in feeds and sitemaps"),
        ({"feeds": ["https://news.test/rss"], "provenance": {"https://news.test/rss": ("a blog post",)}}, "provenance", '"owner/repo:path"'),
        ({"provenance": {"https://news.test/gone": ("o/r:feeds.txt",)}}, "provenance", "'article_url'"),
    ],
)
def test_a_wrong_fact_names_the_file_the_attribute_and_the_valid_values(facts, attribute, valid):
    with pytest.raises(OutletDeclarationError) as raised:
        declare(outlet(**facts))
    message = str(raised.value)
    assert __file__.removesuffix("c") in message or "test_declarations" in message
    assert f"SiteSpider.{attribute}:" in message
    assert valid in message


def test_provenance_counts_sources_per_endpoint_and_formats_default_to_rss_for_feeds():
    profile = declare(outlet(
        feeds=["https://news.test/rss"], sitemaps=["https://news.test/news.xml"], article_url=r"^https://news\.test/a/(?P<id>\d+)",
        formats={"https://news.test/news.xml": "news"},
        provenance={"https://news.test/rss": ("a/b:feeds.py", "c/d:list.opml"), "https://news.test/news.xml": "e/f:robots.txt",
                    "article_url": ("a/b:feeds.py",)},
    ))
    assert profile.endpoint_format("https://news.test/rss") == "rss" and profile.endpoint_format("https://news.test/news.xml") == "news"
    assert profile.provenance["https://news.test/news.xml"] == ("e/f:robots.txt",)
    assert profile.single_sourced() == ["https://news.test/news.xml", "article_url"]


def test_the_check_runs_when_the_spider_class_is_created():
    with pytest.raises(OutletDeclarationError, match="selectors: unknown field 'headline'"):
        type("BadSpider", (OutletSpider,), {**FILLED, "name": "bad", "selectors": {"headline": "h1"}})


def test_missing_required_facts_make_a_draft_not_an_error():
    profile = declare(outlet(outlet_name=None, country="TODO", timezone=None))
    assert profile.draft and profile.missing == ("outlet_name", "country", "timezone")
    assert not declare(outlet()).draft


def test_drafts_are_loadable_but_not_listed_nor_crawled_by_crawlall(tmp_path, monkeypatch):
    package = tmp_path / "draftspiders"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "ready.py").write_text(textwrap.dedent('''
        from newsbot.crawl.spider import OutletSpider
        class ReadySpider(OutletSpider):
            name = "ready"; outlet_name = "Ready"; country = "EG"; timezone = "Africa/Cairo"; allowed_domains = ["ready.test"]
        class DraftSpider(OutletSpider):
            name = "draft"; outlet_name = None; country = None; timezone = None; allowed_domains = ["draft.test"]
    '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    from scrapy.settings import Settings

    settings = Settings({"SPIDER_MODULES": ["draftspiders"]})
    loader = OutletSpiderLoader.from_settings(settings)
    assert loader.list() == ["ready"] and loader.drafts() == ["draft"]
    assert loader.load("draft").name == "draft", "`scrapy crawl draft` still runs it by hand"
    assert [cls.name for cls in outlet_spiders(settings)] == ["ready"]
    assert [cls.name for cls in outlet_spiders(settings, drafts=True)] == ["draft", "ready"]


def test_the_registry_is_built_once_and_picks_the_most_specific_domain():
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    assert registry(settings) is registry(settings)
    found = OutletRegistry([(declare(outlet(name="wide", allowed_domains=["news.test"])), "wide"),
                            (declare(outlet(name="narrow", allowed_domains=["arabic.news.test"])), "narrow")])
    assert found.for_url("https://arabic.news.test/a") == "narrow"
    assert found.for_url("https://www.news.test/a") == "wide"
    assert found.for_url("https://other.test/a") is None


def test_a_wrong_outlet_file_ends_the_command_with_its_message_not_a_traceback(tmp_path):
    package = tmp_path / "badspiders"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "bad.py").write_text(textwrap.dedent('''
        from newsbot.crawl.spider import OutletSpider
        class BadSpider(OutletSpider):
            name = "bad"; allowed_domains = ["bad.test"]
            selectors = {"bodyy": "div.text"}
    '''))
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]), "SCRAPY_SETTINGS_MODULE": "newsbot.settings"}
    result = run_scrapy("list", "-s", "SPIDER_MODULES=badspiders", cwd=tmp_path, env=env)
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert "Traceback" not in stderr
    assert "bad.py: BadSpider.selectors: unknown field 'bodyy'; valid: title, lead, body" in stderr


def test_generic_without_a_domain_is_a_usage_error(tmp_path):
    result = run_scrapy("crawl", "generic", "-s", f"NEWSBOT_DATA_DIR={tmp_path}")
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr[-2000:]
    assert "Traceback" not in stderr and "IndexError" not in stderr
    assert "-a domain=example.com" in stderr


@pytest.mark.parametrize("argument", ["since=2026-13-40", "days=two", "limit=-3"])
def test_a_wrong_spider_argument_is_a_usage_error(tmp_path, argument):
    result = run_scrapy("crawl", "youm7", "-a", argument, "-s", f"NEWSBOT_DATA_DIR={tmp_path}")
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr[-2000:]
    assert "Traceback" not in stderr and f"-a {argument.split('=')[0]}=" in stderr


def test_base_spider_declarations_are_immutable_defaults():
    """A list default on the base class would be shared by every outlet that appends to it."""
    for attribute in ("allowed_domains", "feeds", "sitemaps", "listings", "drop", "not_authors", "layouts", "selectors", "distrust"):
        assert not isinstance(getattr(OutletSpider, attribute), (list, dict, set)), attribute


def test_spider_arguments_are_settings_before_the_pipelines_are_built():
    """`-a refresh=1` reached the dedup pipeline too late: it fetched everything and wrote nothing."""
    from pipelines.dedup import DedupPipeline
    from spiders.youm7 import Youm7Spider
    from tests.conftest import build_spider

    spider = build_spider(Youm7Spider, refresh="1", limit="5", days="7")
    settings = spider.crawler.settings
    assert (settings.getbool("NEWSBOT_REFRESH"), settings.getint("NEWSBOT_LIMIT"), settings.getint("NEWSBOT_DAYS")) == (True, 5, 7)
    assert DedupPipeline.from_crawler(spider.crawler).refresh is True
    assert spider.admission.refresh and spider.admission.limit == 5
