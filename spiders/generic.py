"""Any outlet without a file of its own: `scrapy crawl generic -a domain=example.com [-a feeds=URL,URL]`.

Discovery falls back to robots.txt Sitemap: lines; extraction uses the generic
chain (JSON-LD, meta, generic body container). Also the extractor `scrapy
extract` uses for pages of unknown outlets.
"""

from newsbot.spider import OutletSpider


class GenericSpider(OutletSpider):
    name = "generic"

    def __init__(self, *args, domain: str | None = None, feeds: str | None = None, sitemaps: str | None = None, **kwargs):
        if domain:
            domain = domain.lower().removeprefix("www.")
            self.allowed_domains = [domain]
            self.home = f"https://www.{domain}/"
        if feeds:
            self.feeds = [u.strip() for u in feeds.split(",") if u.strip()]
        if sitemaps:
            self.sitemaps = [u.strip() for u in sitemaps.split(",") if u.strip()]
        super().__init__(*args, **kwargs)
