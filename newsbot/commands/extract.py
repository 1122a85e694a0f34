"""`scrapy extract PATH [--url URL] [--spider NAME] [--explain]`: one saved page through the crawl's code path.

The page's bytes go through ``build_article`` (newsbot.extraction.article), the
one function a crawl uses, with the outlet's profile and the run's settings,
then through the validation the crawl applies. The article is printed as one
JSON line on stdout; exit 0. A dropped page prints its reason on stderr; exit 1.
``--explain`` prints, on stderr, which source gave each field of that very
article, what cleaning removed, and for the title, dates and authors every
candidate considered: its source, its raw value and why it lost ("not a date",
"inside a linked headline (a teaser)", "distrusted by the outlet").

A PATH ending in ``.txt`` is an article's body text, validated under the
"text" profile (no URL or title required).
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin

from itemadapter import ItemAdapter
from parsel import Selector
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsbot.core.decoding import decode_html
from newsbot.core.item import encode_line
from newsbot.core.validation import ArticleValidator
from newsbot.crawl.registry import generic_spider, registry, spider_for_url
from newsbot.defaults import setting
from newsbot.extraction.article import Built, Page, Rules, build_article, build_text_article
from newsbot.extraction.structured import meta_fields


def page_url(body: bytes, file_url: str) -> str | None:
    """The URL a saved page names for itself (rel=canonical, else og:url)."""
    canonical = meta_fields(Selector(text=decode_html(body).text, type="html")).get("canonical")
    return urljoin(file_url, canonical.strip()) if canonical and canonical.strip().startswith(("http://", "https://", "/")) else None


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
        rules = Rules.from_settings(self.settings)
        fetched_at = datetime.now(timezone.utc)
        file_url = path.resolve().as_uri()
        url = opts.url if is_text else opts.url or page_url(body, file_url)
        outlet = self._spider_class(opts.spider, url).profile
        try:
            if is_text:
                built = build_text_article(decode_html(body, "text/plain").text, outlet, fetched_at, url, rules)
            else:
                built = build_article(Page(url or file_url, body, fetched_at), outlet, rules)
        except Exception as exc:  # as a crawl does: a named drop, not a traceback
            print(f"dropped: extraction_error ({type(exc).__name__}: {str(exc)[:200]})", file=sys.stderr)
            self.exitcode = 1
            return
        if opts.explain:
            self._explain(built)
        if built.follow_up:
            print(f"dropped: javascript_body (the text is filled by JavaScript; extract its AMP copy: {built.follow_up})", file=sys.stderr)
            self.exitcode = 1
            return
        if built.drop:
            print(f"dropped: {built.drop}", file=sys.stderr)
            self.exitcode = 1
            return
        validator = ArticleValidator(
            "text" if is_text else setting(self.settings, "NEWSBOT_VALIDATION_PROFILE"),
            setting(self.settings, "NEWSBOT_MIN_WORDS"),
            tuple(setting(self.settings, "NEWSBOT_LANGUAGES")),
        )
        problem = validator.problem(ItemAdapter(built.article).asdict())
        if problem is not None:
            print(f"dropped: {problem[0]}", file=sys.stderr)
            self.exitcode = 1
            return
        sys.stdout.buffer.write(encode_line(built.article))
        sys.stdout.flush()

    @staticmethod
    def _explain(built: Built) -> None:
        for name, source in sorted(built.sources.items()):
            print(f"{name:>14}  {source}", file=sys.stderr)
        for rule, count in sorted(built.removed.items()):
            print(f"{'removed':>14}  {rule} x{count}", file=sys.stderr)
        for name, lines in (item for item in built.considered.items() if item[1]):
            # every candidate of the field, where it came from, its raw value and why it lost
            print(f"considered {name}:", file=sys.stderr)
            for line in lines:
                print(f"{'':>16}{line}", file=sys.stderr)

    def _spider_class(self, name: str | None, url: str | None):
        if name:
            spidercls = registry(self.settings).get(name)
            if spidercls is None:
                raise UsageError(f"no spider named {name!r}")
            return spidercls
        return (spider_for_url(url, self.settings) if url else None) or generic_spider(self.settings)
