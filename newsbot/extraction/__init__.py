"""Extraction: structured data, body, bylines and dates of a page -> fields (fields.py), and the one
function from a fetched page to an article (article.py). Imports no Scrapy or Twisted."""
