"""The state extension: the one place a crawl records what became of an article."""

from __future__ import annotations


def test_the_url_discovery_found_is_recorded_when_a_redirect_gave_another_id(tmp_path):
    """An outlet without article numbers: the feed's URL redirects, the item's id hashes the final URL;
    the next run must still know the URL it finds in the feed."""
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import HtmlResponse, Request

    from newsbot.core.identity import article_id
    from newsbot.core.item import Article
    from newsbot.crawl.state import State

    crawler = Crawler(Spider, {"NEWSBOT_DATA_DIR": str(tmp_path)})
    state = State(crawler)
    found, final = "https://www.news.test/old-slug", "https://www.news.test/new-slug"
    discovered_key = article_id("outlet", found)
    request = Request(found, meta={"newsbot_key": discovered_key})
    response = HtmlResponse(final, body=b"<html></html>", request=request)
    item = Article(id=article_id("outlet", final), outlet="outlet", url=final)
    state.item_scraped(item, response, Spider("outlet"))
    assert state.stores.seen.written(discovered_key)
    assert state.stores.seen.written(item.id), "the state is the one place that records an article written"
    state.close()
