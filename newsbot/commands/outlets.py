"""`scrapy outlets [--markdown [--write]] [--sources]`: the supported outlets, generated from the spider files.

``--markdown`` prints the README's table, with the "last verified" column taken from the probe's
status file (``NEWSBOT_OUTLETS_STATUS``); ``--write`` puts it between the README's markers in
place. ``--sources`` lists every endpoint with the public sources it was taken from.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import closest_scrapy_cfg

from newsbot.crawl.registry import outlet_spiders, spider_for_url
from newsbot.outlets.profile import ARTICLE_URL
from newsbot.outlets.samples import REPO_ROOT, captures_dir, sample_urls

START, END = "<!-- outlets:start -->\n", "<!-- outlets:end -->"
FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "index": "sitemap index", "urlset": "sitemap", "news": "Google News sitemap", None: "sitemap"}


def page_tests(settings) -> dict[str, str]:
    """Spider name -> "real page" / "synthetic page" / "generated page": which page test covers it.

    "generated page": no saved page, only the catalogue's generated crawl (tests/test_outlet_catalogue.py),
    whose pages are plain ones at the outlet's real URLs: it checks discovery, identity and dates, not
    the outlet's own layout (the generic reading serves it)."""
    found: dict[str, str] = {}
    for meta in sorted(captures_dir().glob("*/*.meta.json")):
        spider = spider_for_url(json.loads(meta.read_text("utf-8"))["url"], settings)
        if spider is not None:
            found[spider.name] = "real page"
    for page in (REPO_ROOT / "tests" / "pages").glob("*/*.html"):
        found.setdefault(page.parent.name, "synthetic page")
    for cls in outlet_spiders(settings, drafts=True):
        if sample_urls(cls.name):
            found.setdefault(cls.name, "generated page")
    return found


def verified(status_file: Path) -> dict[str, str]:
    """Spider name -> "YYYY-MM-DD ok" (or partial / FAILED), from the probe's status file."""
    try:
        outlets = json.loads(status_file.read_text("utf-8")).get("outlets", {})
    except (OSError, ValueError):
        return {}
    return {name: f"{r['checked_at'][:10]} {'FAILED' if r['status'] == 'failed' else r['status']}" for name, r in outlets.items()}


def discovery(profile) -> str:
    kinds = Counter(profile.endpoint_format(url) for url in [*profile.feeds, *profile.sitemaps])
    parts = [f"{n} {FORMAT_NAMES[kind]}{'s' * (n != 1 and kind not in ('rss', 'atom'))}" for kind, n in kinds.items()]
    return ", ".join(parts + ["robots.txt" + (" (fallback)" if parts else "")])


def one_source_summary(profile, single: list[str]) -> str:
    """"two or more each", or which endpoints rest on one source ("one source: 7 of 9 feeds, pattern")."""
    if not single:
        return "two or more each"
    parts = []
    for kind, urls in (("feed", profile.feeds), ("sitemap", profile.sitemaps)):
        n = sum(u in single for u in urls)
        if n:
            parts.append(f"{n} of {len(urls)} {kind}{'s' * (len(urls) != 1)}")
    if ARTICLE_URL in single:
        parts.append("pattern")
    return "one source: " + ", ".join(parts) + " (`scrapy outlets --sources`)"


def outlet_rows(settings) -> list[dict]:
    tests = page_tests(settings)
    checks = verified(Path(settings.get("NEWSBOT_OUTLETS_STATUS")))
    rows = []
    for cls in outlet_spiders(settings):
        profile = cls.profile
        single = profile.single_sourced()
        rows.append(
            {
                "name": cls.name,
                "outlet": cls.outlet_name or "",
                "country": cls.country or "",
                "timezone": cls.timezone or "",
                "domains": ", ".join(cls.allowed_domains),
                "discovery": discovery(profile),
                "one_source": len(single),
                "sources": one_source_summary(profile, single),
                "layouts": ", ".join(["default"] + [layout.name for layout in profile.layouts]),
                "page_test": tests.get(cls.name, "none"),
                "verified": checks.get(cls.name, "never"),
            }
        )
    return rows


def markdown(rows: list[dict]) -> str:
    lines = [
        "| spider | outlet | country | time zone | domains | discovery | sources | layout versions | page test | last verified |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| `{r['name']}` | {r['outlet']} | {r['country']} | {r['timezone']} | {r['domains']} | {r['discovery']} | {r['sources']} "
        f"| {r['layouts']} | {r['page_test']} | {r['verified']} |"
        for r in rows
    ]
    countries = sorted({r["country"] for r in rows})
    lines += ["", f"{len(rows)} outlets, {len(countries)} countries ({', '.join(countries)})."]
    return "\n".join(lines) + "\n"


def write_block(readme: Path, table: str) -> bool:
    """Put the table between the README's markers; True when it changed."""
    text = readme.read_text("utf-8")
    if START not in text or END not in text:
        raise UsageError(f"{readme} has no {START.strip()} … {END} block")
    head, rest = text.split(START, 1)
    new = head + START + table + END + rest.split(END, 1)[1]
    if new != text:
        readme.write_text(new, "utf-8")
    return new != text


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def short_desc(self) -> str:
        return "List the supported outlets (--markdown: the README table; --write: into the README)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--markdown", action="store_true", help="print the README's supported-outlets table")
        parser.add_argument("--write", action="store_true", help="with --markdown: write the table into README.md in place")
        parser.add_argument("--sources", action="store_true", help="every endpoint with its public sources")

    def run(self, args, opts) -> None:
        rows = outlet_rows(self.settings)
        if opts.write and not opts.markdown:
            raise UsageError("--write goes with --markdown")
        if opts.markdown:
            table = markdown(rows)
            if not opts.write:
                print(table, end="")
                return
            readme = Path(closest_scrapy_cfg() or REPO_ROOT / "scrapy.cfg").parent / "README.md"
            print(f"{readme}: {'updated' if write_block(readme, table) else 'already up to date'}")
            return
        if opts.sources:
            for cls in outlet_spiders(self.settings):
                profile = cls.profile
                print(f"{cls.name}")
                for key in [*profile.feeds, *profile.sitemaps, ARTICLE_URL]:
                    cited = profile.provenance.get(key, ())
                    print(f"  {key}  [{len(cited)} source{'s' * (len(cited) != 1)}]")
                    for source in cited:
                        print(f"      {source}")
            return
        for r in rows:
            print(f"{r['name']:<18} {r['country']:<3} {r['timezone']:<18} {r['domains']:<40} {r['outlet']}")
