"""The ticket policy the settings give: the working days an enterprise has to confirm."""

import pytest

from services.workflow.bootstrap import _unit_of_work_for
from shared.config import Settings


def test_the_enterprise_has_five_working_days_to_confirm_by_default():
    assert _unit_of_work_for(Settings(secret_key="k")).confirm_working_days == 5


def test_the_working_days_to_confirm_come_from_the_environment():
    settings = Settings.from_env(
        {"QINQING_SECRET_KEY": "k", "QINQING_WORKFLOW_CONFIRM_WORKING_DAYS": "3"}
    )

    assert _unit_of_work_for(settings).confirm_working_days == 3


def test_fewer_than_one_working_day_to_confirm_is_refused_at_start():
    with pytest.raises(ValueError, match="at least 1"):
        _unit_of_work_for(Settings(secret_key="k", workflow_confirm_working_days=0))
