"""Region fields' choices and answers by name, in the reader's language.

The divisions are forms' own copy (``services.forms.domain.regions``); English pages
show their pinyin names (``name_en``), Chinese pages their Chinese names.
"""

from __future__ import annotations

from services.forms.domain.regions import divisions


def _name(division: dict, locale: str) -> str:
    return (division.get("name_en") or division["name"]) if locale == "en" else division["name"]


def division_tree(locale: str) -> dict:
    """The province, its cities and their counties as ``{"code", "name", "cities"}``
    (each city with its ``counties``), named in ``locale``: the region fields' choices."""
    province = divisions()
    return {
        "code": province["code"],
        "name": _name(province, locale),
        "cities": [
            {
                "code": city["code"],
                "name": _name(city, locale),
                "counties": [
                    {"code": county["code"], "name": _name(county, locale)}
                    for county in city["counties"]
                ],
            }
            for city in province["cities"]
        ],
    }


def _by_code() -> dict[str, dict]:
    province = divisions()
    found = {province["code"]: province}
    for city in province["cities"]:
        found[city["code"]] = city
        found.update((county["code"], county) for county in city["counties"])
    return found


def division_name(code: str | None, locale: str) -> str:
    """The name of division ``code`` in ``locale``, with its city for a county
    (``杭州市 西湖区``, ``Hangzhou City Xihu District``); an unknown code as it is."""
    known = _by_code()
    division = known.get(code or "")
    if division is None:
        return code or ""
    city = known.get(code[:4]) if len(code) == 6 else None
    return f"{_name(city, locale)} {_name(division, locale)}" if city else _name(division, locale)
