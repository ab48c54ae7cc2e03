"""Posting locations → OEWS areas: "Seattle, WA", "Remote - US", "Hybrid in Austin", "Bay Area".

The area is the metro when the place names one, else the state, else the nation; remote, hybrid and
on-site are kept as flags. A place payband cannot place with certainty gives no area and a reason:
a wrong metro would skew every pay statistic built on it.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from payband.errors import InputError
from payband.memo import corpus_cache
from payband.reference.areas import Area, AreaIndex, load_areas, normalise_place

__all__ = ["MAX_LOCATION_CHARS", "LocationMatch", "resolve_location"]

MAX_LOCATION_CHARS = 300

_REMOTE = re.compile(
    r"\b(remote(ly)?|work(ing)? from home|wfh|telecommut\w*|virtual|anywhere|distributed|home[- ]based)\b",
    re.IGNORECASE,
)
_HYBRID = re.compile(r"\bhybrid\b", re.IGNORECASE)
_ONSITE = re.compile(r"\b(on[- ]?site|in[- ]office|in[- ]person)\b", re.IGNORECASE)
# Words around the place that carry no location ("Remote - US", "Hybrid in Austin", "based in").
_FILLER = {
    "in", "from", "based", "near", "within", "the", "area", "metro", "greater", "office", "location",
    "locations", "only", "or", "and", "of", "position", "role", "job", "city", "downtown", "usa only",
}  # fmt: skip
_US_WORDS = {"us", "usa", "u s", "u s a", "united states", "united states of america", "america"}
_OUTSIDE_US = {
    "canada", "uk", "united kingdom", "england", "scotland", "ireland", "germany", "france", "spain",
    "netherlands", "india", "mexico", "brazil", "australia", "new zealand", "singapore", "japan",
    "china", "poland", "sweden", "switzerland", "israel", "emea", "apac", "latam", "europe", "eu",
    "london", "berlin", "munich", "paris", "amsterdam", "dublin", "toronto", "vancouver bc",
    "montreal", "bangalore", "bengaluru", "hyderabad", "pune", "mumbai", "delhi", "sydney",
    "melbourne", "tokyo", "warsaw", "krakow", "stockholm", "zurich", "tel aviv", "madrid",
    "barcelona", "lisbon", "manila", "sao paulo", "mexico city", "ontario", "british columbia",
    "quebec", "alberta",
}  # fmt: skip
_OUTSIDE_US_ENDINGS = tuple(" " + place for place in _OUTSIDE_US)  # "... london", for str.endswith


_SF = "San Francisco-Oakland-Fremont, CA"
_SJ = "San Jose-Sunnyvale-Santa Clara, CA"
_LA = "Los Angeles-Long Beach-Anaheim, CA"
_SEA = "Seattle-Tacoma-Bellevue, WA"
_DC = "Washington-Arlington-Alexandria, DC-VA-MD-WV"
_BOS = "Boston-Cambridge-Newton, MA-NH"
_DAL = "Dallas-Fort Worth-Arlington, TX"
_PHX = "Phoenix-Mesa-Chandler, AZ"
# Tech-employer cities that no OEWS metro names but that lie inside one (by county); used only
# when the posting names the state too, so "Redmond, OR" never lands in Seattle.
_CITY_IN_METRO: dict[tuple[str, str], str] = {
    **{(c, "CA"): _SJ for c in ("mountain view", "palo alto", "cupertino", "milpitas", "los gatos",
                                "campbell", "los altos", "saratoga", "morgan hill", "gilroy")},
    **{(c, "CA"): _SF for c in ("menlo park", "redwood city", "san mateo", "south san francisco",
                                "foster city", "san bruno", "burlingame", "san carlos", "belmont",
                                "berkeley", "emeryville", "pleasanton", "walnut creek", "san ramon",
                                "alameda", "hayward", "dublin", "livermore", "richmond", "concord",
                                "san leandro", "union city", "newark", "daly city", "brisbane")},
    **{(c, "CA"): _LA for c in ("santa monica", "culver city", "pasadena", "burbank", "glendale",
                                "irvine", "el segundo", "torrance", "costa mesa", "newport beach",
                                "playa vista", "venice", "hawthorne", "aliso viejo", "agoura hills",
                                "calabasas", "santa ana", "huntington beach", "fullerton")},
    **{(c, "WA"): _SEA for c in ("redmond", "kirkland", "bothell", "everett", "renton", "issaquah",
                                 "lynnwood", "kent", "federal way", "woodinville", "sammamish")},
    **{(c, "TX"): _DAL for c in ("plano", "irving", "frisco", "richardson", "addison", "carrollton",
                                 "mckinney", "denton", "lewisville", "grapevine")},
    **{(c, "MA"): _BOS for c in ("waltham", "burlington", "somerville", "lexington", "woburn",
                                 "bedford", "quincy", "framingham", "marlborough", "needham",
                                 "andover", "wellesley", "watertown", "canton")},
    **{(c, "VA"): _DC for c in ("reston", "herndon", "mclean", "tysons", "tysons corner", "ashburn",
                                "chantilly", "fairfax", "vienna", "falls church", "sterling",
                                "leesburg", "manassas", "springfield", "fort belvoir", "dulles")},
    **{(c, "MD"): _DC for c in ("bethesda", "rockville", "gaithersburg", "silver spring",
                                "germantown", "college park", "laurel", "lanham", "greenbelt")},
    **{(c, "MD"): "Baltimore-Columbia-Towson, MD" for c in ("annapolis junction", "fort meade",
                                                            "linthicum", "hanover", "annapolis")},
    **{(c, "AZ"): _PHX for c in ("tempe", "scottsdale", "gilbert", "glendale", "peoria")},
    **{(c, "GA"): "Atlanta-Sandy Springs-Roswell, GA" for c in ("alpharetta", "marietta",
                                                                "duluth", "norcross", "peachtree corners")},
    **{(c, "IL"): "Chicago-Naperville-Elgin, IL-IN" for c in ("schaumburg", "evanston",
                                                              "oak brook", "deerfield", "lisle")},
    **{(c, "CO"): "Denver-Aurora-Centennial, CO" for c in ("broomfield", "englewood", "lakewood",
                                                           "greenwood village", "littleton")},
    **{(c, "NC"): "Raleigh-Cary, NC" for c in ("morrisville", "apex", "wake forest")},
    **{(c, "NJ"): "New York-Newark-Jersey City, NY-NJ" for c in ("hoboken", "secaucus",
                                                                 "parsippany", "princeton")},
    **{(c, "MN"): "Minneapolis-St. Paul-Bloomington, MN-WI" for c in ("eden prairie", "edina",
                                                                      "plymouth", "eagan")},
}  # fmt: skip


_SPECIFICITY = {"metro": 0, "nonmetro": 0, "state": 1, "national": 2}
_CANADIAN_PROVINCES = {"on", "bc", "qc", "ab", "mb", "ns", "nb", "sk", "nl", "pe"}


class LocationMatch(BaseModel):
    """What a posting's location resolves to: an OEWS area (or none, with the reason) and work flags."""

    model_config = ConfigDict(frozen=True)

    text: str
    area_code: str | None
    area_name: str | None
    area_type: str | None
    remote: bool
    hybrid: bool
    onsite: bool
    how: str | None
    reason: str | None
    alternatives: tuple[str, ...] = ()


def _strip_flags(text: str) -> str:
    text = _ONSITE.sub(" ", _HYBRID.sub(" ", _REMOTE.sub(" ", text)))
    return text


def _without_filler(pieces: list[list[str]]) -> str:
    """Drop filler words, but keep a state code after a comma ("Atlanta, IN", "Portland, OR").

    ``pieces`` are the words of a part's comma pieces (see _candidate_places)."""
    kept = []
    for i, words in enumerate(pieces):
        if i > 0 and len(words) == 1:
            kept.append(words[0])
        else:
            kept.extend(w for w in words if w not in _FILLER)
    return " ".join(kept)


_PARTS = re.compile(r"[;|/]|\bor\b|\n")


def _candidate_places(text: str) -> list[tuple[str, bool]]:
    """Place phrases to try, most specific first, each with whether only an exact name may match.

    The whole text comes first, then each ';' / '|' / '/' / 'or' part; a phrase with its filler
    words kept ("san francisco bay area") may only match a name or nickname exactly.
    """
    parts = dict.fromkeys([text, *_PARTS.split(text)])  # a repeated part adds nothing
    places: list[tuple[str, bool]] = []
    for part in parts:
        # the words of each comma piece; all of them, in order, are the words of normalise_place(part),
        # which makes a comma a space between words (and normalises each piece as it would in the part)
        pieces = [normalise_place(piece).split() for piece in part.split(",")]
        raw = " ".join([word for words in pieces for word in words])  # normalise_place(part)
        cleaned = _without_filler(pieces)
        for candidate in [(raw, True)] * (raw != cleaned) + [(cleaned, False)]:
            if candidate[0] and candidate not in places:
                places.append(candidate)
    return places


def _place(place: str, areas: AreaIndex, exact_only: bool) -> tuple[Area | None, str]:
    """One normalised place → (area, how) or (None, reason)."""
    if exact_only:
        found = areas.match_exact(place) if place not in _FILLER else None
        return (found[0], found[1]) if found else (None, f"unknown place {place!r}")
    if place in _US_WORDS:
        return areas.national, "country"
    words = place.split()
    if words[-1:] and " ".join(words[-2:]) in _US_WORDS:
        place = " ".join(words[:-2] if " ".join(words[-2:]) in _US_WORDS else words[:-1])
    elif words and words[-1] in _US_WORDS:
        place = " ".join(words[:-1])
    if not place:
        return areas.national, "country"
    if (
        place in _OUTSIDE_US
        or place.endswith(_OUTSIDE_US_ENDINGS)
        or place.split()[-1] in _CANADIAN_PROVINCES
    ):
        return None, "outside the United States: OEWS covers US areas only"
    found = areas.match_exact(place)
    if found is not None:
        return found[0], found[1]
    metros = areas.match_city(place)
    if len(metros) == 1:
        return metros[0], "city"
    if len(metros) > 1:
        names = "; ".join(m.name for m in metros[:4])
        return None, f"ambiguous place: could be {names}"
    # "Redmond, WA": a known tech city inside a metro, else its state, never a guessed metro.
    words = place.split()
    for cut in (2, 1):
        if len(words) > cut:
            state = areas.state_named(" ".join(words[-cut:]))
            if state is not None and state.state_abbr is not None:
                city = " ".join(words[:-cut])
                metro = _CITY_IN_METRO.get((city, state.state_abbr))
                if metro is not None:
                    found = areas.match_exact(normalise_place(metro))
                    if found is not None:
                        return found[0], "city within metro (county)"
                return state, "state (the city names no OEWS metro)"
    return None, f"unknown place {place!r}"


def _best_reason(reasons: list[str]) -> str:
    """The most telling reason: outside the US, then ambiguity, then the first unknown place."""
    for prefix in ("outside", "ambiguous", "no "):
        for reason in reasons:
            if reason.startswith(prefix):
                return reason
    return reasons[0]


@corpus_cache(maxsize=65_536)
def _resolve(text: str) -> LocationMatch:
    areas = load_areas()
    remote = bool(_REMOTE.search(text))
    hybrid = bool(_HYBRID.search(text))
    onsite = bool(_ONSITE.search(text))
    # with no flag word found, stripping them leaves the text as it is
    places = _candidate_places(_strip_flags(text) if remote or hybrid or onsite else text)
    reasons: list[str] = []
    found: list[tuple[Area, str]] = []
    for place, exact_only in places:
        hit, note = _place(place, areas, exact_only)
        if hit is None:
            reasons.append(note)
        elif all(hit is not seen for seen, _ in found):
            found.append((hit, note))
    # The most specific place wins (metro, then state, then nation), earliest first; the other
    # places a multi-location posting names ("Seattle or Portland, OR") are kept as alternatives.
    found.sort(key=lambda item: _SPECIFICITY[item[0].type])
    area, how = found[0] if found else (None, None)
    best = _SPECIFICITY[area.type] if area else 0
    others = [a.name for a, _ in found[1:] if _SPECIFICITY[a.type] == best]
    if area is None and not places and (remote or hybrid or onsite):
        reasons.append("no place named, only a work arrangement")
    elif area is None and not places:
        reasons.append("no location given")
    return LocationMatch(
        text=text,
        area_code=area.code if area else None,
        area_name=area.name if area else None,
        area_type=area.type if area else None,
        remote=remote,
        hybrid=hybrid,
        onsite=onsite,
        how=how,
        reason=None if area else _best_reason(reasons),
        alternatives=tuple(others),
    )


def resolve_location(text: str) -> LocationMatch:
    """Resolve a posting's free-text location to an OEWS area with remote/hybrid/on-site flags."""
    if len(text) > MAX_LOCATION_CHARS:
        raise InputError(
            f"location text is {len(text):,} characters; at most {MAX_LOCATION_CHARS} are accepted "
            "(pass the location field, not the whole posting)"
        )
    return _resolve(text.strip())
