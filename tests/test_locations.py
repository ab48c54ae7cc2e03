"""Posting locations → OEWS areas with remote/hybrid/on-site flags, and no guesses."""

from __future__ import annotations

import random
import re

import pytest

from payband.errors import InputError
from payband.reference.areas import normalise_place
from payband.text import locations as loc
from payband.text.locations import MAX_LOCATION_CHARS, resolve_location


@pytest.mark.parametrize(
    ("text", "area_name", "area_type"),
    [
        ("Seattle, WA", "Seattle-Tacoma-Bellevue, WA", "metro"),
        ("seattle wa", "Seattle-Tacoma-Bellevue, WA", "metro"),
        ("San Francisco Bay Area", "San Francisco-Oakland-Fremont, CA", "metro"),
        ("Hybrid in Austin", "Austin-Round Rock-San Marcos, TX", "metro"),
        ("Austin, Texas", "Austin-Round Rock-San Marcos, TX", "metro"),
        ("Portland, OR", "Portland-Vancouver-Hillsboro, OR-WA", "metro"),
        ("Portland, ME", "Portland-South Portland, ME", "metro"),
        ("New York, NY", "New York-Newark-Jersey City, NY-NJ", "metro"),
        ("NYC or Remote", "New York-Newark-Jersey City, NY-NJ", "metro"),
        ("Washington, DC", "Washington-Arlington-Alexandria, DC-VA-MD-WV", "metro"),
        ("St. Louis, MO", "St. Louis, MO-IL", "metro"),
        ("Sunnyvale, CA", "San Jose-Sunnyvale-Santa Clara, CA", "metro"),
        ("Mountain View, CA", "San Jose-Sunnyvale-Santa Clara, CA", "metro"),
        ("Redmond, WA", "Seattle-Tacoma-Bellevue, WA", "metro"),
        ("Annapolis Junction, MD", "Baltimore-Columbia-Towson, MD", "metro"),
        ("Chicago, IL (Hybrid)", "Chicago-Naperville-Elgin, IL-IN", "metro"),
        ("On-site - Boston, MA", "Boston-Cambridge-Newton, MA-NH", "metro"),
        ("Dallas, TX / Remote", "Dallas-Fort Worth-Arlington, TX", "metro"),
        ("Remote in Texas", "Texas", "state"),
        ("Texas", "Texas", "state"),
        ("Remote - US", "National", "national"),
        ("Remote (United States)", "National", "national"),
        ("United States", "National", "national"),
    ],
)
def test_resolves_to_the_most_specific_area(text: str, area_name: str, area_type: str) -> None:
    match = resolve_location(text)
    assert (match.area_name, match.area_type) == (area_name, area_type)
    assert match.reason is None


@pytest.mark.parametrize(
    ("text", "state"),
    [("Redmond, OR", "Oregon"), ("Atlanta, IN", "Indiana"), ("Seatle, WA", "Washington")],
)
def test_a_city_that_names_no_metro_falls_back_to_its_state(text: str, state: str) -> None:
    match = resolve_location(text)
    assert match.area_name == state
    assert match.how is not None and match.how.startswith("state")


def test_flags_are_kept_separately_from_the_place() -> None:
    assert resolve_location("Remote - US").remote
    hybrid = resolve_location("Hybrid in Austin")
    assert hybrid.hybrid and not hybrid.remote
    assert resolve_location("On-site - Boston, MA").onsite
    assert resolve_location("Work from home (Texas)").remote
    plain = resolve_location("Seattle, WA")
    assert not (plain.remote or plain.hybrid or plain.onsite)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Remote", "no place named"),
        ("", "no location given"),
        ("New York", "ambiguous"),
        ("Portland", "ambiguous"),
        ("London, UK", "outside the United States"),
        ("Toronto, ON", "outside the United States"),
        ("Remote - Canada", "outside the United States"),
        ("Bengaluru, Karnataka, India", "outside the United States"),
        ("Springfield", "ambiguous"),
        ("Gotham City", "unknown place"),
    ],
)
def test_unknown_or_ambiguous_gives_no_area_and_a_reason(text: str, reason: str) -> None:
    match = resolve_location(text)
    assert match.area_code is None
    assert match.reason is not None and reason in match.reason


def test_multi_location_postings_keep_the_other_places() -> None:
    match = resolve_location("Seattle or Portland, OR")
    assert match.area_name == "Seattle-Tacoma-Bellevue, WA"
    assert match.alternatives == ("Portland-Vancouver-Hillsboro, OR-WA",)


def test_state_codes_that_are_words_are_not_misread() -> None:
    # "or" and "in" are English words and state codes: only a code after a comma is a state.
    assert resolve_location("Austin or Remote").area_name == "Austin-Round Rock-San Marcos, TX"
    assert resolve_location("Based in Denver").area_name == "Denver-Aurora-Centennial, CO"


def test_oversized_input_is_refused() -> None:
    with pytest.raises(InputError, match="at most"):
        resolve_location("x" * (MAX_LOCATION_CHARS + 1))


def _places_the_long_way(text: str) -> list[tuple[str, bool]]:
    """_candidate_places as it was first written: each part normalised whole, and piece by piece."""
    places: list[tuple[str, bool]] = []
    for part in dict.fromkeys([text, *re.split(r"[;|/]|\bor\b|\n", text)]):
        raw = normalise_place(part)
        pieces = part.split(",")
        kept: list[str] = []
        for i, piece in enumerate(pieces):
            words = (normalise_place(piece) if len(pieces) > 1 else raw).split()
            state_code = i > 0 and len(words) == 1
            kept.extend(words if state_code else [w for w in words if w not in loc._FILLER])
        cleaned = " ".join(kept)
        for candidate in [(raw, True)] * (raw != cleaned) + [(cleaned, False)]:
            if candidate[0] and candidate not in places:
                places.append(candidate)
    return places


def test_candidate_places_normalise_each_comma_piece_once() -> None:
    rnd = random.Random(7)
    parts = [
        "Austin", ", ", ",", "TX", "St.", "st", "Ft. Worth", " & ", "Greater", "Area", " or ", "/", ";", "\n",
        "İ", "é", "  ", "-", "in", "Remote", "12345",
    ]  # fmt: skip
    for _ in range(5_000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 8)))
        assert loc._candidate_places(text) == _places_the_long_way(text)
