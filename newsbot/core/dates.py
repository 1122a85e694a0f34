"""The one date parser entry point: ISO, RFC 822, Hijri and Arabic prose dates.

Every date keeps the offset the page gave; a time with no zone is read in the
outlet's IANA zone. ISO and RFC 822 are tried first because dateparser costs
about 1 ms a call (20 ms on a failure, 300 ms on its first call). Hijri dates
(Umm al-Qura, via hijridate) are read by regex only, behind a one-regex gate
(a year 1300-1599), so ordinary dates pay one failed search for them.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from importlib.resources import files
from zoneinfo import ZoneInfo

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Month names and labels are data (date_words.toml): the fast parser reads the names, the label
# regexes below are built from the labels.
DATE_WORDS = tomllib.loads(files("newsbot.core").joinpath("date_words.toml").read_text("utf-8"))


def label_pattern(labels) -> str:
    """A regex alternation of labels, as whole words (so "نشر" never matches inside "نشره")."""
    alternation = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in sorted(labels, key=len, reverse=True))
    return rf"(?<![\w\u0600-\u06ff])(?:{alternation})(?![\w\u0600-\u06ff])"


# Labels and decorations around a date: "تاريخ النشر:", "آخر تحديث:", "الموافق", "بتوقيت القاهرة", "2023م".
_LABEL_RE = re.compile(
    "(?:" + label_pattern([*DATE_WORDS["labels"]["published"], *DATE_WORDS["labels"]["modified"]])
    + r"|الموافق(?:\s*لـ*(?=\s|\d))?)\s*[:：|-]?",
    re.IGNORECASE,
)
_LOCAL_TIME_RE = re.compile(r"بتوقيت\s+\S+(?:\s+\S+)?|\(?\s*(?:GMT|UTC)\s*\)?$|توقيت\s+\S+", re.IGNORECASE)
# Only after a four-digit year: "09:15 م" is PM and must stay. Only the Gregorian
# era: a Hijri "1445 هـ" must never reach dateparser as a Gregorian year.
_ERA_RE = re.compile(r"(?<=(?<!\d)\d{4})\s*(?:م|مـ)(?=\s|$|[،,-])")
# "منذ ساعة", "منذ دقيقتين", "قبل أسبوعين": dateparser only knows "منذ <number> <singular unit>".
_RELATIVE_UNITS = {
    "ثانية": (1, "ثانية"), "ثانيه": (1, "ثانية"), "ثانيتين": (2, "ثانية"), "ثانيتان": (2, "ثانية"),
    "ثوان": (None, "ثانية"), "ثواني": (None, "ثانية"), "ثوانٍ": (None, "ثانية"),
    "دقيقة": (1, "دقيقة"), "دقيقه": (1, "دقيقة"), "دقيقتين": (2, "دقيقة"), "دقيقتان": (2, "دقيقة"),
    "دقائق": (None, "دقيقة"),
    "ساعة": (1, "ساعة"), "ساعه": (1, "ساعة"), "ساعتين": (2, "ساعة"), "ساعتان": (2, "ساعة"),
    "ساعات": (None, "ساعة"),
    "يوم": (1, "يوم"), "يومين": (2, "يوم"), "يومان": (2, "يوم"), "أيام": (None, "يوم"), "ايام": (None, "يوم"),
    "أسبوع": (1, "أسبوع"), "اسبوع": (1, "أسبوع"), "أسبوعين": (2, "أسبوع"), "اسبوعين": (2, "أسبوع"),
    "أسابيع": (None, "أسبوع"), "اسابيع": (None, "أسبوع"),
    "شهر": (1, "شهر"), "شهرين": (2, "شهر"), "شهران": (2, "شهر"), "أشهر": (None, "شهر"), "اشهر": (None, "شهر"),
    "شهور": (None, "شهر"),
    "سنة": (1, "سنة"), "سنه": (1, "سنة"), "عام": (1, "سنة"), "سنتين": (2, "سنة"), "عامين": (2, "سنة"),
    "سنوات": (None, "سنة"), "أعوام": (None, "سنة"), "اعوام": (None, "سنة"),
}
_RELATIVE_RE = re.compile(
    r"(منذ|قبل)\s+(?:(\d+)\s*)?(" + "|".join(sorted(_RELATIVE_UNITS, key=len, reverse=True)) + r")(?![\u0600-\u06ff])"
)
# "أيلول/سبتمبر": keep the part after the slash (the Egyptian/Gulf name dateparser knows).
_BILINGUAL_MONTH_RE = re.compile(r"[\u0600-\u06ff]+\s*/\s*([\u0600-\u06ff]+)")
# A stated offset in prose: "(GMT+0400)", "GMT+4", "UTC+03:00"; it wins over the outlet's zone.
_STATED_OFFSET_RE = re.compile(r"\(?\s*(?:GMT|UTC)\s*([+-])(\d{1,2}):?(\d{2})?\s*\)?", re.IGNORECASE)
_ISO_OFFSET_NO_COLON_RE = re.compile(r"([+-]\d{2})(\d{2})$")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ARABIC_RE = re.compile(r"[\u0600-\u06ff]")

# ---- Hijri (Umm al-Qura) ----
# The gate: a Hijri date always carries a year in hijridate's range 1343-1500; an ordinary
# (Gregorian, 1990-2100) date never does, so it pays this one failed search and nothing else.
_HIJRI_GATE_RE = re.compile(r"(?<!\d)1[345]\d\d(?!\d)")
# Folding behind the gate: tatweel and harakat removed, then a length-preserving letter map
# (so a span found in the folded text is the same span in the unfolded one).
_HIJRI_STRIP_RE = re.compile("[\u0640\u064b-\u065f\u0670]")
_HIJRI_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك"})
# Month names as folded: "ربيع الآخر" = "ربيع الثاني", "جمادى الآخرة" = "جمادى الثانية", "ذي/ذو القعدة".
_HIJRI_MONTHS = (
    r"(?:ال)?محرم",
    r"صفر",
    r"ربيع\s*(?:ال)?اول",
    r"ربيع\s*(?:ال)?(?:اخر|ثاني)",
    r"جماد[يا]\s*(?:ال)?اول[يا]?",
    r"جماد[يا]\s*(?:ال)?(?:اخر|ثاني)ه?",
    r"رجب",
    r"شعبان",
    r"رمضان",
    r"شوال",
    r"ذ[ويا]\s*القعده",
    r"ذ[ويا]\s*الحجه",
)
_HIJRI_ERA = r"(?:\s*(?:هجريه|هجري|للهجره|ه)(?![\u0600-\u06ff]))?"
_HIJRI_DATE_RE = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})\s*(?:من\s+)?(?:شهر\s+)?(?:"
    + "|".join(f"(?P<m{i}>{name})" for i, name in enumerate(_HIJRI_MONTHS, 1))
    + r")(?![\u0600-\u06ff])\s*[،,/-]?\s*(?P<year>\d{4})(?!\d)"
    + _HIJRI_ERA
    + r"|(?<![\d/.-])(?:(?P<y1>1[345]\d\d)[/.-](?P<n1>\d{1,2})[/.-](?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})[/.-](?P<n2>\d{1,2})[/.-](?P<y2>1[345]\d\d))(?![\d/.-])" + _HIJRI_ERA
)
_GREGORIAN_YEAR_RE = re.compile(r"(?<!\d)(?:19|20|21)\d\d(?!\d)")
# A clock time next to a Hijri date: "10:30 ص", "09:15 مساءً", "12:00 ظهرا", "21:05".
_CLOCK_RE = re.compile(
    r"(?<![\d:])(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d:])"
    r"\s*(?:(?P<am>صباحا|صباح|ص|am|a\.m\.)|(?P<pm>مساءا|مساء|م|عصرا|pm|p\.m\.)|(?P<noon>ظهرا|الظهر))?"
    r"(?![\u0600-\u06ffA-Za-z])",
    re.IGNORECASE,
)


def _clock(text: str) -> time:
    m = _CLOCK_RE.search(text)
    if m is None:
        return time()
    hour = int(m.group("h"))
    if m.group("am") and hour == 12:
        hour = 0
    elif (m.group("pm") and hour < 12) or (m.group("noon") and hour < 7):
        hour += 12
    return time(hour, int(m.group("min")), int(m.group("s") or 0))


# ---- the fast path for written dates: month names from the table, numeric dates ----
def _fold_date(text: str) -> str:
    """Harakat and tatweel out, hamza forms and ى folded, lower case: a month name has one spelling."""
    return _HIJRI_STRIP_RE.sub("", text).translate(_HIJRI_FOLD).lower()


_MONTHS = {_fold_date(name): int(number) for number, names in DATE_WORDS["months"].items() for name in names}
_MONTH = "(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(_MONTHS, key=len, reverse=True)) + ")"
_NOT_LETTER = r"(?![a-z\u0600-\u06ff])"
# "04 آب/اغسطس 2013", "24 أغسطس 2020", "1 جانفي 2021", "12 من شهر مايو، 2024", "نيسان / أبريل 24, 2020"
_DAY_MONTH_YEAR_RE = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s*[-/.,،]?\s*(?:من\s+)?(?:شهر\s+)?(?P<month>{_MONTH}){_NOT_LETTER}"
    rf"(?:\s*[/(-]\s*(?P<month2>{_MONTH}){_NOT_LETTER}\s*\)?)?\s*[-/.,،]?\s*(?P<year>\d{{4}})(?!\d)"
)
# "May 12, 2024", "أبريل 24، 2020"
_MONTH_DAY_YEAR_RE = re.compile(
    rf"(?<![a-z\u0600-\u06ff])(?P<month>{_MONTH}){_NOT_LETTER}\s*(?P<day>\d{{1,2}})(?!\d)\s*[,،]?\s*(?P<year>\d{{4}})(?!\d)"
)
_YMD_RE = re.compile(r"(?<![\d/.:-])(?P<year>(?:19|20)\d\d)\s*[-/.]\s*(?P<a>\d{1,2})\s*[-/.]\s*(?P<b>\d{1,2})(?![\d/.:-])")
_NUMERIC_RE = re.compile(r"(?<![\d/.:-])(?P<a>\d{1,2})\s*[-/.]\s*(?P<b>\d{1,2})\s*[-/.]\s*(?P<year>(?:19|20)\d\d)(?![\d/.:-])")


def numeric_order(texts) -> bool | None:
    """Whether the page's numeric dates are day-first: False when one of them can only be month-first
    ("04/24/2020"), True when one can only be day-first, None when none says."""
    for text in texts:
        for m in _NUMERIC_RE.finditer(text.translate(_DIGITS)):
            a, b = int(m.group("a")), int(m.group("b"))
            if b > 12 >= a:
                return False
            if a > 12 >= b:
                return True
    return None


def _written(text: str, day_first: bool) -> datetime | None:
    """A date written with a month name or in numbers, and the clock time beside it; None if neither."""
    folded = _fold_date(text)
    m = _DAY_MONTH_YEAR_RE.search(folded) or _MONTH_DAY_YEAR_RE.search(folded)
    if m is not None:
        # "آب/اغسطس" names the month twice; the second name is read (the Latin one, when they disagree)
        name = m.groupdict().get("month2") or m.group("month")
        month, year, day = _MONTHS[re.sub(r"\s+", " ", name)], int(m.group("year")), int(m.group("day"))
    elif (m := _YMD_RE.search(folded)) is not None:
        year, month, day = int(m.group("year")), int(m.group("a")), int(m.group("b"))
    elif (m := _NUMERIC_RE.search(folded)) is not None:
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        day, month = (a, b) if (day_first and b <= 12) or a > 12 else (b, a)
    else:
        return None
    try:
        day_date = date(year, month, day)
    except ValueError:
        return None
    rest = folded[: m.start()] + " " + folded[m.end():]
    return datetime.combine(day_date, _clock(rest))


# "GMT 17:27 17.03.2020", "بتوقيت غرينتش": UTC named with no offset after it.
_UTC_NAMED_RE = re.compile(r"(?<![A-Za-z])(?:GMT|UTC)(?![A-Za-z]|\s*[+-]\s*\d)|بتوقيت\s+غرينت[شي]", re.IGNORECASE)


def _parse_written(text: str, day_first: bool) -> datetime | None:
    text, offset = _split_stated_offset(text)
    if offset is None and _UTC_NAMED_RE.search(text):
        offset = timezone.utc
    dt = _written(text, day_first)
    return dt.replace(tzinfo=offset) if dt is not None and offset is not None else dt


def _split_stated_offset(text: str) -> tuple[str, timezone | None]:
    """The text without a stated "(GMT+0400)", and that offset."""
    stated = _STATED_OFFSET_RE.search(text)
    if not stated:
        return text, None
    sign = -1 if stated.group(1) == "-" else 1
    offset = timezone(sign * timedelta(hours=int(stated.group(2)), minutes=int(stated.group(3) or 0)))
    return text[: stated.start()] + " " + text[stated.end() :], offset


def _parse_hijri(text: str, relative_base: datetime | None, day_first: bool = True) -> tuple[bool, datetime | None]:
    """(found, date) for a Hijri date; a Gregorian date in the same string wins over it."""
    from hijridate import Hijri  # imported late: only Hijri strings need it

    text, offset = _split_stated_offset(text)
    plain = _HIJRI_STRIP_RE.sub("", text)
    m = _HIJRI_DATE_RE.search(plain.translate(_HIJRI_FOLD))
    if m is None:
        return False, None
    rest = plain[: m.start()] + " " + plain[m.end() :]
    if _GREGORIAN_YEAR_RE.search(rest):
        # "الأحد 12 مايو 2024 م الموافق 4 ذو القعدة 1445 هـ": the Gregorian date wins.
        dt = _parse_written(rest, day_first) or _parse_prose(rest, relative_base)
        if dt is not None and EARLIEST_YEAR <= dt.year <= 2100:
            return True, dt if offset is None or dt.tzinfo is not None else dt.replace(tzinfo=offset)
    if m.group("day"):
        day, year = int(m.group("day")), int(m.group("year"))
        month = next(i for i in range(1, 13) if m.group(f"m{i}"))
    elif m.group("y1"):
        year, month, day = int(m.group("y1")), int(m.group("n1")), int(m.group("d1"))
    else:
        year, month, day = int(m.group("y2")), int(m.group("n2")), int(m.group("d2"))
    # A local sighting can give a month 30 days where Umm al-Qura has 29: day 30 is the day after the 29th.
    try:
        if day == 30 and Hijri(year, month, 1).month_length() == 29:
            gregorian = Hijri(year, month, 29).to_gregorian() + timedelta(days=1)
        else:
            gregorian = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return True, None
    dt = datetime.combine(date(gregorian.year, gregorian.month, gregorian.day), _clock(rest.translate(_HIJRI_FOLD)))
    return True, dt if offset is None else dt.replace(tzinfo=offset)


# dateparser locales tried in order: Egyptian/Gulf, then Levantine, then Maghreb month names.
_LOCALES = (None, "ar-LB", "ar-DZ", "ar-MA")


# Dates that cannot be a news article's: before online news (stricter than a year 0 or 1900: prose
# that dateparser reads as 1985 is a misreading far more often than a digitised page), or after the
# page was fetched.
EARLIEST_YEAR = 1990
FUTURE_SKEW = timedelta(days=1)
# An epoch is Unix seconds, 9-10 digits (1973-2286 before the range check), read in UTC. A 13-digit
# value would be milliseconds only by guessing: 10^12 "seconds" is no date, and is not made 2001.
_EPOCH_RE = re.compile(r"^\d{9,10}(?:\.\d+)?$")
_DIGITS_ONLY_RE = re.compile(r"^\d+(?:\.\d+)?$")


@lru_cache(maxsize=64)
def zone(name: str | None) -> timezone | ZoneInfo:
    return ZoneInfo(name) if name else timezone.utc


def _localise(dt: datetime, tz: str | None, utc_is_local: bool) -> datetime:
    if dt.tzinfo is None:
        return dt.replace(tzinfo=zone(tz))
    if utc_is_local and dt.utcoffset() == timedelta(0):
        # The outlet labels its local wall-clock time as UTC (declared quirk).
        return dt.replace(tzinfo=zone(tz))
    return dt


def _parse_iso(text: str) -> datetime | None:
    if not _ISO_DATE_RE.match(text):
        return None
    candidate = _ISO_OFFSET_NO_COLON_RE.sub(r"\1:\2", text) if "T" in text or " " in text else text
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


_RFC822_RE = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+(\d{4})")


def _parse_epoch(text: str) -> datetime | None:
    return datetime.fromtimestamp(float(text), timezone.utc) if _EPOCH_RE.match(text) else None


def _parse_rfc822(text: str) -> datetime | None:
    match = _RFC822_RE.match(text)
    # parsedate reads a year below 100 as 19xx/20xx: "0000" would become 2000. A written year is the year.
    if not match or int(match.group(1)) < EARLIEST_YEAR:
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


@lru_cache(maxsize=16)
def _dateparser(locale: str | None, relative_base: datetime | None):
    # Cached per relative base (a fetch time, to the minute): building a parser costs milliseconds.
    from dateparser.date import DateDataParser  # imported late: slow import

    # A publication date names a day: "2023" or "مايو 2024" alone is not one (dateparser would fill in today's).
    settings = {
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    if relative_base is not None:
        settings["RELATIVE_BASE"] = relative_base
    return DateDataParser(
        languages=["ar", "en"],
        locales=[locale] if locale else None,
        settings=settings,
        try_previous_locales=False,
    )


def _relative(match: re.Match) -> str:
    default, unit = _RELATIVE_UNITS[match.group(3)]
    count = match.group(2) or default
    return match.group() if count is None else f"{match.group(1)} {count} {unit}"


def _clean_prose(text: str) -> str:
    text = _LABEL_RE.sub(" ", text)
    if "منذ" in text or "قبل" in text:
        text = _RELATIVE_RE.sub(_relative, text)
    text = _LOCAL_TIME_RE.sub(" ", text)
    text = _ERA_RE.sub("", text)
    text = _BILINGUAL_MONTH_RE.sub(r"\1", text)
    return re.sub(r"\s+", " ", text).strip(" ،,-|")


def _parse_prose(text: str, relative_base: datetime | None) -> datetime | None:
    text, offset = _split_stated_offset(text)
    cleaned = _clean_prose(text)
    if not cleaned or (not re.search(r"\d", cleaned) and not _ARABIC_RE.search(cleaned)):
        return None
    for locale in _LOCALES:
        # To the minute: each page has its own fetch time, and a parser is built (and cached) per base.
        base = relative_base.replace(tzinfo=None, second=0, microsecond=0) if relative_base else None
        try:
            data = _dateparser(locale, base).get_date_data(cleaned)
        except (ValueError, OverflowError, TypeError):
            data = None
        if data is not None and data.date_obj is not None:
            return data.date_obj.replace(tzinfo=offset) if offset else data.date_obj
    return None


def parse_date(
    value: object,
    tz: str | None = None,
    *,
    utc_is_local: bool = False,
    relative_base: datetime | None = None,
    day_first: bool = True,
    refuse_future: bool = True,
) -> datetime | None:
    """Parse a date as found on a page or in a feed; None when it is not a date.

    ``tz`` is the outlet's IANA zone for times given without one;
    ``utc_is_local`` reads a UTC-labelled time as local (a declared outlet quirk);
    ``relative_base`` is when the page was fetched: it anchors "منذ 3 ساعات", and a date later than
    it (by more than FUTURE_SKEW, for clocks and zones) cannot be the page's and is refused, unless
    ``refuse_future`` is off (an archived page: republished pages carry dates after their capture);
    ``day_first`` reads an ambiguous "04/05/2020" as 4 May (Arabic pages write day-first).
    Written dates take a fast path (month names from date_words.toml, numeric dates) before
    dateparser, which is left the relative and unusual forms.
    """
    if isinstance(value, datetime):
        return _localise(value, tz, utc_is_local)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=zone(tz))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = repr(value)  # a JSON number: an epoch, by the same rule as a string of digits
    if not isinstance(value, str):
        return None
    text = value.strip().translate(_DIGITS)
    if not text or len(text) > 200:
        return None
    if _DIGITS_ONLY_RE.match(text) and len(text) > 8:
        # Never handed to dateparser, which guesses milliseconds and reads the instant as local time.
        dt = _parse_epoch(text)
        return None if dt is None else _plausible(dt.astimezone(zone(tz)), relative_base if refuse_future else None)
    dt = _parse_iso(text) or _parse_rfc822(text)
    if dt is None:
        base = relative_base.astimezone(zone(tz)) if relative_base else None
        found, dt = _parse_hijri(text, base, day_first) if _HIJRI_GATE_RE.search(text) else (False, None)
        if not found:
            dt = _parse_written(text, day_first) or _parse_prose(text, base)
    return None if dt is None else _plausible(_localise(dt, tz, utc_is_local), relative_base if refuse_future else None)


def _plausible(dt: datetime, relative_base: datetime | None) -> datetime | None:
    if not (EARLIEST_YEAR <= dt.year <= 2100):
        return None
    if relative_base is not None and dt > relative_base + FUTURE_SKEW:
        return None  # later than the page was fetched: not its date (the next source is tried)
    return dt


def to_iso(dt: datetime | None) -> str | None:
    """ISO 8601 with the datetime's own offset, to the second."""
    return None if dt is None else dt.isoformat(timespec="seconds")
