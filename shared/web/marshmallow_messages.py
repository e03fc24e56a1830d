"""marshmallow's and webargs' default messages, in the user's language.

API validation errors come from marshmallow in English; :func:`translate` looks each one
up in the catalogue, first as it is, then by the pattern of a message with values in it
("Length must be between 2 and 200.").
"""

from __future__ import annotations

import re

from flask_babel import gettext


def N_(message: str) -> str:  # noqa: N802 (the conventional name of a no-op marker)
    return message


#: Messages without values, listed so that extraction puts them in the catalogue.
FIXED = (
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid input type."),
    N_("Not a valid string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Not a valid boolean."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Not a valid datetime."),
    N_("Not a valid date."),
    N_("Not a valid email address."),
    N_("Not a valid UUID."),
    N_("Unknown field."),
    N_("Invalid value."),
    N_("Invalid JSON body."),
)

#: Messages with values: the English pattern and the catalogue's message.
PATTERNS = (
    (
        r"Length must be between (?P<min>\d+) and (?P<max>\d+)\.",
        N_("Length must be between %(min)s and %(max)s."),
    ),
    (r"Length must be (?P<equal>\d+)\.", N_("Length must be %(equal)s.")),
    (r"Shorter than minimum length (?P<min>\d+)\.", N_("Shorter than minimum length %(min)s.")),
    (r"Longer than maximum length (?P<max>\d+)\.", N_("Longer than maximum length %(max)s.")),
    (
        r"Must be greater than or equal to (?P<min>\S+) and less than or equal to (?P<max>\S+)\.",
        N_("Must be greater than or equal to %(min)s and less than or equal to %(max)s."),
    ),
    (
        r"Must be greater than or equal to (?P<min>\S+)\.",
        N_("Must be greater than or equal to %(min)s."),
    ),
    (r"Must be less than or equal to (?P<max>\S+)\.", N_("Must be less than or equal to %(max)s.")),
    (r"Must be one of: (?P<choices>.+)\.", N_("Must be one of: %(choices)s.")),
)
_COMPILED = tuple((re.compile(pattern), message) for pattern, message in PATTERNS)


def translate(message: str) -> str:
    """``message`` in the current locale, or as it is when the catalogue lacks it."""
    for pattern, msgid in _COMPILED:
        match = pattern.fullmatch(message)
        if match:
            return gettext(msgid, **match.groupdict())
    return gettext(message)
