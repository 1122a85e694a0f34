"""Validation against the article JSON Schema (newsbot.core.validation); an invalid item is dropped
under a named reason (the state counts the drop, so the page is retried on later runs)."""

from __future__ import annotations

from itemadapter import ItemAdapter

from newsbot.core.item import ARTICLE_FIELDS, Article
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
        # an Article's fields as they are (ItemAdapter.asdict deep-copies every list: a third of the cost)
        record = {name: getattr(item, name) for name in ARTICLE_FIELDS} if isinstance(item, Article) else ItemAdapter(item).asdict()
        problem = self.validator.problem(record)
        if problem is not None:
            raise drop(self.stats, *problem)
        return item
