"""`scrapy outlets [--markdown]`: the supported outlets, generated from the spider files."""

from __future__ import annotations

import json

from scrapy.commands import ScrapyCommand

from newsbot.crawl.registry import outlet_spiders, spider_for_url
from newsbot.outlets.samples import REPO_ROOT, captures_dir


def page_tests(settings) -> dict[str, str]:
    """Spider name -> "real page" / "synthetic page": which saved-page test covers it."""
    found: dict[str, str] = {}
    for meta in sorted(captures_dir().glob("*/*.meta.json")):
        spider = spider_for_url(json.loads(meta.read_text("utf-8"))["url"], settings)
        if spider is not None:
            found[spider.name] = "real page"
    for page in (REPO_ROOT / "tests" / "pages").glob("*/*.html"):
        found.setdefault(page.parent.name, "synthetic page")
    return found


def outlet_rows(settings) -> list[dict]:
    tests = page_tests(settings)
    rows = []
    for cls in outlet_spiders(settings):
        sources = [f"{len(cls.feeds)} feed{'s' * (len(cls.feeds) != 1)}"] if cls.feeds else []
        sources += [f"{len(cls.sitemaps)} sitemap{'s' * (len(cls.sitemaps) != 1)}"] if cls.sitemaps else []
        sources.append("robots.txt" + (" (fallback)" if cls.feeds or cls.sitemaps else ""))
        rows.append(
            {
                "name": cls.name,
                "outlet": cls.outlet_name or "",
                "country": cls.country or "",
                "domains": ", ".join(cls.allowed_domains),
                "discovery": ", ".join(sources),
                "layouts": ", ".join(["default"] + [layout.name for layout in getattr(cls, "layouts", ())]),
                "page_test": tests.get(cls.name, "none"),
            }
        )
    return rows


def markdown(rows: list[dict]) -> str:
    lines = [
        "| spider | outlet | country | domains | discovery | layout versions | page test |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| `{r['name']}` | {r['outlet']} | {r['country']} | {r['domains']} | {r['discovery']} | {r['layouts']} | {r['page_test']} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def short_desc(self) -> str:
        return "List the supported outlets (--markdown: the README table)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--markdown", action="store_true", help="print the README's supported-outlets table")

    def run(self, args, opts) -> None:
        rows = outlet_rows(self.settings)
        if opts.markdown:
            print(markdown(rows), end="")
            return
        for r in rows:
            print(f"{r['name']:<16} {r['country']:<3} {r['domains']:<40} {r['outlet']}")
