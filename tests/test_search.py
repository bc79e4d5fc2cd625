"""Full-text search on normalised Arabic forms, on both backends, with the same snippets."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from marsad.errors import InputError
from marsad.store import Filters, Store
from marsad.store.terms import MAX_QUERY_WORDS, default_indexer, match_spans, parse_query, snippet
from test_store_backends import filled_store, new_schema, postgres_url, sample_items, seed_item  # noqa: F401

SEED_TITLE = "روسيا تواصل تعزيزاتها في دير الزور"


def _ids(store: Store, query: str, filters: Filters | None = None) -> set[str]:
    total, hits = store.search(query, filters, limit=100)
    assert total == len(hits)
    return {hit.article_id for hit in hits}


@pytest.mark.parametrize("variant", ["دير الزور", "ديرالزور", "بدير الزور", "ودير الزور", "دير  الزّور"])
def test_spelling_and_clitic_variants_find_the_same_articles(filled_store: Store, variant: str) -> None:
    seed_id = seed_item()[0].id
    found = _ids(filled_store, variant)
    assert seed_id in found
    assert found == _ids(filled_store, "دير الزور")


def test_a_collapsed_word_is_found_in_text_written_apart() -> None:
    query = parse_query("ديرالزور")
    assert match_spans("في ريف دير الزور الشرقي", query) == [(7, 16)]
    query = parse_query("دير الزور")
    assert match_spans("مدينة ديرالزور", query) == [(6, 14)]
    assert match_spans("وصلت إلى بدير الزور", query) == [(9, 19)]


def test_title_hits_rank_first_and_hits_are_highlighted(filled_store: Store) -> None:
    total, hits = filled_store.search("لواء القدس")
    assert total >= 1
    best = hits[0]
    assert best.article_id == seed_item()[0].id
    assert "<mark>لواء القدس</mark>" in best.title_html
    assert "<mark>" in best.snippet_html
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_filters_narrow_the_search(filled_store: Store) -> None:
    everything = _ids(filled_store, "قوات")
    assert len(everything) > 3
    cases: list[tuple[Filters, Callable[[dict], bool]]] = [
        (Filters(outlet="المدن"), lambda a: a["outlet"] == "المدن"),
        (Filters(date_from="2020-01-01", date_to="2020-12-31"), lambda a: a["published"].startswith("2020")),
    ]
    for selection, check in cases:
        found = _ids(filled_store, "قوات", selection)
        assert found < everything
        articles = {item["id"]: item for item in filled_store.list_articles(Filters(), limit=100)[1]}
        assert all(check(articles[key]) for key in found)
    for selection in (Filters(event_type="Battles"), Filters(sub_event_type="Armed clash"),
                      Filters(actor="Liwa al Quds"), Filters(admin1="Deir-ez-Zor"),
                      Filters(bbox=(39.5, 35.0, 40.5, 35.5))):
        found = _ids(filled_store, "قوات", selection)
        assert found, selection
        assert found <= everything
        assert found == _ids(filled_store, "قوات", selection) & set(
            item["id"] for item in filled_store.list_articles(selection, limit=100)[1])
    assert _ids(filled_store, "دير الزور", Filters(admin1="Hama", event_type="Riots")) == set()


def test_search_pages(filled_store: Store) -> None:
    total, first = filled_store.search("قوات", limit=2)
    _, second = filled_store.search("قوات", limit=2, offset=2)
    assert total > 4
    assert len(first) == len(second) == 2
    assert not {hit.article_id for hit in first} & {hit.article_id for hit in second}


def test_both_backends_give_the_same_hits_and_snippets(new_schema: Callable[[], str], tmp_path: object) -> None:
    stores = [Store.open(f"{tmp_path}/m.db"), Store.open(new_schema())]
    for store in stores:
        store.add_articles(sample_items())
    results = [store.search("دير الزور", limit=20) for store in stores]
    assert results[0][0] == results[1][0]
    by_id = [{hit.article_id: (hit.title_html, hit.snippet_html) for hit in hits} for _total, hits in results]
    assert by_id[0] == by_id[1]
    for store in stores:
        store.close()


def test_snippet_escapes_html_and_marks_the_densest_window() -> None:
    text = "<b>" + "كلام " * 100 + "قصف على دير الزور " + "كلام " * 100
    query = parse_query("دير الزور")
    found = snippet(text, match_spans(text, query), width=120)
    assert "<mark>دير الزور</mark>" in found
    assert found.startswith("… ")
    assert found.endswith(" …")
    assert "<b>" not in found
    assert len(found) < 200
    assert snippet("<i>دير الزور</i>", match_spans("<i>دير الزور</i>", query)) == (
        "&lt;i&gt;<mark>دير الزور</mark>&lt;/i&gt;")


def test_index_terms_hold_forms_and_bigrams_before_the_article() -> None:
    terms = default_indexer().terms("وصلت إلى بدير الزور، وفي أبو كمال").split()
    for expected in ("بدير", "دير", "الزور", "زور", "ديرالزور", "ابو", "كمال"):
        assert expected in terms
    # one bigram per pair (the first word without proclitics), none across punctuation, and
    # none where the second word has no article: two-word queries match those through their pair
    for absent in ("بديرالزور", "الزوروفي", "ابوكمال"):
        assert absent not in terms
    assert len(terms) == len(set(terms))


def test_a_two_word_query_finds_its_collapsed_spelling_without_a_bigram(filled_store: Store) -> None:
    assert _ids(filled_store, "دير الزور") >= _ids(filled_store, "ديرالزور")
    query = parse_query("أبو كمال")
    assert "ابوكمال" in query.groups[0]
    assert match_spans("في ابوكمال", query) == [(3, 10)]


@pytest.mark.parametrize("query", ["", "...", "؟ ،", " ".join(["كلمة"] * (MAX_QUERY_WORDS + 1))])
def test_queries_without_words_or_with_too_many_are_refused(query: str) -> None:
    with pytest.raises(InputError):
        parse_query(query)


def test_query_syntax_is_not_injected(filled_store: Store) -> None:
    for text in ('دير" OR "x', "دير' | 'x", "NEAR(دير الزور)", "دير*", "-دير AND NOT"):
        total, _hits = filled_store.search(text)
        assert total >= 0


def test_filtered_totals_hold_on_every_page_and_past_the_last(filled_store: Store) -> None:
    for selection in (Filters(outlet="المدن"), Filters(event_type="Battles"), Filters(date_from="2020-01-01")):
        total, hits = filled_store.search("قوات", selection, limit=100)
        assert total == len(hits)
        first_total, first = filled_store.search("قوات", selection, limit=1)
        assert (first_total, [hit.article_id for hit in first]) == (total, [hits[0].article_id] if hits else [])
        assert filled_store.search("قوات", selection, limit=5, offset=total + 3) == (total, [])
