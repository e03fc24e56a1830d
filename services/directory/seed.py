"""Directory's demo data: the real Zhejiang org tree, demo people and enterprises."""

from __future__ import annotations

from services.directory import handlers
from services.directory.domain.commands import CreateOrgUnit, CreatePerson, RegisterEnterprise
from services.directory.domain.credit_code import generate_credit_code
from services.directory.domain.org_tree import zhejiang_org_units

DEMO_PASSWORD = "qinqing-demo"

#: (credit code serial, zh name, county, scale, types)
DEMO_ENTERPRISES = (
    (1, "杭州清源环保科技有限公司", "330102", "medium", ("third_party_governance",)),
    (2, "杭州钱塘印染有限公司", "330102", "large", ("traditional", "key_pollutant_discharge")),
    (3, "杭州西溪新材料股份有限公司", "330106", "small", ("strategic_emerging",)),
)

#: (username, name, roles, org unit id, enterprise serial or None, note for the console)
DEMO_PEOPLE = (
    ("province", "省厅管理员 王敏", ("province_admin",), "33", None, "province administrator"),
    (
        "hangzhou",
        "杭州市局管理员 李强",
        ("city_admin",),
        "3301",
        None,
        "Hangzhou city administrator",
    ),
    (
        "shangcheng",
        "上城分局管理员 陈静",
        ("county_admin",),
        "330102",
        None,
        "Shangcheng county administrator",
    ),
    ("xihu", "西湖分局管理员 赵磊", ("county_admin",), "330106", None, "Xihu county administrator"),
    ("liaison", "联络员 周涛", ("liaison",), "330102", None, "Shangcheng liaison"),
    (
        "staff",
        "科员 吴芳",
        ("department_staff",),
        None,
        None,
        "Shangcheng default department staff",
    ),
    (
        "leader",
        "联系领导 孙建国",
        ("contact_leader",),
        "330102",
        None,
        "Shangcheng contact leader",
    ),
    (
        "eia",
        "环评科科员 郑洁",
        ("department_staff",),
        "330102-eia",
        None,
        "Shangcheng EIA section staff",
    ),
    (
        "city-eia",
        "市局环评科 钱伟",
        ("department_staff",),
        "3301-eia",
        None,
        "Hangzhou EIA section staff",
    ),
    ("qingyuan", "清源环保 张经理", ("enterprise_user",), None, 1, "enterprise user (paired)"),
    ("qiantang", "钱塘印染 刘主任", ("enterprise_user",), None, 2, "enterprise user (unpaired)"),
    ("xixi", "西溪新材料 孙总", ("enterprise_user",), None, 3, "enterprise user (Xihu)"),
)


def demo_credit_code(serial: int, county: str) -> str:
    return generate_credit_code(county, serial)


def seed(runtime) -> bool:
    """Create the org tree, enterprises and people once; False when already seeded."""
    with runtime.uow() as uow:
        if uow.directory.org_unit("33") is not None:
            return False
    units = zhejiang_org_units()
    with runtime.uow() as uow:
        for unit in units:
            handlers.create_org_unit(
                CreateOrgUnit(
                    unit.id,
                    unit.name_zh,
                    unit.name_en,
                    unit.kind,
                    unit.parent_id,
                    unit.is_default_department,
                ),
                uow,
            )
        uow.commit()
    enterprise_ids = _seed_enterprises(runtime)
    default_department = next(
        u.id for u in units if u.parent_id == "330102" and u.is_default_department
    )
    _seed_people(runtime, enterprise_ids, default_department)
    return True


def _seed_enterprises(runtime) -> dict[int, str]:
    ids = {}
    with runtime.uow() as uow:
        for serial, name, county, scale, types in DEMO_ENTERPRISES:
            command = RegisterEnterprise(
                name, demo_credit_code(serial, county), county, scale, types
            )
            ids[serial] = handlers.register_enterprise(command, uow).id
        uow.commit()
    return ids


def _seed_people(runtime, enterprise_ids: dict[int, str], default_department: str) -> None:
    with runtime.uow() as uow:
        for username, name, roles, org_unit, enterprise, _note in DEMO_PEOPLE:
            handlers.create_person(
                CreatePerson(
                    username=username,
                    name=name,
                    password=DEMO_PASSWORD,
                    roles=roles,
                    org_unit_id=org_unit or (None if enterprise else default_department),
                    enterprise_id=enterprise_ids.get(enterprise) if enterprise else None,
                    email=f"{username}@demo.qinqing.local",
                ),
                uow,
            )
        uow.commit()
