"""The divisions a ``region`` answer may name: the province's cities and counties.

Forms keeps its own copy of the GB/T 2260 divisions the directory's tree is built from
(``services/forms/data/zhejiang-divisions.json``, with its licence): services share no
code or data, and the copy lets forms check and name an answer without asking the
directory on every submission.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LEVELS = ("city", "county")


@cache
def divisions() -> dict:
    """The province with its cities and their counties, as the data file has them."""
    text = (
        resources.files("services.forms.data")
        .joinpath("zhejiang-divisions.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)["province"]


@cache
def names() -> dict[str, str]:
    """Every division's name by its code (province, cities, counties)."""
    province = divisions()
    result = {province["code"]: province["name"]}
    for city in province["cities"]:
        result[city["code"]] = city["name"]
        result.update((county["code"], county["name"]) for county in city["counties"])
    return result


def is_division(code: str, level: str) -> bool:
    """Whether ``code`` is a known division at ``level`` (``city``: 4 digits, ``county``: 6)."""
    return code in names() and len(code) == (4 if level == "city" else 6)


def _by_code() -> dict[str, dict]:
    province = divisions()
    found = {province["code"]: province}
    for city in province["cities"]:
        found[city["code"]] = city
        found.update((county["code"], county) for county in city["counties"])
    return found


def name_in(division: dict, locale: str) -> str:
    """A division's name in ``locale``: its pinyin name (``name_en``) in English."""
    return (division.get("name_en") or division["name"]) if locale == "en" else division["name"]


def division_name(code: str | None, locale: str) -> str:
    """The name of division ``code`` in ``locale``, with its city for a county
    (``杭州市 西湖区``, ``Hangzhou City Xihu District``); an unknown code as it is."""
    known = _by_code()
    division = known.get(code or "")
    if division is None:
        return code or ""
    city = known.get(code[:4]) if len(code) == 6 else None
    if city is None:
        return name_in(division, locale)
    return f"{name_in(city, locale)} {name_in(division, locale)}"


def full_name(code: str) -> str:
    """The division's name with its city (杭州市 西湖区), or the code when unknown."""
    known = names()
    if code not in known:
        return code
    if len(code) == 6 and code[:4] in known:
        return f"{known[code[:4]]} {known[code]}"
    return known[code]
