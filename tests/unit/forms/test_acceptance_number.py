"""Acceptance numbers: county code, the local date, six characters easy to read out."""

import re
from datetime import UTC, datetime
from types import SimpleNamespace

from services.forms import handlers

ENTERPRISE = SimpleNamespace(org_path="33/3301/330102")


def test_an_acceptance_number_is_the_county_the_shanghai_date_and_six_symbols(monkeypatch):
    # 17:00 UTC is already the next day in Shanghai.
    monkeypatch.setattr(handlers, "now", lambda: datetime(2026, 11, 27, 17, 0, tzinfo=UTC))
    number = handlers.acceptance_number(ENTERPRISE)
    assert re.fullmatch(r"330102-20261128-[0-9A-HJKMNP-TV-Z]{6}", number), number


def test_acceptance_numbers_use_every_symbol_and_never_look_alikes():
    symbols = {c for _ in range(400) for c in handlers.acceptance_number(ENTERPRISE)[-6:]}
    assert symbols == set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
