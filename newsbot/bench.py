"""Benchmarks, run by hand: `python -m newsbot.bench extract|clean|generic`.

``extract`` times newsbot's extraction + cleaning (bytes -> decoded response ->
decode guard -> fields -> article -> clean pipeline) over every saved page, after a warm-up,
and in the same run trafilatura's ``bare_extraction`` on the same bytes.
It prints both rates, their ratio and newsbot's median milliseconds per page.
trafilatura comes with the ``bench`` extra: ``pip install -e ".[bench]"``.

``clean`` times the text cleaner alone (normalise + paragraphs + noise
catalogue + repair, as pipelines/clean.py runs it) on the seed aggregator
article and reports milliseconds per 1,000 words of input.

``generic`` scores the generic extractor (every outlet's selectors off) plus the
cleaner on every saved page: body bag-of-words F1 per page, mean and minimum.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from newsbot.samples import captures_dir, seed_dir



def saved_pages(root: Path) -> list[tuple[Path, dict]]:
    """Every saved page under ``root`` (``<outlet>/<name>.html``) with its .meta.json."""
    return [(html, json.loads(html.with_suffix(".meta.json").read_text("utf-8"))) for html in sorted(root.glob("*/*.html"))]


def load_pages(root: Path) -> list[tuple[str, bytes]]:
    return [(meta["url"], html.read_bytes()) for html, meta in saved_pages(root)]


def newsbot_extractor():
    """One page through the crawl's own extraction and cleaning code, as a callable."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    from scrapy.http import HtmlResponse
    from scrapy.utils.project import get_project_settings

    from newsbot.decoding import guard_response
    from newsbot.extraction import extract, to_article
    from newsbot.outlet import OutletProfile
    from newsbot.registry import generic_spider, spider_for_url
    from pipelines.clean import CleanPipeline

    settings = get_project_settings()
    profiles: dict[str, OutletProfile] = {}

    def profile_for(url: str) -> OutletProfile:
        if url not in profiles:
            profiles[url] = OutletProfile.from_spider(spider_for_url(url, settings) or generic_spider(settings))
        return profiles[url]

    class _Stats:
        def inc_value(self, *a, **k):
            pass

    clean = CleanPipeline(_Stats())

    def run(url: str, body: bytes):
        response, _ = guard_response(HtmlResponse(url=url, body=body))
        profile = profile_for(url)
        article = to_article(extract(response.selector, url, profile), profile, datetime.now(timezone.utc))
        return clean.process_item(article)

    return run


def trafilatura_extractor():
    from trafilatura import bare_extraction

    def run(url: str, body: bytes):
        return bare_extraction(body, url=url)

    return run


def time_pages(fn, pages, rounds: int) -> list[float]:
    for url, body in pages:  # warm-up: imports, caches, first dateparser call
        fn(url, body)
    per_page = []
    for _ in range(rounds):
        for url, body in pages:
            start = time.perf_counter()
            fn(url, body)
            per_page.append(time.perf_counter() - start)
    return per_page


def bench_extract(args) -> int:
    root = Path(args.captures) if args.captures else captures_dir()
    pages = load_pages(root)
    if not pages:
        print(f"no saved pages under {root}", file=sys.stderr)
        return 2
    try:
        trafilatura = trafilatura_extractor()
    except ImportError:
        print('trafilatura is not installed: pip install -e ".[bench]"', file=sys.stderr)
        return 2
    ours = time_pages(newsbot_extractor(), pages, args.rounds)
    theirs = time_pages(trafilatura, pages, args.rounds)
    ours_rate, theirs_rate = len(ours) / sum(ours), len(theirs) / sum(theirs)
    print(f"pages: {len(pages)} saved pages x {args.rounds} rounds, after one warm-up round")
    print(f"newsbot extract+clean:      {ours_rate:8.1f} pages/s   median {statistics.median(ours) * 1000:.2f} ms/page")
    print(f"trafilatura bare_extraction:{theirs_rate:8.1f} pages/s   median {statistics.median(theirs) * 1000:.2f} ms/page")
    print(f"ratio (newsbot / trafilatura): {ours_rate / theirs_rate:.2f}x")
    return 0


def bench_clean(args) -> int:
    from newsbot.noise import clean_paragraphs, load_catalogue
    from newsbot.text import split_paragraphs, word_count

    path = Path(args.text) if args.text else seed_dir() / "aggregator-article.txt"
    if not path.is_file():
        print(f"no text at {path} (give --text FILE)", file=sys.stderr)
        return 2
    text = path.read_text("utf-8")
    words = word_count(text)
    catalogue = load_catalogue()
    clean_paragraphs(split_paragraphs(text), catalogue)  # warm-up
    times = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        clean_paragraphs(split_paragraphs(text), catalogue)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"text: {path.name}, {words} words, {len(split_paragraphs(text))} lines; {args.rounds} rounds after a warm-up")
    print(f"cleaner: median {median * 1000:.3f} ms per article = {median * 1000 * 1000 / words:.3f} ms per 1,000 words")
    return 0


def generic_scores(root: Path) -> list[tuple[str, float]]:
    """Body F1 of the generic extractor (outlet selectors off) + cleaner on every saved page."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    from scrapy.http import HtmlResponse

    from newsbot.decoding import guard_response
    from newsbot.extraction import extract
    from newsbot.noise import clean_paragraphs, load_catalogue
    from newsbot.outlet import OutletProfile
    from newsbot.text import bag_of_words_f1, join_paragraphs, split_paragraphs

    catalogue = load_catalogue()
    scores = []
    for html, meta in saved_pages(root):
        gold = json.loads(html.with_suffix(".gold.json").read_text("utf-8"))
        response, _ = guard_response(HtmlResponse(url=meta["url"], body=html.read_bytes()))
        body = extract(response.selector, meta["url"], OutletProfile()).body
        cleaned = join_paragraphs(clean_paragraphs(split_paragraphs(body), catalogue).paragraphs)
        scores.append((f"{html.parent.name}/{html.stem}", bag_of_words_f1(cleaned, "\n".join(gold["paragraphs"]))))
    return scores


def bench_generic(args) -> int:
    root = Path(args.captures) if args.captures else captures_dir()
    scores = generic_scores(root)
    if not scores:
        print(f"no saved pages under {root}", file=sys.stderr)
        return 2
    for name, f1 in scores:
        print(f"{f1:.3f}  {name}")
    values = [f1 for _, f1 in scores]
    print(f"generic extractor, outlet selectors off: mean F1 {statistics.mean(values):.3f}, min {min(values):.3f} over {len(values)} pages")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot.bench")
    sub = parser.add_subparsers(dest="bench", required=True)
    extract = sub.add_parser("extract", help="extraction + cleaning vs trafilatura on the saved pages")
    extract.add_argument("--captures", help="folder of <outlet>/<name>.html + .meta.json (default ../shared/captures)")
    extract.add_argument("--rounds", type=int, default=20)
    extract.set_defaults(run=bench_extract)
    generic = sub.add_parser("generic", help="body F1 of the generic extractor on the saved pages (selectors off)")
    generic.add_argument("--captures", help="folder of saved pages with .gold.json (default ../shared/captures)")
    generic.set_defaults(run=bench_generic)
    clean = sub.add_parser("clean", help="the text cleaner's cost per 1,000 words")
    clean.add_argument("--text", help="a plain-text article (default ../shared/seed/aggregator-article.txt)")
    clean.add_argument("--rounds", type=int, default=500)
    clean.set_defaults(run=bench_clean)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
