"""What the routing rule and roster tests add to the world: the enterprise request form as
forms announces it, and an empty monitoring station in Shangcheng."""

from __future__ import annotations

REQUEST_FORM = {
    "form_id": "form-1",
    "key": "enterprise-request",
    "version": 1,
    "title": "企业诉求",
    "title_en": "Enterprise request",
    "org_path": "33",
    "fields": [
        {"name": "subject", "type": "text", "label": {"zh_CN": "诉求标题", "en": "Subject"}},
        {
            "name": "category",
            "type": "select",
            "label": {"zh_CN": "诉求类别", "en": "Category"},
            "options": [
                {"value": "eia_approval", "label": {"zh_CN": "环评审批", "en": "EIA approval"}},
                {"value": "permit", "label": {"zh_CN": "排污许可", "en": "Discharge permit"}},
                {"value": "monitoring", "label": {"zh_CN": "环境监测", "en": "Monitoring"}},
            ],
        },
        {
            "name": "needs_visit",
            "type": "boolean",
            "label": {"zh_CN": "需要上门服务", "en": "Needs an on-site visit"},
        },
    ],
}
MONITORING_STATION = {
    "id": "330102-monitoring",
    "name": "监测站",
    "name_en": "Monitoring Station",
    "kind": "department",
    "parent_id": "330102",
    "path": "33/3301/330102/330102-monitoring",
}


def publish_request_form(world, **overrides) -> None:
    """Announce the enterprise request form (version 1 unless overridden)."""
    world.feed("forms.form.published", {**REQUEST_FORM, **overrides})


def add_monitoring_station(world) -> None:
    """Announce Shangcheng's monitoring station, which has nobody in it."""
    world.feed("directory.org_unit.created", MONITORING_STATION)
