"""A unit without anyone who can act hands its tickets to the nearest bureau above it
with an administrator: county, then city, then province."""

from services.workflow.domain.staffing import redirect_target

EIA = "33/3301/330102/330102-eia"


def test_department_with_staff_keeps_its_ticket():
    roles = {"330102-eia": {"department_staff"}, "330102": {"county_admin"}}

    assert redirect_target(EIA, roles) is None


def test_bureau_with_its_administrator_keeps_its_ticket():
    assert redirect_target("33/3301/330102", {"330102": {"county_admin"}}) is None


def test_empty_department_goes_to_its_county_bureau_when_it_has_an_administrator():
    assert redirect_target(EIA, {"330102": {"county_admin"}, "3301": {"city_admin"}}) == "330102"


def test_department_with_only_liaisons_counts_as_empty():
    roles = {"330102-eia": {"liaison", "contact_leader"}, "330102": {"county_admin"}}

    assert redirect_target(EIA, roles) == "330102"


def test_county_without_an_administrator_passes_the_ticket_to_the_city():
    roles = {"330102": {"liaison"}, "3301": {"city_admin"}, "33": {"province_admin"}}

    assert redirect_target(EIA, roles) == "3301"


def test_bureau_with_staff_but_no_administrator_is_passed_over():
    roles = {"330102": {"department_staff"}, "33": {"province_admin"}}

    assert redirect_target(EIA, roles) == "33"


def test_ticket_stays_where_it_is_when_no_unit_above_has_an_administrator():
    assert redirect_target(EIA, {}) is None
