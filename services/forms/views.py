"""Forms' read queries, scoped to what the principal may see."""

from __future__ import annotations

from services.forms.domain.layout import walk
from services.forms.domain.model import nearest_published


def may_read(principal, submission) -> bool:
    """An enterprise user reads its own enterprise's submissions; staff those in their area."""
    if principal.is_enterprise:
        return submission.enterprise_id == principal.enterprise_id
    return principal.can_see(submission.org_path)


def visible_submission(uow, principal, submission_id: str):
    submission = uow.forms.submission(submission_id)
    return submission if submission and may_read(principal, submission) else None


def visible_submissions(uow, principal) -> list:
    if principal.is_enterprise:
        return uow.forms.submissions_of(principal.enterprise_id)
    return uow.forms.submissions_under(principal.org_path)


def fillable_forms(uow, principal) -> list:
    """Published forms an enterprise may file: per key, the nearest owner's form."""
    nearest = nearest_published(uow.forms.applying_to(principal.org_path))
    return sorted(nearest.values(), key=lambda form: form.key)


def option_list_fields(definition: dict, key: str) -> list[dict]:
    """The choice fields of ``definition`` (groups included) that name the option list."""
    return [
        field for field, _group in walk(definition["fields"]) if field.get("option_list") == key
    ]


def forms_using(uow, option_list) -> list[dict]:
    """The forms under the list's owner whose draft names the list, each with whether its
    published version still carries other options than the list has now."""
    result = []
    for form in uow.forms.managed_by(option_list.org_path):
        if not option_list_fields(form.draft, option_list.key):
            continue
        latest = form.latest.definition if form.latest else None
        published = option_list_fields(latest, option_list.key) if latest else []
        stale = any(field["options"] != option_list.options for field in published)
        result.append({"form": form, "stale": stale, "published": bool(published)})
    return result
