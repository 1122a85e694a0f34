"""State stores: the protocols (seen articles, claims, near-duplicate index, outlet lease) and their
backends. Imports no Scrapy or Twisted."""
