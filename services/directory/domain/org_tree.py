"""The demo province's organisation tree: Zhejiang's eco-environment bureaus and departments.

The tree is built from the GB/T 2260 division list shipped in ``services.directory.data``:
the provincial department (生态环境厅), a bureau (生态环境局) for each of the 11 cities, a
sub-bureau (分局) of its city's bureau for each of the 90 counties, and a few departments in
each. A bureau's id is its division code ("33", "3301", "330102"); a department's id is its
bureau's id, a hyphen and a short code ("330102-eia"). A unit's ``path`` is the ids from the
province down to the unit, joined by "/" ("33/3301/330102/330102-eia"), so a unit lies in
another's subtree when its path starts with the other's path and a "/".

English place names are pinyin (pypinyin), with an apostrophe where a syllable starting with
a, o or e would run into the one before it (Chun'an).
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pypinyin import lazy_pinyin

PROVINCE = "province"
CITY = "city"
COUNTY = "county"
DEPARTMENT = "department"

#: Administrative suffixes and their English words; the longest comes first.
_SUFFIXES = (
    ("畲族自治县", "She Autonomous County"),
    ("省", "Province"),
    ("市", "City"),
    ("区", "District"),
    ("县", "County"),
)
#: Readings that pypinyin gets wrong for these place names.
_READINGS = {"莲都": ["lian", "du"]}


@dataclass(frozen=True)
class OrgUnitSeed:
    """One org unit of the demo province: a bureau at some level, or a department of one."""

    #: Division code for a bureau; bureau id, "-" and a short code for a department.
    id: str
    #: The enclosing unit's id; None for the province.
    parent_id: str | None
    #: province, city, county or department.
    kind: str
    #: Ids from the province down to this unit, joined by "/".
    path: str
    #: Place name of a bureau's area (上城区), or the department's name (办公室).
    name_zh: str
    name_en: str
    #: The bureau's own name (杭州市生态环境局上城分局); None for departments.
    bureau_name_zh: str | None = None
    bureau_name_en: str | None = None
    #: True for the one department of a bureau that receives matters no one else is
    #: assigned to, such as tickets of enterprises without a pairing.
    is_default_department: bool = False


@dataclass(frozen=True)
class DepartmentTemplate:
    """A department that every bureau of one level has."""

    code: str
    name_zh: str
    name_en: str
    is_default: bool = False


PROVINCE_DEPARTMENTS = (
    DepartmentTemplate("general", "综合处", "General Affairs Division", is_default=True),
    DepartmentTemplate("regulations", "法规与标准处", "Regulations and Standards Division"),
    DepartmentTemplate(
        "eia",
        "环境影响评价与排放管理处",
        "Environmental Impact Assessment and Emission Management Division",
    ),
    DepartmentTemplate(
        "monitoring", "生态环境监测处", "Ecological Environment Monitoring Division"
    ),
)
CITY_DEPARTMENTS = (
    DepartmentTemplate("office", "办公室", "General Office", is_default=True),
    DepartmentTemplate("eia", "环评与排污许可科", "EIA and Discharge Permit Section"),
    DepartmentTemplate("enforcement", "执法支队", "Law Enforcement Detachment"),
    DepartmentTemplate("monitoring", "监测站", "Monitoring Station"),
)
COUNTY_DEPARTMENTS = (
    DepartmentTemplate("office", "办公室", "General Office", is_default=True),
    DepartmentTemplate("eia", "环评与排污许可科", "EIA and Discharge Permit Section"),
    DepartmentTemplate("enforcement", "执法队", "Law Enforcement Team"),
    DepartmentTemplate("monitoring", "监测站", "Monitoring Station"),
)


def zhejiang_org_units() -> list[OrgUnitSeed]:
    """Return the demo province's org units, each parent before its children.

    1 provincial department, 11 city bureaus and 90 county sub-bureaus, each followed by
    its departments.
    """
    return list(_zhejiang_org_units())


def default_department_of(units: list[OrgUnitSeed], bureau_id: str) -> OrgUnitSeed:
    """Return the default department of the bureau ``bureau_id`` among ``units``.

    :raises LookupError: if the bureau has no default department in ``units``.
    """
    for unit in units:
        if unit.parent_id == bureau_id and unit.is_default_department:
            return unit
    raise LookupError(f"no default department for org unit {bureau_id!r}")


def load_zhejiang_divisions() -> dict:
    """Return the province's division tree: code, name, cities, and each city's counties."""
    data = resources.files("services.directory.data").joinpath("zhejiang-divisions.json")
    return json.loads(data.read_text(encoding="utf-8"))["province"]


def short_place_name(name_zh: str) -> str:
    """Return a place name without its administrative suffix (景宁畲族自治县 → 景宁)."""
    for suffix, _ in _SUFFIXES:
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix):
            return name_zh.removesuffix(suffix)
    return name_zh


def place_name_en(name_zh: str, with_suffix: bool = True) -> str:
    """Return the English place name: 淳安县 → Chun'an County, or Chun'an without suffix."""
    short = short_place_name(name_zh)
    suffix_en = dict(_SUFFIXES).get(name_zh[len(short) :], "")
    romanised = romanise(short)
    return f"{romanised} {suffix_en}" if with_suffix and suffix_en else romanised


def romanise(name_zh: str) -> str:
    """Return the pinyin of a place name without tones, capitalised (临安 → Lin'an)."""
    syllables = _READINGS.get(name_zh) or lazy_pinyin(name_zh)
    joined = syllables[0] + "".join(_separated(syllable) for syllable in syllables[1:])
    return joined.capitalize()


def _separated(syllable: str) -> str:
    return f"'{syllable}" if syllable[:1] in ("a", "o", "e") else syllable


@cache
def _zhejiang_org_units() -> tuple[OrgUnitSeed, ...]:
    return tuple(_province_units(load_zhejiang_divisions()))


def _province_units(province: dict) -> Iterator[OrgUnitSeed]:
    name_en = place_name_en(province["name"])
    unit = OrgUnitSeed(
        id=province["code"],
        parent_id=None,
        kind=PROVINCE,
        path=province["code"],
        name_zh=province["name"],
        name_en=name_en,
        bureau_name_zh=f"{province['name']}生态环境厅",
        bureau_name_en=f"Department of Ecology and Environment of {name_en}",
    )
    yield from _with_departments(unit, PROVINCE_DEPARTMENTS)
    for city in province["cities"]:
        yield from _city_units(unit, city)


def _city_units(province: OrgUnitSeed, city: dict) -> Iterator[OrgUnitSeed]:
    name_en = place_name_en(city["name"], with_suffix=False)
    unit = _child(
        province,
        city["code"],
        CITY,
        city["name"],
        name_en,
        bureau_name_zh=f"{city['name']}生态环境局",
        bureau_name_en=f"{name_en} Bureau of Ecology and Environment",
    )
    yield from _with_departments(unit, CITY_DEPARTMENTS)
    for county in city["counties"]:
        yield from _with_departments(_county_unit(unit, county), COUNTY_DEPARTMENTS)


def _county_unit(city: OrgUnitSeed, county: dict) -> OrgUnitSeed:
    short = short_place_name(county["name"])
    return _child(
        city,
        county["code"],
        COUNTY,
        county["name"],
        place_name_en(county["name"]),
        bureau_name_zh=f"{city.bureau_name_zh}{short}分局",
        bureau_name_en=f"{romanise(short)} Sub-bureau of {city.bureau_name_en}",
    )


def _with_departments(
    bureau: OrgUnitSeed, templates: tuple[DepartmentTemplate, ...]
) -> Iterator[OrgUnitSeed]:
    yield bureau
    for template in templates:
        yield _child(
            bureau,
            f"{bureau.id}-{template.code}",
            DEPARTMENT,
            template.name_zh,
            template.name_en,
            is_default_department=template.is_default,
        )


def _child(
    parent: OrgUnitSeed, unit_id: str, kind: str, name_zh: str, name_en: str, **details
) -> OrgUnitSeed:
    return OrgUnitSeed(
        id=unit_id,
        parent_id=parent.id,
        kind=kind,
        path=f"{parent.path}/{unit_id}",
        name_zh=name_zh,
        name_en=name_en,
        **details,
    )
