"""Errors of the forms service, and the field errors a submission can have."""

from __future__ import annotations

import dataclasses
from typing import Any

from services.forms.domain.messages import (
    ROW_LABEL,
    SUBMISSION_MESSAGES,
    localise,
    render,
    text_of,
)
from shared.errors import Conflict, DomainError, NotFound


@dataclasses.dataclass(frozen=True)
class FieldError:
    """One broken rule of a submission: the field's name (``""`` for the whole answer
    object), the rule from ``SUBMISSION_MESSAGES`` and the rule's parameters."""

    field: str
    rule: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


class FormsError(DomainError):
    """Raised when the forms service refuses a command."""


class InvalidDefinition(FormsError):
    """Raised when a form definition breaks the definition format.

    ``errors`` is the marshmallow error tree (field path → messages) in English.
    """

    status = 422

    def __init__(self, errors: dict):
        super().__init__(
            {"zh_CN": "表单定义不符合格式要求。", "en": "The form definition is not valid."},
            field="definition",
            rule="definition",
        )
        self.errors = errors

    def messages(self, locale: str) -> dict:
        """The error tree with every message in ``locale`` (``zh_CN`` or ``en``)."""
        return localise(self.errors, locale)

    def field_errors(self, locale: str) -> dict:
        return {"definition": self.messages(locale)}


class InvalidSubmission(FormsError):
    """Raised when the answers of a submission break the rules of its form version.

    ``labels`` maps field names (and ``""``, the form) to ``{"zh_CN": ..., "en": ...}``.
    """

    status = 422

    def __init__(self, field_errors: list[FieldError], labels: dict[str, dict] | None = None):
        super().__init__(
            {"zh_CN": "部分回答不符合要求。", "en": "Some answers are not valid."},
            field="answers",
            rule="answers",
        )
        self.field_errors_list = field_errors
        self.labels = labels or {}

    @property
    def field_errors_by_name(self) -> dict[str, list[FieldError]]:
        grouped: dict[str, list[FieldError]] = {}
        for error in self.field_errors_list:
            grouped.setdefault(error.field or "answers", []).append(error)
        return grouped

    def messages(self, locale: str) -> list[str]:
        """One message per field error in ``locale``, naming the field by its label."""
        return [field_message(error, self.labels, locale) for error in self.field_errors_list]

    def field_errors(self, locale: str) -> dict[str, list[str]]:
        """Messages by field name, for the API and the form page."""
        return {
            name: [field_message(error, self.labels, locale) for error in errors]
            for name, errors in self.field_errors_by_name.items()
        }


class FormNotFound(FormsError, NotFound):
    """Raised when no form has the requested key or id within the caller's org scope."""

    def __init__(self, key: str, field: str = "form"):
        super().__init__(
            {
                "zh_CN": f"找不到可填写的表单“{key}”。",
                "en": f"There is no form “{key}” available to you.",
            },
            field=field,
            rule="unknown_form",
        )


class NothingToPublish(FormsError, Conflict):
    """Raised when the draft is the same as the latest published version."""

    def __init__(self, version: int):
        super().__init__(
            {
                "zh_CN": f"草稿与已发布的第 {version} 版相同，无需重新发布。",
                "en": f"The draft is the same as published version {version}; nothing to publish.",
            },
            rule="unchanged",
        )


class KeyTaken(FormsError, Conflict):
    """Raised when the org unit already has a form with this key."""

    def __init__(self, key: str):
        super().__init__(
            {
                "zh_CN": f"本单位已有标识为“{key}”的表单。",
                "en": f"Your unit already has a form “{key}”.",
            },
            field="key",
            rule="unique",
        )


class FormChangedWhileFiling(FormsError, Conflict):
    """Raised when new versions kept being published while a submission was filed."""

    def __init__(self, key: str):
        super().__init__(
            {
                "zh_CN": f"表单“{key}”正在更新，请稍后重新提交。",
                "en": f"The form “{key}” is being updated; please submit again in a moment.",
            },
            field="form",
            rule="changed",
        )


#: The request header that names a submission request (see domain/idempotency.py).
IDEMPOTENCY_KEY = "Idempotency-Key"


class InvalidIdempotencyKey(FormsError):
    """Raised when an ``Idempotency-Key`` is not 1 to 200 visible ASCII characters."""

    def __init__(self):
        super().__init__(
            {
                "zh_CN": "Idempotency-Key 必须是 1 到 200 个可见 ASCII 字符（不含空格）。",
                "en": "Idempotency-Key must be 1 to 200 visible ASCII characters (no spaces).",
            },
            field=IDEMPOTENCY_KEY,
            rule="format",
        )


class IdempotencyKeyReused(FormsError, Conflict):
    """Raised when a user's ``Idempotency-Key`` already names a different request (another
    form or other answers) of the last 24 hours."""

    def __init__(self):
        super().__init__(
            {
                "zh_CN": "该 Idempotency-Key 在 24 小时内已用于另一份申请（表单或回答不同），"
                "新的申请请换用新的键。",
                "en": "This Idempotency-Key was used within the last 24 hours for a different "
                "request (another form or other answers); use a new key for a new request.",
            },
            field=IDEMPOTENCY_KEY,
            rule="reused",
        )


class SubmissionKeyTaken(FormsError, Conflict):
    """Raised by the storage when another request of the same user with the same
    ``Idempotency-Key`` stored its key first, while this one was being filed."""

    def __init__(self):
        super().__init__(
            {
                "zh_CN": "使用同一 Idempotency-Key 的另一请求正在提交，请稍后重试。",
                "en": "Another request with this Idempotency-Key is being filed; "
                "please try again in a moment.",
            },
            field=IDEMPOTENCY_KEY,
            rule="in_progress",
        )


class DraftNotFound(FormsError, NotFound):
    """Raised when the person has no draft of the form: other people's drafts are never
    found."""

    def __init__(self):
        super().__init__(
            {"zh_CN": "您没有这份表单的草稿。", "en": "You have no draft of this form."},
            field="form_key",
            rule="no_draft",
        )


def field_message(error: FieldError, labels: dict[str, dict], locale: str) -> str:
    """Render ``error`` in ``locale``; a field without a label is named by its name."""
    label = path_label(error.field, labels, locale)
    return render(SUBMISSION_MESSAGES, error.rule, {**error.params, "label": label}, locale)


def path_label(path: str, labels: dict[str, dict], locale: str) -> str:
    """How a message names the field at ``path``: its label, and for a field in a row of
    a repeating group (``outlets.2.flow``) the group, the row (from 1) and the label."""
    parts = path.split(".")

    def label(name: str) -> str:
        return text_of(labels.get(name), locale) or name

    if len(parts) >= 2 and parts[1].isdigit():
        row = int(parts[1]) + 1
        inner = label(parts[-1]) if len(parts) > 2 else ""
        text = ROW_LABEL[locale].format(group=label(parts[0]), row=row, label=inner)
        return text.strip(" ,")
    return label(parts[-1])


class InvalidOptionList(FormsError):
    """Raised when an option list breaks the option list format (``errors`` as for
    ``InvalidDefinition``)."""

    status = 422

    def __init__(self, errors: dict):
        super().__init__(
            {"zh_CN": "选项列表不符合格式要求。", "en": "The option list is not valid."},
            field="option_list",
            rule="option_list",
        )
        self.errors = errors

    def field_errors(self, locale: str) -> dict:
        return localise(self.errors, locale)


class OptionListNotFound(FormsError, NotFound):
    """Raised when no option list has the id within the caller's org scope."""

    def __init__(self, list_id: str):
        super().__init__(
            {
                "zh_CN": f"找不到选项列表“{list_id}”。",
                "en": f"There is no option list “{list_id}”.",
            },
            field="option_list",
            rule="unknown_option_list",
        )


class VersionNotFound(FormsError, NotFound):
    """Raised when a form has no published version with the requested number."""

    def __init__(self, number, field: str = "version"):
        super().__init__(
            {
                "zh_CN": f"该表单没有第 {number} 版。",
                "en": f"This form has no version {number}.",
            },
            field=field,
            rule="unknown_version",
        )


class NotATemplate(FormsError, Conflict):
    """Raised when a county adopts or forks a form the province has not made a template."""

    def __init__(self, title: dict):
        super().__init__(
            {
                "zh_CN": f"表单“{_name(title, 'zh_CN')}”不是模板，不能采用或派生。",
                "en": f"The form “{_name(title, 'en')}” is not a template; "
                "it cannot be adopted or forked.",
            },
            field="template",
            rule="not_template",
        )


class AlreadyForked(FormsError, Conflict):
    """Raised when a county forks a template while it already has its own form of the key."""

    def __init__(self, title: dict):
        super().__init__(
            {
                "zh_CN": f"本单位已有自己的“{_name(title, 'zh_CN')}”表单；"
                "如需重新派生，请先改为采用模板。",
                "en": f"Your unit already has its own form “{_name(title, 'en')}”; "
                "adopt the template first to fork it again.",
            },
            field="template",
            rule="already_forked",
        )


class TemplateOwner(FormsError, Conflict):
    """Raised when a county's form is flagged as a template: only a province's or a city's
    form can be one."""

    def __init__(self):
        super().__init__(
            {
                "zh_CN": "只有省级或市级单位的表单可以设为模板。",
                "en": "Only a province's or a city's form can be a template.",
            },
            field="is_template",
            rule="template_owner",
        )


class NotAFork(FormsError, Conflict):
    """Raised when template changes are merged into a form that is not a county's fork."""

    def __init__(self):
        super().__init__(
            {
                "zh_CN": "该表单不是从模板派生的，没有可合并的模板改动。",
                "en": "This form is not forked from a template; "
                "there are no template changes to merge.",
            },
            field="form",
            rule="not_a_fork",
        )


class NotInDiff(FormsError):
    """Raised when a merge names a field the template did not change since the fork."""

    status = 422

    def __init__(self, path: str):
        super().__init__(
            {
                "zh_CN": f"字段“{path}”不在模板自派生以来的改动中。",
                "en": f"The field “{path}” is not among the template's changes since the fork.",
            },
            field="field",
            rule="not_in_diff",
        )


class AlreadyMerged(FormsError, Conflict):
    """Raised when a template change is merged into a draft that already has it."""

    def __init__(self, label: dict):
        super().__init__(
            {
                "zh_CN": f"模板对字段“{_name(label, 'zh_CN')}”的改动已在草稿中。",
                "en": f"The template's change to the field “{_name(label, 'en')}” is already "
                "in the draft.",
            },
            field="field",
            rule="already_merged",
        )


class MergeConflict(FormsError, Conflict):
    """Raised when a template change cannot be applied to a county's draft as it stands."""

    def __init__(self, label: dict, rule: str, texts: dict[str, str]):
        super().__init__(
            {
                "zh_CN": f"字段“{_name(label, 'zh_CN')}”无法合并：{texts['zh_CN']}",
                "en": f"The field “{_name(label, 'en')}” cannot be merged: {texts['en']}",
            },
            field="field",
            rule=rule,
        )


def _name(title: dict, locale: str) -> str:
    """A title in ``locale``, falling back to the other language."""
    return title.get(locale) or next((text for text in title.values() if text), "")


class InvalidUpload(FormsError):
    """Raised when an uploaded file is refused; nothing of it is kept."""

    status = 422


def _named(label: dict, texts: dict[str, str]) -> dict[str, str]:
    """Messages that start with the field's label, in each language."""
    return {
        locale: f"{label.get(locale) or label.get('zh_CN') or label.get('en', '')}{text}"
        for locale, text in texts.items()
    }


class UploadFieldUnknown(InvalidUpload):
    """Raised when the form named has no file or image field of that name for the user."""

    def __init__(self, form_key: str, field: str, *, unknown_form: bool = False):
        what = "form" if unknown_form else "field"
        super().__init__(
            {
                "zh_CN": f"表单“{form_key}”中没有可上传文件的“{field}”一项。",
                "en": f"The form “{form_key}” has no file or image field “{field}”.",
            },
            field=what,
            rule="unknown_field",
        )


class UploadMissing(InvalidUpload):
    """Raised when the request carries no file, or a form key or field name is missing."""

    def __init__(self, field: str = "file"):
        texts = {
            "file": {"zh_CN": "请选择要上传的文件。", "en": "Choose a file to upload."},
            "form": {"zh_CN": "缺少表单标识（form）。", "en": "The form key (form) is missing."},
            "field": {"zh_CN": "缺少字段名（field）。", "en": "The field name (field) is missing."},
        }
        super().__init__(texts[field], field=field, rule="required")


class UploadEmpty(InvalidUpload):
    """Raised when the uploaded file has no content."""

    def __init__(self, label: dict):
        texts = {"zh_CN": "：上传的文件是空的。", "en": ": the uploaded file is empty."}
        super().__init__(_named(label, texts), field="file", rule="empty")


class UploadTooLarge(InvalidUpload):
    """Raised when a file is larger than its field's ``max_size_mb``, or the request
    larger than any field may take."""

    status = 413

    def __init__(self, label: dict, limit_mb: int):
        texts = {
            "zh_CN": f"：文件不能超过 {limit_mb} MB。",
            "en": f": the file must be at most {limit_mb} MB.",
        }
        super().__init__(_named(label, texts), field="file", rule="max_size")


class UploadTypeRefused(InvalidUpload):
    """Raised when the content is of a type the field does not accept (whatever the
    file's name or the Content-Type the client sent)."""

    def __init__(self, label: dict, found: dict[str, str], accepted: dict[str, str]):
        texts = {
            "zh_CN": f"：这个文件的内容是{found['zh_CN']}，只接受{accepted['zh_CN']}。",
            "en": f": this file's content is {found['en']}; accepted: {accepted['en']}.",
        }
        super().__init__(_named(label, texts), field="file", rule="accept")


class UploadsTaken(FormsError, Conflict):
    """Raised when an upload was filed with another submission while this one was filed."""

    def __init__(self):
        super().__init__(
            {
                "zh_CN": "附件刚刚随另一份申请提交了，请重新上传后再提交。",
                "en": "An attachment was just filed with another submission; "
                "upload it again and resubmit.",
            },
            field="answers",
            rule="upload",
        )
