"""`scrapy newoutlet NAME DOMAIN`: scaffold an outlet file and its saved-page test.

Writes ``spiders/NAME.py`` (a declaration to fill in),
``tests/pages/NAME/example.meta.json`` + ``example.gold.json``, and
``tests/outlets/NAME/urls.txt`` (real article URLs the pattern is tested on). The page test
finds itself: once a saved article page is at ``tests/pages/NAME/example.html``
(or a real capture of the domain is in the captures folder) and the gold file
says what a reader sees on it, ``python3 -m pytest tests/test_outlet_pages.py``
checks the spider against it. Until then the suite fails and names the spider
that has no page test; with a page and TODO gold, the page's test fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import closest_scrapy_cfg

SPIDER_TEMPLATE = '''"""TODO: the outlet's name, city and what it is.

Discovery endpoints below are UNVERIFIED until a live `scrapy probe {name}` confirms them.
"""

from newsbot.outlets.profile import Listing  # noqa: F401 (for listings)
from newsbot.crawl.spider import OutletSpider


class {cls}(OutletSpider):
    name = "{name}"
    # A draft until these three are filled in: `scrapy list`, crawlall and scrapyd leave it alone.
    outlet_name = None  # TODO: the outlet's name as it writes it
    country = None  # TODO: ISO 3166-1 alpha-2, e.g. EG
    timezone = None  # TODO: the outlet's IANA zone, e.g. Africa/Cairo (page times without an offset are read in it)
    allowed_domains = ["{domain}"]
    home = "https://www.{domain}/"
    site_names = ()  # TODO: other names it prints beside headlines ("X | <name>"), e.g. its Latin name
    feeds = ()  # TODO: RSS/Atom URLs (look for <link rel="alternate" type="application/rss+xml">)
    sitemaps = ()  # TODO: sitemap index / Google News sitemap; empty: robots.txt Sitemap: lines are used
    formats = {{}}  # each sitemap's kind ("index", "urlset" or "news"), and "atom" for an Atom feed
    # TODO: the article URL pattern; name the outlet's article number (?P<id>...) if the URL has one,
    # and (?P<year>...)(?P<month>...)(?P<day>...) if it carries a date
    article_url = r"^https?://(?:www\\.)?{domain_re}/"
    # Where each feed, sitemap and the pattern were seen: "owner/repo:path" per public source
    # (two independent ones each, or it is listed as one-source), e.g. {{"https://...": ("owner/repo:feeds.py",)}}
    provenance = {{}}
    selectors = {{}}  # only what JSON-LD and meta tags don't give: see `scrapy extract PAGE --explain`
    drop = ()  # boxes inside the body container that are not article text
    # For backfills (-a since=...): section/archive pages walked page by page (see README "Backfill")
    # listings = [Listing("https://www.{domain}/section/1", next='a[rel="next"]', links="h3 a", max_pages=50)]
'''

URLS_TEMPLATE = """# Real article URLs of the outlet (URLs only, never pages), three or more, each under the
# public source it was seen in; the article_url pattern must accept every one.
# seen in TODO owner/repo:path
"""

GOLD_TEMPLATE = {
    "title": "TODO: the headline as printed",
    "published": "TODO: YYYY-MM-DD or full ISO 8601 with offset",
    "authors": [],
    "paragraphs": ["TODO: the article's paragraphs as a reader sees them"],
    "noise_in_container": [],
    "notes": "Save the article page next to this file as example.html; fill in what a reader sees.",
}


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "NAME DOMAIN"

    def short_desc(self) -> str:
        return "Scaffold an outlet spider file and its saved-page test"

    def run(self, args, opts) -> None:
        if len(args) != 2:
            raise UsageError("give NAME and DOMAIN, e.g. scrapy newoutlet almasryalyoum almasryalyoum.com")
        name, domain = args[0], args[1].lower().removeprefix("https://").removeprefix("http://").removeprefix("www.").strip("/")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise UsageError("NAME must be lowercase letters, digits and _ (it becomes the `outlet` field)")
        if not re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", domain):
            raise UsageError(f"not a domain: {domain}")
        root = Path(closest_scrapy_cfg()).parent
        spider_file = root / "spiders" / f"{name}.py"
        pages = root / "tests" / "pages" / name
        if spider_file.exists():
            raise UsageError(f"{spider_file} exists already")
        cls = "".join(part.capitalize() for part in name.split("_")) + "Spider"
        spider_file.write_text(
            SPIDER_TEMPLATE.format(name=name, cls=cls, domain=domain, domain_re=re.escape(domain)), "utf-8"
        )
        pages.mkdir(parents=True, exist_ok=True)
        (pages / "example.meta.json").write_text(
            json.dumps({"url": f"https://www.{domain}/TODO-the-article-url", "outlet": domain}, ensure_ascii=False, indent=1) + "\n", "utf-8"
        )
        (pages / "example.gold.json").write_text(json.dumps(GOLD_TEMPLATE, ensure_ascii=False, indent=1) + "\n", "utf-8")
        samples = root / "tests" / "outlets" / name
        samples.mkdir(parents=True, exist_ok=True)
        (samples / "urls.txt").write_text(URLS_TEMPLATE, "utf-8")
        print(f"Created {spider_file.relative_to(root)}")
        print(f"Created {pages.relative_to(root)}/example.meta.json and example.gold.json, tests/outlets/{name}/urls.txt")
        print("Next: save an article page as", f"{pages.relative_to(root)}/example.html,", "put its URL in example.meta.json,")
        print("It is a draft (scheduled runs skip it) until outlet_name, country and timezone are filled in.")
        print(f"fill in the gold, then: scrapy extract {pages.relative_to(root)}/example.html --explain; python3 -m pytest tests/test_outlet_pages.py -k {name}")
