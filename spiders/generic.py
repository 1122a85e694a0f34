"""Any outlet without a file of its own: `scrapy crawl generic -a domain=example.com [-a feeds=URL,URL]`.

Discovery falls back to robots.txt Sitemap: lines; extraction uses the generic
chain (JSON-LD, meta, generic body container). Also the extractor `scrapy
extract` uses for pages of unknown outlets.
"""

from urllib.parse import urljoin

from scrapy.http import Request

from newsbot.core.identity import host_in_domains
from newsbot.crawl import stats as keys
from newsbot.crawl.spider import OutletSpider
from newsbot.discovery.plan import FEED, SITEMAP
from newsbot.outlets.profile import declare

# Where sites usually keep their listings (WordPress, Yoast, Rank Math, Drupal, common CMSs).
COMMON_LISTINGS = (
    ("/sitemap.xml", SITEMAP), ("/sitemap_index.xml", SITEMAP), ("/news-sitemap.xml", SITEMAP),
    ("/sitemap-news.xml", SITEMAP), ("/feed/", FEED), ("/rss", FEED), ("/rss.xml", FEED),
)


class GenericSpider(OutletSpider):
    name = "generic"
    requires = ()  # the outlet is given on the command line, not declared
    judged_for_drift = False  # each run may be another site: its run history mixes them

    @classmethod
    def argument_problem(cls, arguments: dict) -> str | None:
        """Why these spider arguments cannot make a crawl (the crawl command says so), or None."""
        if not (arguments.get("domain") or "").strip():
            return "scrapy crawl generic needs the site: -a domain=example.com (and optionally -a feeds=URL,URL -a sitemaps=URL,URL)"
        return super().argument_problem(arguments)

    def __init__(self, *args, domain: str | None = None, feeds: str | None = None, sitemaps: str | None = None, **kwargs):
        if domain:
            domain = domain.lower().strip().removeprefix("https://").removeprefix("http://").removeprefix("www.").strip("/")
            self.allowed_domains = [domain]
            self.home = f"https://www.{domain}/"
        if feeds:
            self.feeds = [u.strip() for u in feeds.split(",") if u.strip()]
        if sitemaps:
            self.sitemaps = [u.strip() for u in sitemaps.split(",") if u.strip()]
        super().__init__(*args, **kwargs)
        self.arguments.update({k: v for k, v in {"domain": domain, "feeds": feeds, "sitemaps": sitemaps}.items() if v})
        self.profile = declare(self)  # the arguments are this run's declarations

    async def start(self):
        async for request in super().start():
            yield request
        if self.feeds or self.sitemaps or not self.allowed_domains:
            return
        # Nothing declared: besides robots.txt (the base spider), the home page's
        # <link rel="alternate"> feeds and the usual listing locations.
        yield Request(self.home, callback=self.parse_home, errback=self.listing_failed, meta={"newsbot_kind": "home"})
        for path, kind in COMMON_LISTINGS:
            request = self._source(urljoin(self.home, path), kind)
            if request is not None:
                yield request

    def parse_home(self, response):
        links = response.xpath(
            '//link[@rel="alternate"][contains(@type, "rss") or contains(@type, "atom")]/@href'
        ).getall()
        for href in links:
            url = response.urljoin(href.strip())
            if host_in_domains(url, self.allowed_domains):
                self.crawler.stats.inc_value(keys.HOME_FEED)
                request = self._source(url, FEED)
                if request is not None:
                    yield request
