"""Scrapy adapters: the base spider, middlewares, extensions (state, health, reports, locks) and drops."""
