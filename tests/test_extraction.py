"""Extraction on small synthetic pages: structured data, body, authors, identity and dates."""

from __future__ import annotations

import json
import re

import pytest

from newsbot.core.text import normalise
from newsbot.extraction.authors import clean_authors
from newsbot.extraction.body import drop_boxes, element_paragraphs, generic_container
from newsbot.extraction.fields import extract, page_selector
from newsbot.extraction.structured import jsonld_fields, meta_fields
from newsbot.extraction.titles import trim
from newsbot.outlets.profile import OutletProfile

URL = "https://www.news.test/story/2024/7/1/slug/123"
PROFILE = OutletProfile(
    name="t",
    outlet_name="اليوم السابع",
    timezone="Africa/Cairo",
    domains=("news.test",),
    article_url=re.compile(r"/story/(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})/[^/]+/(?P<id>\d+)"),
    selectors={"body": "div.article-body", "authors": ".byline"},
    drop=(".read-also", "//div[@data-box='promo']"),
)
LONG = "هذه فقرة طويلة من نص الخبر تكفي لتجاوز الحد الأدنى لعدد الأحرف في الفقرة الواحدة بوضوح"


def ld(obj) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


# ---- JSON-LD -------------------------------------------------------------------------


def test_broken_jsonld_block_does_not_hide_the_good_one():
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "مكسور" </script>'
    good = ld({"@type": "NewsArticle", "headline": "العنوان الصحيح", "datePublished": "2024-07-01T10:00:00"})
    fields = jsonld_fields(page_selector(page(broken + good)))
    assert fields["title"] == "العنوان الصحيح"
    e = extract(page(broken + good), URL, PROFILE)
    assert e.title == "العنوان الصحيح"
    assert e.published_at == "2024-07-01T10:00:00+03:00"
    assert e.sources["title"] == "jsonld"


def test_graph_with_organization_and_news_article():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": "اليوم السابع", "url": "https://www.news.test/"},
            {"@type": "WebPage", "name": "صفحة"},
            {
                "@type": "NewsArticle",
                "headline": "خبر من الرسم",
                "description": "المقدمة",
                "articleSection": "سياسة",
                "keywords": "مصر، النيل, الاقتصاد",
                "image": {"@type": "ImageObject", "url": "/img/1.jpg"},
                "author": {"@type": "Person", "name": "أسماء نصار"},
            },
        ],
    }
    e = extract(page(ld(graph)), URL, PROFILE)
    assert e.title == "خبر من الرسم"
    assert e.lead == "المقدمة"
    assert e.section == "سياسة"
    assert e.tags == ["مصر", "النيل", "الاقتصاد"]
    assert e.image == "https://www.news.test/img/1.jpg"
    assert e.authors == ["أسماء نصار"]


def test_type_given_as_list():
    block = ld({"@type": ["WebPage", "NewsArticle"], "headline": "نوع في قائمة"})
    assert jsonld_fields(page_selector(page(block)))["title"] == "نوع في قائمة"
    not_article = ld({"@type": ["WebPage", "Thing"], "headline": "ليس خبرا"})
    assert jsonld_fields(page_selector(page(not_article))) == {}


def test_html_entities_in_jsonld_strings():
    block = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"قال &quot;الوزير&quot; &amp; النائب"}</script>'
    e = extract(page(block), URL, PROFILE)
    assert e.title == 'قال "الوزير" & النائب'


def test_organization_author_is_not_a_person():
    org_only = ld({"@type": "NewsArticle", "headline": "خ", "author": {"@type": "Organization", "name": "مؤسسة الأهرام"}})
    assert "authors" not in jsonld_fields(page_selector(page(org_only)))
    assert extract(page(org_only), URL, PROFILE).authors == []
    mixed = ld(
        {
            "@type": "NewsArticle",
            "headline": "خ",
            "author": [{"@type": "NewsMediaOrganization", "name": "مؤسسة الأهرام"}, {"@type": "Person", "name": "كتب محمد علي"}],
        }
    )
    assert extract(page(mixed), URL, PROFILE).authors == ["محمد علي"]


# ---- OpenGraph / meta fallback and title ---------------------------------------------


def test_opengraph_fallback_without_jsonld():
    head = (
        '<meta property="og:title" content="عنوان الخبر - اليوم السابع">'
        '<meta property="og:site_name" content="اليوم السابع">'
        '<meta property="og:description" content="وصف &amp; مقدمة">'
        '<meta property="article:published_time" content="2024-01-15T08:00:00Z">'
        '<meta property="og:image" content="/img/a.jpg">'
        '<meta name="author" content="اليوم السابع">'
    )
    e = extract(page(head), "https://news.test/a/1", PROFILE)
    assert e.title == "عنوان الخبر"
    assert e.lead == "وصف & مقدمة"
    assert e.published_at == "2024-01-15T08:00:00+00:00"
    assert e.image == "https://news.test/img/a.jpg"
    assert e.authors == []  # the site's own name is not a person
    assert e.sources["title"] == e.sources["lead"] == e.sources["published_at"] == "meta"


def test_a_metadata_title_loses_the_site_segment():
    assert trim("عنوان - اليوم السابع", ["اليوم السابع"], None, []) == "عنوان"
    assert trim("عنوان | اليوم السابع", ["", "اليوم السابع"], None, []) == "عنوان"
    assert trim("اليوم السابع - عنوان", ["اليوم السابع"], None, []) == "عنوان"
    assert trim("عنوان-اليوم السابع", ["اليوم السابع"], None, []) == "عنوان-اليوم السابع"  # no spaced separator
    assert trim("عنوان - موقع آخر", ["اليوم السابع"], None, []) == "عنوان - موقع آخر"


# ---- canonical URL and native id ---------------------------------------------------------


def test_canonical_same_site_is_honoured():
    head = '<link rel="canonical" href="/story/2024/7/1/slug/456">'
    e = extract(page(head), "https://m.news.test/amp/x?utm_source=fb", PROFILE)
    assert e.canonical_url == "https://m.news.test/story/2024/7/1/slug/456"
    assert e.sources["canonical_url"] == "meta"
    assert e.native_id == "456"


def test_canonical_offsite_is_ignored():
    head = '<link rel="canonical" href="https://evil.example/story/2024/7/1/slug/999">'
    e = extract(page(head), URL + "?utm_source=x#top", PROFILE)
    assert e.canonical_url == URL
    assert "canonical_url" not in e.sources
    assert e.native_id == "123"


def test_native_id_from_article_url_pattern():
    assert extract(page(), URL, PROFILE).native_id == "123"
    assert extract(page(), "https://www.news.test/section/politics", PROFILE).native_id is None
    assert extract(page(), URL, OutletProfile()).native_id is None


# ---- body ----------------------------------------------------------------------------------


def body_page(inner: str) -> str:
    return page(body=f'<h1>عنوان</h1><div class="article-body">{inner}</div><p>{LONG} خارج</p>')


def test_br_br_inside_one_p_gives_separate_paragraphs():
    e = extract(body_page("<p>الفقرة الأولى<br><br>الفقرة الثانية<br/>الثالثة</p>"), URL, PROFILE)
    assert e.paragraphs == ["الفقرة الأولى", "الفقرة الثانية", "الثالثة"]
    assert e.body == "الفقرة الأولى\n\nالفقرة الثانية\n\nالثالثة"
    assert e.sources["body"] == "selector"


def test_inline_elements_do_not_split_a_paragraph():
    inner = '<p>قال <a href="/x">الوزير</a> إن <span>الخطة</span> <b>جاهزة</b>\n  تماما</p><p>ثانية</p>'
    e = extract(body_page(inner), URL, PROFILE)
    assert e.paragraphs == ["قال الوزير إن الخطة جاهزة تماما", "ثانية"]


def test_outlet_drops_and_generic_share_box():
    inner = (
        "<p>نص أول</p>"
        '<div class="read-also">اقرأ أيضا: خبر آخر</div>'
        '<div data-box="promo">إعلان ترويجي</div>'
        '<div class="share-bar">شارك على فيسبوك</div>'
        '<div id="related-news">أخبار ذات صلة</div>'
        '<p class="selectionShareable">فقرة قابلة للمشاركة تبقى</p>'
        "<p>نص <span class='read-also'>محذوف</span>أخير</p>"
    )
    e = extract(body_page(inner), URL, PROFILE)
    assert e.paragraphs == ["نص أول", "فقرة قابلة للمشاركة تبقى", "نص أخير"]


def test_drop_boxes_keeps_tail_text_and_original():
    sel = page_selector('<div id="c"><p>أ<span class="share">x</span> ب</p></div>').css("#c")[0]
    dropped = drop_boxes(sel)
    assert element_paragraphs(dropped) == ["أ ب"]
    assert element_paragraphs(sel) == ["أx ب"]  # the original is not modified


def test_scripts_styles_figcaption_never_in_body():
    inner = (
        "<p>نص الخبر</p><script>var secret = 1;</script><style>.x{color:red}</style>"
        '<figure><img src="a.jpg"><figcaption>تعليق الصورة</figcaption></figure>'
        "<noscript>فعّل جافاسكربت</noscript><p>تتمة<script>document.write('x')</script> الخبر</p>"
    )
    e = extract(body_page(inner), URL, PROFILE)
    assert e.paragraphs == ["نص الخبر", "تتمة الخبر"]
    for bad in ("secret", "color", "تعليق", "جافاسكربت", "document"):
        assert bad not in e.body


def test_generic_container_prefers_paragraph_text_over_link_sidebar():
    links = "".join(f'<li><a href="/n{i}">عنوان خبر آخر طويل في الشريط الجانبي رقم {i}</a></li>' for i in range(20))
    linked_paras = "".join(f'<p><a href="/p{i}">{LONG}</a></p>' for i in range(4))
    html = page(
        body=f'<div class="sidebar"><ul>{links}</ul>{linked_paras}</div>'
        f'<div class="main"><p>{LONG} أ</p><p>{LONG} ب</p><p>قصير</p></div>'
    )
    container = generic_container(page_selector(html))
    assert container is not None and container.attrib.get("class") == "main"
    e = extract(html, URL, OutletProfile(name="t", domains=("news.test",)))
    assert e.paragraphs == [f"{LONG} أ", f"{LONG} ب", "قصير"]
    assert e.sources["body"] == "generic"


def test_outlet_selector_body_wins_over_jsonld_article_body():
    html = ld({"@type": "NewsArticle", "headline": "خ", "articleBody": "نص مختصر بلا فقرات"}) + body_page("<p>أ</p><p>ب</p>")
    e = extract(html, URL, PROFILE)
    assert e.paragraphs == ["أ", "ب"]
    bare = extract(page(ld({"@type": "NewsArticle", "headline": "خ", "articleBody": "سطر1\nسطر2"})), URL, PROFILE)
    assert bare.paragraphs == ["سطر1", "سطر2"] and bare.sources["body"] == "jsonld"


# ---- authors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bylines, expected",
    [
        (["كتبت أسماء نصار"], ["أسماء نصار"]),
        (["كتب: محمد علي"], ["محمد علي"]),
        (["حسام أبو العلا - القاهرة"], ["حسام أبو العلا"]),
        (["محمد علي و أحمد حسن"], ["محمد علي", "أحمد حسن"]),
        (["محمد علي، أحمد حسن", "محمد علي"], ["محمد علي", "أحمد حسن"]),
        (["رويترز"], []),
        (["وكالات", "أ ف ب", "Reuters"], []),
        (["اليوم السابع", "سارة أحمد"], ["سارة أحمد"]),
    ],
)
def test_clean_authors(bylines, expected):
    assert clean_authors(bylines, not_people=("اليوم السابع",)) == expected


def test_outlet_name_is_not_a_person_only_when_given():
    assert clean_authors(["اليوم السابع"]) == ["اليوم السابع"]
    assert clean_authors(["اليوم السابع"], not_people=("اليوم السابع",)) == []


def test_authors_from_outlet_selector():
    html = page(body='<div class="byline">كتب محمد علي و أحمد حسن - القاهرة</div><div class="byline">رويترز</div>')
    e = extract(html, URL, PROFILE)
    assert e.authors == ["محمد علي", "أحمد حسن"]
    assert e.sources["authors"] == "selector"


# ---- dates -------------------------------------------------------------------------------------


def test_url_date_when_page_has_none():
    e = extract(page(), "https://www.news.test/story/2023/5/9/slug/777", PROFILE)
    assert e.published_at == "2023-05-09T00:00:00+03:00"
    assert e.sources["published_at"] == "url"


def test_feed_hint_used_before_url_date():
    url = "https://www.news.test/story/2023/5/9/slug/777"
    e = extract(page(), url, PROFILE, hints={"published": "2023-05-08T22:30:00+00:00"})
    assert e.published_at == "2023-05-08T22:30:00+00:00"
    assert e.sources["published_at"] == "discovery"
    # An unparseable hint falls through to the URL date.
    e = extract(page(), url, PROFILE, hints={"published": "غير معروف"})
    assert e.sources["published_at"] == "url"


def test_page_date_used_before_feed_hint():
    head = '<meta property="article:published_time" content="2023-05-09T11:00:00+03:00">'
    e = extract(page(head), URL, PROFILE, hints={"published": "2023-05-08T22:30:00+00:00"})
    assert e.published_at == "2023-05-09T11:00:00+03:00"
    assert e.sources["published_at"] == "meta"


def test_meta_fields_microdata_dates():
    html = page(body='<time itemprop="datePublished" datetime="2024-07-01T09:00:00+03:00">1 يوليو</time>')
    assert meta_fields(page_selector(html))["published"] == "2024-07-01T09:00:00+03:00"


def test_image_selector_accepts_xpath_like_other_fields():
    profile = OutletProfile(name="t", domains=("news.test",), selectors={"image": "//div[@class='hero']/img"})
    html = page(body='<div class="hero"><img src="/a.jpg"></div>')
    assert extract(html, "https://news.test/a", profile).image == "https://news.test/a.jpg"


def test_distrusted_sources_are_skipped_and_jsonld_headlines_lose_the_site_name():
    page = """<html><head><meta property="og:site_name" content="أخبار المدينة">
    <meta name="description" content="| City News"><meta name="keywords" content="news, city">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "عنوان الخبر - أخبار المدينة"}</script>
    </head><body><p class="lead">ملخص الخبر كما تنشره الصفحة</p><div class="tags"><a>مدارس</a><a>تعليم</a></div></body></html>"""
    plain = OutletProfile(name="t", selectors={"lead": "p.lead", "tags": ".tags a"})
    distrusting = OutletProfile(name="t", selectors={"lead": "p.lead", "tags": ".tags a"}, distrust={"lead": ("meta",), "tags": ("meta",)})
    assert extract(page, "https://city.test/a", plain).lead == "| City News"
    got = extract(page, "https://city.test/a", distrusting)
    assert got.title == "عنوان الخبر"
    assert got.lead == "ملخص الخبر كما تنشره الصفحة" and got.sources["lead"] == "selector"
    assert got.tags == ["مدارس", "تعليم"]


def test_one_article_tag_holding_all_tags_is_split():
    page = '<html><head><meta property="article:tag" content="النمر، مدرسة البنات, حريق"></head><body></body></html>'
    assert extract(page, "https://x.test/a").tags == ["النمر", "مدرسة البنات", "حريق"]


def test_a_place_and_outlet_credit_is_no_author():
    assert clean_authors(["دبي - البيان"], not_people=("البيان",)) == []
    assert clean_authors(["حسام أبو العلا - القاهرة"], not_people=("اليوم",)) == ["حسام أبو العلا"]


def test_two_marker_headings_in_one_box_remove_it_once_without_a_crash():
    from datetime import datetime, timezone

    from newsbot.extraction.article import Page, build_article

    text = "هذا نص المقال الطويل الذي يحتوي على كلمات كثيرة جدا. " * 10
    body = (
        f"<html><body><div class='article-body'><p>{text}</p>"
        "<div class='box'><h3>اقرأ أيضا</h3><h3>أخبار ذات صلة</h3><ul><li>خبر</li></ul></div></div></body></html>"
    ).encode()
    built = build_article(Page("https://example.com/a/1", body, datetime.now(timezone.utc)), OutletProfile())
    assert built.article.body == normalise(text.strip()) and built.removed["dom_marker_block"] == 1
