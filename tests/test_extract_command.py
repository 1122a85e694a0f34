"""`scrapy extract`: the crawl's code path on a file, offline; exit status tells item or drop."""

from __future__ import annotations

import json

from tests.conftest import run_scrapy

ARTICLE_HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>وزير يفتتح مشروعا جديدا - اليوم السابع</title>
<link rel="canonical" href="https://www.youm7.com/story/2026/11/28/وزير-يفتتح-مشروعا/7000001">
<meta property="og:site_name" content="اليوم السابع">
<meta property="og:title" content="وزير يفتتح مشروعا جديدا - اليوم السابع">
<meta property="article:published_time" content="2026-11-28T10:15:00Z">
</head><body><article><h1>وزير يفتتح مشروعا جديدا</h1>
<span class="writeBy">كتب محمود سامي</span>
<div id="articleBody"><p>افتتح الوزير اليوم مشروعا جديدا لتحلية المياه في محافظة البحر الأحمر بطاقة كبيرة.<br><br>
وقال الوزير إن المشروع يخدم أكثر من مائة ألف مواطن ويوفر فرص عمل لأبناء المحافظة خلال السنوات المقبلة.</p>
<div class="imgcontainer"><img src="/a.jpg"><span class="uplCaption">صورة الافتتاح</span></div>
<p>وأضاف أن الحكومة تعمل على تنفيذ مشروعات مماثلة في محافظات أخرى خلال العام المقبل بتكلفة تقدر بالمليارات.</p></div>
</article></body></html>"""


def test_page_outlet_chosen_by_its_canonical_url(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE_HTML.encode("utf-8"))
    result = run_scrapy("extract", str(page))
    assert result.returncode == 0, result.stderr.decode()
    item = json.loads(result.stdout)
    assert item["id"] == "youm7:7000001" and item["outlet"] == "youm7"
    assert item["title"] == "وزير يفتتح مشروعا جديدا"
    assert item["authors"] == ["محمود سامي"]
    assert item["published_at"] == "2026-11-28T10:15:00+02:00"  # youm7 labels Cairo time as UTC
    assert item["body"].split("\n\n")[0].startswith("افتتح الوزير")
    assert len(item["body"].split("\n\n")) == 3 and "صورة الافتتاح" not in item["body"]
    assert "\\u" not in result.stdout.decode()


def test_windows_1256_page_is_decoded_as_a_crawl_would(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE_HTML.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">').encode("cp1256"))
    result = run_scrapy("extract", str(page))
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["title"] == "وزير يفتتح مشروعا جديدا"


def test_unknown_outlet_uses_the_generic_extractor(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE_HTML.replace("www.youm7.com", "www.unknown-news.test").encode("utf-8"))
    result = run_scrapy("extract", str(page))
    assert result.returncode == 0, result.stderr.decode()
    item = json.loads(result.stdout)
    assert item["outlet"] == "generic" and item["id"].startswith("generic:")
    assert "يخدم أكثر من مائة ألف مواطن" in item["body"]


def test_a_page_without_url_is_dropped_with_its_reason(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE_HTML.replace('<link rel="canonical" href="https://www.youm7.com/story/2026/11/28/وزير-يفتتح-مشروعا/7000001">', "").encode("utf-8"))
    result = run_scrapy("extract", str(page))
    assert result.returncode == 1
    assert result.stdout == b""
    assert "dropped: invalid_url" in result.stderr.decode()


def test_a_page_with_no_article_text_is_dropped(tmp_path):
    page = tmp_path / "empty.html"
    page.write_bytes(b"<html><head><title>x</title></head><body><nav><a href='/'>home</a></nav></body></html>")
    result = run_scrapy("extract", str(page), "--url", "https://www.youm7.com/story/2026/11/28/x/7000002")
    assert result.returncode == 1
    assert "dropped: missing_body" in result.stderr.decode()


def test_text_profile(tmp_path):
    text = tmp_path / "body.txt"
    text.write_text("\ufeffاستقبل الرئيس ضيفه في القصر صباح اليوم وبحثا عددا من الملفات الإقليمية والدولية ذات الاهتمام المشترك بين البلدين الشقيقين.\n\n"
                    "وأكد الجانبان أهمية مواصلة التنسيق والتشاور المستمر بشأن القضايا المطروحة على الساحتين الإقليمية والدولية خلال المرحلة المقبلة.", "utf-8")
    result = run_scrapy("extract", str(text), "--spider", "youm7")
    assert result.returncode == 0, result.stderr.decode()
    item = json.loads(result.stdout)
    assert item["url"] is None and item["title"] is None
    assert item["outlet"] == "youm7" and item["id"].startswith("youm7:")
    assert item["body"].startswith("استقبل") and len(item["body"].split("\n\n")) == 2
    assert item["word_count"] > 30


def test_a_javascript_filled_page_names_its_amp_copy(tmp_path):
    from tests.test_generic import JS_PAGE

    page = tmp_path / "js.html"
    page.write_bytes(JS_PAGE)
    result = run_scrapy("extract", str(page))
    assert result.returncode == 1
    assert "dropped: javascript_body" in result.stderr.decode() and "/amp/story-1" in result.stderr.decode()


def test_explain_shows_every_date_and_title_candidate_and_why_it_lost(tmp_path):
    from tests.test_generic_reading import page

    body = page(
        before_text='<div class="m3">نشر في 10 مايو 2024 - 09:00 ص</div>',
        after='<ul class="x-5"><li><a href="/n/9">مصر تكسر حاجز ألف إصابة بفيروس كورونا في يوم واحد</a><span>12 مايو 2024</span></li></ul>',
        head='<meta property="article:published_time" content="0000-00-00">',
    )
    path = tmp_path / "page.html"
    path.write_bytes(body)
    result = run_scrapy("extract", str(path), "--url", "https://www.madina-news.example/news/story-17", "--explain")
    assert result.returncode == 0, result.stderr.decode()
    explained = result.stderr.decode()
    assert "meta: '0000-00-00' -> not a date, or not a possible one" in explained
    assert "visible published: 'نشر في 10 مايو 2024 - 09:00 ص' -> 2024-05-10T09:00:00+00:00 score" in explained
    assert "visible published: 'مصر تكسر حاجز ألف إصابة بفيروس كورونا في يوم واحد 12 مايو 2024' -> beside a linked headline (a teaser)" in explained
    assert "heading <h1>: 'الحكومة تعلن خطة جديدة لتطوير شبكات الري في المحافظات' (the headline)" in explained
