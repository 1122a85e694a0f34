"""Development tools, not shipped in the wheel: the local web (proxy + synthetic sites) and the
near-duplicate evaluation. Runtime code never imports them (`scrapy demo` does, from a checkout)."""
