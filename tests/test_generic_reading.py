"""The generic profile reads what a reader sees: visible dates, bylines and headlines on synthetic pages.

Each page is small and written here; it has no metadata unless a test gives it some, and class names
that say nothing ("c1", "x-7"), as a page of an unknown outlet after a redesign would.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsbot.extraction.article import Page, build_article
from newsbot.outlets.profile import OutletProfile

FETCHED = datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)
URL = "https://www.madina-news.example/news/story-17"
GENERIC = OutletProfile()
CAIRO = OutletProfile(name="madina", timezone="Africa/Cairo", domains=("madina-news.example",))
HEADLINE = "الحكومة تعلن خطة جديدة لتطوير شبكات الري في المحافظات"
TEXT = [
    "أعلنت وزارة الزراعة صباح اليوم عن خطة جديدة لتطوير شبكات الري في المحافظات الجنوبية خلال العام المقبل بتكلفة كبيرة.",
    "وقال المتحدث باسم الوزارة إن الخطة تشمل تبطين القنوات وتركيب أنظمة ري حديثة في أكثر من مئة قرية في المرحلة الأولى.",
    "وأضاف أن العمل سيبدأ في الربيع المقبل بعد الانتهاء من الدراسات الفنية والبيئية اللازمة لكل منطقة من المناطق.",
]
NAV = '<div class="x-1"><a href="/">الرئيسية</a> <a href="/a">سياسة</a> <a href="/b">اقتصاد</a> <a href="/c">رياضة</a></div>'


def page(*, top: str = "", before_text: str = "", text: list[str] | None = None, after: str = "", head: str = "",
         title_tag: str | None = None, h1: str | None = HEADLINE, header: str = "") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in (TEXT if text is None else text))
    title = f"<title>{title_tag if title_tag is not None else HEADLINE}</title>"
    heading = f"<h1>{h1}</h1>" if h1 is not None else ""
    return (
        f'<html><head><meta charset="utf-8">{title}{head}</head><body>'
        f'<div class="x-0">{header}{NAV}</div>{top}'
        f'<div class="c1">{heading}{before_text}<div class="c2">{paragraphs}</div>{after}</div>'
        '<div class="x-9"><p>جميع الحقوق محفوظة © 2026 مدينة نيوز</p></div></body></html>'
    ).encode()


def built(body: bytes, url: str = URL, profile: OutletProfile = GENERIC):
    result = build_article(Page(url, body, FETCHED), profile)
    assert result.article is not None, result.drop
    return result


def day(body: bytes, **kwargs) -> str | None:
    published = built(body, **kwargs).article.published_at
    return published[:10] if published else None


# ---- dates: structured sources without JSON-LD or meta ----


def test_a_time_element_rdfa_microdata_and_data_attribute_date_are_read():
    assert day(page(before_text='<time datetime="2020-04-24T21:22:00+03:00">24 أبريل</time>')) == "2020-04-24"
    assert day(page(before_text='<span property="dc:date" content="2020-04-23">منذ زمن</span>')) == "2020-04-23"
    assert day(page(before_text='<span itemprop="datePublished" content="2020-04-22T10:00:00Z"></span>')) == "2020-04-22"
    assert day(page(before_text='<span class="m5" data-published="2020-04-21T08:00:00+02:00">قبل أيام</span>')) == "2020-04-21"
    assert day(page(before_text='<div class="m5" data-timestamp="1587456000"></div>')) == "2020-04-21"


def test_a_dated_url_gives_the_day():
    assert day(page(), url="https://www.madina-news.example/2013/8/3/story") == "2013-08-03"
    assert day(page(), url="https://www.madina-news.example/2013/middle_east/8/3/syria/index.html") == "2013-08-03"
    assert day(page(), url="https://www.madina-news.example/local/2020-06-03-1.3874341") == "2020-06-03"


# ---- dates: visible, with labels and in the forms Arabic sites print ----


@pytest.mark.parametrize(
    "line,expected",
    [
        ("نشر في: 24 نيسان / أبريل 2020", "2020-04-24T00:00:00+02:00"),
        ("تاريخ النشر: 12 حزيران 2019 - 10:15", "2019-06-12T10:15:00+02:00"),  # Egypt kept no DST in 2019,
        ("تم نشره بتاريخ 5 جانفي 2021 10:30 مساءً", "2021-01-05T22:30:00+02:00"),
        ("بتاريخ ١٥ أوت ٢٠٢١", "2021-08-15T00:00:00+02:00"),
        ("نشر في 3 جويلية 2022 9:05 صباحاً", "2022-07-03T09:05:00+02:00"),
        ("تاريخ النشر 24-04-2020", "2020-04-24T00:00:00+02:00"),
        ("2020/04/24 - 21:22", "2020-04-24T21:22:00+02:00"),
        ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", "2020-10-07T12:09:00+02:00"),
        ("٠٢:٠٠ الثلاثاء ١ / ١٢ / ٢٠٢٠", "2020-12-01T02:00:00+02:00"),
        ("نشر في 11 فيفري 2021 - 08:00 GMT", "2021-02-11T08:00:00+00:00"),
    ],
)
def test_a_visible_publication_date_is_read_in_the_outlets_zone(line, expected):
    result = built(page(before_text=f'<div class="m3"><span>{line}</span></div>'), profile=CAIRO)
    assert result.article.published_at == expected
    assert result.sources["published_at"] == "visible"


def test_an_update_stamp_is_modified_and_teasers_header_today_and_copyright_are_not_dates():
    body = page(
        header='<span class="x-2">الأحد 29 نوفمبر 2026</span>',  # the header's "today"
        before_text='<div class="m3">نشر في 10 مايو 2024 - 09:00 ص | آخر تحديث 11 مايو 2024 - 13:30</div>',
        after=(
            '<ul class="x-5"><li><a href="/news/story-9">مصر تكسر حاجز ألف إصابة بفيروس كورونا في يوم واحد</a>'
            "<span>12 مايو 2024</span></li></ul>"
        ),
    )
    result = built(body, profile=CAIRO)
    assert result.article.published_at == "2024-05-10T09:00:00+03:00"
    assert result.article.modified_at == "2024-05-11T13:30:00+03:00"
    teaser_only = page(
        after='<ul class="x-5"><li><a href="/news/story-9">مصر تكسر حاجز ألف إصابة بفيروس كورونا في يوم واحد</a><span>12 مايو 2024</span></li></ul>'
    )
    assert built(teaser_only).article.published_at is None, "a teaser's date, a footer's year: no date at all"


def test_an_update_stamp_alone_is_not_the_publication_date():
    body = page(before_text='<div class="m3">الأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21 (GMT+0400)</div>')
    article = built(body, url="https://www.madina-news.example/2013/news/8/3/story").article
    assert article.modified_at == "2013-08-04T02:21:00+04:00"
    assert article.published_at[:10] == "2013-08-03", "the URL's day, not the update"


def test_a_label_inside_a_word_is_not_a_label():
    # "نشره" (his publication) is not "نشر": the line is a date all the same, with no label left in it
    result = built(page(before_text='<div class="m3">أعاد نشره موقعنا 14 مارس 2023</div>'), profile=CAIRO)
    assert result.article.published_at == "2023-03-14T00:00:00+02:00"


def test_an_ambiguous_numeric_date_is_day_first_unless_the_page_proves_otherwise():
    assert day(page(before_text='<div class="m3">04/05/2020</div>'), profile=CAIRO) == "2020-05-04"
    month_first = page(before_text='<div class="m3">04/05/2020</div>', after='<div class="m4">تحديث: 04/25/2020</div>')
    assert day(month_first, profile=CAIRO) == "2020-04-05"


def test_an_outlet_declares_its_own_date_label():
    from dataclasses import replace

    body = page(before_text='<div class="m3">صدر في 3 مارس 2021</div><div class="m4">1 مارس 2021</div>')
    plain = built(body, profile=CAIRO).article.published_at
    assert plain.startswith("2021-03-03"), "the nearer date serves when neither has a label"
    labelled = replace(CAIRO, date_labels=("صدر في",))
    body = page(before_text='<div class="m4">1 مارس 2021</div><div class="m3">صدر في 3 مارس 2021</div>')
    assert built(body, profile=labelled).article.published_at.startswith("2021-03-03")


# ---- bylines ----


@pytest.mark.parametrize(
    "line,author",
    [
        ("كتب: محمد عبد الله", "محمد عبد الله"), ("كتبت أسماء نصار", "أسماء نصار"), ("بقلم سامي خليل", "سامي خليل"),
        ("حوار: رنا خليل", "رنا خليل"), ("إعداد: نادية فؤاد", "نادية فؤاد"), ("حسام أبو العلا - القاهرة", "حسام أبو العلا"),
        ("القاهرة - جمال حسن", "جمال حسن"),
    ],
)
def test_a_byline_at_the_top_of_the_text_becomes_the_author_and_leaves_the_body(line, author):
    article = built(page(text=[line, *TEXT])).article
    assert article.authors == [author]
    assert line not in article.body and article.body.startswith(TEXT[0][:20])


def test_a_byline_printed_near_the_headline_is_read_and_the_site_name_is_not_a_person():
    article = built(page(before_text='<div class="writer-box"><span>بقلم</span> <a href="/w/5">ليلى حداد</a></div>')).article
    assert article.authors == ["ليلى حداد"]
    named = built(page(head='<meta name="author" content="MadinaNews"><meta name="author" content="MNA">')).article
    assert named.authors == [], "the domain's brand and an acronym are the site, not people"


# ---- titles ----


@pytest.mark.parametrize(
    "title_tag",
    [f"مدينة نيوز - {HEADLINE}", f"{HEADLINE} | مدينة نيوز", f"{HEADLINE} - سياسة - مدينة نيوز", f"{HEADLINE} - Madina News"],
)
def test_the_site_and_section_segments_leave_the_title_without_og_site_name(title_tag):
    assert built(page(title_tag=title_tag)).article.title == HEADLINE
    assert built(page(title_tag=title_tag, h1=None)).article.title == HEADLINE, "no heading: the <title>'s own segment"
    meta = built(page(title_tag=title_tag, head=f'<meta property="og:title" content="{title_tag}">')).article
    assert meta.title == HEADLINE, "og:title carries the site too"


def test_a_logo_or_footer_heading_is_not_the_headline():
    logo = page(header="<h1>CNN</h1>", title_tag=f"{HEADLINE} - CNN Arabic", h1=None,
                before_text=f"<h2>{HEADLINE}</h2>")
    assert built(logo, url="https://arabic.cnn.com/middle-east/article/2024/05/12/story").article.title == HEADLINE
    footer = page(after="<footer><h2>روابط مهمة من الموقع</h2></footer>", h1=None, title_tag=HEADLINE)
    assert built(footer).article.title == HEADLINE


# ---- the body ----


def test_the_container_never_swallows_navigation_and_teasers():
    teasers = "".join(f'<li><a href="/n/{i}">خبر آخر رقم {i} عن موضوع مختلف تماما في المدينة</a></li>' for i in range(12))
    body = page(after=f'<ul class="x-5">{teasers}</ul>')
    article = built(body).article
    assert article.body.split("\n\n") == TEXT


def test_text_written_straight_into_the_body_keeps_the_menus_and_teasers_out():
    teasers = "".join(f'<li><a href="/n/{i}">خبر آخر رقم {i} عن موضوع مختلف تماما</a></li>' for i in range(8))
    body = (
        '<html><head><meta charset="utf-8"><title>t</title></head><body>'
        f'<ul class="q">{teasers}</ul><h1>{HEADLINE}</h1>' + "".join(f"<p>{p}</p>" for p in TEXT)
        + f'<div class="z"><a href="/a">سياسة</a> <a href="/b">اقتصاد</a> <a href="/c">رياضة</a> <a href="/d">فن</a></div><ul class="r">{teasers}</ul>'
        "</body></html>"
    ).encode()
    assert built(body).article.body.split("\n\n") == TEXT


def test_paragraphs_each_in_a_wrapper_are_read_together():
    wrapped = "".join(f'<div class="w{i}"><p>{p}</p></div>' for i, p in enumerate(TEXT))
    body = page(text=[]).replace(b'<div class="c2"></div>', f'<div class="c2">{wrapped}</div>'.encode())
    assert built(body).article.body.split("\n\n") == TEXT


def test_a_lead_printed_apart_from_the_text_stays_its_first_paragraph():
    lead = "قررت الحكومة اليوم إطلاق خطة وطنية واسعة لتحديث شبكات الري في جميع المحافظات خلال ثلاثة أعوام."
    body = page(before_text=f'<div class="x-3"><p>{lead}</p></div>')
    assert built(body).article.body.split("\n\n") == [lead, *TEXT]


# ---- what must not be taken (review cases) ----


def test_a_date_the_text_mentions_is_not_the_pages_date():
    text = [f"{TEXT[0]} وكانت الحكومة أقرت في <b>12 مايو 2019</b> خطة سابقة لم تنفذ بسبب نقص التمويل في ذلك الوقت.", *TEXT[1:]]
    assert built(page(text=text)).article.published_at is None


def test_digits_in_the_url_that_may_be_an_id_lose_to_a_visible_date():
    body = page(before_text='<div class="m3">نشر في 3 مارس 2021</div>')
    assert day(body, url="https://www.madina-news.example/news/20110425") == "2021-03-03"
    assert day(page(), url="https://www.madina-news.example/news/20110425") == "2011-04-25", "alone, it is the best hint there is"
    assert day(body, url="https://www.madina-news.example/2013/8/3/story") == "2013-08-03", "a date written as a date wins"


def test_an_updated_time_element_is_the_modified_date():
    body = page(before_text='<time class="entry-date published" datetime="2021-03-03T10:00:00+02:00">3 مارس</time>'
                            '<time class="updated" datetime="2021-03-05T10:00:00+02:00">5 مارس</time>')
    article = built(body).article
    assert article.published_at == "2021-03-03T10:00:00+02:00" and article.modified_at == "2021-03-05T10:00:00+02:00"


def test_a_logo_heading_never_becomes_the_title_of_a_metadata_title():
    body = page(header="<h1>مدينة نيوز</h1>", title_tag=f"مدينة نيوز - {HEADLINE}", h1=None,
                head=f'<meta property="og:title" content="مدينة نيوز - {HEADLINE}"><meta property="og:site_name" content="مدينة نيوز">')
    assert built(body).article.title == HEADLINE
    inner = "السيسي - بن سلمان: قمة في الرياض"
    assert built(page(title_tag=f"{inner} | مدينة نيوز", h1=None, head='<meta property="og:site_name" content="مدينة نيوز">')).article.title == inner


@pytest.mark.parametrize("line", ["صور - أرشيفية", "تونس - الجزائر", "غزة - استشهاد 5 فلسطينيين", "كتب الرئيس على تويتر:"])
def test_lines_that_look_like_credits_but_name_nobody_stay_text(line):
    article = built(page(text=[line, *TEXT])).article
    assert article.authors == [] and article.body.startswith(line)
