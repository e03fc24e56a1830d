"""Version definitions in the v2 shape (groups, a repeating group, a file) and
submissions to them, for the unit tests of the submissions table and its exports."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import UTC, datetime


def label(zh_cn: str, en: str) -> dict:
    return {"zh_CN": zh_cn, "en": en}


def option(value: str, zh_cn: str, en: str) -> dict:
    return {"value": value, "label": label(zh_cn, en)}


OUTLET_CHECK_V1 = {
    "key": "outlet-check",
    "title": label("排口检查", "Outlet check"),
    "fields": [
        {"name": "intro", "type": "section", "label": label("基本信息", "Basics")},
        {"name": "subject", "type": "text", "label": label("标题", "Subject")},
        {
            "name": "kind",
            "type": "select",
            "label": label("类别", "Kind"),
            "options": [option("water", "废水", "Waste water"), option("air", "废气", "Exhaust")],
        },
        {"name": "checked_on", "type": "date", "label": label("检查日期", "Checked on")},
        {"name": "visited_at", "type": "datetime", "label": label("到场时间", "Arrived at")},
        {
            "name": "site",
            "type": "group",
            "label": label("现场", "Site"),
            "fields": [
                {"name": "address", "type": "text", "label": label("地址", "Address")},
                {"name": "staff", "type": "integer", "label": label("人数", "Staff")},
            ],
        },
        {
            "name": "outlets",
            "type": "group",
            "repeat": True,
            "label": label("排口", "Outlets"),
            "fields": [
                {"name": "code", "type": "text", "label": label("编号", "Code")},
                {"name": "flow", "type": "number", "label": label("流量", "Flow")},
            ],
        },
        {"name": "report", "type": "file", "label": label("报告", "Report")},
        {"name": "remark", "type": "textarea", "label": label("备注", "Remark")},
        {
            "name": "topics",
            "type": "multiselect",
            "label": label("关注领域", "Topics"),
            "options": [option("air", "大气", "Air"), option("water", "水", "Water")],
        },
    ],
}


def outlet_check_v2() -> dict:
    """Version 2: ``remark`` removed, the ``water`` option relabelled, outlets gain a
    ``note``."""
    definition = copy.deepcopy(OUTLET_CHECK_V1)
    definition["fields"] = [f for f in definition["fields"] if f["name"] != "remark"]
    definition["fields"][2]["options"][0]["label"] = label("水", "Water")
    definition["fields"][6]["fields"].append(
        {"name": "note", "type": "text", "label": label("说明", "Note")}
    )
    return definition


@dataclass
class Filed:
    """A submission as the repository gives it."""

    acceptance_number: str
    form_version_id: str
    version: int
    data: dict
    enterprise_id: str = "enterprise-1"
    submitted_by: str = "person-1"
    created_at: datetime = datetime(2026, 12, 1, 16, 30, 5, tzinfo=UTC)


def definitions() -> dict[str, dict]:
    return {"v1": OUTLET_CHECK_V1, "v2": outlet_check_v2()}


FILED_V1 = Filed(
    "330102-20261202-AAAAAA",
    "v1",
    1,
    {
        "subject": "-2 吨超标",
        "kind": "water",
        "checked_on": "2026-11-30",
        "visited_at": "2026-11-30T09:15:00+08:00",
        "site": {"address": "@滨江路 1 号", "staff": 12},
        "outlets": [{"code": "DW001", "flow": 3.5}, {"code": "=1+1", "flow": -2}],
        "report": {"id": "u1", "name": "报告.pdf", "size": 1572864, "type": "application/pdf"},
        "remark": "\tindented",
        "topics": ["water", "air"],
    },
)
FILED_V2 = Filed(
    "330102-20261202-BBBBBB",
    "v2",
    2,
    {"subject": "+86 电话", "kind": "water", "outlets": [{"code": "DW9", "note": "\rnew"}]},
    created_at=datetime(2026, 12, 2, 3, 0, tzinfo=UTC),
)
