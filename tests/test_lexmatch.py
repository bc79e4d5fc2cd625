"""Clitic-aware phrase matching over tokens: proclitics outside the match, joined and split spellings."""

from __future__ import annotations

from marsad.text.lexmatch import PhraseMatcher
from marsad.text.tokenize import tokenize

TEXT = 'اشتباكات بين لواء القدس ولـ"الدفاع الوطني" في ريف ديرالزور الشرقي، وقصف على دير الزور'


def _matcher() -> PhraseMatcher[str]:
    matcher: PhraseMatcher[str] = PhraseMatcher()
    matcher.add_many([("لواء القدس", "liwa"), ("الدفاع الوطني", "ndf"), ("دير الزور", "deir")])
    return matcher


def test_names_are_found_through_clitics_and_joined_spellings() -> None:
    matches = _matcher().find(TEXT, tokenize(TEXT))
    assert [(TEXT[m.start : m.end], m.values) for m in matches] == [
        ("لواء القدس", ("liwa",)), ("الدفاع الوطني", ("ndf",)), ("ديرالزور", ("deir",)), ("دير الزور", ("deir",)),
    ]
