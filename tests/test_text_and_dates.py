"""Pure text functions (normalise, fold_key, paragraphs, word counts) and the date parser."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from newsbot.core.dates import parse_date, to_iso
from newsbot.core.text import fold_key, normalise, split_paragraphs, word_count

CAIRO = "Africa/Cairo"
BEIRUT = "Asia/Beirut"


# ---- normalise -----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("\u200fمرحبا\u200b بكم\ufeff", "مرحبا بكم"),  # RLM, ZWSP, BOM
        ("\ufeffخبر", "خبر"),  # leading BOM
        ("\u202bنص\u202c عاجل\u2066", "نص عاجل"),  # bidi embedding / isolate
        ("وزير\u200cالري\u200d", "وزيرالري"),  # ZWNJ / ZWJ
        ("\u061cكلمة\u00ad", "كلمة"),  # Arabic letter mark, soft hyphen
    ],
)
def test_normalise_removes_invisible_marks(raw, expected):
    assert normalise(raw) == expected


def test_normalise_maps_presentation_forms():
    assert normalise("\ufefb") == "\u0644\u0627"  # LAM WITH ALEF isolated form -> لا
    assert normalise("\ufef7") == "لأ"  # LAM WITH ALEF WITH HAMZA ABOVE: hamza kept
    assert normalise("\ufef9") == "لإ"  # LAM WITH ALEF WITH HAMZA BELOW
    assert normalise("ﺍﻟﺴﻼﻡ") == "السلام"
    assert all(not 0xFB50 <= ord(c) <= 0xFEFE for c in normalise("ﻫﺬﺍ ﺧﺒﺮ"))


def test_normalise_persian_letters():
    assert normalise("کتاب") == "كتاب"  # keheh -> kaf
    assert normalise("یوم") == "يوم"  # initial Persian yeh -> yeh
    assert normalise("ایران") == "ايران"  # medial Persian yeh -> yeh
    assert normalise("علی") == "على"  # final Persian yeh -> alef maksura
    assert normalise("علی و مصطفی.") == "على و مصطفى."
    assert normalise("کریم") == "كريم"


def test_normalise_final_persian_yeh_before_arabic_comma():
    assert normalise("علی، ثم") == "على، ثم"


def test_normalise_persian_digits_to_arabic_indic():
    assert normalise("۱۲۳۴۵۶۷۸۹۰") == "١٢٣٤٥٦٧٨٩٠"
    assert normalise("٢٠٢٤") == "٢٠٢٤"  # Arabic-Indic digits are kept, not made Western


def test_normalise_keeps_diacritics_hamza_and_teh_marbuta():
    for text in ("مُحَمَّد", "أحمد إبراهيم", "سؤال مسئول", "آخر", "مدرسة", "مستشفى", "أيضاً"):
        assert normalise(text) == text


def test_normalise_spaces():
    assert normalise("  أ\u00a0\u00a0ب\u2009ج\tد  ") == "أ ب ج د"
    assert normalise("") == ""


# ---- fold_key ------------------------------------------------------------------


def test_fold_key_folds_what_normalise_keeps():
    assert normalise("مُحَمَّد") != "محمد"
    assert fold_key("مُحَمَّد") == "محمد"
    assert fold_key("أحمد إبراهيم آدم") == "احمد ابراهيم ادم"
    assert fold_key("مدرسة") == fold_key("مدرسه")
    assert fold_key("مستشفى") == fold_key("مستشفي") == fold_key("مستشفی")
    assert fold_key("سؤال مسئول") == "سوال مسيول"
    assert fold_key("اقـــرأ") == "اقرا"  # tatweel
    assert fold_key("٢٠٢٤ ۲۰۲۴ 2024") == "2024 2024 2024"
    assert fold_key("Read ALSO") == "read also"


@pytest.mark.parametrize(
    "spelling",
    [
        "اقرأ أيضاً",
        "إقرأ أيضا",
        "أقرأ ايضًا",
        "اقرأ ایضا",
        "اقرأ أيضاً:",
        "  اقـــرأ   أيضاً .. ",
        "\u200fاقرأ\u200b أيضا",
        "ﺍﻗﺮﺃ ﺃﻳﻀﺎ",
    ],
)
def test_fold_key_read_also_variants_share_one_key(spelling):
    assert fold_key(spelling) == "اقرا ايضا"


def test_fold_key_distinguishes_different_words():
    assert fold_key("اقرأ أيضاً") != fold_key("اقرأ المزيد")
    assert fold_key("") == ""


# ---- paragraphs and words ----------------------------------------------------------


def test_split_paragraphs():
    assert split_paragraphs("أ\n\nب\n  \nج\r\nد") == ["أ", "ب", "ج", "د"]
    assert split_paragraphs("سطر  واحد\u200f") == ["سطر واحد"]
    assert split_paragraphs("\n\n") == []
    assert split_paragraphs("") == []
    assert split_paragraphs(None) == []


def test_word_count():
    assert word_count("ذهب محمد إلى المدرسة") == 4
    assert word_count("مُحَمَّد") == 1  # harakat do not split a word
    assert word_count("hello, world! 2024 - ٢٠٢٤") == 4
    assert word_count("") == 0
    assert word_count(None) == 0


# ---- dates: ISO and RFC 822 ------------------------------------------------------


def iso(value, tz=CAIRO, **kw):
    return to_iso(parse_date(value, tz, **kw))


def test_iso_with_z_keeps_utc():
    assert iso("2024-07-01T10:00:00Z") == "2024-07-01T10:00:00+00:00"


def test_iso_without_zone_uses_outlet_zone_with_dst():
    assert iso("2024-07-01T10:00:00") == "2024-07-01T10:00:00+03:00"  # Egypt DST restored in 2023
    assert iso("2020-07-01T10:00:00") == "2020-07-01T10:00:00+02:00"  # no DST in 2020
    assert iso("2024-01-15T10:00:00") == "2024-01-15T10:00:00+02:00"
    assert iso("2024-07-01T10:00:00", tz=None) == "2024-07-01T10:00:00+00:00"


def test_iso_offsets():
    assert iso("2024-07-01T10:00:00+0400") == "2024-07-01T10:00:00+04:00"
    assert iso("2024-07-01 10:00:00-0500") == "2024-07-01T10:00:00-05:00"
    assert iso("2024-07-01T10:00:00.123+03:00") == "2024-07-01T10:00:00+03:00"
    assert iso("2024-07-01") == "2024-07-01T00:00:00+03:00"


def test_rfc822():
    assert iso("Wed, 07 Oct 2020 12:09:00 GMT") == "2020-10-07T12:09:00+00:00"
    assert iso("Thu, 01 Feb 2024 09:30:00 +0200", tz=None) == "2024-02-01T09:30:00+02:00"


def test_date_and_datetime_objects():
    assert iso(date(2024, 7, 1)) == "2024-07-01T00:00:00+03:00"
    assert iso(datetime(2024, 7, 1, 10)) == "2024-07-01T10:00:00+03:00"
    aware = datetime(2024, 7, 1, 10, tzinfo=timezone.utc)
    assert iso(aware) == "2024-07-01T10:00:00+00:00"


# ---- dates: Arabic prose ---------------------------------------------------------


def test_arabic_prose_noon_pm():
    assert iso("الأربعاء، 07 أكتوبر 2020 - 12:09 م") == "2020-10-07T12:09:00+02:00"


def test_arabic_prose_am():
    assert iso("الأربعاء، 07 أكتوبر 2020 - 12:09 ص") == "2020-10-07T00:09:00+02:00"
    assert iso("الخميس 01 فبراير 2024 - 09:30 ص") == "2024-02-01T09:30:00+02:00"


def test_arabic_prose_afternoon_pm():
    assert iso("الأربعاء، 07 أكتوبر 2020 - 09:15 م") == "2020-10-07T21:15:00+02:00"


def test_arabic_prose_pm_word():
    assert iso("الأربعاء، 07 أكتوبر 2020 - 09:15 مساء") == "2020-10-07T21:15:00+02:00"


def test_arabic_indic_and_persian_digits():
    assert iso("الأربعاء، ٠٧ أكتوبر ٢٠٢٠ - ١٢:٠٩ ص") == "2020-10-07T00:09:00+02:00"
    assert iso("٢٠٢٤-٠٧-٠١T١٠:٠٠:٠٠Z") == "2024-07-01T10:00:00+00:00"
    assert iso("۲۰۲۴-۰۷-۰۱T۱۰:۰۰:۰۰") == "2024-07-01T10:00:00+03:00"


def test_levantine_months_in_beirut():
    assert iso("١٥ كانون الثاني ٢٠٢٤", BEIRUT) == "2024-01-15T00:00:00+02:00"
    assert iso("15 كانون الثاني 2024 - 10:30", BEIRUT) == "2024-01-15T10:30:00+02:00"
    assert iso("3 أيلول 2023", BEIRUT) == "2023-09-03T00:00:00+03:00"  # Beirut summer time
    assert iso("3 أيلول/سبتمبر 2023", BEIRUT) == "2023-09-03T00:00:00+03:00"
    assert iso("25 كانون الأول 2023", BEIRUT) == "2023-12-25T00:00:00+02:00"


def test_maghreb_months():
    assert iso("12 جانفي 2021", "Africa/Algiers") == "2021-01-12T00:00:00+01:00"
    assert iso("5 فيفري 2021", "Africa/Tunis") == "2021-02-05T00:00:00+01:00"
    assert iso("15 أوت 2022", "Africa/Algiers") == "2022-08-15T00:00:00+01:00"


@pytest.mark.parametrize(
    "text",
    [
        "تاريخ النشر: 12 مارس 2023 10:00",
        "آخر تحديث: 12 مارس 2023 10:00",
        "12 مارس 2023 10:00 بتوقيت القاهرة",
        "الأحد 12 مارس 2023م 10:00",
        "نشر في: الأحد 12 مارس 2023م - 10:00 بتوقيت القاهرة",
    ],
)
def test_labels_and_decorations_are_ignored(text):
    assert iso(text) == "2023-03-12T10:00:00+02:00"


def test_era_suffix_without_time():
    assert iso("12 مارس 2023م") == "2023-03-12T00:00:00+02:00"


def test_relative_date_uses_relative_base():
    base = datetime(2024, 3, 1, 12, 0, tzinfo=ZoneInfo(CAIRO))
    assert iso("منذ 3 ساعات", relative_base=base) == "2024-03-01T09:00:00+02:00"
    # A UTC base is read in the outlet's zone first (10:00 UTC = 12:00 Cairo).
    utc_base = datetime(2024, 3, 1, 10, 0, tzinfo=timezone.utc)
    assert iso("منذ 3 ساعات", relative_base=utc_base) == "2024-03-01T09:00:00+02:00"
    assert iso("منذ ٣ ساعات", relative_base=base) == "2024-03-01T09:00:00+02:00"


def test_utc_is_local():
    assert iso("2024-07-01T10:00:00Z", utc_is_local=True) == "2024-07-01T10:00:00+03:00"
    assert iso("2024-07-01T10:00:00+00:00", utc_is_local=True) == "2024-07-01T10:00:00+03:00"
    # A real non-zero offset is kept as given.
    assert iso("2024-07-01T10:00:00+04:00", utc_is_local=True) == "2024-07-01T10:00:00+04:00"
    assert iso("2024-07-01T10:00:00Z", utc_is_local=False) == "2024-07-01T10:00:00+00:00"


@pytest.mark.parametrize(
    "value",
    ["hello world", "لا يوجد تاريخ", "", "   ", None, 12345, ["2024-07-01"], "2024-02-30T10:00:00", "x" * 300],
)
def test_garbage_is_none(value):
    assert parse_date(value, CAIRO) is None


@pytest.mark.parametrize(
    "value",
    ["1985-01-01T00:00:00Z", "2150-01-01T00:00:00Z", "12 مارس 1985", "Wed, 07 Oct 1980 12:09:00 GMT"],
)
def test_years_outside_range_are_none(value):
    assert parse_date(value, CAIRO) is None


def test_years_at_range_edges_are_kept():
    assert iso("1990-01-01T00:00:00Z") == "1990-01-01T00:00:00+00:00"
    assert iso("2100-12-31T00:00:00Z") == "2100-12-31T00:00:00+00:00"


def test_to_iso():
    assert to_iso(None) is None
    dt = datetime(2024, 7, 1, 10, 0, 5, 123456, tzinfo=ZoneInfo(CAIRO))
    assert to_iso(dt) == "2024-07-01T10:00:05+03:00"


def test_a_date_without_a_day_is_not_a_publication_date():
    # dateparser alone would fill the missing parts from today, making output depend on the run date
    assert parse_date("2023م", "Africa/Cairo") is None
    assert parse_date("مايو 2024", "Africa/Cairo") is None


def test_an_offset_stated_in_prose_wins_over_the_outlet_zone():
    assert to_iso(parse_date("الأحد، 04 أغسطس 2013 02:21 (GMT+0400)", "Africa/Cairo")) == "2013-08-04T02:21:00+04:00"
    assert to_iso(parse_date("12 مايو 2024 10:00 GMT-3", "Asia/Dubai")) == "2024-05-12T10:00:00-03:00"
