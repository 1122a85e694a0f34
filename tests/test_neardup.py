"""Near-duplicates: the labelled benchmark, and the index kept in the state store across runs."""

from __future__ import annotations

import random
import sqlite3

import pytest

from newsbot.core import neardup
from newsbot.dev.neardup_eval import COPY_KINDS, Case, copies_of, evaluate, labelled_cases, synthetic_event_articles
from newsbot.stores.sqlite import SQLiteState, today
from tests.conftest import require_captures, require_seed

THRESHOLD = 0.5  # the shipped NEWSBOT_NEARDUP_THRESHOLD


def test_labelled_benchmark_on_saved_pages_and_synthetic_text_meets_the_target():
    cases = labelled_cases(require_captures(), require_seed())
    real = sum(1 for c in cases if c.kind == "original") - 200
    assert real >= 9, "every saved story and the seed are originals (the two CNN captures are one story)"
    result = evaluate(cases, THRESHOLD)
    assert set(result.copies) == set(COPY_KINDS)
    assert result.recall >= 0.95 and result.precision >= 0.99, (dict(result.found), dict(result.false_matches))
    for kind in COPY_KINDS:
        assert result.found[kind] / result.copies[kind] >= 0.95, kind


def test_the_benchmark_can_fail():
    """At a threshold no copy reaches, recall collapses; a negative that is really a copy costs precision."""
    cases = labelled_cases(None, None, synthetic=40)
    assert evaluate(cases, 1.01).recall == 0
    originals = [c for c in cases if c.kind == "original"]
    mislabelled = cases + [Case("same_event", c.text, None) for c in originals[:5]]
    result = evaluate(mislabelled, THRESHOLD)
    assert result.false_matches["same_event"] == 5 and result.precision < 0.99


def test_copies_are_close_and_same_event_articles_are_not():
    rng = random.Random(3)
    first, second = synthetic_event_articles(rng, 5)
    sig = neardup.signature(first)
    assert neardup.similarity(sig, neardup.signature(second)) < 0.35
    for kind, text in copies_of(first, rng).items():
        assert neardup.similarity(sig, neardup.signature(text)) >= 0.6, kind
    # folding: hamza and ta marbuta spellings are one text
    assert neardup.signature("قال إن المدرسة أغلقت").tolist() == neardup.signature("قال ان المدرسه اغلقت").tolist()
    assert neardup.signature("  ،، ") is None


def test_the_index_persists_across_runs_and_outlets(tmp_path):
    path = tmp_path / "state.sqlite"
    original, _ = synthetic_event_articles(random.Random(1), 1)
    first_run = SQLiteState(path)
    first_run.index_signature("youm7:1", neardup.signature(original), today())
    first_run.close()
    next_run = SQLiteState(path)  # another process, another outlet, a later run
    copy = copies_of(original, random.Random(2))["dateline"]
    matches = [(i, s) for i, s in next_run.similar(neardup.signature(copy), today() - 30) if s >= THRESHOLD]
    assert [i for i, _ in matches] == ["youm7:1"]
    next_run.close()


def test_retention_window_and_pruning(tmp_path):
    store = SQLiteState(tmp_path / "state.sqlite")
    old, recent = (synthetic_event_articles(random.Random(n), n)[0] for n in (1, 2))
    store.index_signature("a:old", neardup.signature(old), today() - 40)
    store.index_signature("a:recent", neardup.signature(recent), today() - 2)
    assert store.similar(neardup.signature(old), today() - 30) == []
    assert [i for i, _ in store.similar(neardup.signature(old), today() - 50)] == ["a:old"]
    assert store.prune_signatures(today() - 30) == 1
    assert store.prune_signatures(today() - 30) == 0, "once a day"
    rows = store.db.execute("SELECT COUNT(*) FROM neardup_bands").fetchone()[0]
    assert rows == neardup.BANDS, "the old article's bands are gone, the recent one's stay"
    store.close()


def test_an_index_made_with_other_parameters_is_started_afresh(tmp_path):
    path = tmp_path / "state.sqlite"
    store = SQLiteState(path)
    store.index_signature("a:1", neardup.signature(synthetic_event_articles(random.Random(1), 1)[0]), today())
    store.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'minhash-old' WHERE name = 'neardup_index'")
    reopened = SQLiteState(path)
    assert reopened.db.execute("SELECT COUNT(*) FROM neardup_docs").fetchone()[0] == 0
    reopened.close()


@pytest.mark.parametrize("drop", [False, True])
def test_dedup_pipeline_across_runs(tmp_path, drop):
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import MemoryStatsCollector

    from newsbot.core.item import Article
    from newsbot.crawl.drops import ArticleDropped
    from newsbot.crawl.state import State
    from pipelines.dedup import DedupPipeline

    original, _ = synthetic_event_articles(random.Random(4), 4)

    def run(item: Article):
        crawler = Crawler(Spider, {"NEWSBOT_DATA_DIR": str(tmp_path), "NEWSBOT_DROP_DUPLICATES": drop})
        crawler.stats = MemoryStatsCollector(crawler)
        crawler._extensions = True  # state_of() looks for a crawl's extensions
        state = State(crawler)
        crawler.get_extension = lambda cls: state
        state.stores.claims.release_claims(item.outlet)  # as the holder of the outlet's lease does when a run opens
        pipeline = DedupPipeline.from_crawler(crawler)
        pipeline.open_spider()
        try:
            return pipeline.process_item(item), crawler.stats
        except ArticleDropped as exc:
            state.item_dropped(item, None, exc, Spider(item.outlet))  # as the engine signals a dropped item
            raise
        finally:
            state.close()

    first, _ = run(Article(id="youm7:1", outlet="youm7", body=original))
    assert first.duplicate_of is None
    again, _ = run(Article(id="youm7:1", outlet="youm7", body=original))  # a killed run's article, fetched again
    assert again.duplicate_of is None
    copy = Article(id="albayan:9", outlet="albayan", body=copies_of(original, random.Random(5))["excerpt"])
    if drop:
        with pytest.raises(ArticleDropped) as raised:
            run(copy)
        assert raised.value.reason == "near_duplicate"
        assert SQLiteState(tmp_path / ".state" / "state.sqlite").written("albayan:9"), "settled: not fetched again"
    else:
        marked, stats = run(copy)
        assert marked.duplicate_of == "youm7:1"
        assert stats.get_value("newsbot/dedup/near_duplicate") == 1

