"""The demo province's organisation tree, built from Zhejiang's GB/T 2260 divisions."""

from collections import Counter

import pytest

from services.directory.domain.org_tree import (
    default_department_of,
    place_name_en,
    romanise,
    short_place_name,
    zhejiang_org_units,
)

BUREAU_KINDS = ("province", "city", "county")
PARENT_KINDS = {"city": {"province"}, "county": {"city"}, "department": set(BUREAU_KINDS)}


@pytest.fixture(scope="module")
def units():
    return zhejiang_org_units()


@pytest.fixture(scope="module")
def by_id(units):
    return {unit.id: unit for unit in units}


def of_kind(units, kind):
    return [unit for unit in units if unit.kind == kind]


def test_tree_has_one_province_eleven_cities_and_ninety_counties(units):
    counts = Counter(unit.kind for unit in units)

    assert (counts["province"], counts["city"], counts["county"]) == (1, 11, 90)


def test_province_is_zhejiang_with_its_provincial_department(by_id):
    province = by_id["33"]

    assert (province.kind, province.parent_id, province.path) == ("province", None, "33")
    assert (province.name_zh, province.name_en) == ("浙江省", "Zhejiang Province")
    assert province.bureau_name_zh == "浙江省生态环境厅"
    assert province.bureau_name_en == "Department of Ecology and Environment of Zhejiang Province"


def test_city_ids_are_four_digit_codes_under_the_province(units):
    cities = of_kind(units, "city")

    assert all(len(city.id) == 4 and city.parent_id == "33" for city in cities)
    assert [city.id for city in cities] == [f"33{number:02d}" for number in range(1, 12)]


def test_county_ids_are_six_digit_codes_starting_with_their_city_id(units):
    counties = of_kind(units, "county")

    assert all(
        len(county.id) == 6 and county.id.startswith(county.parent_id) for county in counties
    )


def test_zhoushan_has_its_four_counties(units):
    zhoushan = [unit.name_zh for unit in of_kind(units, "county") if unit.parent_id == "3309"]

    assert zhoushan == ["定海区", "普陀区", "岱山县", "嵊泗县"]


def test_ids_are_unique(units):
    assert len({unit.id for unit in units}) == len(units)


def test_every_path_is_its_parents_path_and_its_own_id(units, by_id):
    for unit in units[1:]:
        assert unit.path == f"{by_id[unit.parent_id].path}/{unit.id}"


def test_every_parent_comes_before_its_children(units):
    seen = set()
    for unit in units:
        assert unit.parent_id is None or unit.parent_id in seen
        seen.add(unit.id)


def test_every_unit_sits_under_a_parent_of_the_kind_above_it(units, by_id):
    for unit in units[1:]:
        assert by_id[unit.parent_id].kind in PARENT_KINDS[unit.kind], unit.id


def test_every_bureau_has_four_departments(units):
    departments = Counter(unit.parent_id for unit in of_kind(units, "department"))

    assert set(departments.values()) == {4}
    assert len(departments) == 102


def test_every_bureau_has_exactly_one_default_department(units):
    defaults = Counter(unit.parent_id for unit in units if unit.is_default_department)
    bureaus = [unit for unit in units if unit.kind in BUREAU_KINDS]

    assert all(defaults[bureau.id] == 1 for bureau in bureaus)
    assert sum(defaults.values()) == len(bureaus) == 102


def test_only_departments_are_default_departments(units):
    assert all(unit.kind == "department" for unit in units if unit.is_default_department)


def test_every_unit_has_names_in_both_languages(units):
    for unit in units:
        assert unit.name_zh.strip() and unit.name_en.strip(), unit.id


def test_every_bureau_has_a_bureau_name_in_both_languages_and_departments_have_none(units):
    for unit in units:
        names = (unit.bureau_name_zh, unit.bureau_name_en)
        assert all(names) if unit.kind in BUREAU_KINDS else names == (None, None), unit.id


def test_english_names_are_plain_ascii(units):
    for unit in units:
        assert f"{unit.name_en}{unit.bureau_name_en or ''}".isascii(), unit.id


def test_city_bureau_is_the_cities_ecology_and_environment_bureau(by_id):
    hangzhou = by_id["3301"]

    assert (hangzhou.name_zh, hangzhou.name_en) == ("杭州市", "Hangzhou")
    assert hangzhou.bureau_name_zh == "杭州市生态环境局"
    assert hangzhou.bureau_name_en == "Hangzhou Bureau of Ecology and Environment"


def test_county_bureau_is_a_sub_bureau_of_its_city_bureau(by_id):
    shangcheng = by_id["330102"]

    assert (shangcheng.name_zh, shangcheng.name_en) == ("上城区", "Shangcheng District")
    assert shangcheng.bureau_name_zh == "杭州市生态环境局上城分局"
    assert shangcheng.bureau_name_en == (
        "Shangcheng Sub-bureau of Hangzhou Bureau of Ecology and Environment"
    )


def test_autonomous_county_sub_bureau_is_named_without_the_ethnic_suffix(by_id):
    jingning = by_id["331127"]

    assert jingning.name_en == "Jingning She Autonomous County"
    assert jingning.bureau_name_zh == "丽水市生态环境局景宁分局"


def test_county_departments_have_the_county_id_and_a_short_code(by_id):
    eia = by_id["330102-eia"]

    assert (eia.kind, eia.parent_id, eia.path) == (
        "department",
        "330102",
        "33/3301/330102/330102-eia",
    )
    assert (eia.name_zh, eia.name_en) == ("环评与排污许可科", "EIA and Discharge Permit Section")
    assert {"330102-office", "330102-enforcement", "330102-monitoring"} <= by_id.keys()


def test_county_default_department_is_its_general_office(units):
    office = default_department_of(units, "330127")

    assert (office.id, office.name_zh, office.name_en) == (
        "330127-office",
        "办公室",
        "General Office",
    )


def test_provincial_default_department_is_general_affairs(units):
    assert default_department_of(units, "33").id == "33-general"


def test_default_department_of_an_unknown_bureau_is_a_lookup_error(units):
    with pytest.raises(LookupError):
        default_department_of(units, "330199")


def test_changing_the_returned_list_does_not_change_the_next_one():
    first = zhejiang_org_units()
    first.clear()

    assert len(zhejiang_org_units()) == 102 * 5


@pytest.mark.parametrize(
    ("name_zh", "expected"),
    [
        ("上城区", "Shangcheng District"),
        ("建德市", "Jiande City"),
        ("淳安县", "Chun'an County"),
        ("瑞安市", "Rui'an City"),
        ("磐安县", "Pan'an County"),
        ("临安区", "Lin'an District"),
        ("莲都区", "Liandu District"),
        ("乐清市", "Yueqing City"),
        ("嵊州市", "Shengzhou City"),
        ("长兴县", "Changxing County"),
        ("浙江省", "Zhejiang Province"),
    ],
)
def test_english_place_names_are_pinyin_with_the_english_suffix(name_zh, expected):
    assert place_name_en(name_zh) == expected


def test_english_place_name_without_suffix_is_the_pinyin_alone():
    assert place_name_en("丽水市", with_suffix=False) == "Lishui"


@pytest.mark.parametrize(
    ("name_zh", "expected"), [("西安", "Xi'an"), ("海鸥", "Hai'ou"), ("仙居", "Xianju")]
)
def test_romanisation_separates_syllables_starting_with_a_o_or_e(name_zh, expected):
    assert romanise(name_zh) == expected


@pytest.mark.parametrize(
    ("name_zh", "expected"),
    [("浙江省", "浙江"), ("上城区", "上城"), ("淳安县", "淳安"), ("建德市", "建德")]
    + [("景宁畲族自治县", "景宁"), ("市", "市"), ("舟山", "舟山")],
)
def test_short_place_name_drops_one_administrative_suffix(name_zh, expected):
    assert short_place_name(name_zh) == expected
