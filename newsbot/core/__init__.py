"""Pure core: text, folding, the noise engine and its rules, dates, decoding over bytes, language,
identity, near-duplicate signatures, the article item. Imports no Scrapy or Twisted."""
