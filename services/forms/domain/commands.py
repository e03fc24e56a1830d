"""Commands forms carries out."""

from dataclasses import dataclass
from typing import BinaryIO

from shared.auth import Principal


@dataclass(frozen=True)
class CreateForm:
    definition: dict
    actor: Principal


@dataclass(frozen=True)
class UpdateDraft:
    form_id: str
    definition: dict
    actor: Principal


@dataclass(frozen=True)
class PublishForm:
    form_id: str
    actor: Principal


@dataclass(frozen=True)
class SubmitForm:
    form_key: str
    answers: dict
    actor: Principal
    #: The client's ``Idempotency-Key`` (the web form's hidden key), as sent; None without.
    idempotency_key: str | None = None


@dataclass(frozen=True)
class SaveOptionList:
    """Create the actor's unit's option list of this key, or replace its title and options."""

    data: dict
    actor: Principal


@dataclass(frozen=True)
class CloneVersion:
    form_id: str
    number: int
    actor: Principal


@dataclass(frozen=True)
class SaveDraft:
    form_key: str
    answers: dict
    actor: Principal


@dataclass(frozen=True)
class SetTemplate:
    form_id: str
    is_template: bool
    actor: Principal


@dataclass(frozen=True)
class AdoptTemplate:
    template_form_id: str
    actor: Principal


@dataclass(frozen=True)
class ForkTemplate:
    template_form_id: str
    actor: Principal


@dataclass(frozen=True)
class MergeTemplateChange:
    form_id: str
    #: The changed field's dotted path in the template (its old path if it was removed).
    field: str
    actor: Principal


@dataclass(frozen=True)
class DiscardDraft:
    form_key: str
    actor: Principal


@dataclass(frozen=True)
class UploadFile:
    form_key: str
    #: The file or image field's name, or a dotted path to it (``site.photo``).
    field: str
    #: The name the client gave the file; shown to people, never used on disk.
    filename: str
    stream: BinaryIO
    actor: Principal
