"""The event coder on real sentences and pages: its steps one by one, its rules, its models, its lexicon."""

from __future__ import annotations

import math
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
import yaml

from marsad import process, resources
from marsad.config import EVENT_STAGES, Config
from marsad.errors import ModelError
from marsad.events.actors import ActorReader
from marsad.events.clauses import ClauseView, clause_views
from marsad.events.coding import (
    _counted_places,
    _tolls_by_place,
    find_candidates,
    protest_sub_type,
    rank_types,
)
from marsad.events.context import QuoteSpans, locally_suppressed
from marsad.events.dating import date_clause
from marsad.events.dedup import cluster_events, same_event
from marsad.events.fatalities import NO_DEATHS, DeathToll, count_dead
from marsad.events.features import (
    ArticleContext,
    PairView,
    candidate_features,
    named_types,
    pivot_of,
    type_classes,
    type_pairs,
)
from marsad.events.hierarchy import hierarchy_reading
from marsad.events.lexicon import EventLexicon
from marsad.events.locations import at_a_venue, list_groups, on_a_road
from marsad.events.merge import Report, _absorb, _apart, retold
from marsad.events.models import EventModels, LinearModel
from marsad.events.notes import event_notes
from marsad.events.taxonomy import SUB_EVENT_TYPES, interaction_code
from marsad.events.training import plateau_best
from marsad.model import Article, Event, PlaceMention

BEFORE_CODER = Config(stages=tuple(name for name in Config().stages if name not in EVENT_STAGES[1:]))
LEXICON_FILE = Path(__file__).parents[1] / "src" / "marsad" / "data" / "lexicon" / "events.yaml"


def _analysed(text: str, published: str) -> Article:
    """The sentence after the stages that feed the coder, with its clauses."""
    return process(text, published=published, input_format="page-text", config=BEFORE_CODER)


def _events(text: str, published: str) -> list[Event]:
    return process(text, published=published, input_format="page-text").layers["events"]


TOLLS = [
    ("قتل شرطي في هجوم على حاجز في مدينة درعا أمس.", 1, True),  # a singular noun
    ("أدى القصف إلى مقتل طفلين في بلدة معرة النعمان.", 2, True),  # a dual
    ("عثر على جثتي شرطيين في ريف حمص.", 2, True),
    ("وأكدت المصادر أن 5 عناصر على الأقل قتلوا في الهجوم.", 5, True),  # a count before the verb
    ("قتل ثلاثة مدنيين في قصف على بلدة سرمين.", 3, True),  # a word number
    ("قتل ما لا يقل عن عشرة أشخاص في غارة جوية على مدينة إدلب.", 10, True),  # the lowest figure
    ("أسفر الهجوم عن مقتل وجرح عشرة أشخاص في المدينة.", 0, False),  # killed and wounded together
    ("قتل جنود في هجوم الساعة 5 صباحا على حاجز.", 3, False),  # a time is no toll: dead without a number
    ("قتل شخص في انفجار عبوة ناسفة يوم 24/7 في مدينة الباب.", 1, True),  # a date is no toll
    ("وكان 76 شخصا من بينهم 28 طفلا قتلوا الأحد في قصف على حلب.", 76, True),  # a part is not the toll
    ("وقال المرصد إن 15 شخصا بينهم طفلان وفتى وسيدة قتلوا في قصف على حلب.", 15, True),
    ("أقدم مسلحون على اغتيال الشاب زياد في بلدة تل شهاب.", 1, True),  # an assassination kills
    ("مجزرة في مدينة محردة قضى فيها 11 مدنيا.", 11, True),
    ("أدى القصف إلى مقتل 5 وجرح 10 في مدينة إدلب.", 5, True),  # the wounded counted on their own
    ("أسفر القصف عن مقتل سبعة وإصابة عشرين في بلدة كفرنبل.", 7, True),
    ("وخلفت الغارة مقتل شابين اثنين وجرح خمسة من المارة.", 2, True),  # a count after its noun
    ("قتل طفلان وأصيب أربعة بانفجار عبوة قرب بلدة سرمين.", 2, True),  # the number after an injury word
    ("وأكثر من 200 جرحوا في القصف على مدينة إدلب، وقتل آخرون.", 3, False),  # 200 counts the wounded
    ("أطلق مجهولون النار على مزارع قرب بلدة داعل، ما أدى إلى مقتله.", 1, True),  # a pronoun of the dead
    ("سقطت قذيفة على منزل في بلدة داعل، ما أسفر عن مصرعهما.", 2, True),  # a dual pronoun
    ("انفجرت عبوة بسيارة في مدينة جاسم، ما أدى إلى وفاتها.", 1, True),  # ة written ت before the pronoun
    ("سقطت قذيفة على منزل في بلدة داعل، ما أسفر عن مصرعهم.", 3, False),  # several, no number
    ("قتل مسلحون مجهولون شابا على طريق بلدة داعل.", 1, True),  # the object after the subject
    ("وتسبب القصف على بلدة داعل بمقتله على الفور.", 1, True),  # a proclitic before the noun
    ("قتل مدنيون وطفلة في قصف على بلدة داعل.", 3, False),  # a girl among the dead, not the one dead
]


@pytest.mark.parametrize(("text", "count", "stated"), TOLLS, ids=[str(i) for i in range(len(TOLLS))])
def test_fatalities(text: str, count: int, stated: bool) -> None:
    (view,) = clause_views(_analysed(text, "2021-07-25"))
    toll = count_dead(view, resources.event_lexicon())
    assert toll is not None
    assert (toll.count, toll.stated) == (count, stated)


def test_a_relative_date_in_a_quotation_counts_from_the_statement() -> None:
    text = 'وقال المتحدث العسكري يوم الأحد إن "الطيران قصف بلدة سرمين أمس".'
    article = _analysed(text, "2021-07-27")  # a Tuesday: the statement was made on Sunday the 25th
    views = clause_views(article)
    view = next(v for v in views if v.triggers)
    dating = date_clause(views, view, date(2021, 7, 27), pivot_of(view, resources.event_lexicon()),
                         QuoteSpans.of(article.text), article.text)
    assert dating.day == date(2021, 7, 24)
    assert dating.quoted


def test_news_retold_by_its_month_is_not_coded() -> None:
    published = date(2021, 7, 27)
    last_month = Event(0, 10, event_type="Battles", sub_event_type="Armed clash", event_date="2021-06-15",
                       time_precision=3)
    this_week = replace(last_month, event_date="2021-07-24", time_precision=2)
    assert retold(last_month, published)
    assert not retold(this_week, published)  # "الأسبوع الجاري": news of these days
    assert not retold(replace(last_month, time_precision=1), published)  # a day told: an event of its own
    text = "وتعرضت بلدة سرمين في ريف إدلب الشهر الماضي لقصف جوي عنيف أسفر عن مقتل ثلاثة من سكانها."
    assert not [e for e in _events(text, "2021-07-27") if e.time_precision > 1]


def test_a_plan_dated_after_the_publication_is_not_coded() -> None:
    tomorrow = "ينظم المعلمون وقفة احتجاجية غدا الأحد أمام مبنى المحافظة في مدينة حمص."
    assert _events(tomorrow, "2022-03-10") == []
    programme = "تنطلق في مدينة حمص يوم 20 مارس 2022 وقفة احتجاجية للمعلمين أمام مبنى المحافظة."
    assert _events(programme, "2022-03-10") == []


@pytest.mark.parametrize(
    "text",
    [
        "قتل ثلاثة أشخاص اليوم في انفجار ناجم عن تسرب الغاز في منزل بمدينة حمص.",  # an accident
        "افتتحت اليوم في مدينة حمص تظاهرة ثقافية يشارك فيها فنانون من عدة محافظات.",  # a festival, no protest
        "ألقت الشرطة اليوم القبض على ثلاثة أشخاص بتهمة ترويج المخدرات في مدينة حمص.",  # ordinary crime
        "أجرى الجيش اليوم تجربة صاروخية جديدة قرب مدينة حمص.",  # a weapons test
        "قضت محكمة في مدينة حمص اليوم بالسجن خمس سنوات على ناشط دعا إلى إسقاط الحكومة.",  # a sentence
    ],
)
def test_accidents_festivals_tests_sentences_and_ordinary_crime_are_no_events(text: str) -> None:
    assert _events(text, "2022-03-10") == []


def test_a_word_of_another_sense_in_the_news_of_a_country_is_no_trigger_there() -> None:
    tunisian = "نظم عدد من الشبان اليوم تظاهرة أمام مقر الولاية في مدينة القصرين."  # a festival in Tunisian usage
    assert _events(tunisian, "2017-04-29") == []
    protest = "نظم عدد من الشبان اليوم وقفة احتجاجية أمام مقر الولاية في مدينة القصرين."
    assert [(e.event_type, e.country) for e in _events(protest, "2017-04-29")] == [("Protests", "Tunisia")]
    syrian = "خرجت اليوم تظاهرة حاشدة في مدينة حمص للمطالبة بالإفراج عن المعتقلين."
    assert [e.event_type for e in _events(syrian, "2017-04-29")] == ["Protests"]


def test_the_place_where_something_was_said_is_no_place_of_the_event() -> None:
    lexicon = resources.event_lexicon()
    text = "وقال الوزير في مؤتمر صحافي عقده في دمشق اليوم إن الطائرات قصفت بلدة سرمين."
    view = clause_views(_analysed(text, "2017-02-28"))[0]
    venue = {place.text: at_a_venue(view, place, lexicon) for place in view.places}
    assert venue == {"دمشق": True, "سرمين": False}
    said = clause_views(_analysed("وقال بيان إن الطائرات قصفت مدينة حمص اليوم.", "2017-02-28"))[0]
    assert not any(at_a_venue(said, place, lexicon) for place in said.places)


def test_two_towns_at_the_ends_of_a_road_are_one_place_near_the_first() -> None:
    text = "اندلعت اشتباكات عنيفة اليوم بين قوات قسد والفصائل على الطريق الواصل بين تل تمر وأبو راسين في ريف الحسكة."
    assert [(e.location, e.geo_precision) for e in _events(text, "2019-11-13")] == [("Tall Tamr", 2)]
    lexicon = resources.event_lexicon()
    listed = clause_views(_analysed("قصفت الطائرات اليوم بلدتي كفرنبل وحاس في ريف إدلب.", "2019-11-13"))[0]
    towns = [place for place in listed.places if place.text in ("كفرنبل", "حاس")]
    assert len(towns) == 2
    assert not on_a_road(listed, towns[0], towns[1], lexicon)  # a list of villages: one event each


@pytest.mark.parametrize(
    ("text", "coded"),
    [
        ("ولم ترد أي تقارير عن وقوع اشتباكات بين المعتصمين والشرطة في اللاذقية اليوم.", False),  # none reported
        ("حلقت طائرات حربية روسية اليوم فوق مدينة إدلب من دون أن تشن غارات.", False),  # flew, struck nothing
        ("حلقت طائرات حربية اليوم فوق مدينة إدلب وشنت غارات على أحيائها.", True),
        ("قصفت الطائرات اليوم بلدة كفرنبل دون وقوع إصابات.", True),  # no one hurt: an event still
        ("قصفت الطائرات اليوم بلدة كفرنبل من دون أن تسفر عن إصابات.", True),
    ],
)
def test_an_event_the_text_says_did_not_happen_is_not_coded(text: str, coded: bool) -> None:
    assert bool(_events(text, "2015-08-10")) is coded


@pytest.mark.parametrize("charge", ["", " بتهمة ترويج الشائعات"])  # a charge of politics is no ordinary crime
def test_an_arrest_of_conflict_or_politics_is_still_coded(charge: str) -> None:
    text = f"ألقت قوات الأمن اليوم القبض على ثلاثة ناشطين معارضين في مدينة حمص{charge}."
    assert [(e.sub_event_type, e.location) for e in _events(text, "2022-03-10")] == [("Arrests", "Homs")]


def test_vetoes_and_regional_senses_name_known_cues_types_and_triggers(tmp_path: Path) -> None:
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    broken = tmp_path / "events.yaml"
    for vetoes, message in (({"festivity": ["Festivals"]}, "unknown event types"),
                            ({"parade": ["Protests"]}, "not suppress_cues kinds")):
        data["rules"]["type_vetoes"] = vetoes
        broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        with pytest.raises(ModelError, match=message):
            EventLexicon.load(broken)
    data["rules"]["type_vetoes"] = {}
    data["rules"]["regional_senses"] = [{"forms": ["مهرجان"], "countries": ["Tunisia"]}]
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ModelError, match="no trigger"):
        EventLexicon.load(broken)


def test_an_event_of_last_year_or_years_ago_is_history() -> None:
    for text in ("وتعرضت بلدة سرمين في ريف إدلب العام الماضي لقصف جوي عنيف.",
                 "وكانت بلدة سرمين في ريف إدلب قد تعرضت قبل عامين لقصف جوي عنيف."):
        assert _events(text, "2021-07-27") == []


def test_history_gets_no_date() -> None:
    text = "وقصفت الطائرات الحربية مدينة حلب في عام 2016 بالبراميل المتفجرة."
    article = _analysed(text, "2021-07-27")
    views = clause_views(article)
    view = next(v for v in views if v.triggers)
    dating = date_clause(views, view, date(2021, 7, 27), pivot_of(view, resources.event_lexicon()),
                         QuoteSpans.of(article.text), article.text)
    assert dating.day is None
    assert dating.other_year
    assert _events(text, "2021-07-27") == []


def test_history_does_not_borrow_the_date_of_the_clause_before() -> None:
    text = "وقصفت الطائرات مدينة إدلب أمس. وكان النظام قد قصف مدينة حلب بالبراميل في عام 2016."
    assert [event.location for event in _events(text, "2021-07-27")] == ["Idlib"]


def test_actors_read_around_the_trigger() -> None:
    text = ('وقالت مصادر لـ"العربي الجديد" إن قوات من ميليشيا "لواء القدس" تعرضت يوم أمس لهجوم مباغت من قبل مجهولين '
            "أثناء مرورها في منطقة كباجب بريف دير الزور الجنوبي.")
    article = _analysed(text, "2020-07-09")
    view = next(v for v in clause_views(article) if v.triggers)
    reader = ActorReader(resources.event_lexicon(), resources.actor_base())
    pivot = pivot_of(view, resources.event_lexicon())
    sides = reader.sides(view, pivot, "Battles", "Armed clash", date(2020, 7, 8), "Syria", None)
    assert sides.actor1 is not None
    assert sides.actor1.name == "Unidentified Armed Group (Syria)"
    assert sides.actor2 is not None
    assert sides.actor2.name == "Liwa al Quds"


def test_a_nationality_after_the_trigger_names_the_state() -> None:
    text = "وتعرّضت مدينة القامشلي يوم أمس الخميس، لقصف مدفعي تركي أدى إلى مقتل طفل."
    article = _analysed(text, "2019-10-11")
    view = next(v for v in clause_views(article) if v.triggers)
    reader = ActorReader(resources.event_lexicon(), resources.actor_base())
    pivot = pivot_of(view, resources.event_lexicon())
    sides = reader.sides(view, pivot, "Explosions/Remote violence", "Shelling/artillery/missile attack",
                         date(2019, 10, 10), "Syria", None)
    assert sides.actor1 is not None
    assert sides.actor1.name == "Military Forces of Turkey (2016-)"


def test_a_list_of_villages_gives_one_event_each() -> None:
    text = (
        "وشنَّ الطيران الحربي الروسي، في وقتٍ متأخرٍ من ليل أمس، غارات على مدن وبلدات خان شيخون، سراقب، كفرنبل "
        "في ريف إدلب الجنوبي."
    )
    events = _events(text, "2018-01-06")
    assert sorted(e.location_ar for e in events) == ["خان شيخون", "سراقب", "كفرنبل"]
    for event in events:
        assert (event.sub_event_type, event.event_date) == ("Air/drone strike", "2018-01-05")
        assert event.actor1 == "Military Forces of Russia (2000-)"
        assert event.notes
        assert 0 < event.confidence <= 1


def test_a_list_may_hold_names_the_gazetteer_lacks() -> None:
    text = "سيطر تنظيم داعش على قرى المسعودية والعزيزية ودويبق والغوز وبلدتي تركمان بارح وأخترين بريف حلب."
    (view,) = clause_views(_analysed(text, "2014-08-14"))
    groups = [[place.text for place in group] for group in list_groups(view, resources.event_lexicon())]
    assert ["المسعودية", "العزيزية", "الغوز", "تركمان بارح", "أخترين"] in groups


def test_a_toll_told_place_by_place_is_one_event_per_place() -> None:
    text = ("وقال ناشطون إن قوات الأمن قتلت 31 متظاهرا أمس، بينهم 12 في حمص، وعشرة في درعا، وتسعة في إدلب، "
            "وأصيب العشرات في حلب وحماة.")
    view = clause_views(_analysed(text, "2012-03-31"))[0]
    counted = _counted_places(view, resources.event_lexicon())
    assert [place.text for place in counted] == ["حمص", "درعا", "إدلب"]
    assert _tolls_by_place(view, counted, resources.event_lexicon()) == [12, 10, 9]


def test_a_dual_or_a_singular_noun_of_the_dead_counts_its_place() -> None:
    text = ("وقال ناشطون إن قوات الأمن قتلت 17 متظاهرا أمس، بينهم 14 في حمص، وقتيلان في درعا، وضحية في إدلب، "
            "و13 ضحية في حماة.")
    lexicon = resources.event_lexicon()
    view = clause_views(_analysed(text, "2012-03-31"))[0]
    counted = _counted_places(view, lexicon)
    assert [place.text for place in counted] == ["حمص", "درعا", "إدلب", "حماة"]
    assert _tolls_by_place(view, counted, lexicon) == [14, 2, 1, 13]


def test_protesters_killed_make_excessive_force() -> None:
    assert protest_sub_type("Peaceful protest", DeathToll(2, True)) == "Excessive force against protesters"
    assert protest_sub_type("Protest with intervention", DeathToll(1, True)) == "Excessive force against protesters"
    assert protest_sub_type("Peaceful protest", DeathToll(3, False)) == "Peaceful protest"  # dead not stated
    assert protest_sub_type("Peaceful protest", NO_DEATHS) == "Peaceful protest"


def test_a_protest_broken_up_without_deaths_is_a_protest_with_intervention() -> None:
    assert protest_sub_type("Peaceful protest", NO_DEATHS, {"intervention"}) == "Protest with intervention"
    assert protest_sub_type("Peaceful protest", DeathToll(2, True), {"intervention"}) == \
        "Excessive force against protesters"
    text = "استعملت قوات الأمن اليوم الغاز المسيل للدموع لتفريق المحتجين في مدينة حمص."
    assert [e.sub_event_type for e in _events(text, "2017-03-15")] == ["Protest with intervention"]


def test_a_type_the_clause_names_comes_before_a_likelier_one_it_does_not() -> None:
    lexicon = resources.event_lexicon()
    view = clause_views(_analysed("اندلعت اشتباكات عنيفة بين الفصائل وقوات النظام في بلدة كفرنبل أمس.",
                                  "2020-07-09"))[0]
    features = {f"trig={cls}": 1.0 for trigger in view.triggers for cls in trigger.values}
    named = type_pairs(features, lexicon)
    clash = "Battles|Armed clash"
    strike = "Explosions/Remote violence|Air/drone strike"
    assert clash in named
    assert strike not in named
    assert rank_types({strike: 0.6, clash: 0.3, "Protests|Peaceful protest": 0.1}, named)[0] == clash
    assert rank_types({strike: 0.6, clash: 0.4}, {})[0] == strike  # nothing named: the likelier


def test_an_attack_word_alone_names_no_type() -> None:
    """"استهدفت" says nothing of the weapon: the type model decides, not the attack class's fallback."""
    lexicon = resources.event_lexicon()
    strike = "Explosions/Remote violence|Air/drone strike"
    bare = {"trig=attack": 1.0, "hierarchy=Battles|Armed clash": 1.0}
    assert named_types(bare, lexicon) == set()
    assert rank_types({strike: 0.7, "Battles|Territory": 0.1, "Battles|Armed clash": 0.2},
                      named_types(bare, lexicon))[0] == strike
    # a target cue grounds the hierarchy's reading; a weapon cue names its type
    assert named_types({**bare, "cue=military_target": 1.0}, lexicon) == {"Battles|Armed clash"}
    assert strike in named_types({**bare, "cue=weapon:Air/drone strike": 1.0}, lexicon)
    assert "Battles|Armed clash" in named_types({"trig=clash": 1.0}, lexicon)


def test_a_movement_word_that_publishes_is_no_trigger() -> None:
    lexicon, actors = resources.event_lexicon(), resources.actor_base()
    published = _analysed("نشرت حسابات محلية مقاطع مصورة من بلدة الميادين أمس.", "2023-10-29")
    assert find_candidates(published, lexicon, actors)[1] == []
    deployed = _analysed("نشرت قوات النظام عشرات الحواجز في بلدة الميادين أمس.", "2023-10-29")
    assert len(find_candidates(deployed, lexicon, actors)[1]) == 1


def test_a_time_of_day_before_a_day_is_no_trigger() -> None:
    """«فجر» is "he detonated" and "dawn": before a day it is the time of the incident."""
    lexicon, actors = resources.event_lexicon(), resources.actor_base()
    for day in ("اليوم", "الجمعة", "أمس"):
        article = _analysed(f"وفجر {day} جرح رجلان برصاص مسلحين قرب بلدة جاسم.", "2022-03-26")
        clauses, candidates = find_candidates(article, lexicon, actors)
        assert len(candidates) == 1
        assert {name for hit in clauses[candidates[0].clause].triggers for name in hit[3].split("|")} == {"attack"}
    detonated = _analysed("وفجر مسلحون سيارة مفخخة عند حاجز قرب بلدة جاسم.", "2022-03-26")
    clauses, candidates = find_candidates(detonated, lexicon, actors)
    assert "explosion" in {name for hit in clauses[candidates[0].clause].triggers for name in hit[3].split("|")}


def test_heroes_are_no_defusing() -> None:
    """«أبطال» (heroes) and «إبطال» (nullifying) are one key once hamza is folded: defusing is «إبطال مفعول»."""
    lexicon, actors = resources.event_lexicon(), resources.actor_base()
    heroes = _analysed("استضاف البرنامج مساء الأربعاء أبطال المسلسل الجديد ومخرجه في مدينة سوسة.", "2017-01-20")
    assert find_candidates(heroes, lexicon, actors)[1] == []
    defused = _analysed("تمكنت وحدة الهندسة من إبطال مفعول عبوة ناسفة قرب مدينة سوسة أمس.", "2017-01-20")
    clauses, candidates = find_candidates(defused, lexicon, actors)
    assert "disrupt" in {name for hit in clauses[candidates[0].clause].triggers for name in hit[3].split("|")}


def test_helicopters_and_counted_barrels_are_air_strikes() -> None:
    """A plural of helicopters and the accusative barrel after a count (١١–٩٩) name an air strike."""
    article = _analysed("ألقت مروحيات تابعة للجيش 16 برميلا متفجرا على بلدة كفرزيتا يوم أمس.", "2015-03-02")
    features = candidate_features(ArticleContext.build(article, resources.event_lexicon(), resources.actor_base(),
                                                       default_country="Syria"), clause_views(article)[0])
    assert features.get("cue=weapon:Air/drone strike") == 1.0
    assert features.get("trig=strike") == 1.0


@pytest.mark.parametrize("text", [
    "اندلعت اشتباكات بين المحتجين ورجال الشرطة في مدينة القيروان مساء أمس.",  # protesters clash with police
    "اقتحم محتجون غاضبون مبنى البلدية في مدينة القيروان أمس.",  # protesters storm a building
    "أغلق المحتجون الطرقات بإحراق العجلات في مدينة القيروان أمس.",  # tyres burnt on the road
])
def test_protesters_who_fight_or_storm_riot(text: str) -> None:
    """ACLED's violent demonstration: demonstrators clash, storm, vandalise or burn tyres."""
    lexicon = resources.event_lexicon()
    view = clause_views(_analysed(text, "2023-01-14"))[0]
    assert hierarchy_reading(view, view.triggers, lexicon, set()) == ("Riots", "Violent demonstration")


def test_protesters_shot_by_the_police_stay_a_protest() -> None:
    lexicon = resources.event_lexicon()
    view = clause_views(_analysed("قتل متظاهر برصاص قوات الأمن خلال مظاهرة في مدينة درعا أمس.", "2011-03-20"))[0]
    assert hierarchy_reading(view, view.triggers, lexicon, set()) == ("Protests", "Excessive force against protesters")


def test_a_clash_with_air_support_is_a_battle_and_an_attack_from_the_air_a_strike() -> None:
    """EVENTS.md: an air strike during a ground battle is one Battles event; an attack by aircraft is a strike."""
    lexicon = resources.event_lexicon()
    clash = clause_views(_analysed("دارت معارك عنيفة بين الجيش وفصائل المعارضة شاركت فيها الطائرات الحربية قرب "
                                   "بلدة اللطامنة أمس.", "2019-06-02"))[0]
    assert hierarchy_reading(clash, clash.triggers, lexicon, set()) == ("Battles", "Armed clash")
    attack = clause_views(_analysed("استهدفت الطائرات الحربية مواقع الفصائل قرب بلدة اللطامنة أمس.",
                                    "2019-06-02"))[0]
    assert hierarchy_reading(attack, attack.triggers, lexicon, set()) == ("Explosions/Remote violence",
                                                                          "Air/drone strike")


def test_a_riot_between_the_forces_and_a_crowd_has_the_rioters_first() -> None:
    """ACLED's riot: the rioters are actor 1 and the forces they fought actor 2, though "بين" names the forces first."""
    lexicon, actors = resources.event_lexicon(), resources.actor_base()
    text = "اندلعت مواجهات عنيفة بين قوات الأمن ومتظاهرين غاضبين قرب بلدة جاسم أمس."
    view = clause_views(_analysed(text, "2023-01-14"))[0]
    assert hierarchy_reading(view, view.triggers, lexicon, set()) == ("Riots", "Violent demonstration")
    sides = ActorReader(lexicon, actors).sides(view, pivot_of(view, lexicon), "Riots", "Violent demonstration",
                                               date(2023, 1, 14), "Syria", None)
    assert sides.actor1 is not None
    assert sides.actor1.type == "rioters"
    assert sides.actor2 is not None
    assert sides.actor2.inter in (1, 3)
    excessive = ActorReader(lexicon, actors).sides(view, pivot_of(view, lexicon), "Protests",
                                                   "Excessive force against protesters", date(2023, 1, 14), "Syria",
                                                   None)
    assert excessive.actor1 is not None
    assert excessive.actor1.inter in (1, 3)
    assert excessive.actor2 is not None
    assert excessive.actor2.type == "protesters"


def test_security_men_shot_by_gunmen_at_a_protest_are_no_violence_against_protesters() -> None:
    """ACLED codes the attack on the security forces, not excessive force against the crowd."""
    lexicon = resources.event_lexicon()
    text = "قتل ثلاثة من عناصر الشرطة برصاص مسلحين مجهولين خلال مظاهرة في مدينة درعا أمس."
    view = clause_views(_analysed(text, "2011-03-20"))[0]
    assert hierarchy_reading(view, view.triggers, lexicon, set()) == ("Battles", "Armed clash")


@pytest.mark.parametrize("text", [
    "عززت فصائل المعارضة مواقعها في ريف حماة تحسبا لهجوم واسع على المنطقة.",
    "نقلت قوات النظام تعزيزات إلى ريف إدلب استعدادا لمعركة جديدة في المنطقة.",
])
def test_in_anticipation_of_a_battle_is_a_plan(text: str) -> None:
    """"تحسبا لـ" and "استعدادا لـ" put what follows in the future, as general usage does ("تحسبا لهجمات")."""
    view = clause_views(_analysed(text, "2018-08-31"))[0]
    battle = next(t for t in view.triggers if {"attack", "clash"} & set(t.values))
    assert locally_suppressed(view, battle) == "suppress:future"


def test_a_list_goes_on_past_a_countryside_with_its_preposition() -> None:
    """"X بريف دمشق، وY في ريف درعا": the descriptor is read from after its ب, and the two towns are one list."""
    lexicon = resources.event_lexicon()
    text = "أطلقت الشرطة الرصاص الحي على المحتجين في دوما بريف دمشق، وطفس في ريف درعا أمس."
    (view,) = clause_views(_analysed(text, "2011-09-02"))
    assert [[p.text for p in group] for group in list_groups(view, lexicon)] == [["دوما", "طفس"]]


def test_the_keep_threshold_is_the_best_stretch_of_the_curve_not_a_spike() -> None:
    thresholds = [step / 100 for step in range(10, 91, 2)]
    curve = [0.5] * len(thresholds)
    curve[thresholds.index(0.3)] = 0.80  # one lucky threshold
    for threshold in (0.56, 0.58, 0.6, 0.62, 0.64, 0.66, 0.68):
        curve[thresholds.index(threshold)] = 0.72  # a broad good stretch
    assert plateau_best(thresholds, curve) == 0.62
    assert plateau_best(thresholds, curve, smoothing=0) == 0.3


def test_fire_opened_with_its_subject_between_is_an_attack() -> None:
    """"فتحت الشرطة النار على …": the subject stands between the verb and «النار على»."""
    view = clause_views(_analysed("فتحت الشرطة النار على المعتصمين أمام مبنى البلدية في مدينة درعا أمس.",
                                  "2011-03-20"))[0]
    assert any("attack" in trigger.values for trigger in view.triggers)


def _pair_view(place: PlaceMention) -> PairView:
    return PairView(clause=0, sentence=0, event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                    day=date(2019, 8, 6), place=place, actor1=None, actor2=None, definite=True, anaphoric=True,
                    opener="", fatalities=0)


def test_drafts_at_two_villages_apart_are_never_one_event() -> None:
    def village(place_id: str, latitude: float, longitude: float, precision: int = 1) -> PlaceMention:
        return PlaceMention(0, 1, "place", text=place_id, place_id=place_id, latitude=latitude,
                            longitude=longitude, feature_type="town", geo_precision=precision)

    lataminah, kafr_zita = village("lataminah", 35.32, 36.62), village("kafr-zita", 35.37, 36.60)
    assert _apart(_pair_view(lataminah), _pair_view(kafr_zita))  # 6 km: two events
    assert not _apart(_pair_view(lataminah), _pair_view(village("lataminah", 35.32, 36.62)))
    assert not _apart(_pair_view(lataminah), _pair_view(village("hama-countryside", 35.3, 36.7, precision=2)))


def test_drafts_of_two_days_are_never_one_event() -> None:
    """ACLED codes an event per place and day: a clash told for Monday and another for Tuesday are two."""
    town = PlaceMention(0, 1, "place", text="town", place_id="town", latitude=13.45, longitude=22.45,
                        feature_type="town", geo_precision=1)
    monday = _pair_view(town)
    assert _apart(monday, replace(monday, day=date(2019, 8, 7)))
    assert not _apart(monday, replace(monday, clause=3))
    assert not _apart(monday, replace(monday, day=None))  # an undated draft: the model decides


def test_drafts_at_two_neighbourhoods_of_one_city_are_two_events() -> None:
    def site(place_id: str, feature_type: str) -> PlaceMention:  # sites of a city lie at the city's point
        return PlaceMention(0, 1, "place", text=place_id, place_id=place_id, latitude=36.2, longitude=37.15,
                            feature_type=feature_type, geo_precision=1)

    shaar, sakhour = site("nb:shaar", "neighbourhood"), site("nb:sakhour", "neighbourhood")
    assert _apart(_pair_view(shaar), _pair_view(sakhour))  # EVENTS.md: one event per town or neighbourhood
    assert not _apart(_pair_view(shaar), _pair_view(site("nb:shaar", "neighbourhood")))
    assert not _apart(_pair_view(shaar), _pair_view(site("aleppo", "city")))  # the city and a part of it: learned


NOT_EVENTS = [
    ("denial", "ونفت وزارة الدفاع الروسية أن تكون طائراتها قد شنت غارات على مدينة إدلب أمس.", "2020-07-09"),
    ("call", "دعا ناشطون معارضون جميع السوريين إلى الخروج في تظاهرات يوم الجمعة في مدينة حمص.", "2012-04-10"),
    ("call beside troops", "دعت لجان الأحياء في مدينة حمص إلى مظاهرة كبيرة اليوم في الساحة العامة، رغم وصول حشود "
     "عسكرية إلى أطراف المدينة.", "2024-05-03"),
    ("background", "البلدة الواقعة غرب العاصمة قد سيطر عليها من قبل الثوار ستة أشهر مضت.", "2013-10-27"),
    ("habit", "وذكرت المصادر أن القوات الروسية تسير دوريات بشكل شبه يومي في مدينة دير الزور.", "2020-07-09"),
    (
        "aggregate",
        "وبلغ عدد الحوادث المشابهة منذ مطلع عام 2025 في محافظات سورية متفرقة 105 عمليات، ذهب ضحيتها 228 شخصاً.",
        "2025-02-01",
    ),
]


@pytest.mark.parametrize(("kind", "text", "published"), NOT_EVENTS, ids=[n[0] for n in NOT_EVENTS])
def test_not_an_event(kind: str, text: str, published: str) -> None:
    assert _events(text, published) == [], kind


def test_a_trigger_inside_a_name_is_no_candidate() -> None:
    text = "تظاهر مئات الأشخاص في ساحة التحرير وسط بغداد اليوم الجمعة للمطالبة بإصلاحات."
    article = _analysed(text, "2019-10-25")
    _clauses, candidates = find_candidates(article, resources.event_lexicon(), resources.actor_base())
    assert len(candidates) == 1  # تظاهر; "التحرير" inside the square's name is no trigger


def test_seed_page(seed: tuple[str, dict[str, Any]]) -> None:
    article = process(seed[0], published="2020-07-09")
    assert article.meta.related  # the Russian strikes on Idlib are only in the related block
    assert article.layers["events"]
    assert not [e for e in article.layers["events"] if e.admin1 == "Idleb"]
    for event in article.layers["events"]:
        assert article.text[event.start : event.end] == event.evidence
        assert event.event_date
        assert event.notes
        assert 0 < event.confidence <= 1


def test_coding_holds_no_state_between_articles(seed: tuple[str, dict[str, Any]]) -> None:
    """Two threads coding different articles at once give each article its own events."""
    pages = [(seed[0], "2020-07-09"), ("قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي أمس بالبراميل.", "2018-01-06")]
    expected = [[(e.event_type, e.location_ar, e.event_date) for e in _events(t, d)] for t, d in pages]
    failures: list[str] = []

    def work(index: int) -> None:
        text, published = pages[index]
        for _ in range(4):
            got = [(e.event_type, e.location_ar, e.event_date) for e in _events(text, published)]
            if got != expected[index]:
                failures.append(f"page {index}: {got}")

    threads = [threading.Thread(target=work, args=(i % 2,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures


def test_events_are_immutable(seed: tuple[str, dict[str, Any]]) -> None:
    (event, *_rest) = process(seed[0], published="2020-07-09").layers["events"]
    with pytest.raises(AttributeError):
        event.fatalities = 1  # type: ignore[misc]


# ------------------------------------------------------------------------------------------- lexicon
def test_the_lexicon_is_validated(tmp_path: Path) -> None:
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    data["triggers"][0]["sub_event_type"] = "Nonsense"
    broken = tmp_path / "events.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ModelError, match="unknown type"):
        EventLexicon.load(broken)


def test_a_new_trigger_class_needs_no_code_change(tmp_path: Path) -> None:
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    data["triggers"].append({"class": "siege", "priority": 22, "event_type": "Strategic developments",
                             "sub_event_type": "Other", "forms": ["حصار", "حصارا"]})
    extended = tmp_path / "events.yaml"
    extended.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    lexicon = EventLexicon.load(extended)
    article = _analysed("فرضت قوات النظام حصارا على بلدة مضايا في ريف دمشق.", "2016-01-01")
    clauses, candidates = find_candidates(article, lexicon, resources.actor_base())
    assert candidates
    assert any("siege" in hit[3] for clause in clauses for hit in clause.triggers)


def test_every_sub_event_type_is_a_class_of_the_type_model() -> None:
    assert len(SUB_EVENT_TYPES) == 25
    classes = type_classes()
    for event_type, sub_event_type in SUB_EVENT_TYPES:
        if "territory" in sub_event_type:
            assert "Battles|Territory" in classes  # the actor decides government or non-state
        else:
            assert f"{event_type}|{sub_event_type}" in classes
    lexicon = resources.event_lexicon()
    defaults = {(t.event_type, t.sub_event_type) for t in lexicon.classes.values()}
    derived = {("Battles", "Government regains territory"), ("Protests", "Protest with intervention"),
               ("Protests", "Excessive force against protesters")}
    assert defaults | derived == SUB_EVENT_TYPES


# -------------------------------------------------------------------------------------------- models
def test_models_round_trip(tmp_path: Path) -> None:
    models = resources.event_models()
    path = tmp_path / "models.json.gz"
    models.save(path)
    again = EventModels.load(path)
    assert again.to_json() == models.to_json()
    path.write_bytes(b"not gzip")
    with pytest.raises(ModelError, match="gzipped JSON"):
        EventModels.load(path)


def test_a_binary_model_reads_its_weights() -> None:
    model = LinearModel(("0", "1"), {"a": (2.0,), "b": (-1.0,)}, (0.0,))
    assert model.probability({}) == pytest.approx(0.5)
    assert model.probability({"a": 1.0}) > 0.8 > 0.2 > model.probability({"b": 2.0})
    assert set(model.probabilities({"a": 1.0})) == {"0", "1"}


# ------------------------------------------------------------------------------------------ taxonomy
def test_taxonomy_and_interaction_codes() -> None:
    assert interaction_code(1, 2) == 12
    assert interaction_code(7, 3) == 37
    assert interaction_code(1, None) == 10


def _event(location: str, latitude: float, longitude: float, day: str, sub: str = "Change to group/activity",
           event_type: str = "Strategic developments") -> Event:
    return Event(0, 1, "event", event_type=event_type, sub_event_type=sub, event_date=day, location=location,
                 latitude=latitude, longitude=longitude, geo_precision=1, actor1="Military Forces of Russia (2000-)",
                 country="Syria", admin1="Deir-ez-Zor", confidence=0.8)


def test_cross_article_dedup() -> None:
    first = _event("Deir ez-Zor", 35.336, 40.14, "2020-07-08")
    second = _event("Deir ez-Zor", 35.335, 40.141, "2020-07-08")
    other = _event("Qamishli", 37.05, 41.23, "2019-10-10", "Shelling/artillery/missile attack",
                   "Explosions/Remote violence")
    assert same_event(first, second)
    assert not same_event(first, other)
    clusters = cluster_events([("a", first), ("b", second), ("c", other)])
    assert [c.article_ids for c in clusters] == [["a", "b"], ["c"]]



def test_a_riot_merged_with_a_protest_has_no_crowd_against_it() -> None:
    """A protest and a riot told of one crowd are one riot: its sides are the rioters and whoever they
    fought, never the protesters themselves; the winning type brings its sides' interaction codes."""
    protest = Event(0, 10, "event", event_type="Protests", sub_event_type="Excessive force against protesters",
                    actor1="Police Forces of Syria (2000-2024)", inter1=1, actor2="Protesters (Syria)", inter2=6)
    riot = Event(20, 30, "event", event_type="Riots", sub_event_type="Violent demonstration",
                 actor1="Rioters (Syria)", inter1=5)
    for kept, other in ((protest, riot), (riot, protest)):
        merged, _stated = _absorb(kept, False, Report(other, cast(ClauseView, None), None, False, False))
        assert merged.event_type == "Riots"
        assert (merged.actor1, merged.inter1) == ("Rioters (Syria)", 5)
        assert merged.actor2 is None
        assert merged.inter2 is None
        assert merged.interaction == interaction_code(5, None)


def test_the_villages_listed_in_a_sub_district_are_the_places_not_the_sub_district() -> None:
    text = ("قصف جوي\n2020-07-09\n\nقصفت طائرات حربية مساء الأربعاء عددا من القرى في ناحية عقيربات بريف حماة "
            "الشرقي، منها سوحا وجروح وعرشونة، ولم ترد معلومات عن ضحايا.")
    events = _events(text, "2020-07-09")
    assert sorted(event.location or "" for event in events) == ["Juruh", "Suha", "`Arshunah"]
    assert {event.event_type for event in events} == {"Explosions/Remote violence"}


def test_of_two_stretches_less_than_an_event_apart_the_keep_threshold_is_the_higher() -> None:
    thresholds = [step / 100 for step in range(10, 91, 2)]
    curve = [0.5] * len(thresholds)
    for threshold in (0.40, 0.42, 0.44, 0.46, 0.48, 0.50, 0.52):
        curve[thresholds.index(threshold)] = 0.7206
    for threshold in (0.60, 0.62, 0.64, 0.66, 0.68, 0.70, 0.72):
        curve[thresholds.index(threshold)] = 0.7200  # 0.0006 lower: a tie, and fewer false events
    assert plateau_best(thresholds, curve) == 0.66
    curve[thresholds.index(0.66)] = 0.70  # now 0.003 lower at its centre: no tie
    assert plateau_best(thresholds, curve) == 0.46


def test_the_confidence_model_reads_the_type_and_the_place_apart() -> None:
    from marsad.events.coding import argue_candidates, decide_candidates, describe_candidates
    from marsad.events.features import ArticleContext
    from marsad.events.merge import confidence_features, corefer, fold_reports, reports_of
    from marsad.events.models import logit

    article = _analysed("قصفت طائرات حربية بلدة كفرنبل في ريف إدلب صباح اليوم وقتلت ثلاثة مدنيين من سكانها.",
                        "2020-03-01")
    lexicon, actors, models = resources.event_lexicon(), resources.actor_base(), resources.event_models()
    context = ArticleContext.build(article, lexicon, actors, default_country="Syria")
    candidates = decide_candidates(context, describe_candidates(context, article.layers["event_candidates"]), models)
    drafts = argue_candidates(context, candidates, models, ActorReader(lexicon, actors)).events
    assert drafts
    reports = reports_of(context, candidates, drafts)
    members = [reports[i] for i in corefer(context, reports, models)[0]]
    features = confidence_features(context, members, fold_reports(members))
    draft = max(members, key=lambda report: report.event.confidence).event
    assert 0 < draft.confidence < 1
    # the draft's confidence is codable × type × place: the model reads the last two apart
    assert {"type_p", "place_p"} <= set(models.confidence.weights)

    def probability(value: float) -> float:
        return 1 / (1 + math.exp(-value))

    product = probability(features["codable"]) * probability(features["type_p"]) * probability(features["place_p"])
    assert product == pytest.approx(draft.confidence, rel=0.01)
    assert features["provisional"] == pytest.approx(logit(draft.confidence))


def test_the_notes_of_a_riot_name_the_forces_it_fought() -> None:
    """Notes say what the fields say: a riot's second side is named ("rioted and clashed with …")."""
    riot = Event(0, 10, "event", event_type="Riots", sub_event_type="Violent demonstration", event_date="2023-01-14",
                 location="Jasim", actor1="Rioters (Syria)", actor2="Police Forces of Syria (2000-2024)")
    assert event_notes(riot).startswith("On 14 January 2023, Rioters rioted and clashed with Police Forces of Syria in "
                                        "Jasim")
    assert event_notes(replace(riot, actor2=None)).startswith("On 14 January 2023, Rioters rioted in Jasim")
