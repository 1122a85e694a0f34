"""`scrapy extract PATH [--url URL] [--spider NAME]`: one saved page through the crawl's code path.

The page's bytes become a Scrapy ``HtmlResponse`` (decoded as a crawl decodes a
response without a charset header), go through the outlet spider's
``parse_article`` and then every item pipeline except those that write
output. The item is printed as one JSON line on stdout; exit 0. A dropped
item prints its reason on stderr; exit 1.

A PATH ending in ``.txt`` is an article's body text, validated under the
"text" profile (no URL or title required).
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, UsageError
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.spiderloader import get_spider_loader
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import build_from_crawler, load_object

from newsbot.core.dates import to_iso
from newsbot.extraction import extract
from newsbot.extraction.structured import meta_fields
from newsbot.core.identity import text_id
from newsbot.core.item import Article
from newsbot.crawl.registry import generic_spider, spider_for_url
from pipelines.jsonl import encode_line


def page_url(response: TextResponse) -> str | None:
    """The URL a saved page names for itself (rel=canonical, else og:url)."""
    canonical = meta_fields(response.selector).get("canonical")
    return response.urljoin(canonical) if canonical and canonical.startswith(("http://", "https://", "/")) else None


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "PATH [--url URL] [--spider NAME]"

    def short_desc(self) -> str:
        return "Extract the article of a saved page (or .txt body) offline, as a crawl would"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the page's real URL (default: its rel=canonical or og:url)")
        parser.add_argument("--spider", help="outlet spider to use (default: chosen by the URL's domain)")
        parser.add_argument("--explain", action="store_true", help="print which source gave each field, on stderr")

    def run(self, args: list[str], opts) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one PATH")
        path = Path(args[0])
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        body = path.read_bytes()
        is_text = path.suffix.lower() == ".txt"
        if is_text:
            self.settings.set("NEWSBOT_VALIDATION_PROFILE", "text", priority="cmdline")
            response = TextResponse(url=path.resolve().as_uri(), body=body)
            url = opts.url
        else:
            probe = HtmlResponse(url=path.resolve().as_uri(), body=body)
            url = opts.url or page_url(probe)
            response = HtmlResponse(url=url, body=body) if url else probe

        spidercls = self._spider_class(opts.spider, url)
        crawler = Crawler(spidercls, self.settings)
        crawler.stats = MemoryStatsCollector(crawler)
        spider = spidercls.from_crawler(crawler)
        crawler.spider = spider

        if is_text:
            items = [self._text_article(spider, response.text, url)]
        else:
            outputs = list(spider.parse_article(response) or [])
            items = [o for o in outputs if isinstance(o, Article)]
            follow = [o for o in outputs if isinstance(o, Request)]
            if follow and not items:
                print(f"dropped: javascript_body (the text is filled by JavaScript; extract its AMP copy: {follow[0].url})", file=sys.stderr)
                self.exitcode = 1
                return
            if opts.explain:
                sources = extract(response.selector, response.url, spider.profile).sources
                for name, source in sorted(sources.items()):
                    print(f"{name:>14}  {source}", file=sys.stderr)
        if not items:
            print("dropped: not_article (the spider yielded no item)", file=sys.stderr)
            self.exitcode = 1
            return
        pipelines = self._pipelines(crawler)
        for item in items:
            try:
                for pipeline in pipelines:
                    item = pipeline.process_item(item)
            except DropItem as exc:
                print(f"dropped: {getattr(exc, 'reason', None) or exc}", file=sys.stderr)
                self.exitcode = 1
                continue
            sys.stdout.buffer.write(encode_line(item))
            sys.stdout.flush()

    def _spider_class(self, name: str | None, url: str | None):
        if name:
            try:
                return get_spider_loader(self.settings).load(name)
            except KeyError:
                raise UsageError(f"no spider named {name!r}") from None
        return (spider_for_url(url, self.settings) if url else None) or generic_spider(self.settings)

    @staticmethod
    def _pipelines(crawler):
        classes = build_component_list(crawler.settings.getwithbase("ITEM_PIPELINES"))
        objects = []
        for path in classes:
            cls = load_object(path)
            if getattr(cls, "writes_output", False):
                continue
            objects.append(build_from_crawler(cls, crawler))
        return objects

    @staticmethod
    def _text_article(spider, text: str, url: str | None) -> Article:
        profile = spider.profile
        return Article(
            id=text_id(profile.name, text),
            url=url,
            outlet=profile.name,
            outlet_name=profile.outlet_name,
            country=profile.country,
            language=profile.language,
            body=text,
            crawled_at=to_iso(datetime.now(timezone.utc)),
        )
