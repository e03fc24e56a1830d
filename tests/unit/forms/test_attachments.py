"""File and image answers: upload ids resolved into what the answer keeps, wherever the
field stands (top level, a group, a row of a repeating group), and every wrong id refused
at its path."""

from datetime import UTC, datetime

import jsonschema
import pytest

from services.forms.domain.attachments import (
    MIME_NAMES,
    Upload,
    attach_uploads,
    attached_ids,
    display_name,
    find_field,
    limits_of,
)
from services.forms.domain.compiler import compile_field
from services.forms.domain.definition import MIME_TYPES
from services.forms.domain.errors import InvalidSubmission
from shared.auth import Principal


def label(zh_cn: str, en: str) -> dict:
    return {"zh_CN": zh_cn, "en": en}


ENTERPRISE = Principal("person-1", "qiantang", "刘主任", ("enterprise_user",), "33/3301/330102")
#: A v2 definition: a top-level image, a group's file, and a file in each row of outlets.
DEFINITION = {
    "key": "discharge-report",
    "title": label("排放报告", "Discharge report"),
    "fields": [
        {"name": "licence", "type": "image", "label": label("营业执照", "Licence")},
        {
            "name": "site",
            "type": "group",
            "label": label("场地", "Site"),
            "fields": [
                {"name": "site_plan", "type": "file", "label": label("平面图", "Site plan")}
            ],
        },
        {
            "name": "outlets",
            "type": "group",
            "repeat": True,
            "label": label("排口", "Outlets"),
            "fields": [
                {"name": "flow", "type": "number", "label": label("流量", "Flow")},
                {"name": "photo", "type": "image", "label": label("照片", "Photo")},
            ],
        },
    ],
}


def upload(upload_id: str, for_field: str, **overrides) -> Upload:
    values = {
        "id": upload_id,
        "uploaded_by": ENTERPRISE.id,
        "enterprise_id": "enterprise-1",
        "form_key": "discharge-report",
        "field": for_field,
        "name": f"{upload_id}.png",
        "size": 2048,
        "content_type": "image/png",
        "sha256": "ab" * 32,
        "stored_name": "0" * 32,
        "created_at": datetime(2026, 12, 2, tzinfo=UTC),
    }
    return Upload(**values | overrides)


UPLOADS = {
    "u1": upload("u1", "licence"),
    "u2": upload("u2", "site_plan", content_type="application/pdf"),
    "u3": upload("u3", "photo"),
    "u4": upload("u4", "photo"),
}
ANSWERS = {
    "licence": "u1",
    "site": {"site_plan": {"id": "u2"}},
    "outlets": [{"flow": 3, "photo": "u3"}, {"flow": 4, "photo": {"id": "u4"}}],
}


def refusals(answers: dict, uploads: dict = UPLOADS, locale: str = "en") -> dict:
    with pytest.raises(InvalidSubmission) as caught:
        attach_uploads(DEFINITION, answers, uploads, ENTERPRISE)
    return caught.value.field_errors(locale)


def test_ids_at_every_level_become_the_uploads_metadata():
    resolved, used = attach_uploads(DEFINITION, ANSWERS, UPLOADS, ENTERPRISE)

    assert resolved["licence"] == UPLOADS["u1"].answer()
    assert resolved["site"]["site_plan"]["type"] == "application/pdf"
    assert [row["photo"]["id"] for row in resolved["outlets"]] == ["u3", "u4"]
    assert resolved["outlets"][0]["flow"] == 3
    assert sorted(used) == ["u1", "u2", "u3", "u4"]
    assert ANSWERS["licence"] == "u1"  # the input is left as it was


def test_the_answer_keeps_id_name_size_type_and_hash_in_that_order():
    assert UPLOADS["u1"].answer() == {
        "id": "u1",
        "name": "u1.png",
        "size": 2048,
        "type": "image/png",
        "sha256": "ab" * 32,
    }


def test_an_unknown_id_in_a_row_is_named_by_group_row_and_field():
    answers = {"outlets": [{"photo": "u3"}, {"photo": "nope"}]}

    assert refusals(answers) == {
        "outlets.1.photo": [
            "Outlets, row 2, Photo: this is not a file you uploaded for this field, or it "
            "was already filed with another submission; please upload it again."
        ]
    }
    assert refusals(answers, locale="zh_CN")["outlets.1.photo"][0].startswith("排口 第 2 行 照片：")


def test_another_users_upload_is_refused():
    theirs = {**UPLOADS, "u1": upload("u1", "licence", uploaded_by="person-2")}

    assert list(refusals({"licence": "u1"}, theirs)) == ["licence"]


@pytest.mark.parametrize(
    "change", [{"form_key": "enterprise-request"}, {"field": "photo"}, {"submission_id": "s1"}]
)
def test_an_upload_of_another_form_or_field_or_already_filed_is_refused(change):
    other = {**UPLOADS, "u2": upload("u2", "site_plan", **change)}

    assert list(refusals({"site": {"site_plan": "u2"}}, other)) == ["site.site_plan"]


def test_an_answer_that_is_no_upload_id_is_refused():
    assert list(refusals({"licence": 42})) == ["licence"]


def test_an_upload_over_the_limit_of_the_version_filed_against_is_refused():
    big = {**UPLOADS, "u1": upload("u1", "licence", size=11 * 1024 * 1024)}

    assert refusals({"licence": "u1"}, big) == {
        "licence": ["Licence: the file must be at most 10 MB."]
    }


def test_an_upload_of_a_type_the_version_filed_against_refuses_is_refused():
    gif = {**UPLOADS, "u1": upload("u1", "licence", content_type="image/gif")}

    assert refusals({"licence": "u1"}, gif, "zh_CN") == {
        "licence": ["营业执照：只接受以下类型的文件：PNG 图片、JPEG 图片。"]
    }


def test_blank_answers_are_left_to_the_validator():
    answers = {"licence": "", "site": {"site_plan": None}}

    assert attach_uploads(DEFINITION, answers, {}, ENTERPRISE) == (answers, [])


def test_attached_ids_finds_the_uploads_stored_answers_keep():
    resolved, _ = attach_uploads(DEFINITION, ANSWERS, UPLOADS, ENTERPRISE)

    assert attached_ids(resolved) == {"u1", "u2", "u3", "u4"}
    assert attached_ids({"subject": "u1", "tags": ["u2"]}) == set()


@pytest.mark.parametrize(
    ("path", "name"),
    [("licence", "licence"), ("site.site_plan", "site_plan"), ("outlets.3.photo", "photo"),
     ("photo", "photo"), ("outlets.flow.x", None), ("nothing", None)],
)  # fmt: skip
def test_a_field_is_found_by_name_or_dotted_path(path, name):
    found = find_field(DEFINITION, path)

    assert (found["name"] if found else None) == name


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("营业执照.pdf", "营业执照.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\证照\\执照.png", "执照.png"),
        ("a\x00b\n.png", "ab.png"),
        ("", "file"),
        ("..", "file"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_a_file_name_is_cleaned_for_display(given, shown):
    assert display_name(given) == shown


def test_limits_default_by_type():
    assert limits_of({"type": "image"}).accept == ("image/png", "image/jpeg")
    assert limits_of({"type": "file"}).accept == ("application/pdf", "image/png", "image/jpeg")
    assert limits_of({"type": "file"}).max_bytes == 10 * 1024 * 1024


def test_a_file_field_compiles_to_the_closed_object_its_answer_is():
    schema = compile_field({"name": "scan", "type": "file", "max_size_mb": 2})
    validator = jsonschema.Draft202012Validator(schema)
    answer = upload("u1", "scan").answer()

    assert schema["required"] == ["id", "name", "size", "type", "sha256"]
    assert schema["additionalProperties"] is False
    assert validator.is_valid(answer)
    assert not validator.is_valid({**answer, "path": "/etc/passwd"})
    assert not validator.is_valid({**answer, "size": 2 * 1024 * 1024 + 1})
    assert not validator.is_valid({**answer, "type": "image/gif"})
    assert not validator.is_valid("u1")


def test_every_type_a_field_may_accept_has_a_name_in_both_languages():
    assert set(MIME_NAMES) == set(MIME_TYPES)
    assert all(name["zh_CN"] and name["en"] for name in MIME_NAMES.values())
