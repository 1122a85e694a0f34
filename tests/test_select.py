"""Outlet selectors (newsbot.core.select): the compiled and shared-scan paths give what parsel gives."""

import pytest
from parsel import Selector

from newsbot.core.select import check_query, select, shared_scans
from newsbot.extraction.fields import page_selector

PAGE = """<html><body>
<div id="main" class="article box">
  <h1 class="title">Headline</h1>
  <div class="tags"><span class="tag cat">Section</span><span class="tag"><h3>one</h3></span><span class="tag"><h3>two</h3></span></div>
  <div class="body" itemprop="articleBody"><p class="lead">Lead</p><p>Text <b class="x">bold</b></p>
    <div class="box"><p class="lead">Nested lead</p><div class="box"><p>Deepest</p></div></div>
  </div>
</div>
<div class="box side"><p class="lead">Side</p></div>
<div class="tags"><span class="tag"><h3>footer tag</h3></span></div>
<p class="title">A paragraph titled</p>
</body></html>"""

QUERIES = [
    ".tags .tag:not(.cat) h3",  # two first elements: the whole query keeps document order
    ".tags .tag.cat",
    "div.body[itemprop='articleBody']",
    ".body .lead",
    ".box .lead",  # nested boxes: results overlap
    ".box > p",
    ".box ~ *",
    ".tag + .tag",
    ".title",
    "h1.title, p.title",  # a group
    "#main .tag h3",  # the id path
    "div#main > h1",
    ".missing .lead",
    "p",
]


def _texts(found) -> list[str]:
    return ["".join(s.root.itertext()) for s in found]


@pytest.mark.parametrize("query", QUERIES)
def test_a_query_on_a_page_whose_scans_are_shared_gives_what_parsel_gives(query):
    shared = page_selector(PAGE.encode())
    expected = Selector(text=PAGE).css(query)
    # twice: the second run reads the class scans the first one (and the other queries) left
    for _ in range(2):
        for other in QUERIES:
            select(shared, other)
        assert _texts(select(shared, query)) == _texts(expected)


def test_a_selector_whose_tree_may_change_scans_it_again():
    # drop_boxes removes what a query found from its copy of a container: no scan may be kept for it
    sel = Selector(text=PAGE)
    first = select(sel, ".box .lead")
    first[0].root.getparent().remove(first[0].root)
    assert _texts(select(sel, ".box .lead")) == _texts(Selector(text=sel.get()).css(".box .lead"))
    shared = shared_scans(Selector(text=PAGE), PAGE.encode())
    assert _texts(select(shared, ".box .lead")) == ["Lead", "Nested lead", "Side"]


def test_pseudo_elements_and_xpath_go_through_parsel():
    sel = page_selector(PAGE.encode())
    assert select(sel, "h1.title::text").getall() == ["Headline"]
    assert select(sel, "//p[@class='lead']/text()").getall() == ["Lead", "Nested lead", "Side"]


def test_a_query_that_cannot_run_says_why():
    assert check_query("div[") is not None
    assert check_query(".tags .tag") is None
