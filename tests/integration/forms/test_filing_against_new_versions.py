"""On PostgreSQL, two forms processes (each its own runtime and cache of published
versions) on one database: a version one publishes is what the other files against next,
and a submission is never stored against a version that was superseded."""

import pytest

from services.forms import handlers
from services.forms.bootstrap import bootstrap
from services.forms.domain.commands import (
    AdoptTemplate,
    CreateForm,
    ForkTemplate,
    PublishForm,
    SetTemplate,
    SubmitForm,
    UpdateDraft,
)
from services.forms.domain.errors import InvalidSubmission
from services.forms.seed import PROVINCE
from services.forms.seed import seed as seed_forms
from shared.auth import Principal
from shared.config import Settings
from tests.service.forms.test_county_override import ANSWERS, COUNTY_FORK

pytestmark = pytest.mark.postgres

ENTERPRISE = Principal(
    id="person-1",
    username="qiantang",
    name="钱塘印染 刘主任",
    roles=("enterprise_user",),
    org_path="33/3301/330102",
    enterprise_id="enterprise-1",
)
COUNTY = Principal(
    id="admin-330102",
    username="shangcheng",
    name="上城区管理员",
    roles=("county_admin",),
    org_path="33/3301/330102",
    org_unit_id="330102",
)


@pytest.fixture
def processes(postgres_url):
    settings = Settings(database_url=postgres_url)
    first, second = bootstrap(settings), bootstrap(settings)
    first.migrate()
    seed_forms(first)
    yield first, second
    first.engine.dispose()
    second.engine.dispose()


def submit(runtime, answers=ANSWERS):
    return runtime.execute(
        handlers.submit_form, SubmitForm("enterprise-request", answers, ENTERPRISE)
    )


def test_a_new_version_published_by_one_process_is_filed_against_by_the_other(processes):
    first, second = processes
    assert submit(first).version == 1  # first now remembers version 1
    with second.uow() as uow:
        form = uow.forms.by_key("33", "enterprise-request")
        changed = {**form.draft, "title": {"zh_CN": "企业诉求（第二版）", "en": "Request, v2"}}
    second.execute(handlers.update_draft, UpdateDraft(form.id, changed, PROVINCE))
    second.execute(handlers.publish_form, PublishForm(form.id, PROVINCE))
    assert submit(first).version == 2


def test_a_county_form_published_by_one_process_applies_in_the_other(processes):
    first, second = processes
    assert submit(first).version == 1
    created = second.execute(handlers.create_form, CreateForm(COUNTY_FORK, COUNTY))
    second.execute(handlers.publish_form, PublishForm(created.id, COUNTY))
    with pytest.raises(InvalidSubmission) as refused:
        submit(first)
    assert set(refused.value.field_errors("en")) == {"permit_number"}
    filed = submit(first, {**ANSWERS, "permit_number": "91330102QQ0000012F001P"})
    assert filed.form_id == created.id


def make_template(runtime) -> str:
    with runtime.uow() as uow:
        template_id = uow.forms.by_key("33", "enterprise-request").id
    runtime.execute(handlers.set_template, SetTemplate(template_id, True, PROVINCE))
    return template_id


def test_a_county_fork_published_by_one_process_is_served_by_the_other_at_once(processes):
    first, second = processes
    assert submit(first).version == 1  # first remembers the province's template
    template_id = make_template(second)
    fork = second.execute(handlers.fork_template, ForkTemplate(template_id, COUNTY))
    draft = {**COUNTY_FORK, "key": fork.key}
    second.execute(handlers.update_draft, UpdateDraft(fork.id, draft, COUNTY))
    second.execute(handlers.publish_form, PublishForm(fork.id, COUNTY))
    with pytest.raises(InvalidSubmission) as refused:
        submit(first)
    assert set(refused.value.field_errors("en")) == {"permit_number"}
    filed = submit(first, {**ANSWERS, "permit_number": "91330102QQ0000012F001P"})
    assert (filed.form_id, filed.version) == (fork.id, 1)


def test_a_fork_given_up_in_one_process_stops_serving_in_the_other_at_once(processes):
    first, second = processes
    template_id = make_template(second)
    fork = second.execute(handlers.fork_template, ForkTemplate(template_id, COUNTY))
    # The fork differs in its title only: the same answers suit it and the template.
    retitled = {**fork.draft, "title": {"zh_CN": "上城区企业诉求", "en": "Shangcheng request"}}
    second.execute(handlers.update_draft, UpdateDraft(fork.id, retitled, COUNTY))
    second.execute(handlers.publish_form, PublishForm(fork.id, COUNTY))
    assert submit(first).form_id == fork.id  # first remembers the fork
    second.execute(handlers.adopt_template, AdoptTemplate(template_id, COUNTY))
    assert submit(first).form_id == template_id
    # The archived fork keeps its key, and a new fork of the same key may be made.
    again = second.execute(handlers.fork_template, ForkTemplate(template_id, COUNTY))
    assert again.id != fork.id and again.key == fork.key


def test_an_adopted_template_version_published_by_one_process_is_served_by_the_other(processes):
    first, second = processes
    template_id = make_template(second)
    second.execute(handlers.adopt_template, AdoptTemplate(template_id, COUNTY))
    assert submit(first).version == 1
    with second.uow() as uow:
        changed = {**uow.forms.get(template_id).draft, "title": {"zh_CN": "新版", "en": "New"}}
    second.execute(handlers.update_draft, UpdateDraft(template_id, changed, PROVINCE))
    second.execute(handlers.publish_form, PublishForm(template_id, PROVINCE))
    filed = submit(first)
    assert (filed.form_id, filed.version) == (template_id, 2)
