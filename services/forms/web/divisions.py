"""Region fields' choices by name, in the reader's language (answers are named by
``regions.division_name``).

The divisions are forms' own copy (``services.forms.domain.regions``); English pages
show their pinyin names (``name_en``), Chinese pages their Chinese names.
"""

from __future__ import annotations

from services.forms.domain.regions import divisions, name_in


def division_tree(locale: str) -> dict:
    """The province, its cities and their counties as ``{"code", "name", "cities"}``
    (each city with its ``counties``), named in ``locale``: the region fields' choices."""
    province = divisions()
    return {
        "code": province["code"],
        "name": name_in(province, locale),
        "cities": [
            {
                "code": city["code"],
                "name": name_in(city, locale),
                "counties": [
                    {"code": county["code"], "name": name_in(county, locale)}
                    for county in city["counties"]
                ],
            }
            for city in province["cities"]
        ],
    }
