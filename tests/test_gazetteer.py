"""Tests of the packaged place gazetteer (the real built file) and its loader."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from marsad.errors import InputError, ModelError
from marsad.places.gazetteer import COLUMNS, Gazetteer, Place

PCODE = re.compile(r"^SY\d{2}(\d{2}(\d{2}){0,2})?$")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _first(places: list[Place], feature_type: str) -> Place:
    matches = [place for place in places if place.feature_type == feature_type]
    assert matches, f"no {feature_type} among {[place.id for place in places]}"
    return matches[0]


def test_loads_the_packaged_file(gazetteer: Gazetteer) -> None:
    assert len(gazetteer) > 10_000
    place = next(iter(gazetteer))
    assert gazetteer.get(place.id) is place
    assert gazetteer.get("no-such-id") is None
    names = dict.fromkeys(key for key, _ in gazetteer.names())
    assert "دير الزور" in names
    assert "ديرالزور" in names


@pytest.mark.parametrize("key", ["دير الزور", "ديرالزور", "دَيْر الزُّور", "Deir ez-Zor"])
def test_deir_ez_zor_city(gazetteer: Gazetteer, key: str) -> None:
    city = _first(gazetteer.lookup(key), "city")
    assert city.admin1 == "Deir-ez-Zor"
    assert city.country == "Syria"
    assert city.lat == pytest.approx(35.34, abs=0.05)
    assert city.lon == pytest.approx(40.14, abs=0.05)


def test_lookup_is_by_name_not_clitic(gazetteer: Gazetteer) -> None:
    assert not any(place.admin1 == "Deir-ez-Zor" and place.feature_type == "city"
                   for place in gazetteer.lookup("بدير"))


def test_joined_and_split_spellings_meet(gazetteer: Gazetteer) -> None:
    joined = _first(gazetteer.lookup("كفرنبل"), "town")
    split = _first(gazetteer.lookup("كفر نبل"), "town")
    assert joined.id == split.id
    assert joined.admin1 == "Idleb"


def test_article_optional(gazetteer: Gazetteer) -> None:
    with_article = [place.id for place in gazetteer.lookup("الشحيل")]
    without = [place.id for place in gazetteer.lookup("شحيل")]
    assert with_article
    assert set(with_article) & set(without)
    assert gazetteer.lookup("الشحيل")[0].admin1 == "Deir-ez-Zor"


def test_neighbourhood_with_parent_city(gazetteer: Gazetteer) -> None:
    candidates = gazetteer.lookup("الرصافة")
    hoods = [place for place in candidates if place.feature_type == "neighbourhood"]
    parents = {gazetteer.get(place.parent_city) for place in hoods}
    deir = _first(gazetteer.lookup("دير الزور"), "city")
    assert deir in parents
    rusafa = next(place for place in hoods if place.parent_city == deir.id)
    assert rusafa.admin1 == "Deir-ez-Zor"


def test_curated_village_missing_from_sources(gazetteer: Gazetteer) -> None:
    places = gazetteer.lookup("كباجب")
    assert places
    assert places[0].admin1 == "Deir-ez-Zor"
    assert places[0].pcode.startswith("SY09")


def test_road_and_airbase_rows(gazetteer: Gazetteer) -> None:
    road = _first(gazetteer.lookup("طريق دير الزور حمص"), "road")
    assert road.lat is not None
    assert road.lon is not None
    airbase = _first(gazetteer.lookup("مطار دير الزور العسكري"), "airbase")
    assert airbase.admin1 == "Deir-ez-Zor"
    assert airbase.lat == pytest.approx(35.285, abs=0.02)
    assert _first(gazetteer.lookup("مطار الشعيرات"), "airbase").admin1 == "Homs"


def test_region_rows_outside_syria(gazetteer: Gazetteer) -> None:
    kirkuk = _first(gazetteer.lookup("كركوك"), "city")
    assert kirkuk.country == "Iraq"
    assert kirkuk.admin1 == "Kirkuk"
    diyala = _first(gazetteer.lookup("ديالى"), "admin1")
    assert diyala.country == "Iraq"
    tripolis = {place.country for place in gazetteer.lookup("طرابلس") if place.feature_type == "city"}
    assert {"Lebanon", "Libya"} <= tripolis


@pytest.mark.parametrize(
    ("name", "country", "admin1"),
    [
        ("سوسة", "Tunisia", "Sousse"),
        ("القصرين", "Tunisia", "Kassérine"),
        ("الرمادي", "Iraq", "Al-Anbar"),
        ("الفاشر", "Sudan", "North Darfur"),
        ("خان يونس", "Palestine", "Gaza Strip"),
        ("عدن", "Yemen", "`Adan"),
    ],
)
def test_cities_of_the_region(gazetteer: Gazetteer, name: str, country: str, admin1: str) -> None:
    city = _first(gazetteer.lookup(name), "city")
    assert city.country == country
    assert city.admin1 == admin1
    assert city.lat is not None
    assert city.population


def test_region_names_joined_or_apart_with_or_without_article(gazetteer: Gazetteer) -> None:
    apart, joined = gazetteer.lookup("بن قردان"), gazetteer.lookup("بنقردان")
    assert apart == joined
    assert [(place.country, place.admin1, place.feature_type) for place in apart] == [("Tunisia", "Médenine", "town")]
    assert gazetteer.lookup("قصرين") == gazetteer.lookup("القصرين")


def test_administrative_prefix_also_indexes_the_bare_name(gazetteer: Gazetteer) -> None:
    sirte = [place for place in gazetteer.lookup("سرت") if place.country == "Libya"]
    assert {place.feature_type for place in sirte} == {"admin1", "city"}
    assert all("شعبية سرت" in place.names for place in sirte)
    district = _first(gazetteer.lookup("عبس"), "admin2")
    assert (district.name_ar, district.country, district.admin1) == ("مديرية عبس", "Yemen", "Hajjah")
    assert any(place.country == "Libya" and "شعبية إجدابيا" in place.names for place in gazetteer.lookup("إجدابيا"))


def test_duplicate_points_of_one_place_are_merged(gazetteer: Gazetteer) -> None:
    cities = [place for place in gazetteer.lookup("سوسة") if place.feature_type == "city"]
    (sousse,) = [place for place in cities if place.country == "Tunisia"]
    assert sousse.id == "wof:890444461"
    (khan_yunis,) = [place for place in gazetteer.lookup("خان يونس") if place.country == "Palestine"]
    assert khan_yunis.id.startswith("reg:")  # the curated row and both WOF points of the town
    assert khan_yunis.population == 173183
    assert "wof" in khan_yunis.source


def test_homonyms_far_apart_stay_separate(gazetteer: Gazetteer) -> None:
    tripolis = [place for place in gazetteer.lookup("طرابلس") if place.feature_type == "city"]
    assert sorted(place.country for place in tripolis) == ["Lebanon", "Libya"]


def test_countries_are_acled_names(gazetteer: Gazetteer) -> None:
    countries = {place.country for place in gazetteer if place.feature_type == "country"}
    assert {"Palestine", "Turkey", "Israel", "South Sudan", "United Arab Emirates", "Syria"} <= countries
    assert len([place for place in gazetteer.lookup("تركيا") if place.feature_type == "country"]) == 1
    per_country = Counter(place.country for place in gazetteer)
    assert per_country["Yemen"] > 15_000
    assert per_country["Tunisia"] > 300


def test_no_row_rests_on_news_reports_alone(gazetteer: Gazetteer) -> None:
    assert not [place.id for place in gazetteer if "News reports" in place.source]
    assert not gazetteer.lookup("عين علي")


def test_syrian_rows_kept(gazetteer: Gazetteer) -> None:
    syrian = [place for place in gazetteer if place.country == "Syria"]
    assert 11_200 <= len(syrian) <= 11_260  # 11,251 before the region was added, less 21 news-only rows


def test_admin_units(gazetteer: Gazetteer) -> None:
    governorate = gazetteer.admin_unit("Deir-ez-Zor")
    assert governorate is not None
    assert governorate.feature_type == "admin1"
    assert governorate.pcode == "SY09"
    district = gazetteer.admin_unit("Idleb", "Harem")
    assert district is not None
    assert district.feature_type == "admin2"
    assert district.pcode.startswith("SY07")
    assert gazetteer.admin_unit("Nowhere") is None


def test_pcodes_look_like_ocha(gazetteer: Gazetteer) -> None:
    syrian = [place for place in gazetteer if place.country == "Syria" and place.feature_type != "country"]
    assert syrian
    assert all(PCODE.match(place.pcode) for place in syrian if place.pcode)
    with_pcode = [place for place in syrian if place.pcode]
    assert len(with_pcode) / len(syrian) > 0.99
    assert {len(place.pcode) for place in with_pcode} == {4, 6, 8}


def test_admin1_names_are_ocha(gazetteer: Gazetteer) -> None:
    ocha = {
        "Damascus", "Rural Damascus", "Aleppo", "Homs", "Hama", "Lattakia", "Idleb", "Al-Hasakeh",
        "Deir-ez-Zor", "Tartous", "Ar-Raqqa", "Dar'a", "As-Sweida", "Quneitra",
    }
    used = {place.admin1 for place in gazetteer if place.country == "Syria" and place.admin1}
    assert used == ocha


def test_user_extra_csv(tmp_path: Path) -> None:
    extra = tmp_path / "my_places.csv"
    extra.write_text(
        "name_en,name_ar,names,lat,lon,feature_type,admin1,source\n"
        "Test Farm,مزرعة الاختبار,مزرعه التجربة,35.1,40.1,village,Deir-ez-Zor,my survey\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer.load(extra=[extra])
    places = gazetteer.lookup("مزرعة الاختبار")
    assert [place.name_en for place in places] == ["Test Farm"]
    assert places[0].lat == pytest.approx(35.1)
    assert gazetteer.lookup("مزرعة التجربة") == places
    assert gazetteer.lookup("الاختبار مزرعه") == []
    assert gazetteer.get(places[0].id) == places[0]
    assert ("مزرعه الاختبار", places[0].id) in set(gazetteer.names())


def test_user_csv_replaces_a_packaged_place(tmp_path: Path) -> None:
    extra = tmp_path / "fix.csv"
    extra.write_text("id,name_en,name_ar,lat,lon,feature_type,country,admin1\n"
                     "wof:890444461,Sousse,سوسة الجديدة,35.8,10.6,city,Tunisia,Sousse\n", encoding="utf-8")
    gazetteer = Gazetteer.load(extra=[extra])
    assert [place.name_ar for place in gazetteer.lookup("سوسة الجديدة")] == ["سوسة الجديدة"]
    assert "wof:890444461" not in {place.id for place in gazetteer.lookup("سوسة")}
    replaced = gazetteer.get("wof:890444461")
    assert replaced is not None
    assert replaced.name_ar == "سوسة الجديدة"
    assert len(gazetteer) == len(Gazetteer.load())


def test_a_file_of_the_old_format_is_refused(tmp_path: Path) -> None:
    old = tmp_path / "old.tsv"
    old.write_text("\t".join(COLUMNS) + "\n" + "\t".join(["x:1", "X", "س", *[""] * 13]) + "\n", encoding="utf-8")
    with pytest.raises(ModelError, match="rebuild it"):
        Gazetteer.load(old)


def test_user_csv_errors(tmp_path: Path) -> None:
    extra = tmp_path / "bad.csv"
    extra.write_text("name_en,lat,lon\nSomewhere,35.0,\n", encoding="utf-8")
    with pytest.raises(InputError, match="lat and lon"):
        Gazetteer.load(extra=[extra])


def test_a_district_record_placed_on_another_city_is_left_out(gazetteer: Gazetteer) -> None:
    towns = [place for place in gazetteer.lookup("تل أبيض")
             if place.country == "Syria" and place.feature_type in ("city", "town", "village")]
    assert towns
    assert {place.admin2 for place in towns} == {"Tell Abyad"}  # none at Raqqa's centre, 80 km to the south


def test_an_approximate_town_takes_the_exact_point_of_its_source_record(gazetteer: Gazetteer) -> None:
    # the curated row of الكرك الشرقي is "(approximate)", 11 km from WOF's point of the same town: one place
    (karak,) = [place for place in gazetteer.lookup("الكرك الشرقي") if place.country == "Syria"]
    assert karak.id.startswith("wof:")
    assert (round(karak.lat or 0, 2), round(karak.lon or 0, 2)) == (32.69, 36.35)
    assert "curated" in karak.source
