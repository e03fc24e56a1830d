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


def full_name(code: str) -> str:
    """The division's name with its city (杭州市 西湖区), or the code when unknown."""
    known = names()
    if code not in known:
        return code
    if len(code) == 6 and code[:4] in known:
        return f"{known[code[:4]]} {known[code]}"
    return known[code]
