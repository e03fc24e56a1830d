"""The outlet check form (groups, a repeating group, a file) with its two versions and a
submission to each: through the API (``file_outlet_check``), or stored straight through
the repository for the repository's own tests on PostgreSQL (``store_outlet_check``)."""

from __future__ import annotations

import io
from dataclasses import asdict
from datetime import UTC, datetime

from services.forms.domain.model import Form, FormVersion, Submission
from tests.unit.forms.export_samples import FILED_V1, FILED_V2, OUTLET_CHECK_V1, outlet_check_v2

COUNTY_PATH = "33/3301/330102"
AT = datetime(2026, 11, 1, tzinfo=UTC)


def store_outlet_check(runtime, earlier_versions: dict | None = None, extra_filed=()) -> str:
    """Store the form owned by Shangcheng; returns its id.

    :param earlier_versions: definitions by version id, stored as versions before v1.
    :param extra_filed: more ``Filed`` submissions.
    """
    form_id = "form-outlet-check"
    versions = {**(earlier_versions or {}), "v1": OUTLET_CHECK_V1, "v2": outlet_check_v2()}
    with runtime.uow() as uow:
        form = Form(form_id, "outlet-check", COUNTY_PATH, "330102", outlet_check_v2(), "admin",
                    AT, AT)  # fmt: skip
        for number, (version_id, definition) in enumerate(versions.items(), start=1):
            form.versions.append(
                FormVersion(version_id, form_id, number, definition, {}, AT, "admin")
            )
        uow.forms.add(form)
        uow.session.flush()
        for index, filed in enumerate((FILED_V1, FILED_V2, *extra_filed)):
            uow.forms.add(submission(form_id, filed, index))
        uow.commit()
    return form_id


def submission(form_id: str, filed, index: int) -> Submission:
    return Submission(
        id=f"submission-{index}",
        form_id=form_id,
        form_key="outlet-check",
        org_path=COUNTY_PATH,
        **asdict(filed),
    )


#: A small PDF for the report field, uploaded through the API.
REPORT_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload_report(enterprise) -> str:
    response = enterprise.post(
        "/forms/api/uploads",
        data={
            "form": "outlet-check",
            "field": "report",
            "file": (io.BytesIO(REPORT_PDF), "报告.pdf"),
        },
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def file_outlet_check(web) -> tuple[str, list[str]]:
    """The outlet check form through the API: Shangcheng publishes version 1, an
    enterprise files FILED_V1's answers (its report uploaded through the API), version 2
    is published and FILED_V2's answers are filed.

    :returns: the form id and the two acceptance numbers.
    """
    admin, enterprise = web("shangcheng"), web("qiantang")
    form_id = admin.post("/forms/api/forms", json={"definition": OUTLET_CHECK_V1}).json["id"]
    numbers = []
    for definition, filed in ((None, FILED_V1), (outlet_check_v2(), FILED_V2)):
        if definition is not None:
            saved = admin.put(f"/forms/api/forms/{form_id}/draft", json={"definition": definition})
            assert saved.status_code == 200, saved.json
        assert admin.post(f"/forms/api/forms/{form_id}/publish").status_code == 201
        answers = {k: v for k, v in filed.data.items() if k != "report"}
        if "report" in filed.data:
            answers["report"] = upload_report(enterprise)
        response = enterprise.post(
            "/forms/api/submissions", json={"form": "outlet-check", "answers": answers}
        )
        assert response.status_code == 201, response.json
        numbers.append(response.json["acceptance_number"])
    return form_id, numbers
