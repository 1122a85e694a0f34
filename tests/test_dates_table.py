"""Every date form parse_date reads, in one table: (input, outlet zone, expected ISO or None, relative base).

Each expected value was worked out by hand, not copied from the code:

* Africa/Cairo: +02:00, and +03:00 in summer from 2023 on (last Friday of April to the
  last Thursday of October: 2024-04-26 to 2024-10-31); no summer time 2015-2022.
* Asia/Beirut: +02:00, +03:00 from the last Sunday of March to the last Sunday of
  October (2024-03-31 to 2024-10-27).
* Africa/Algiers and Africa/Tunis: +01:00 all year.
* Africa/Casablanca: +01:00, except +00:00 around Ramadan (2023-03-19 to 2023-04-23,
  2024-03-10 to 2024-04-14).
* Asia/Riyadh: +03:00 all year.
* Hijri dates are Umm al-Qura: 1 Ramadan 1445 = 2024-03-11, 1 Shawwal 1445 = 2024-04-10,
  1 Dhu al-Qa'da 1445 = 2024-05-09, 1 Dhu al-Hijja 1445 = 2024-06-07, 1 Muharram 1446 =
  2024-07-07, 1 Rajab 1445 = 2024-01-13, 1 Rabi' I 1446 = 2024-09-04.
* Relative dates count back from the relative base read in the outlet's zone;
  "أمس" is the base minus one day (dateparser's reading: same clock time, yesterday).
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from newsbot.core import dates
from newsbot.core.dates import parse_date, to_iso

CAIRO = "Africa/Cairo"
BEIRUT = "Asia/Beirut"
ALGIERS = "Africa/Algiers"
CASABLANCA = "Africa/Casablanca"
RIYADH = "Asia/Riyadh"

WINTER_BASE = datetime(2024, 3, 1, 12, 0, tzinfo=ZoneInfo(CAIRO))  # Friday 1 March 2024, 12:00 +02:00
SUMMER_BASE_UTC = datetime(2024, 7, 1, 9, 0, tzinfo=timezone.utc)  # = 12:00 in Cairo (+03:00)

TABLE = [
    # ---- ISO 8601 ------------------------------------------------------------------------------
    ("2024-07-01T10:00:00Z", CAIRO, "2024-07-01T10:00:00+00:00", None),
    ("2024-07-01T10:00:00.250Z", BEIRUT, "2024-07-01T10:00:00+00:00", None),
    ("2024-07-01 10:00:00", CAIRO, "2024-07-01T10:00:00+03:00", None),  # no zone: Cairo summer time
    ("2024-01-15 10:00:00", CAIRO, "2024-01-15T10:00:00+02:00", None),
    ("2020-07-01 10:00:00", CAIRO, "2020-07-01T10:00:00+02:00", None),  # no summer time in 2020
    ("2024-01-15 10:00:00", BEIRUT, "2024-01-15T10:00:00+02:00", None),
    ("2024-07-15 10:00:00", BEIRUT, "2024-07-15T10:00:00+03:00", None),
    ("2024-07-01T10:00:00+0400", CAIRO, "2024-07-01T10:00:00+04:00", None),  # offset without colon
    ("2024-07-01 10:00:00-0500", CAIRO, "2024-07-01T10:00:00-05:00", None),
    ("٢٠٢٤-٠٧-٠١T١٠:٠٠:٠٠Z", CAIRO, "2024-07-01T10:00:00+00:00", None),  # Arabic-Indic digits
    # ---- RFC 822 -------------------------------------------------------------------------------
    ("Wed, 07 Oct 2020 12:09:00 GMT", CAIRO, "2020-10-07T12:09:00+00:00", None),
    ("Thu, 01 Feb 2024 09:30:00 +0200", None, "2024-02-01T09:30:00+02:00", None),
    # ---- Arabic prose: ص / م -------------------------------------------------------------------
    ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", CAIRO, "2020-10-07T12:09:00+02:00", None),  # 12 PM is noon
    ("الأربعاء، 07 أكتوبر 2020 - 09:15 م", CAIRO, "2020-10-07T21:15:00+02:00", None),
    ("الأربعاء، 07 أكتوبر 2020 - 12:09 ص", CAIRO, "2020-10-07T00:09:00+02:00", None),  # 12 AM is midnight
    ("الخميس 01 فبراير 2024 - 09:30 ص", CAIRO, "2024-02-01T09:30:00+02:00", None),
    ("الأربعاء، ٠٧ أكتوبر ٢٠٢٠ - ٠٩:١٥ م", CAIRO, "2020-10-07T21:15:00+02:00", None),  # Arabic-Indic digits
    ("۱۲ مايو ۲۰۲۴ - ۱۰:۰۰", CAIRO, "2024-05-12T10:00:00+03:00", None),  # Persian digits
    ("25 أبريل 2024 10:00", CAIRO, "2024-04-25T10:00:00+02:00", None),  # day before Cairo summer time
    ("26 أبريل 2024 10:00", CAIRO, "2024-04-26T10:00:00+03:00", None),  # first day of it
    ("1 نوفمبر 2024 10:00", CAIRO, "2024-11-01T10:00:00+02:00", None),  # ended at the end of 31 October
    # ---- bilingual and Levantine month names ---------------------------------------------------
    ("28 آب/اغسطس 2013", CAIRO, "2013-08-28T00:00:00+02:00", None),  # no Cairo summer time in 2013
    ("28 آب/أغسطس 2013", BEIRUT, "2013-08-28T00:00:00+03:00", None),
    ("5 كانون الثاني 2024", BEIRUT, "2024-01-05T00:00:00+02:00", None),
    ("5 شباط 2024", BEIRUT, "2024-02-05T00:00:00+02:00", None),
    ("5 آذار 2024", BEIRUT, "2024-03-05T00:00:00+02:00", None),
    ("30 آذار 2024 - 10:00", BEIRUT, "2024-03-30T10:00:00+02:00", None),  # Saturday before the change
    ("31 آذار 2024 - 10:00", BEIRUT, "2024-03-31T10:00:00+03:00", None),  # last Sunday of March
    ("5 نيسان 2024", BEIRUT, "2024-04-05T00:00:00+03:00", None),
    ("5 أيار 2024", BEIRUT, "2024-05-05T00:00:00+03:00", None),
    ("5 حزيران 2024", BEIRUT, "2024-06-05T00:00:00+03:00", None),
    ("5 تموز 2024", BEIRUT, "2024-07-05T00:00:00+03:00", None),
    ("5 آب 2024", BEIRUT, "2024-08-05T00:00:00+03:00", None),
    ("5 أيلول 2024", BEIRUT, "2024-09-05T00:00:00+03:00", None),
    ("5 تشرين الأول 2024", BEIRUT, "2024-10-05T00:00:00+03:00", None),
    ("28 تشرين الأول 2024 - 10:00", BEIRUT, "2024-10-28T10:00:00+02:00", None),  # day after the change back
    ("5 تشرين الثاني 2024", BEIRUT, "2024-11-05T00:00:00+02:00", None),
    ("25 كانون الأول 2024", BEIRUT, "2024-12-25T00:00:00+02:00", None),
    ("١٥ كانون الثاني ٢٠٢٤ - ١٠:٣٠", BEIRUT, "2024-01-15T10:30:00+02:00", None),
    # ---- Maghreb month names -------------------------------------------------------------------
    ("12 جانفي 2024", ALGIERS, "2024-01-12T00:00:00+01:00", None),
    ("12 فيفري 2024", ALGIERS, "2024-02-12T00:00:00+01:00", None),
    ("12 مارس 2024", ALGIERS, "2024-03-12T00:00:00+01:00", None),
    ("12 أفريل 2024", ALGIERS, "2024-04-12T00:00:00+01:00", None),
    ("12 ماي 2024", ALGIERS, "2024-05-12T00:00:00+01:00", None),
    ("12 جوان 2024", ALGIERS, "2024-06-12T00:00:00+01:00", None),
    ("12 جويلية 2024 - 18:45", ALGIERS, "2024-07-12T18:45:00+01:00", None),
    ("15 أوت 2024", ALGIERS, "2024-08-15T00:00:00+01:00", None),
    ("12 سبتمبر 2024", ALGIERS, "2024-09-12T00:00:00+01:00", None),
    ("12 أكتوبر 2024", ALGIERS, "2024-10-12T00:00:00+01:00", None),
    ("12 نوفمبر 2024", ALGIERS, "2024-11-12T00:00:00+01:00", None),
    ("12 ديسمبر 2024", ALGIERS, "2024-12-12T00:00:00+01:00", None),
    ("5 فيفري 2021", "Africa/Tunis", "2021-02-05T00:00:00+01:00", None),
    ("20 غشت 2024", CASABLANCA, "2024-08-20T00:00:00+01:00", None),
    ("20 يوليوز 2024", CASABLANCA, "2024-07-20T00:00:00+01:00", None),
    ("20 ماي 2024", CASABLANCA, "2024-05-20T00:00:00+01:00", None),
    ("20 أبريل 2024", CASABLANCA, "2024-04-20T00:00:00+01:00", None),  # after the 2024 Ramadan change
    ("1 أبريل 2024", CASABLANCA, "2024-04-01T00:00:00+00:00", None),  # during Ramadan: +00:00
    ("5 أبريل 2023", CASABLANCA, "2023-04-05T00:00:00+00:00", None),  # Ramadan 2023
    ("10 شتنبر 2024", CASABLANCA, "2024-09-10T00:00:00+01:00", None),
    ("10 دجنبر 2024", CASABLANCA, "2024-12-10T00:00:00+01:00", None),
    # ---- labels and decorations ----------------------------------------------------------------
    ("تاريخ النشر: 12 مارس 2023 10:00", CAIRO, "2023-03-12T10:00:00+02:00", None),
    ("نشر في: 12 مارس 2023 10:00", CAIRO, "2023-03-12T10:00:00+02:00", None),
    ("آخر تحديث: 12 مايو 2024 - 09:15 م", CAIRO, "2024-05-12T21:15:00+03:00", None),
    ("12 مارس 2023 10:00 بتوقيت القاهرة", CAIRO, "2023-03-12T10:00:00+02:00", None),
    ("نشر في: الأحد 12 مارس 2023م - 10:00 بتوقيت القاهرة", CAIRO, "2023-03-12T10:00:00+02:00", None),
    ("12 مارس 2023م", CAIRO, "2023-03-12T00:00:00+02:00", None),
    ("الأحد الموافق 12 مايو 2024", CAIRO, "2024-05-12T00:00:00+03:00", None),
    ("2023م", CAIRO, None, None),  # a year is not a publication date
    ("مايو 2024", CAIRO, None, None),
    # ---- an offset stated in the text wins over the outlet zone --------------------------------
    ("الأحد، 04 أغسطس 2013 02:21 (GMT+0400)", CAIRO, "2013-08-04T02:21:00+04:00", None),
    ("12 مايو 2024 10:00 GMT-3", "Asia/Dubai", "2024-05-12T10:00:00-03:00", None),
    # ---- Hijri (Umm al-Qura) -------------------------------------------------------------------
    ("الاثنين 15 رمضان 1445 هـ - 10:30 ص", CAIRO, "2024-03-25T10:30:00+02:00", None),
    ("1445/9/15هـ", CAIRO, "2024-03-25T00:00:00+02:00", None),
    ("١٤٤٥/٩/١٥هـ", RIYADH, "2024-03-25T00:00:00+03:00", None),
    ("15/09/1445 ه", RIYADH, "2024-03-25T00:00:00+03:00", None),
    ("الاثنين ١٥ رمضان ١٤٤٥ هـ - ٠٩:١٥ م", RIYADH, "2024-03-25T21:15:00+03:00", None),
    ("20 رمضان 1445 هـ", CASABLANCA, "2024-03-30T00:00:00+00:00", None),  # Morocco's Ramadan hour
    ("1 شوال 1445 هـ", CAIRO, "2024-04-10T00:00:00+02:00", None),
    ("4 ذو القعدة 1445 هـ - 09:15 مساءً", CAIRO, "2024-05-12T21:15:00+03:00", None),
    ("4 ذي القعده 1445ه", CAIRO, "2024-05-12T00:00:00+03:00", None),
    ("10 ذو الحجة 1445 هـ - 12:00 ظهرا", RIYADH, "2024-06-16T12:00:00+03:00", None),
    ("9 ذي الحجه 1445 هـ", RIYADH, "2024-06-15T00:00:00+03:00", None),
    ("١ مُحَرَّم ١٤٤٦ هـ", RIYADH, "2024-07-07T00:00:00+03:00", None),  # harakat
    ("1 المحرم 1446 هـ", RIYADH, "2024-07-07T00:00:00+03:00", None),
    ("20 صفر 1446 هـ", RIYADH, "2024-08-24T00:00:00+03:00", None),
    ("12 ربيع الأول 1446 هـ", RIYADH, "2024-09-15T00:00:00+03:00", None),
    ("5 ربيع الآخر 1446 هـ", RIYADH, "2024-10-08T00:00:00+03:00", None),
    ("5 ربيع الثاني 1446 هـ", RIYADH, "2024-10-08T00:00:00+03:00", None),
    ("3 جمادى الأولى 1446 هـ", RIYADH, "2024-11-05T00:00:00+03:00", None),
    ("3 جمادي الاولي 1446 هـ", RIYADH, "2024-11-05T00:00:00+03:00", None),
    ("10 جمادى الآخرة 1446 هـ", RIYADH, "2024-12-11T00:00:00+03:00", None),
    ("10 جمادى الثانية 1446هـ", RIYADH, "2024-12-11T00:00:00+03:00", None),
    ("27 رجب 1445 هـ", RIYADH, "2024-02-08T00:00:00+03:00", None),
    ("15 شعبان 1445 هـ", RIYADH, "2024-02-25T00:00:00+03:00", None),
    ("30 شعبان 1445 هـ", RIYADH, "2024-03-11T00:00:00+03:00", None),  # Umm al-Qura Sha'ban had 29 days
    ("20 رمضان 1445 هـ 10:00 (GMT+0300)", CAIRO, "2024-03-30T10:00:00+03:00", None),
    ("تاريخ النشر: 15 رمضان 1445 هـ", CAIRO, "2024-03-25T00:00:00+02:00", None),
    # both calendars: the Gregorian date wins (and keeps its time)
    ("الأحد 12 مايو 2024 م الموافق 4 ذو القعدة 1445 هـ", CAIRO, "2024-05-12T00:00:00+03:00", None),
    ("الأحد 4 ذو القعدة 1445 هـ الموافق 12 مايو 2024 م", CAIRO, "2024-05-12T00:00:00+03:00", None),
    ("الأحد 4 ذي القعدة 1445هـ الموافق 12 مايو 2024م - 09:15 م", CAIRO, "2024-05-12T21:15:00+03:00", None),
    ("الأحد 5 شوال 1445 هـ الموافق 14 أبريل 2024", RIYADH, "2024-04-14T00:00:00+03:00", None),
    ("12/05/2024م الموافق 4/11/1445هـ", CAIRO, "2024-05-12T00:00:00+03:00", None),
    # not dates
    ("31 رمضان 1445 هـ", CAIRO, None, None),  # no 31st
    ("15 رمضان 1300 هـ", CAIRO, None, None),  # outside Umm al-Qura tables (and 1883 anyway)
    ("15 رمضان", CAIRO, None, None),  # no year
    ("رمضان 1445", CAIRO, None, None),  # no day
    ("1445 هـ", CAIRO, None, None),
    # ---- relative dates ------------------------------------------------------------------------
    ("منذ ساعتين", CAIRO, "2024-03-01T10:00:00+02:00", WINTER_BASE),
    ("منذ 3 ساعات", CAIRO, "2024-03-01T09:00:00+02:00", WINTER_BASE),
    ("منذ ٣ ساعات", CAIRO, "2024-03-01T09:00:00+02:00", WINTER_BASE),
    ("منذ 5 دقائق", CAIRO, "2024-03-01T11:55:00+02:00", WINTER_BASE),
    ("منذ ساعة", CAIRO, "2024-03-01T11:00:00+02:00", WINTER_BASE),
    ("منذ دقيقة", CAIRO, "2024-03-01T11:59:00+02:00", WINTER_BASE),
    ("منذ دقيقتين", CAIRO, "2024-03-01T11:58:00+02:00", WINTER_BASE),
    ("منذ 3 أيام", CAIRO, "2024-02-27T12:00:00+02:00", WINTER_BASE),
    ("قبل أسبوعين", CAIRO, "2024-02-16T12:00:00+02:00", WINTER_BASE),
    ("أمس", CAIRO, "2024-02-29T12:00:00+02:00", WINTER_BASE),  # 2024 is a leap year
    ("أمس 10:30", CAIRO, "2024-02-29T10:30:00+02:00", WINTER_BASE),
    ("منذ ساعتين", CAIRO, "2024-07-01T10:00:00+03:00", SUMMER_BASE_UTC),  # UTC base read in Cairo
    ("منذ 5 دقائق", BEIRUT, "2024-07-01T11:55:00+03:00", SUMMER_BASE_UTC),  # 09:00 UTC = 12:00 Beirut
    # ---- garbage and out-of-range --------------------------------------------------------------
    ("لا يوجد تاريخ", CAIRO, None, None),
    ("12 مارس 1985", CAIRO, None, None),
    ("2024-02-30T10:00:00", CAIRO, None, None),
]


@pytest.mark.parametrize("text, tz, expected, relative_base", TABLE)
def test_parse_date_table(text, tz, expected, relative_base):
    assert to_iso(parse_date(text, tz, relative_base=relative_base)) == expected


def test_hijri_path_is_gated(monkeypatch):
    """Ordinary dates pay one failed regex search for Hijri; Hijri dates never reach dateparser."""
    ordinary = ["الأربعاء، 07 أكتوبر 2020 - 12:09 م", "12 مارس 2023 10:00 بتوقيت القاهرة", "منذ 3 ساعات", "5 أيلول 2024"]
    assert not any(dates._HIJRI_GATE_RE.search(text) for text in ordinary)
    assert dates._HIJRI_GATE_RE.search("15 رمضان 1445 هـ")

    def boom(*args, **kwargs):
        raise AssertionError("must not be called")

    monkeypatch.setattr(dates, "_parse_hijri", boom)
    assert to_iso(parse_date(ordinary[0], CAIRO)) == "2020-10-07T12:09:00+02:00"
    monkeypatch.undo()
    monkeypatch.setattr(dates, "_dateparser", boom)
    assert to_iso(parse_date("الاثنين 15 رمضان 1445 هـ - 10:30 ص", CAIRO)) == "2024-03-25T10:30:00+02:00"
    assert to_iso(parse_date("1445/9/15هـ", CAIRO)) == "2024-03-25T00:00:00+02:00"
