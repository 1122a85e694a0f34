"""A synthetic اليوم السابع (youm7.com) for the local web: our own pages in the outlet's layout.

It serves everything a crawl meets: robots.txt (a Disallow and a Crawl-delay, and a group that
disallows the whole site to GPTBot and CCBot: ``AI_DISALLOWED``),
RSS feeds, a sitemap index with a Google News sitemap, good articles, and the
bad cases (404, redirect, offsite redirect, 429 with Retry-After, 500 then
200, a slow page, a page that never answers in time, an oversized page,
broken HTML, an old article, a non-article URL, a republished copy, a windows-1256 page whose
header says ISO-8859-1, and a page in Persian).

``scenario="feeds"``: the first declared feed lists the articles.
``scenario="sitemaps"``: every feed is gone (404), so discovery must fall back to
robots.txt, whose sitemap index leads to a Google News sitemap.
``scenario="backfill"``: like "feeds", but the feed lists only pages that answer
at once (no slow, hanging, throttled or failing page): quick repeated runs.
``scenario="textless"``: the "backfill" pages after a redesign that fills the text
by JavaScript: the article container is empty, and the page still carries its
navigation menu and lists of teaser headlines (what a generic fallback would take).

Every scenario also has an archive for backfills (``-a since=``), out of reach of
the default 2-day window: older child sitemaps in the index (dated by lastmod, by
their URL, and a nested index with no date at all) and a paginated section
listing (``/Section/أخبار-عاجلة/65/1`` to ``/4``) with older stories on later
pages. ``archive`` names them; ``ARCHIVE_DAYS`` says how old each is.
"""

from __future__ import annotations

import html
import random
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlsplit

from newsbot.dev.localweb.proxy import Reply

HOST = "www.youm7.com"
# The AI crawlers the site's robots.txt disallows everywhere (what its articles' robots_ai must say).
AI_DISALLOWED = ("CCBot", "GPTBot")
ORIGIN = f"https://{HOST}"
CAIRO = timezone(timedelta(hours=2))

# Our own text, written for these tests (not taken from any outlet).
SENTENCES = [
    "أعلنت الحكومة اليوم عن خطة جديدة لتطوير شبكة الطرق في عدد من المحافظات خلال العام المقبل",
    "وقال المتحدث الرسمي إن الخطة تشمل إنشاء محاور مرورية جديدة وتوسعة الطرق القائمة لتخفيف الزحام",
    "وأضاف أن تكلفة المرحلة الأولى تقدر بعدة مليارات من الجنيهات وسيتم تمويلها من الموازنة العامة",
    "وأشار إلى أن العمل سيبدأ في المحافظات الأكثر كثافة سكانية على أن يمتد لاحقا إلى باقي المحافظات",
    "ومن المنتظر أن توفر المشروعات آلاف فرص العمل للشباب في مجالات البناء والهندسة والنقل",
    "وأكد مسؤولون أن الجدول الزمني للتنفيذ يخضع لمتابعة دورية من الجهات المختصة لضمان الالتزام بالمواعيد",
]
PERSIAN_PARAGRAPHS = [
    "وزیر امور خارجه روز دوشنبه در دیدار با همتای خود گفت که این سفر برای توسعه روابط دو کشور بسیار مهم است و ما از آن استقبال می کنیم.",
    "همچنین گفتگوهای اقتصادی را پیگیری خواهیم کرد و این همکاری در سال آینده ادامه خواهد داشت و نتایج آن به زودی اعلام می شود.",
]
# Archive stories for backfills: name -> age in days, and where each is listed.
ARCHIVE_DAYS = {"a4": 4, "a5": 5, "a6": 6, "a7": 7, "a8": 8, "a9": 9, "a12": 12, "a15": 15, "a20": 20}
ARCHIVE_TOPICS = ["الموانئ", "الجمارك", "الضرائب", "الأوقاف", "الشباب", "المرأة", "الآثار", "المتاحف", "الإعلام"]
# The section listing: page -> stories on it (the feed's two newest first); page 4 is past every backfill here.
SECTION_PATH = "/Section/أخبار-عاجلة/65/{page}"
SECTION_PAGES = {1: ["good1", "good2", "a4", "a5"], 2: ["a7", "a9"], 3: ["a12", "a15"], 4: ["a20"]}
TOPICS = ["الطرق", "المياه", "الكهرباء", "التعليم", "الصحة", "الإسكان", "النقل", "الزراعة", "الصناعة", "السياحة", "الرياضة", "الثقافة", "البيئة", "الاتصالات", "الطاقة", "الفضاء"]


@dataclass
class Story:
    id: int
    slug: str
    title: str
    author: str
    paragraphs: list[str]

    def path(self, day: datetime) -> str:
        return f"/story/{day.year}/{day.month}/{day.day}/{quote(self.slug)}/{self.id}"


# Sentence parts, combined per story and paragraph: different stories share almost no run of
# five words, as different real articles don't (or the near-duplicate check would pair them).
CLAUSES = [
    ["أعلنت الحكومة اليوم", "قال المتحدث الرسمي باسم الوزارة", "أكد مسؤولون في المحافظة", "أوضح بيان صادر عن المجلس",
     "كشف تقرير رسمي حديث", "صرح وزير التخطيط", "أفادت مصادر مطلعة", "ذكرت الهيئة العامة"],
    ["عن خطة جديدة لتطوير", "أن العمل بدأ في مشروع لتحديث", "أن الميزانية تشمل مبالغ إضافية لدعم", "عن جدول زمني لإنشاء",
     "أن الدراسات انتهت لتوسعة", "عن شراكة مع القطاع الخاص لتمويل", "أن اللجان المختصة ستتابع تنفيذ", "عن حوافز جديدة لتشجيع"],
    ["شبكة الطرق", "محطات المياه", "المدارس الحكومية", "المستشفيات العامة", "خطوط السكك الحديدية", "الموانئ البحرية",
     "المناطق الصناعية", "الأسواق الشعبية"],
    ["في محافظات الصعيد", "في مدن الدلتا", "في العاصمة الإدارية", "في المناطق الحدودية", "في القرى الأكثر احتياجا",
     "على الساحل الشمالي", "في شبه جزيرة سيناء", "في محافظات القناة"],
    ["خلال العام المقبل", "قبل نهاية الشهر الجاري", "على مدى ثلاث سنوات", "في المرحلة الأولى", "بحلول الصيف القادم",
     "ضمن الخطة الخمسية", "خلال الأسابيع المقبلة", "بعد موافقة البرلمان"],
]


def _story(n: int, topic: str) -> Story:
    rng = random.Random(n)
    paragraphs = [" ".join(rng.choice(part) for part in CLAUSES) + f" في قطاع {topic}." for _ in range(4)]
    return Story(9000000 + n, f"خطة-جديدة-لقطاع-{topic}", f"الحكومة تعلن خطة جديدة لقطاع {topic}", "سلمى عبد الرحمن", paragraphs)


def teaser_blocks() -> str:
    """A menu of sections and a list of teaser headlines, as a page carries them around its text."""
    menu = html.escape(" | ".join(TOPICS))
    teasers = "".join(
        f'<div class="newsTitle">{html.escape(_story(40 + i, TOPICS[i % len(TOPICS)]).title)} في الأسبوع {i + 1} من الشهر</div>\n'
        for i in range(24)
    )
    return f'<div class="menuWrap"><p>{menu} | {menu}</p></div>\n<section class="latestNews"><h2>آخر الأخبار</h2>{teasers}</section>\n'


def article_page(story: Story, url: str, published: datetime, *, broken: bool = False, textless: bool = False) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in story.paragraphs)
    if broken:  # unclosed and stray tags, no </body></html>: the parser must cope
        body = "<p>" + "<br><br>\n".join(html.escape(p) for p in story.paragraphs) + "<div><span></div></b>\n"
    if textless:  # the text arrives by JavaScript: an empty container; the menu and teasers stay around it
        body = '<script>loadArticle("/api/story")</script>'
    page = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="charset=utf-8">
<title>{html.escape(story.title)} - اليوم السابع</title>
<meta property="og:title" content="{html.escape(story.title)} - اليوم السابع">
<meta property="og:site_name" content="اليوم السابع">
<meta property="og:url" content="{url}"><link rel="canonical" href="{url}">
<meta property="article:published_time" content="{published:%Y-%m-%dT%H:%M:%S}Z">
<meta property="article:section" content="أخبار مصر"><meta property="article:tag" content="{html.escape(story.title.split()[-1])}">
</head><body><header><nav><a href="/">الرئيسية</a> <a href="/Section/سياسة/319/1">سياسة</a></nav></header>
<article><div class="articleHeader"><h1>{html.escape(story.title)}</h1></div>
<div class="articleCont"><span class="writeBy">كتبت {html.escape(story.author)}</span>
<div class="NEwShare_Icons"><p>مشاركة</p></div>
<div id="articleBody">{body}<div class="imgcontainer"><img src="/i.jpg"><span class="uplCaption">صورة أرشيفية</span></div></div>
<div class="tags"><h3><a href="/Tags/Index?id=1">{html.escape(story.title.split()[-1])}</a></h3></div>
</div></article>{teaser_blocks() if textless else ""}"""
    return (page + ("" if broken else "</body></html>")).encode("utf-8")


def rss(dated) -> bytes:
    """An RSS feed of (url, datetime) items."""
    items = "".join(
        f"<item><title>خبر</title><link>{html.escape(u)}</link><pubDate>{d.strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate></item>"
        for u, d in dated
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>اليوم السابع</title>{items}</channel></rss>'.encode()


def news_sitemap(dated) -> bytes:
    """A Google News sitemap of (url, datetime) entries."""
    rows = "".join(
        f"<url><loc>{html.escape(u)}</loc><news:news><news:publication><news:name>اليوم السابع</news:name>"
        f"<news:language>ar</news:language></news:publication><news:publication_date>{d.isoformat(timespec='seconds')}</news:publication_date>"
        f"<news:title>خبر</news:title></news:news></url>"
        for u, d in dated
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{rows}</urlset>'
    ).encode()


def route_key(url: str, hosts: tuple[str, ...]) -> str | None:
    """The key a synthetic youm7 site files a URL's reply under (any of its hosts), or None for other hosts."""
    parts = urlsplit(url)
    if parts.hostname not in hosts:
        return None
    return f"{ORIGIN}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def not_found() -> Reply:
    return Reply(404, "<html><body><h1>الصفحة غير موجودة</h1></body></html>".encode())


class SyntheticYoum7:
    hosts = (HOST, "youm7.com", "m.youm7.com")

    def __init__(self, scenario: str = "feeds", now: datetime | None = None, crawl_delay: float = 0.5, slow_seconds: float = 1.0, hang_seconds: float = 4.0):
        if scenario not in ("feeds", "sitemaps", "backfill", "textless"):
            raise ValueError(scenario)
        self.scenario = scenario
        self.now = (now or datetime.now(timezone.utc)).astimezone(CAIRO)
        self.day = self.now - timedelta(hours=1)
        self.crawl_delay = crawl_delay
        self._lock = threading.Lock()
        self._hits: dict[str, int] = {}
        self.routes: dict[str, object] = {}
        self.listed: list[str] = []  # article URLs the feed/sitemap lists
        self.archive: dict[str, tuple[Story, datetime]] = {}  # older stories for backfills
        self._build(slow_seconds, hang_seconds)
        self._build_archive()
        self._static_routes()

    # ---- building ----

    def _url(self, story: Story, day: datetime | None = None) -> str:
        return ORIGIN + story.path(day or self.day)

    def _page(self, story: Story, **kw) -> Reply:
        url = self._url(story)
        return Reply(200, article_page(story, url, self.day.replace(tzinfo=None), textless=self.scenario == "textless", **kw))

    def _build(self, slow: float, hang: float) -> None:
        stories = {name: _story(i, TOPICS[i]) for i, name in enumerate(
            ["good1", "good2", "moved", "throttled", "flaky", "slow", "hang", "huge", "broken", "missing", "offsite", "private", "copy", "old", "legacy", "persian"]
        )}
        self.stories = stories
        routes = self.routes
        for name in ("good1", "good2", "throttled", "flaky", "slow", "broken"):
            routes[self._url(stories[name])] = self._page(stories[name], broken=(name == "broken"))
        routes[self._url(stories["throttled"])] = self._first_then(Reply(429, b"slow down", {"Retry-After": "2"}), self._page(stories["throttled"]))
        routes[self._url(stories["flaky"])] = self._first_then(Reply(500, b"oops"), self._page(stories["flaky"]))
        slow_reply = self._page(stories["slow"])
        slow_reply.delay = slow
        routes[self._url(stories["slow"])] = slow_reply
        hang_reply = self._page(stories["hang"])
        hang_reply.delay = hang
        routes[self._url(stories["hang"])] = hang_reply
        # oversized: a real page padded past DOWNLOAD_MAXSIZE (5 MiB)
        routes[self._url(stories["huge"])] = Reply(200, self._page(stories["huge"]).body + b"<!--" + b"x" * (6 * 1024 * 1024) + b"-->")
        # a headline edit: the old slug redirects to the new one (same article id)
        moved = stories["moved"]
        new_url = self._url(moved)
        old_url = new_url.replace(quote(moved.slug), quote("عنوان-قديم"))
        routes[new_url] = self._page(moved)
        routes[old_url] = Reply(301, b"", {"Location": new_url})
        routes[self._url(stories["offsite"])] = Reply(302, b"", {"Location": "https://evil.example.net/steal"})
        private = stories["private"]
        private.slug = "private-report"
        routes[self._url(private)] = self._page(private)
        copy = stories["copy"]
        copy.paragraphs = stories["good1"].paragraphs  # republished under another id
        routes[self._url(copy)] = self._page(copy)
        # An old CMS: windows-1256 bytes, served as ISO-8859-1 (decodes as cp1252 mojibake unless repaired).
        legacy = stories["legacy"]
        routes[self._url(legacy)] = Reply(
            200,
            self._page(legacy).body.decode("utf-8").replace("charset=utf-8", "charset=windows-1256").encode("cp1256"),
            {"Content-Type": "text/html; charset=ISO-8859-1"},
        )
        persian = stories["persian"]
        persian.paragraphs = PERSIAN_PARAGRAPHS  # Persian text on an Arabic site: dropped as "language"
        routes[self._url(persian)] = self._page(persian)
        old_day = datetime(2019, 3, 1, 10, tzinfo=CAIRO)
        routes[self._url(stories["old"], old_day)] = Reply(200, article_page(stories["old"], self._url(stories["old"], old_day), old_day.replace(tzinfo=None)))

        names = ("good1", "good2", "throttled", "flaky", "slow", "hang", "huge", "broken", "missing", "offsite", "private", "copy", "legacy", "persian")
        if self.scenario in ("backfill", "textless"):
            names = ("good1", "good2", "broken", "legacy")
        self.listed = [self._url(stories[n]) for n in names] + [old_url]
        self._extra_dated = [(self._url(stories["old"], old_day), old_day), (ORIGIN + "/Section/سياسة/319/1", self.day)]
        self._publish_listings()

    def _publish_listings(self) -> None:
        """(Re)write the feed and the news sitemap from what is listed now."""
        from newsbot.crawl.registry import spider_classes

        Youm7Spider = spider_classes(("spiders",))["youm7"]  # the outlet the site stands in for
        routes = self.routes
        dated = [(u, self.day) for u in self.listed] + self._extra_dated

        if self.scenario in ("feeds", "backfill", "textless"):
            rss_type = {"Content-Type": "application/rss+xml; charset=utf-8"}
            for feed in Youm7Spider.feeds:  # every declared feed answers; the first lists the articles
                routes[feed] = Reply(200, rss([]), rss_type)
            routes[Youm7Spider.feeds[0]] = Reply(200, rss(dated), rss_type)
        routes[ORIGIN + "/sitemaps/news.xml"] = Reply(200, news_sitemap(dated), {"Content-Type": "application/xml"})

    # ---- the archive (backfills) ----

    def archive_url(self, name: str) -> str:
        story, day = self.archive[name]
        return self._url(story, day)

    def section_url(self, page: int) -> str:
        return ORIGIN + quote(SECTION_PATH.format(page=page))

    def _build_archive(self) -> None:
        xml = {"Content-Type": "application/xml"}
        for i, (name, age) in enumerate(ARCHIVE_DAYS.items()):
            story = _story(100 + i, ARCHIVE_TOPICS[i])
            day = self.now - timedelta(days=age)
            self.archive[name] = (story, day)
            url = self._url(story, day)
            self.routes[url] = Reply(200, article_page(story, url, day.replace(tzinfo=None)))
        # Day sitemaps behind a nested index with no date: a5 (no dates at all), a6 (lastmod), a12 (too old by its URL).
        days = []
        for name, with_lastmod in (("a5", False), ("a6", True), ("a12", False)):
            day = self.archive[name][1]
            loc = f"{ORIGIN}/sitemaps/days/{day:%Y-%m-%d}.xml"
            days.append(f"<sitemap><loc>{loc}</loc>{f'<lastmod>{day:%Y-%m-%dT%H:%M:%S%z}</lastmod>' if with_lastmod else ''}</sitemap>")
            lastmod = f"<lastmod>{day.isoformat(timespec='seconds')}</lastmod>" if with_lastmod else ""
            self.routes[loc] = Reply(200, self._urlset(f"<url><loc>{html.escape(self.archive_url(name))}</loc>{lastmod}</url>"), xml)
        self.routes[ORIGIN + "/sitemaps/days/index.xml"] = Reply(200, self._sitemapindex("".join(days)), xml)
        # Children of the main index dated by lastmod only: a8's (inside a 10-day backfill), a15's (older).
        for path, name in (("/sitemaps/older.xml", "a8"), ("/sitemaps/oldest.xml", "a15")):
            self.routes[ORIGIN + path] = Reply(200, news_sitemap([(self.archive_url(name), self.archive[name][1])]), xml)
        for page, names in SECTION_PAGES.items():
            self.routes[self.section_url(page)] = Reply(200, self._section_page(page, names), {"Content-Type": "text/html; charset=utf-8"})

    def _archive_or_current(self, name: str) -> tuple[Story, str]:
        if name in self.archive:
            return self.archive[name][0], self.archive_url(name)
        return self.stories[name], self._url(self.stories[name])

    def _section_page(self, page: int, names: list[str]) -> bytes:
        """A youm7-style section page: story boxes (div.bigOneSec h3 a), a sidebar, a next link."""
        boxes = ""
        for name in names:
            story, url = self._archive_or_current(name)
            path = urlsplit(url).path
            boxes += (
                f'<div class="col-xs-12 bigOneSec"><a href="{path}"><img src="/i.jpg"></a>'
                f'<div class="col-xs-9 bigOneContent"><h3><a href="{path}">{html.escape(story.title)}</a></h3>'
                f"<p>{html.escape(story.paragraphs[0][:60])}</p></div></div>\n"
            )
        sidebar = f'<aside class="mostRead"><a href="{urlsplit(self._url(self.stories["good1"])).path}">الأكثر قراءة</a></aside>'
        pager = f'<ul class="pagination"><li><a rel="next" href="{quote(SECTION_PATH.format(page=page + 1))}">التالي</a></li></ul>' if page + 1 in SECTION_PAGES else ""
        return (
            f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>أخبار عاجلة - صفحة {page} - اليوم السابع</title></head>'
            f'<body><header><nav><a href="/">الرئيسية</a> <a href="/Section/سياسة/319/1">سياسة</a></nav></header>'
            f"<main>{boxes}</main>{sidebar}{pager}</body></html>"
        ).encode()

    def publish(self, topic: str, paragraphs: list[str] | None = None) -> Story:
        """A new article appears on the site and in its feed and news sitemap (``paragraphs``: a republished text)."""
        story = _story(len(self.stories), topic)
        if paragraphs is not None:
            story.paragraphs = paragraphs
        self.stories[f"new-{story.id}"] = story
        self.routes[self._url(story)] = self._page(story)
        self.listed.append(self._url(story))
        self._publish_listings()
        return story

    def _static_routes(self) -> None:
        routes = self.routes
        routes[ORIGIN + "/robots.txt"] = Reply(200, (
            "User-agent: *\n"
            f"Crawl-delay: {self.crawl_delay}\n"
            "Disallow: /*/private-report/\n"
            "\n"
            # AI crawlers kept out of the whole site (newsbot is not named: the * group is its own)
            + "".join(f"User-agent: {agent}\n" for agent in AI_DISALLOWED)
            + "Disallow: /\n"
            "\n"
            f"Sitemap: {ORIGIN}/sitemaps/index.xml\n"
        ).encode(), {"Content-Type": "text/plain"})
        routes[ORIGIN + "/sitemaps/index.xml"] = Reply(200, self._index(), {"Content-Type": "application/xml"})
        for year in range(2015, 2020):
            routes[ORIGIN + f"/sitemaps/archive-{year}.xml"] = Reply(200, news_sitemap([]), {"Content-Type": "application/xml"})

    def _first_then(self, first: Reply, then: Reply):
        def respond(url: str) -> Reply:
            with self._lock:
                self._hits[url] = self._hits.get(url, 0) + 1
                return first if self._hits[url] == 1 else then

        return respond

    def _index(self) -> bytes:
        rows = f"<sitemap><loc>{ORIGIN}/sitemaps/news.xml</loc><lastmod>{self.now:%Y-%m-%dT%H:%M:%S%z}</lastmod></sitemap>"
        rows += "".join(f"<sitemap><loc>{ORIGIN}/sitemaps/archive-{y}.xml</loc><lastmod>{y}-12-31</lastmod></sitemap>" for y in range(2015, 2020))
        rows += f"<sitemap><loc>{ORIGIN}/sitemaps/days/index.xml</loc></sitemap>"  # a nested index, no date
        for path, name in (("/sitemaps/older.xml", "a8"), ("/sitemaps/oldest.xml", "a15")):
            rows += f"<sitemap><loc>{ORIGIN}{path}</loc><lastmod>{self.archive[name][1]:%Y-%m-%dT%H:%M:%S%z}</lastmod></sitemap>"
        return self._sitemapindex(rows)

    @staticmethod
    def _sitemapindex(rows: str) -> bytes:
        return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'.encode()

    @staticmethod
    def _urlset(rows: str) -> bytes:
        return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()

    # ---- serving ----

    def respond(self, method: str, url: str) -> Reply | None:
        key = route_key(url, self.hosts)
        if key is None:
            return None
        route = self.routes.get(key)
        if route is None:
            return not_found()
        return route(url) if callable(route) else route
