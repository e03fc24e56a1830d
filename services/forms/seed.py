"""Forms' demo data: the province's enterprise request form, published."""

from services.forms import handlers
from services.forms.domain.commands import CreateForm, PublishForm
from services.forms.domain.definition import ENTERPRISE_REQUEST_DEFINITION
from shared.auth import Principal

#: The province's administrator as the seed acts: forms owned by the province apply to
#: every county until a county publishes its own form with the same key.
PROVINCE = Principal(
    id="seed",
    username="seed",
    name="seed",
    roles=("province_admin",),
    org_path="33",
    org_unit_id="33",
)


def seed(runtime) -> bool:
    with runtime.uow() as uow:
        if uow.forms.by_key("33", ENTERPRISE_REQUEST_DEFINITION["key"]):
            return False
        form = handlers.create_form(CreateForm(ENTERPRISE_REQUEST_DEFINITION, PROVINCE), uow)
        handlers.publish_form(PublishForm(form.id, PROVINCE), uow)
        uow.commit()
    return True
