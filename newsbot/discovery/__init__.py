"""Discovery as values: feeds, sitemaps, robots.txt and listing pages parsed; windows and admission.
Imports no Scrapy or Twisted."""
