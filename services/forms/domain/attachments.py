"""Attachments: the limits of file and image fields, and uploads resolved into answers.

An enterprise uploads a file for one field of a form first (``POST /forms/api/uploads``)
and gives the upload's id as that field's answer. When the submission is filed, each such
id is checked and replaced by what the answer keeps: the id, the file's name, size in
bytes, content type (decided from the content) and SHA-256.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.forms.domain.compiler import DEFAULT_ACCEPT, DEFAULT_MAX_SIZE_MB, UPLOAD_KEYS
from services.forms.domain.errors import FieldError, InvalidSubmission
from services.forms.domain.layout import walk
from services.forms.domain.submission import located_answers

ATTACHMENT_TYPES = ("file", "image")
MEGABYTE = 1024 * 1024
#: The content types a field may accept (``definition.MIME_TYPES``) by the names people
#: know them by, for messages.
MIME_NAMES = {
    "application/pdf": {"zh_CN": "PDF 文档", "en": "PDF document"},
    "image/png": {"zh_CN": "PNG 图片", "en": "PNG image"},
    "image/jpeg": {"zh_CN": "JPEG 图片", "en": "JPEG image"},
    "image/gif": {"zh_CN": "GIF 图片", "en": "GIF image"},
    "image/webp": {"zh_CN": "WebP 图片", "en": "WebP image"},
    "application/zip": {"zh_CN": "ZIP 压缩包", "en": "ZIP archive"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
        "zh_CN": "Word 文档（.docx）",
        "en": "Word document (.docx)",
    },
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "zh_CN": "Excel 表格（.xlsx）",
        "en": "Excel workbook (.xlsx)",
    },
    "application/msword": {"zh_CN": "Word 文档（.doc）", "en": "Word document (.doc)"},
    "application/vnd.ms-excel": {"zh_CN": "Excel 表格（.xls）", "en": "Excel workbook (.xls)"},
    "text/plain": {"zh_CN": "纯文本（UTF-8）", "en": "plain text (UTF-8)"},
}
#: Types a browser shows in an ``<img>``: such answers get a thumbnail.
PREVIEWABLE = ("image/png", "image/jpeg", "image/gif", "image/webp")
#: Longest file name kept for display, in characters.
MAX_NAME_LENGTH = 200
#: The name shown for a file that came without a usable one.
UNNAMED = "file"


@dataclass
class Upload:
    """A file an enterprise user uploaded for one field of a form; attached to the
    submission that gives it as an answer, or deleted a day later if none does."""

    id: str
    uploaded_by: str
    enterprise_id: str
    form_key: str
    #: The field's name (names are unique across a form, groups included).
    field: str
    #: The file's original name, cleaned for display; never used on disk.
    name: str
    size: int
    #: The content type recognised from the content.
    content_type: str
    sha256: str
    #: The file's name in the upload directory: generated, never the user's.
    stored_name: str
    created_at: datetime
    submission_id: str | None = None

    def answer(self) -> dict:
        """What a submission keeps as the answer."""
        values = (self.id, self.name, self.size, self.content_type, self.sha256)
        return dict(zip(UPLOAD_KEYS, values, strict=True))


@dataclass(frozen=True)
class Limits:
    """What a file or image field accepts."""

    max_size_mb: int
    accept: tuple[str, ...]

    @property
    def max_bytes(self) -> int:
        return self.max_size_mb * MEGABYTE


def limits_of(field: dict) -> Limits:
    """The size limit and accepted types of a file or image field, defaults filled in."""
    accept = field.get("accept") or DEFAULT_ACCEPT[field["type"]]
    return Limits(field.get("max_size_mb", DEFAULT_MAX_SIZE_MB), tuple(accept))


def type_names(types: tuple[str, ...] | list[str], locale: str) -> str:
    """Content types as people name them, listed in ``locale``."""
    separator = "、" if locale == "zh_CN" else ", "
    return separator.join(MIME_NAMES.get(t, {}).get(locale, t) for t in types)


def display_name(filename: str | None) -> str:
    """A client's file name as it may be shown: the last part of any path, without control
    characters, at most 200 characters (the extension kept)."""
    name = re.split(r"[\\/]", unicodedata.normalize("NFC", filename or ""))[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C")).strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        extension = dot + extension if dot and len(extension) <= 10 else ""
        name = name[: MAX_NAME_LENGTH - len(extension)] + extension
    return name if name.strip(".") else UNNAMED


def find_field(definition: dict, path: str) -> dict | None:
    """The field a dotted path names: ``photo``, ``site.photo`` or ``outlets.2.photo``
    (row numbers are skipped); a bare name may also name a group's child, since names are
    unique across a form. None when there is no such field."""
    names = [part for part in path.split(".") if part and not part.isdigit()]
    fields, found = definition["fields"], None
    for name in names:
        found = next((f for f in fields if f["name"] == name), None)
        if found is None:
            break
        fields = found.get("fields", [])
    if found is None and len(names) == 1:
        found = next((f for f, _ in walk(definition["fields"]) if f["name"] == names[0]), None)
    return found


@dataclass(frozen=True)
class AttachmentAnswer:
    """One file or image answer where it stands: its path (``outlets.2.photo``), field,
    and the value given."""

    path: str
    field: dict
    value: Any


def attachment_answers(definition: dict, answers: Any) -> Iterator[AttachmentAnswer]:
    """Every file or image answer given: top-level fields, the children of groups, and the
    children in each row of repeating groups. Blank answers are left to the validator."""
    if not isinstance(answers, dict):
        return
    for path, field, value in located_answers(answers, definition["fields"]):
        if field["type"] in ATTACHMENT_TYPES and not _blank(value):
            yield AttachmentAnswer(path, field, value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def upload_id(value: Any) -> str | None:
    """The upload id an answer gives: a string, or ``{"id": "..."}``; None otherwise."""
    if isinstance(value, dict):
        value = value.get("id")
    return value.strip() if isinstance(value, str) and value.strip() else None


def attach_uploads(
    definition: dict, answers: Any, uploads: Mapping[str, Upload], actor
) -> tuple[Any, list[str]]:
    """Replace each file or image answer's upload id by the upload's answer metadata.

    :param uploads: the uploads the answers name, by id (those that exist).
    :param actor: the enterprise user filing; only their own uploads may be given.
    :returns: new answers (the input is not changed) and the ids of the uploads used.
    :raises InvalidSubmission: rule ``upload`` at each answer that is not the id of an
        upload of this user for this form and field, not yet attached to a submission;
        ``max_size`` or ``accept`` when the field's limits changed since the upload.
    """
    errors, labels, used = [], {}, []
    resolved = _copy(answers)
    for given in attachment_answers(definition, answers):
        upload = uploads.get(upload_id(given.value) or "")
        error = _refusal(given, upload, definition["key"], actor)
        if error is not None:
            errors.append(error)
            # Messages name a field in a row as "Outlets, row 3, Photo" (path_label).
            labels |= _labels_on_path(definition, given.path)
            continue
        _put(resolved, given.path, upload.answer())
        used.append(upload.id)
    if errors:
        raise InvalidSubmission(errors, labels)
    return resolved, used


def _refusal(given: AttachmentAnswer, upload: Upload | None, form_key: str, actor):
    mine = (
        upload is not None
        and upload.uploaded_by == actor.id
        and upload.form_key == form_key
        and upload.field == given.field["name"]
        and upload.submission_id is None
    )
    if not mine:
        return FieldError(given.path, "upload")
    limits = limits_of(given.field)
    if upload.size > limits.max_bytes:
        return FieldError(given.path, "max_size", {"limit": limits.max_size_mb})
    if upload.content_type not in limits.accept:
        names = {locale: type_names(limits.accept, locale) for locale in ("zh_CN", "en")}
        return FieldError(given.path, "accept", {"accepted": names})
    return None


def _labels_on_path(definition: dict, path: str) -> dict[str, dict]:
    names = {part for part in path.split(".") if not part.isdigit()}
    return {f["name"]: f["label"] for f, _ in walk(definition["fields"]) if f["name"] in names}


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _put(answers: dict, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    target: Any = answers
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    target[last] = value


def attached_ids(data: Any) -> set[str]:
    """The ids of the uploads stored answers keep, wherever they stand in ``data``."""
    if isinstance(data, dict):
        if "sha256" in data and isinstance(data.get("id"), str):
            return {data["id"]}
        return set().union(*(attached_ids(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(attached_ids(value) for value in data))
    return set()
