"""Forms' demo data: the programme's matter categories and the province's enterprise
request form that uses them, published."""

from services.forms import handlers
from services.forms.domain.commands import CreateForm, PublishForm, SaveOptionList
from services.forms.domain.definition import ENTERPRISE_REQUEST_DEFINITION, MATTER_CATEGORIES
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
        handlers.save_option_list(SaveOptionList(MATTER_CATEGORIES, PROVINCE), uow)
        form = handlers.create_form(CreateForm(ENTERPRISE_REQUEST_DEFINITION, PROVINCE), uow)
        handlers.publish_form(PublishForm(form.id, PROVINCE), uow)
        uow.commit()
    return True
