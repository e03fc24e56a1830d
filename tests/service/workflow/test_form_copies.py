"""Workflow keeps the title and questions of each form's latest published version, so
routing rule pages name forms and questions; a late older version changes nothing."""

from tests.service.workflow.routing_helpers import REQUEST_FORM, publish_request_form


def form_copy(world):
    with world.runtime.uow() as uow:
        form = uow.known.form(REQUEST_FORM["form_id"])
        return form.version, form.title, [field["name"] for field in form.fields]


def test_published_form_is_known_by_its_titles_and_questions(world):
    publish_request_form(world)

    assert form_copy(world) == (
        1,
        {"zh_CN": "企业诉求", "en": "Enterprise request"},
        ["subject", "category", "needs_visit"],
    )


def test_newer_version_replaces_the_copy_and_an_older_one_arriving_late_does_not(world):
    publish_request_form(world, version=2, title="企业诉求（新）", fields=[])

    publish_request_form(world)

    assert form_copy(world) == (2, {"zh_CN": "企业诉求（新）", "en": "Enterprise request"}, [])


def test_form_announced_without_english_title_or_questions_uses_its_chinese_title(world):
    event = {key: REQUEST_FORM[key] for key in ("form_id", "key", "version", "title", "org_path")}
    world.feed("forms.form.published", event)

    assert form_copy(world) == (1, {"zh_CN": "企业诉求", "en": "企业诉求"}, [])
