"""A county form over three versions, with submissions filed against each, for the
submissions table and its exports.

- version 1: where (text), kind (select: day / night), loud (boolean), heard_on (date),
  decibels (number);
- version 2: ``where`` renamed ``location``; the ``night`` option's label changed;
- version 3: ``loud`` removed; ``kind`` relabelled.
"""

from __future__ import annotations

import copy


def label(zh_cn: str, en: str) -> dict:
    return {"zh_CN": zh_cn, "en": en}


def option(value: str, zh_cn: str, en: str) -> dict:
    return {"value": value, "label": label(zh_cn, en)}


VERSION_1 = {
    "key": "noise-complaint",
    "title": label("噪声投诉", "Noise complaint"),
    "fields": [
        {"name": "where", "type": "text", "label": label("地点", "Where"), "required": True},
        {
            "name": "kind",
            "type": "select",
            "label": label("噪声类别", "Noise kind"),
            "options": [
                option("day", "白天", "Daytime"),
                option("night", "夜间", "At night"),
            ],
        },
        {"name": "loud", "type": "boolean", "label": label("很响", "Loud")},
        {"name": "heard_on", "type": "date", "label": label("发生日期", "Heard on")},
        {"name": "decibels", "type": "number", "label": label("分贝", "Decibels")},
    ],
}


def version_2() -> dict:
    definition = copy.deepcopy(VERSION_1)
    definition["fields"][0] = {**definition["fields"][0], "name": "location"}
    definition["fields"][0]["label"] = label("位置", "Location")
    definition["fields"][1]["options"][1]["label"] = label("夜里", "Night-time")
    return definition


def version_3() -> dict:
    definition = version_2()
    del definition["fields"][2]
    definition["fields"][1]["label"] = label("类型", "Kind")
    return definition


ANSWERS = {
    1: {
        "where": '=HYPERLINK("x") 河坊街',
        "kind": "night",
        "loud": True,
        "heard_on": "2026-11-03",
        "decibels": 85,
    },
    2: {"location": "Hefang Street", "kind": "day", "heard_on": "2026-11-20", "decibels": 62.5},
    3: {"location": "湖滨路", "kind": "night", "heard_on": "2026-12-01", "decibels": 70},
}


def publish(admin, form_id: str, definition: dict | None = None) -> None:
    if definition is not None:
        response = admin.put(f"/forms/api/forms/{form_id}/draft", json={"definition": definition})
        assert response.status_code == 200, response.json
    assert admin.post(f"/forms/api/forms/{form_id}/publish").status_code == 201


def file(enterprise, answers: dict) -> dict:
    response = enterprise.post(
        "/forms/api/submissions", json={"form": "noise-complaint", "answers": answers}
    )
    assert response.status_code == 201, response.json
    return response.json


def three_versions(web) -> tuple[str, list[dict]]:
    """Shangcheng's noise complaint form, with one submission filed against each of its
    three versions by Shangcheng enterprises; returns the form id and the submissions."""
    admin, enterprise = web("shangcheng"), web("qiantang")
    form_id = admin.post("/forms/api/forms", json={"definition": VERSION_1}).json["id"]
    publish(admin, form_id)
    filed = [file(enterprise, ANSWERS[1])]
    publish(admin, form_id, version_2())
    filed.append(file(enterprise, ANSWERS[2]))
    publish(admin, form_id, version_3())
    filed.append(file(web("qingyuan"), ANSWERS[3]))
    return form_id, filed
