"""Read queries of the pairing roster page: an administrator's area's pairings of a year,
or those naming a liaison or contact leader, and what the pairing form offers by name."""

from __future__ import annotations

from services.workflow import views
from services.workflow.domain.access import Viewer, is_admin
from services.workflow.domain.calendar import local_date
from services.workflow.domain.roster import CONTACT_LEADER, LIAISON
from services.workflow.handlers import now
from services.workflow.naming import Names


def this_year() -> int:
    return local_date(now()).year


def roster_page(uow, viewer: Viewer, year: int, lang: str) -> dict:
    """The pairings of ``year`` the viewer may see (active first, ended ones as history),
    the years there are, and — for an administrator — the pairing form's choices."""
    admin = is_admin(viewer)
    scope = {"under_path": viewer.org_path} if admin else {"person_id": viewer.id}
    pairings = uow.workflow.pairings(**scope, year=year)
    names = Names(uow, lang, viewer.org_path)
    enders = uow.known.names_of_people(p.ended_by for p in pairings)
    rows = [
        {
            **row,
            "county_name": names.unit(row["pairing"].county_id),
            "ended_by_name": enders.get(row["pairing"].ended_by or "", ""),
        }
        for row in views.pairing_rows_of(uow, pairings)
    ]
    years = sorted({*uow.workflow.pairing_years(**scope), this_year(), year}, reverse=True)
    page = {"rows": rows, "years": years, "year": year, "is_admin": admin}
    if admin:
        page["choices"] = _choices(uow, viewer, names, pairings)
    return page


def _choices(uow, viewer: Viewer, names: Names, pairings) -> dict:
    """Enterprises not actively paired that year, liaisons and contact leaders of the
    area, by name (with their county's when the area has several counties)."""
    paired = {p.enterprise_id for p in pairings if p.is_active}
    enterprises = uow.known.enterprises_in(viewer.org_path)
    staff = uow.known.people_in(viewer.org_path)
    several = len({e.county_id for e in enterprises}) > 1

    def named(name: str, county_id: str | None) -> str:
        return f"{name}（{names.unit(county_id)}）" if several and county_id else name

    def with_role(role: str) -> list[tuple[str, str]]:
        return [
            (person.id, named(person.name, _county_of(person.org_path)))
            for person in staff
            if person.has_role(role)
        ]

    return {
        "enterprises": [
            (e.id, named(e.name, e.county_id)) for e in enterprises if e.id not in paired
        ],
        "liaisons": with_role(LIAISON),
        "leaders": with_role(CONTACT_LEADER),
    }


def _county_of(org_path: str) -> str | None:
    # Org paths run province/city/county/…: the county is the third code.
    codes = org_path.split("/")
    return codes[2] if len(codes) > 2 else None
