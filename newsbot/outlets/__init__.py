"""Outlets as declarations: the facts an outlet file states, validated, and the registry of them.
Imports no Scrapy or Twisted."""
