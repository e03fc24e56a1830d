"""The form definition format: its schema, its loader and the programme's demo form.

A definition is JSON that county administrators edit; docs/forms.md describes it.
``load_definition`` checks it and fills in defaults, so a stored version says
everything about itself even if a default changes later.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from marshmallow import ValidationError, fields, validates_schema

from services.forms.domain.compiler import (
    DEFAULT_ACCEPT,
    DEFAULT_MAX_LENGTH,
    DEFAULT_MAX_SIZE_MB,
)
from services.forms.domain.definition_checks import check_whole_form
from services.forms.domain.definition_fields import (
    ByType,
    Flag,
    Object,
    Real,
    StrictSchema,
    Strings,
    Text,
    UniqueItems,
    Whole,
    between,
    item_count,
    matches,
    max_chars,
    not_blank,
    one_of,
)
from services.forms.domain.errors import InvalidDefinition, InvalidOptionList
from services.forms.domain.expressions import KEYWORDS
from services.forms.domain.layout import GROUP, SECTION
from services.forms.domain.messages import Problem

LEAF_TYPES = (
    "text",
    "textarea",
    "integer",
    "number",
    "boolean",
    "date",
    "datetime",
    "email",
    "phone",
    "credit_code",
    "region",
    "rating",
    "select",
    "multiselect",
    "file",
    "image",
)
FIELD_TYPES = (*LEAF_TYPES, GROUP, SECTION)
KEY_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
NAME_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
VALUE_PATTERN = re.compile(r"[a-z0-9]+(?:[_-][a-z0-9]+)*")
MAX_IDENTIFIER_LENGTH = 64
MAX_LABEL_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2000
MAX_FIELDS = 200
MAX_OPTIONS = 200
MAX_TEXT_LENGTH = 50000
MAX_EXPRESSION_LENGTH = 1000
MAX_PATTERN_LENGTH = 500
MAX_ROWS = 500
#: Integer bounds stay within what a browser's JavaScript numbers hold exactly.
SAFE_INTEGER = 2**53 - 1
#: The file types an upload field may accept, checked by content.
MIME_TYPES = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/msword",
    "application/vnd.ms-excel",
    "text/plain",
)
MAX_SIZE_MB = 100
REGION_LEVELS = ("city", "county")


def identifier(pattern: re.Pattern, rule: str) -> list:
    """Validators of an identifier: at most 64 characters, matching ``pattern``."""
    return [max_chars(MAX_IDENTIFIER_LENGTH), matches(pattern, rule)]


def check_order(data: dict, low_key: str, high_key: str) -> None:
    """Refuse ``data[low_key] > data[high_key]`` when both are present and valid."""
    low, high = data.get(low_key), data.get(high_key)
    if low is not None and high is not None and low > high:
        raise ValidationError({low_key: [Problem("range_order", other=high_key, limit=high)]})


def check_needs(data: dict, key: str, other: str) -> None:
    """Refuse ``key`` in ``data`` unless ``other`` is there too (and true)."""
    if key in data and not data.get(other):
        raise ValidationError({key: [Problem("requires_key", other=other)]})


class BilingualSchema(StrictSchema):
    """A text in zh_CN and en, of which one may be left out or blank: pages show the
    reader's language and fall back to the other one."""

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def one_language_at_least(self, data: dict, original: Any, **kwargs: Any) -> None:
        texts = data.values()
        if isinstance(original, dict) and not any(_has_text(text) for text in texts):
            raise ValidationError({"zh_CN": [Problem("no_text")]})


def _has_text(text: Any) -> bool:
    return isinstance(text, str) and bool(text.strip())


class LabelSchema(BilingualSchema):
    """A short text in both languages (or one)."""

    zh_CN = Text(validate=max_chars(MAX_LABEL_LENGTH))
    en = Text(validate=max_chars(MAX_LABEL_LENGTH))


class DescriptionSchema(BilingualSchema):
    """A longer text in both languages (or one)."""

    zh_CN = Text(validate=max_chars(MAX_DESCRIPTION_LENGTH))
    en = Text(validate=max_chars(MAX_DESCRIPTION_LENGTH))


class OptionSchema(StrictSchema):
    """One choice of a select or multiselect field."""

    value = Text(required=True, validate=identifier(VALUE_PATTERN, "value_format"))
    label = Object(LabelSchema, required=True)


def expression() -> Text:
    """An expression of the forms' small language; parsed and typed with the whole form."""
    return Text(validate=[not_blank, max_chars(MAX_EXPRESSION_LENGTH)])


def not_keyword(name: str) -> None:
    """Refuse a name that expressions read as a word of their own (``and``, ``empty``…)."""
    if name in KEYWORDS:
        raise ValidationError(Problem("reserved_name", name=name))


class NamedSchema(StrictSchema):
    """The keys every field has, sections and groups included."""

    name = Text(required=True, validate=[*identifier(NAME_PATTERN, "name_format"), not_keyword])
    type = Text(required=True, validate=one_of(FIELD_TYPES))
    label = Object(LabelSchema, required=True)
    help = Object(DescriptionSchema)
    visible_if = expression()


class SectionSchema(NamedSchema):
    """A page of the form: the fields after it, up to the next section."""


class FieldSchema(NamedSchema):
    """The keys of every field with an answer; on its own, the schema of boolean, date,
    datetime, email, phone, credit_code and rating."""

    required = Flag(load_default=False)
    required_if = expression()
    computed = expression()
    placeholder = Object(LabelSchema)
    #: Checked against the field's answer schema with the whole form.
    default = fields.Raw(allow_none=False)


class TextFieldSchema(FieldSchema):
    """A single line of text, optionally matching ``pattern``."""

    max_length = Whole(
        load_default=DEFAULT_MAX_LENGTH["text"], validate=between(1, MAX_TEXT_LENGTH)
    )
    pattern = Text(validate=[not_blank, max_chars(MAX_PATTERN_LENGTH)])
    pattern_message = Object(LabelSchema)

    @validates_schema(skip_on_field_errors=False)
    def message_needs_pattern(self, data: dict, **kwargs: Any) -> None:
        check_needs(data, "pattern_message", "pattern")


class TextareaFieldSchema(TextFieldSchema):
    """Several lines of text."""

    max_length = Whole(
        load_default=DEFAULT_MAX_LENGTH["textarea"], validate=between(1, MAX_TEXT_LENGTH)
    )


class IntegerFieldSchema(FieldSchema):
    """A whole number, optionally between ``min`` and ``max``."""

    min = Whole(validate=between(-SAFE_INTEGER, SAFE_INTEGER))
    max = Whole(validate=between(-SAFE_INTEGER, SAFE_INTEGER))

    @validates_schema(skip_on_field_errors=False)
    def min_not_above_max(self, data: dict, **kwargs: Any) -> None:
        check_order(data, "min", "max")


class NumberFieldSchema(FieldSchema):
    """A number, optionally between ``min`` and ``max``."""

    min = Real()
    max = Real()

    @validates_schema(skip_on_field_errors=False)
    def min_not_above_max(self, data: dict, **kwargs: Any) -> None:
        check_order(data, "min", "max")


def option_items(**kwargs: Any) -> UniqueItems:
    """1 to 200 options with different values."""
    return UniqueItems(
        Object(OptionSchema),
        unique_key="value",
        duplicate_rule="duplicate_value",
        validate=item_count(MAX_OPTIONS),
        **kwargs,
    )


class SelectFieldSchema(FieldSchema):
    """One choice among ``options``, given here or copied from the shared option list
    ``option_list`` names."""

    options = option_items()
    option_list = Text(validate=identifier(KEY_PATTERN, "key_format"))

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def options_or_list(self, data: dict, original: Any, **kwargs: Any) -> None:
        if "options" in original:
            return
        if isinstance(original.get("option_list"), str):
            raise ValidationError(
                {"option_list": [Problem("unknown_option_list", value=original["option_list"])]}
            )
        raise ValidationError({"options": [Problem("required")]})


class MultiselectFieldSchema(SelectFieldSchema):
    """Several different choices among ``options``, between ``min_items`` and ``max_items``."""

    min_items = Whole(validate=between(0, MAX_OPTIONS))
    max_items = Whole(validate=between(1, MAX_OPTIONS))

    @validates_schema(skip_on_field_errors=False)
    def min_items_not_above_max_items(self, data: dict, **kwargs: Any) -> None:
        check_order(data, "min_items", "max_items")

    @validates_schema
    def limits_within_options(self, data: dict, **kwargs: Any) -> None:
        count = len(data.get("options", []))
        keys = [key for key in ("min_items", "max_items") if data.get(key, 0) > count]
        if keys:
            raise ValidationError({key: [Problem("at_most", limit=count)] for key in keys})


class RegionFieldSchema(FieldSchema):
    """A division of the directory's tree, chosen down to ``level``."""

    level = Text(load_default="county", validate=one_of(REGION_LEVELS, rule="one_of"))


def upload_schema(kind: str) -> type[FieldSchema]:
    """The schema of a ``file`` or ``image`` field: its size limit and accepted types."""

    class UploadFieldSchema(FieldSchema):
        max_size_mb = Whole(load_default=DEFAULT_MAX_SIZE_MB, validate=between(1, MAX_SIZE_MB))
        accept = Strings(
            Text(validate=one_of(MIME_TYPES, rule="one_of")),
            load_default=lambda: list(DEFAULT_ACCEPT[kind]),
            validate=item_count(len(MIME_TYPES)),
        )

    UploadFieldSchema.__name__ = f"{kind.title()}FieldSchema"
    return UploadFieldSchema


LEAF_SCHEMAS = {
    "text": TextFieldSchema,
    "textarea": TextareaFieldSchema,
    "integer": IntegerFieldSchema,
    "number": NumberFieldSchema,
    "boolean": FieldSchema,
    "date": FieldSchema,
    "datetime": FieldSchema,
    "email": FieldSchema,
    "phone": FieldSchema,
    "credit_code": FieldSchema,
    "region": RegionFieldSchema,
    "rating": FieldSchema,
    "select": SelectFieldSchema,
    "multiselect": MultiselectFieldSchema,
    "file": upload_schema("file"),
    "image": upload_schema("image"),
}


class GroupSchema(NamedSchema):
    """A titled set of fields; with ``repeat`` a table of rows."""

    required = Flag(load_default=False)
    repeat = Flag(load_default=False)
    min_rows = Whole(validate=between(0, MAX_ROWS))
    max_rows = Whole(validate=between(1, MAX_ROWS))
    fields = UniqueItems(
        ByType(LEAF_SCHEMAS, fallback=FieldSchema, misplaced=(GROUP, SECTION)),
        unique_key="name",
        duplicate_rule="duplicate_name",
        required=True,
        validate=item_count(MAX_FIELDS),
    )

    @validates_schema(skip_on_field_errors=False)
    def rows_need_repeat(self, data: dict, **kwargs: Any) -> None:
        check_needs(data, "min_rows", "repeat")
        check_needs(data, "max_rows", "repeat")
        check_order(data, "min_rows", "max_rows")


FIELD_SCHEMAS = {**LEAF_SCHEMAS, GROUP: GroupSchema, SECTION: SectionSchema}


class FormDefinitionSchema(StrictSchema):
    """A form definition: its key, title, optional description and ordered fields."""

    key = Text(required=True, validate=identifier(KEY_PATTERN, "key_format"))
    title = Object(LabelSchema, required=True)
    description = Object(DescriptionSchema)
    fields = UniqueItems(
        ByType(FIELD_SCHEMAS, fallback=FieldSchema),
        unique_key="name",
        duplicate_rule="duplicate_name",
        required=True,
        validate=item_count(MAX_FIELDS),
    )

    @validates_schema
    def whole_form_rules(self, data: dict, **kwargs: Any) -> None:
        errors = check_whole_form(data["fields"])
        if errors:
            raise ValidationError({"fields": errors})


class OptionListSchema(StrictSchema):
    """A shared list of options: its key, title and options."""

    key = Text(required=True, validate=identifier(KEY_PATTERN, "key_format"))
    title = Object(LabelSchema, required=True)
    options = option_items(required=True)


def load_definition(data: Any, option_lists: Callable[[str], list | None] | None = None) -> dict:
    """Check a form definition and return it with every default filled in.

    :param data: the definition as decoded from JSON.
    :param option_lists: finds the options of a shared list by its key (None when there
        is no such list for this form); a field naming an ``option_list`` gets a copy of
        its options. Without it, fields keep the options they carry.
    :returns: a new dict; the input is not changed.
    :raises InvalidDefinition: naming each broken rule by its path in the definition.
    """
    if option_lists is not None:
        data = with_listed_options(data, option_lists)
    try:
        return FormDefinitionSchema().load(data)
    except ValidationError as error:
        raise InvalidDefinition(error.messages) from error


def with_listed_options(data: Any, option_lists: Callable[[str], list | None]) -> Any:
    """A copy of ``data`` in which every choice field naming an option list carries the
    list's current options (and none when the list is unknown, which loading refuses)."""
    if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
        return data
    return {**data, "fields": [_listed(field, option_lists) for field in data["fields"]]}


def _listed(field: Any, option_lists: Callable[[str], list | None]) -> Any:
    if not isinstance(field, dict):
        return field
    if isinstance(field.get("fields"), list):
        return {**field, "fields": [_listed(child, option_lists) for child in field["fields"]]}
    key = field.get("option_list")
    if not isinstance(key, str):
        return field
    options = option_lists(key)
    without = {name: value for name, value in field.items() if name != "options"}
    return without if options is None else {**without, "options": copy.deepcopy(options)}


def load_option_list(data: Any) -> dict:
    """Check a shared option list (``key``, ``title``, ``options``).

    :raises InvalidOptionList: naming each broken rule by its path.
    """
    try:
        return OptionListSchema().load(data)
    except ValidationError as error:
        raise InvalidOptionList(error.messages) from error


def _label(zh_cn: str, en: str) -> dict:
    return {"zh_CN": zh_cn, "en": en}


def _option(value: str, zh_cn: str, en: str) -> dict:
    return {"value": value, "label": _label(zh_cn, en)}


#: The programme's matter categories, a shared option list seeded on first start.
MATTER_CATEGORIES = {
    "key": "matter-categories",
    "title": _label("诉求类别", "Matter categories"),
    "options": [
        _option("eia_approval", "环评审批", "EIA approval"),
        _option("permit", "排污许可", "Pollutant discharge permit"),
        _option("monitoring", "环境监测", "Environmental monitoring"),
        _option("policy", "政策咨询", "Policy advice"),
        _option("other", "其他", "Other"),
    ],
}

#: The programme's enterprise request form ("one event, one order"), seeded on first start.
ENTERPRISE_REQUEST_DEFINITION = {
    "key": "enterprise-request",
    "title": _label("企业诉求", "Enterprise request"),
    "description": _label(
        "请填写需要生态环境部门协调解决的问题，我们将指定专人跟踪办理直至销号。",
        "Tell us what you need the eco-environment bureau to help resolve; "
        "a named officer will follow it until it is closed.",
    ),
    "fields": [
        {
            "name": "subject",
            "type": "text",
            "label": _label("诉求标题", "Subject"),
            "required": True,
            "max_length": 100,
        },
        {
            "name": "category",
            "type": "select",
            "label": _label("诉求类别", "Category"),
            "required": True,
            "option_list": MATTER_CATEGORIES["key"],
            "options": MATTER_CATEGORIES["options"],
        },
        {
            "name": "details",
            "type": "textarea",
            "label": _label("诉求内容", "Details"),
            "help": _label(
                "请说明问题的背景、已采取的措施和希望得到的帮助。",
                "Describe the background, what you have already done and the help you need.",
            ),
            "required": True,
            "max_length": 2000,
        },
        {
            "name": "contact_person",
            "type": "text",
            "label": _label("联系人", "Contact person"),
            "required": True,
            "max_length": 50,
        },
        {
            "name": "contact_phone",
            "type": "phone",
            "label": _label("联系电话", "Contact phone"),
            "required": True,
        },
        {
            "name": "needs_visit",
            "type": "boolean",
            "label": _label("需要上门服务", "Needs an on-site visit"),
            "required": False,
        },
    ],
}
