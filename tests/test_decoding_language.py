"""Charset repair and language detection, on pages transcoded here (crawl path: tests/test_e2e_crawl.py)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from scrapy.http import HtmlResponse

from newsbot.core.decoding import arabic_plausibility, choose_encoding, decode_html
from newsbot.core.language import detect_language
from newsbot.extraction.article import Page, build_article
from newsbot.outlets.profile import OutletProfile
from tests.conftest import run_scrapy

TITLE = "وزير الري يشهد توقيع عقد دراسة المياه الجوفية"
PARAGRAPHS = [
    "شهد وزير الموارد المائية والري اليوم مراسم توقيع عقد المرحلة الثانية من دراسة تحديد الإمكانات والسحب الآمن المستدام للخزانات الجوفية بين الوزارة وكلية الهندسة في جامعة القاهرة.",
    "وكان الوزير قد التقى وفدا من أساتذة كلية الهندسة في حضور ممثلي الوزارة، حيث تم عرض ملخص عام للمرحلة الأولى من الدراسة التي يقوم قطاع المياه الجوفية بتنفيذها.",
    "وأكد الوزير على ضرورة بذل المزيد من الجهد في المرحلة الثانية، وقال إن الدراسة تهدف إلى تحديد المناطق التي تسمح بتنمية مستدامة وتلك التي لا تسمح بها.",
]
URL = "https://www.youm7.com/story/2020/8/24/slug/4943459"


def page(meta: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f'<html><head>{meta}<title>{TITLE}</title><link rel="canonical" href="{URL}"></head><body><article><h1>{TITLE}</h1><div id="articleBody">{body}</div></article></body></html>'


CASES = {
    "windows-1256, no charset": (page().encode("cp1256"), {}),
    "ISO-8859-6, no charset": (page().encode("iso-8859-6"), {}),
    "windows-1256, meta says ISO-8859-1": (page('<meta charset="iso-8859-1">').encode("cp1256"), {}),
    "windows-1256, header says UTF-8": (page().encode("cp1256"), {"Content-Type": "text/html; charset=utf-8"}),
    "windows-1256, header says ISO-8859-1": (page().encode("cp1256"), {"Content-Type": "text/html; charset=ISO-8859-1"}),
    "UTF-8 with an old windows-1256 meta": (page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">').encode(), {}),
    "windows-1256 labelled ISO-8859-6": (page('<meta charset="iso-8859-6">').encode("cp1256"), {}),
    "ISO-8859-6 labelled windows-1256": (page('<meta charset="windows-1256">').encode("iso-8859-6"), {}),
    "UTF-8, correct": (page('<meta charset="utf-8">').encode(), {}),
}


@pytest.mark.parametrize("name", CASES)
def test_guard_decodes_every_transcoded_page_to_the_right_arabic(name):
    body, headers = CASES[name]
    decoded = decode_html(body, headers.get("Content-Type"))
    assert not decoded.mojibake
    assert all(p in decoded.text for p in PARAGRAPHS), (name, decoded.encoding, decoded.text[200:300])


@pytest.mark.parametrize("name", CASES)
def test_decoding_bytes_starts_from_what_scrapy_would_decode(name):
    """decode_html needs no Scrapy response, but where the guard keeps the decoding it is Scrapy's."""
    body, headers = CASES[name]
    response = HtmlResponse(url=URL, body=body, headers=headers)
    decoded = decode_html(body, headers.get("Content-Type"))
    if decoded.repaired_from is None:
        assert (decoded.encoding, decoded.text) == (response.encoding, response.text)
    else:
        assert decoded.repaired_from == response.encoding and decoded.text != response.text


@pytest.mark.parametrize("name", ["windows-1256, no charset", "windows-1256, meta says ISO-8859-1", "ISO-8859-6 labelled windows-1256", "UTF-8 with an old windows-1256 meta"])
def test_build_article_runs_the_same_guard(name):
    """What a crawl and `scrapy extract` run on a page with no charset header (tests/test_extract_command.py
    runs the command itself on one such page)."""
    built = build_article(Page(URL, CASES[name][0], datetime.now(timezone.utc)), OutletProfile())
    item = built.article
    assert item is not None, built.drop
    assert item.title == TITLE and item.body.split("\n\n") == PARAGRAPHS


def test_wrong_decodings_score_below_right_ones():
    right = page()
    for encoding, wrong_as in (("cp1256", "cp1252"), ("cp1256", "iso-8859-6"), ("iso-8859-6", "cp1256"), ("utf-8", "cp1256"), ("cp1256", "mac-latin2")):
        wrong = right.encode(encoding).decode(wrong_as, errors="replace")
        assert arabic_plausibility(wrong) < arabic_plausibility(right) - 0.2, (encoding, wrong_as)
    assert not choose_encoding(right.encode(), "utf-8", right).repaired


def test_undecodable_bytes_are_dropped_not_emitted(tmp_path):
    garbage = bytes(range(128, 256)) * 200
    decoded = decode_html(b"<html><body><p>" + garbage + b"</p></body></html>", "text/html; charset=iso-8859-1")
    assert decoded.mojibake


PERSIAN = (
    "وزیر امور خارجه ایران روز دوشنبه در دیدار با همتای خود گفت که این سفر برای توسعه روابط دو کشور بسیار مهم است "
    "و ما از آن استقبال می کنیم. همچنین گفتگوهای اقتصادی را پیگیری خواهیم کرد و این همکاری ادامه خواهد داشت."
)
URDU = (
    "پاکستان کے وزیر اعظم نے آج اسلام آباد میں ایک اہم اجلاس کی صدارت کی جس میں ملک کی معاشی صورتحال پر تفصیلی غور کیا گیا "
    "اور کئی فیصلے کیے گئے۔ یہ اجلاس بہت اہم ہے اور اس میں وزرا نے شرکت کی۔"
)


@pytest.mark.parametrize(
    "text, language",
    [(" ".join(PARAGRAPHS), "ar"), (PERSIAN, "fa"), (URDU, "ur"), ("The minister said on Monday that the project starts next year.", "other"), ("قصير", None)],
)
def test_language_from_the_text(text, language):
    assert detect_language(text) == language


def test_arabic_with_persian_spelled_tags_is_still_arabic():
    assert detect_language(" ".join(PARAGRAPHS) + " كلمات دلالية: الکوری الشمالی کوریا") == "ar"


@pytest.mark.parametrize("text", [PERSIAN, URDU])
def test_persian_and_urdu_pages_are_dropped_as_language_even_with_lang_ar(tmp_path, text):
    path = tmp_path / "page.html"
    html = f'<html lang="ar"><head><meta charset="utf-8"><title>خبر</title></head><body><article><h1>عنوان</h1><div id="articleBody"><p>{text}</p><p>{text}</p></div></article></body></html>'
    path.write_text(html, "utf-8")
    result = run_scrapy("extract", str(path), "--url", URL)
    assert result.returncode == 1
    assert "dropped: language" in result.stderr.decode()


def test_an_arabic_page_with_a_wrong_lang_attribute_is_kept(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page('<meta charset="utf-8">').replace("<html>", '<html lang="en-US">'), "utf-8")
    result = run_scrapy("extract", str(path))
    assert result.returncode == 0 and json.loads(result.stdout)["language"] == "ar"
