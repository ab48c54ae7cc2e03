"""Resolving areas as people type them: metros, states, nicknames, misspellings, ambiguity."""

from __future__ import annotations

import pytest

from payband.errors import InputError, NotFound
from payband.reference.areas import load_areas


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Seattle", "Seattle-Tacoma-Bellevue, WA"),
        ("seattle wa", "Seattle-Tacoma-Bellevue, WA"),
        ("Seattle, WA", "Seattle-Tacoma-Bellevue, WA"),
        ("Bellevue", "Seattle-Tacoma-Bellevue, WA"),
        ("Texas", "Texas"),
        ("TX", "Texas"),
        ("tx", "Texas"),
        ("national", "National"),
        ("USA", "National"),
        ("NYC", "New York-Newark-Jersey City, NY-NJ"),
        ("new york ny", "New York-Newark-Jersey City, NY-NJ"),
        ("Bay Area", "San Francisco-Oakland-Fremont, CA"),
        ("portland or", "Portland-Vancouver-Hillsboro, OR-WA"),
        ("Portland, ME", "Portland-South Portland, ME"),
        ("St. Louis", "St. Louis, MO-IL"),
        ("saint louis", "St. Louis, MO-IL"),
        ("washington state", "Washington"),
        ("Washington DC", "Washington-Arlington-Alexandria, DC-VA-MD-WV"),
        ("42660", "Seattle-Tacoma-Bellevue, WA"),
        ("Austin-Round Rock-San Marcos, TX", "Austin-Round Rock-San Marcos, TX"),
    ],
)
def test_resolves(text: str, name: str) -> None:
    assert load_areas().resolve(text).area.name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Seatle", "Seattle-Tacoma-Bellevue, WA"),
        ("San Fransisco", "San Francisco-Oakland-Fremont, CA"),
        ("Pittsburg", "Pittsburgh, PA"),
        ("Calfornia", "California"),
    ],
)
def test_close_misspellings_resolve_and_say_so(text: str, name: str) -> None:
    match = load_areas().resolve(text)
    assert match.area.name == name
    assert match.how.startswith("fuzzy")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Portland", {"Portland-South Portland, ME", "Portland-Vancouver-Hillsboro, OR-WA"}),
        ("Springfield", {"Springfield, IL", "Springfield, MO"}),
        ("New York", {"New York", "New York-Newark-Jersey City, NY-NJ"}),
        ("LA", {"Los Angeles-Long Beach-Anaheim, CA", "Louisiana"}),
        ("Columbus", {"Columbus, OH", "Columbus, GA-AL"}),
    ],
)
def test_ambiguous_names_list_the_candidates(text: str, expected: set[str]) -> None:
    with pytest.raises(InputError, match="ambiguous") as info:
        load_areas().resolve(text)
    assert expected <= set(info.value.suggestions)


@pytest.mark.parametrize("text", ["xyzzy", "Nowhere, ZZ", "Atlantis"])
def test_unknown_areas_raise_not_found(text: str) -> None:
    with pytest.raises(NotFound, match="unknown area"):
        load_areas().resolve(text)


def test_empty_area_is_an_input_error() -> None:
    with pytest.raises(InputError, match="empty area"):
        load_areas().resolve("  ")


def test_search_by_state_code_lists_that_state_first() -> None:
    found = load_areas().search("wa")
    assert found[0].name == "Washington"
    assert all("WA" in a.states for a in found)


def test_search_by_word_prefix_and_by_misspelling() -> None:
    areas = load_areas()
    assert "San Diego-Chula Vista-Carlsbad, CA" in [a.name for a in areas.search("san d")]
    assert areas.search("Seatle")[0].name == "Seattle-Tacoma-Bellevue, WA"


def test_area_table_covers_every_level() -> None:
    areas = load_areas()
    kinds = {a.type for a in areas.areas}
    assert kinds == {"national", "state", "metro", "nonmetro"}
    assert len([a for a in areas.areas if a.type == "state"]) == 54  # 50 + DC, GU, PR, VI
    seattle = areas.by_code["0042660"]
    assert seattle.cities == ("Seattle", "Tacoma", "Bellevue")
    assert seattle.states == ("WA",)


def test_oversized_area_text_is_refused() -> None:
    with pytest.raises(InputError, match="at most 200"):
        load_areas().resolve("x" * 201)
    with pytest.raises(InputError, match="at most 200"):
        load_areas().search("x" * 201)
