"""Attachments: enterprises upload files for file and image fields, file them as answers,
and those who may read the submission download them; every bad upload is refused with
the field and the rule, and leaves nothing behind."""

import hashlib
import io
import os
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import func, select, text
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from services.forms.adapters import orm
from shared.web import BODY_LIMITS

PERMIT_RENEWAL = {
    "key": "permit-renewal",
    "title": {"zh_CN": "排污许可证延续", "en": "Permit renewal"},
    "fields": [
        {
            "name": "subject",
            "type": "text",
            "required": True,
            "label": {"zh_CN": "事项", "en": "Subject"},
        },
        {
            "name": "licence",
            "type": "image",
            "required": True,
            "max_size_mb": 1,
            "label": {"zh_CN": "营业执照照片", "en": "Business licence photo"},
        },
        {
            "name": "report",
            "type": "file",
            "max_size_mb": 5,
            "accept": ["application/pdf"],
            "label": {"zh_CN": "监测报告", "en": "Monitoring report"},
        },
    ],
}


def png(width: int = 1, trailing: int = 0) -> bytes:
    """A real PNG image, one pixel high, and ``trailing`` random bytes after it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + (1).to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00" + b"\x80\x40\x20" * width)
    image = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
    return image + chunk(b"IEND", b"") + os.urandom(trailing)


PNG = png()
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000") + b"\x00" * 64 + b"\xff\xd9"


def pdf(padding: int = 0) -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\n" + b"%" * padding + b"\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def form(web):
    admin = web("shangcheng")
    created = admin.post("/forms/api/forms", json={"definition": PERMIT_RENEWAL}).json
    assert admin.post(f"/forms/api/forms/{created['id']}/publish").status_code == 201
    return created


@pytest.fixture
def upload_dir(seeded) -> Path:
    return Path(seeded.settings.upload_dir)


def upload(client, content: bytes, name: str = "执照.png", field: str = "licence", **extra):
    # The client's Content-Type says nothing about the content: the server decides.
    file = FileStorage(io.BytesIO(content), filename=name, content_type="image/png")
    data = {"form": "permit-renewal", "field": field, "file": file}
    # Encoded in memory: the test client would put a large body in a temporary file
    # that nothing closes.
    body, length, boundary = stream_encode_multipart({**data, **extra}, use_tempfile=False)
    return client.post(
        "/forms/api/uploads",
        input_stream=body,
        content_length=length,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def file_submission(client, **answers):
    answers = {"subject": "许可证延续", **answers}
    return client.post(
        "/forms/api/submissions", json={"form": "permit-renewal", "answers": answers}
    )


def download(client, upload_id: str):
    """The response to a download, read and closed (its file with it)."""
    response = client.get(f"/forms/api/uploads/{upload_id}")
    response.get_data()
    response.close()
    return response


def stored_files(upload_dir: Path) -> list[str]:
    return sorted(p.name for p in upload_dir.iterdir()) if upload_dir.exists() else []


def upload_rows(seeded) -> int:
    with seeded.runtimes["forms"].engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(orm.uploads)).scalar_one()


def assert_nothing_kept(seeded, upload_dir):
    assert stored_files(upload_dir) == []
    assert upload_rows(seeded) == 0


def test_an_upload_answers_its_field_with_name_size_type_and_hash(web, form):
    client = web("qiantang")
    uploaded = upload(client, PNG, name="../证照/营业执照.png")
    assert uploaded.status_code == 201, uploaded.json

    filed = file_submission(client, licence=uploaded.json["id"])

    assert filed.status_code == 201, filed.json
    assert filed.json["data"]["licence"] == {
        "id": uploaded.json["id"],
        "name": "营业执照.png",
        "size": len(PNG),
        "type": "image/png",
        "sha256": hashlib.sha256(PNG).hexdigest(),
    }


def test_the_enterprise_and_staff_in_scope_download_the_filed_attachment(web, form):
    client = web("qiantang")
    upload_id = upload(client, PNG, name="营业执照.png").json["id"]
    assert file_submission(client, licence={"id": upload_id}).status_code == 201

    for reader in (client, web("shangcheng"), web("liaison"), web("province")):
        response = download(reader, upload_id)
        assert response.status_code == 200
        assert response.data == PNG
        assert response.headers["Content-Type"] == "image/png"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=UTF-8''{quote('营业执照.png')}" in disposition


@pytest.mark.parametrize("outsider", ["qingyuan", "xixi", "xihu"])
def test_other_enterprises_and_staff_outside_the_county_get_not_found(web, form, outsider):
    client = web("qiantang")
    upload_id = upload(client, PNG).json["id"]
    file_submission(client, licence=upload_id)

    response = download(web(outsider), upload_id)

    assert response.status_code == 404
    assert response.data != PNG


def test_before_it_is_filed_only_the_uploader_downloads_an_upload(web, form):
    upload_id = upload(web("qiantang"), PNG).json["id"]

    assert download(web("qiantang"), upload_id).status_code == 200
    assert download(web("shangcheng"), upload_id).status_code == 404
    assert download(web("qingyuan"), upload_id).status_code == 404


def test_a_pdf_named_png_is_refused_for_an_image_field_by_its_content(
    web, form, seeded, upload_dir
):
    client = web("qiantang", language="zh-CN")

    response = upload(client, pdf(), name="licence.png")

    assert response.status_code == 422
    assert response.json["errors"] == {
        "file": ["营业执照照片：这个文件的内容是PDF 文档，只接受PNG 图片、JPEG 图片。"]
    }
    assert_nothing_kept(seeded, upload_dir)


def test_a_type_the_field_does_not_accept_is_refused_naming_the_accepted_ones(
    web, form, seeded, upload_dir
):
    response = upload(web("qiantang"), JPEG, name="report.pdf", field="report")

    assert response.status_code == 422
    assert response.json["errors"]["file"] == [
        "Monitoring report: this file's content is JPEG image; accepted: PDF document."
    ]
    assert_nothing_kept(seeded, upload_dir)


def test_a_file_larger_than_the_fields_limit_is_refused(web, form, seeded, upload_dir):
    response = upload(web("qiantang"), png(trailing=1024 * 1024))

    assert response.status_code == 413
    assert response.json["errors"]["file"] == [
        "Business licence photo: the file must be at most 1 MB."
    ]
    assert_nothing_kept(seeded, upload_dir)


def test_a_file_over_the_apps_usual_body_limit_is_accepted_within_the_fields_limit(web, form):
    big = pdf(padding=3 * 1024 * 1024)  # over MAX_CONTENT_LENGTH's 2 MiB

    response = upload(web("qiantang"), big, name="report.pdf", field="report")

    assert response.status_code == 201, response.json
    assert response.json["size"] == len(big)


def test_a_body_over_the_upload_routes_limit_gets_a_bilingual_413(web, form, seeded):
    seeded.apps["forms"].config[BODY_LIMITS]["forms_uploads.upload"] = 1024

    english = upload(web("qiantang"), png(trailing=2048))
    chinese = upload(web("qiantang", language="zh-CN"), png(trailing=2048))

    assert english.status_code == chinese.status_code == 413
    assert english.json["errors"] == {"file": ["Attachment: the file must be at most 100 MB."]}
    assert chinese.json["errors"] == {"file": ["附件：文件不能超过 100 MB。"]}


def test_an_empty_file_is_refused(web, form, seeded, upload_dir):
    response = upload(web("qiantang"), b"")

    assert response.status_code == 422
    assert response.json["errors"] == {
        "file": ["Business licence photo: the uploaded file is empty."]
    }
    assert_nothing_kept(seeded, upload_dir)


def test_a_request_without_a_file_is_refused(web, form):
    response = web("qiantang").post(
        "/forms/api/uploads", data={"form": "permit-renewal", "field": "licence"}
    )

    assert response.status_code == 422
    assert response.json["errors"] == {"file": ["Choose a file to upload."]}


@pytest.mark.parametrize(
    ("form_key", "field", "where"),
    [
        ("permit-renewal", "no_such_field", "field"),
        ("permit-renewal", "subject", "field"),  # a text field
        ("no-such-form", "licence", "form"),
    ],
)
def test_an_unknown_form_or_a_field_that_takes_no_file_is_refused(
    web, form, seeded, upload_dir, form_key, field, where
):
    response = upload(web("qiantang"), PNG, field=field, form=form_key)

    assert response.status_code == 422
    assert list(response.json["errors"]) == [where]
    assert field in response.json["errors"][where][0]
    assert_nothing_kept(seeded, upload_dir)


def test_staff_cannot_upload(web, form):
    assert upload(web("shangcheng"), PNG).status_code == 403


def test_another_users_upload_is_refused_at_submission(web, form):
    upload_id = upload(web("qingyuan"), PNG).json["id"]

    response = file_submission(web("qiantang"), licence=upload_id)

    assert response.status_code == 422
    assert list(response.json["errors"]) == ["licence"]
    assert response.json["errors"]["licence"][0].startswith("Business licence photo: this is not")


def test_an_upload_already_filed_is_refused_with_a_second_submission(web, form):
    client = web("qiantang", language="zh-CN")
    upload_id = upload(client, PNG).json["id"]
    assert file_submission(client, licence=upload_id).status_code == 201

    again = file_submission(client, licence=upload_id)

    assert again.status_code == 422
    assert again.json["errors"]["licence"][0].startswith("营业执照照片：找不到")
    assert len(client.get("/forms/api/submissions").json) == 1


def test_an_upload_for_another_field_is_refused_at_submission(web, form):
    client = web("qiantang")
    report_id = upload(client, pdf(), name="r.pdf", field="report").json["id"]

    response = file_submission(client, licence=report_id)

    assert response.status_code == 422
    assert list(response.json["errors"]) == ["licence"]


def test_an_upload_that_cannot_be_recorded_leaves_no_file(web, form, seeded, upload_dir):
    # Given a database that refuses the upload's row
    with seeded.runtimes["forms"].engine.begin() as connection:
        connection.execute(text("DROP TABLE uploads"))

    response = upload(web("qiantang"), PNG)

    assert response.status_code == 500
    assert stored_files(upload_dir) == []


def test_the_submission_page_links_file_answers_with_name_and_size_and_shows_images(web, form):
    client = web("qiantang")
    photo = upload(client, PNG, name="执照.png").json["id"]
    report = upload(client, pdf(padding=2100), name="监测报告.pdf", field="report").json
    filed = file_submission(client, licence=photo, report=report["id"]).json

    page = client.get(f"/forms/submissions/{filed['id']}").get_data(as_text=True)

    assert f'<a href="/forms/api/uploads/{report["id"]}" download>监测报告.pdf</a>' in page
    assert '<span class="muted">2.1 KB</span>' in page
    assert f'<img src="/forms/api/uploads/{photo}" alt="执照.png"' in page
