"""Validation against the article JSON Schema (newsbot.core.validation); an invalid item is dropped
under a named reason (the state counts the drop, so the page is retried on later runs)."""

from __future__ import annotations

from itemadapter import ItemAdapter

from newsbot.core.validation import ArticleValidator
from newsbot.crawl.drops import drop
from newsbot.defaults import setting


class ValidatePipeline:
    def __init__(self, stats, validator: ArticleValidator):
        self.stats = stats
        self.validator = validator

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            crawler.stats,
            ArticleValidator(
                setting(settings, "NEWSBOT_VALIDATION_PROFILE"),
                setting(settings, "NEWSBOT_MIN_WORDS"),
                tuple(setting(settings, "NEWSBOT_LANGUAGES")),
            ),
        )

    def process_item(self, item):
        problem = self.validator.problem(ItemAdapter(item).asdict())
        if problem is not None:
            raise drop(self.stats, *problem)
        return item
