"""Stable identity: URL variants of one article give one id; hashes are tagged and folded."""

from __future__ import annotations

import re

import pytest

from newsbot.core.identity import article_id, canonical_url, content_hash, identity_key, same_site, url_hash
from spiders.youm7 import Youm7Spider

YOUM7 = Youm7Spider.profile
SLUG = "وزير-الرى-يشهد-توقيع-عقد-دراسة-تحديد-السحب-الآمن-للخزانات"
ENCODED_SLUG = "%D9%88%D8%B2%D9%8A%D8%B1-%D8%A7%D9%84%D8%B1%D9%89-%D9%8A%D8%B4%D9%87%D8%AF"
BASE = f"https://www.youm7.com/story/2020/8/24/{SLUG}/4943459"

YOUM7_VARIANTS = [
    BASE,
    BASE + "?utm_source=facebook&utm_medium=social&fbclid=IwAR0abc",
    BASE + "?gclid=xyz#comments",
    BASE + "/",
    f"https://m.youm7.com/amp/2020/8/24/{SLUG}/4943459",
    f"http://youm7.com/story/2020/8/24/{ENCODED_SLUG}/4943459",
    f"https://www.youm7.com/story/2020/8/24/{ENCODED_SLUG.lower()}/4943459",
    "https://www.youm7.com/story/2020/8/24/وزير-الري-يعدل-العنوان/4943459",  # headline edited: slug changed
]


def _youm7_id(url: str) -> str:
    match = YOUM7.match_article_url(url)
    assert match, f"youm7 pattern must match {url}"
    return article_id("youm7", canonical_url(url), match.group("id"))


def test_youm7_url_variants_give_one_id():
    ids = {_youm7_id(u) for u in YOUM7_VARIANTS}
    assert ids == {"youm7:4943459"}


def test_youm7_pattern_rejects_non_articles():
    for url in ("https://www.youm7.com/", "https://www.youm7.com/Section/سياسة/319/1", "https://www.youm7.com/Tags/Index?id=3562"):
        assert YOUM7.match_article_url(url) is None


GENERIC_BASE = "https://www.example-news.com/news/2024/05/13/%D8%AE%D8%A8%D8%B1-%D8%B9%D8%A7%D8%AC%D9%84"
GENERIC_VARIANTS = [
    GENERIC_BASE,
    GENERIC_BASE + "/",
    GENERIC_BASE + "?utm_campaign=x&utm_content=y",
    GENERIC_BASE.lower().replace("https://www.example-news.com", "https://www.example-news.com"),
    "http://example-news.com/news/2024/05/13/خبر-عاجل",
    "https://amp.example-news.com/news/2024/05/13/خبر-عاجل",
    "https://www.example-news.com/amp/news/2024/05/13/خبر-عاجل",
    "https://www.example-news.com/news/2024/05/13/خبر-عاجل/amp",
    "https://www.example-news.com/news/2024/05/13/خبر-عاجل?amp=1",
    "https://WWW.EXAMPLE-NEWS.COM/news/2024/05/13/خبر-عاجل#section-2",
]


def test_hash_ids_ignore_tracking_amp_case_and_trailing_slash():
    ids = {article_id("generic", u) for u in GENERIC_VARIANTS}
    assert len(ids) == 1
    (only,) = ids
    assert re.fullmatch(r"generic:[0-9a-f]{32}", only)


def test_hash_ids_differ_for_different_articles_and_meaningful_queries():
    assert url_hash("https://x.com/news/1") != url_hash("https://x.com/news/2")
    assert url_hash("https://x.com/article?id=1") != url_hash("https://x.com/article?id=2")
    # query order does not matter
    assert url_hash("https://x.com/a?b=2&a=1") == url_hash("https://x.com/a?a=1&b=2")


def test_canonical_url_keeps_a_fetchable_url():
    url = canonical_url("https://WWW.Youm7.com/story/2020/8/24/" + SLUG + "/4943459?utm_source=x#top")
    assert url.startswith("https://www.youm7.com/story/2020/8/24/%D9%88")
    assert "utm_" not in url and "#" not in url
    assert identity_key(url) == identity_key(url + "/")


@pytest.mark.parametrize(
    "a, b, domains, same",
    [
        ("https://www.youm7.com/a", "https://m.youm7.com/b", ["youm7.com"], True),
        ("https://www.youm7.com/a", "https://evil.com/youm7.com", ["youm7.com"], False),
        ("https://www.x.com/a", "https://x.com/b", [], True),
        ("https://www.x.com/a", "https://y.com/b", [], False),
    ],
)
def test_same_site(a, b, domains, same):
    assert same_site(a, b, domains) is same


def test_content_hash_is_tagged_and_folds_spelling():
    h = content_hash("قالت الوزارة إن المشروع سيبدأ")
    assert re.fullmatch(r"xxh3_128:[0-9a-f]{32}", h)
    # hamza, taa marbuta, tatweel, diacritics and spacing do not change the hash
    assert content_hash("قالت الوزاره ان المشـروع  سَيبدأ") == h
    assert content_hash("قالت الوزارة إن المشروع لن يبدأ") != h
