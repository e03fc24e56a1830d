"""A definition with one field of every type: the example of docs/forms.md."""

import copy

import pytest


def label(zh_cn: str, en: str) -> dict:
    return {"zh_CN": zh_cn, "en": en}


def option(value: str, zh_cn: str, en: str) -> dict:
    return {"value": value, "label": label(zh_cn, en)}


SITE_VISIT_REQUEST = {
    "key": "site-visit-request",
    "title": label("上门服务申请", "On-site service request"),
    "description": label(
        "企业申请生态环境部门上门服务。", "An enterprise asks the bureau for an on-site visit."
    ),
    "fields": [
        {
            "name": "subject",
            "type": "text",
            "label": label("诉求标题", "Subject"),
            "required": True,
            "max_length": 100,
        },
        {
            "name": "category",
            "type": "select",
            "label": label("诉求类别", "Category"),
            "required": True,
            "options": [
                option("eia_approval", "环评审批", "EIA approval"),
                option("permit", "排污许可", "Pollutant discharge permit"),
                option("monitoring", "环境监测", "Environmental monitoring"),
            ],
        },
        {
            "name": "details",
            "type": "textarea",
            "label": label("诉求内容", "Details"),
            "help": label("请说明问题的背景。", "Describe the background of the matter."),
            "required": True,
            "max_length": 2000,
        },
        {
            "name": "contact_phone",
            "type": "phone",
            "label": label("联系电话", "Contact phone"),
            "required": True,
        },
        {"name": "email", "type": "email", "label": label("电子邮箱", "E-mail")},
        {
            "name": "employees",
            "type": "integer",
            "label": label("职工人数", "Employees"),
            "min": 0,
            "max": 1000000,
        },
        {
            "name": "annual_output",
            "type": "number",
            "label": label("年产值（万元）", "Annual output (10,000 yuan)"),
            "min": 0,
        },
        {
            "name": "visit_date",
            "type": "date",
            "label": label("期望走访日期", "Preferred visit date"),
        },
        {"name": "needs_visit", "type": "boolean", "label": label("需要上门服务", "Needs a visit")},
        {
            "name": "topics",
            "type": "multiselect",
            "label": label("关注领域", "Topics"),
            "options": [
                option("air", "大气", "Air"),
                option("water", "水", "Water"),
                option("soil", "土壤", "Soil"),
                option("solid_waste", "固体废物", "Solid waste"),
            ],
            "min_items": 1,
            "max_items": 3,
        },
    ],
}


@pytest.fixture
def definition() -> dict:
    """A fresh copy of the all-types example, free to change in a test."""
    return copy.deepcopy(SITE_VISIT_REQUEST)


@pytest.fixture
def answers() -> dict:
    """Valid answers to the all-types example."""
    return {
        "subject": "排污许可证延续",
        "category": "permit",
        "details": "许可证将于下月到期。",
        "contact_phone": "13812345678",
        "email": "liaison@example.com",
        "employees": 120,
        "annual_output": 3500.5,
        "visit_date": "2025-03-18",
        "needs_visit": True,
        "topics": ["air", "water"],
    }
