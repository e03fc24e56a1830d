"""The unified social credit code (统一社会信用代码) as the directory checks it.

The rules of GB 32100-2015 live in :mod:`shared.credit_code` (forms checks ``credit_code``
answers with them too); here a broken rule becomes the directory's bilingual error.
"""

from services.directory.domain.errors import DirectoryError
from services.directory.domain.messages import CREDIT_CODE_MESSAGES
from shared import credit_code as rules
from shared.credit_code import (  # noqa: F401 (re-exported for the directory's callers)
    CHARSET,
    ENTITY_TYPES,
    WEIGHTS,
    credit_code_check_character,
    organisation_code_check_character,
)


class InvalidCreditCode(DirectoryError):
    """Raised when a unified social credit code breaks a rule of GB 32100-2015.

    :param rule: the broken rule, a key of ``CREDIT_CODE_MESSAGES``: ``length``, ``charset``,
        ``registration_authority``, ``entity_type``, ``division`` or ``check_character``.
    :param position: the 1-based position of the offending character, if there is one.
    """

    status = 422

    def __init__(self, rule: str, position: int | None = None):
        texts = {
            locale: template.format(position=position)
            for locale, template in CREDIT_CODE_MESSAGES[rule].items()
        }
        super().__init__(texts, field="credit_code", rule=rule)
        self.position = position

    def message(self, locale: str = "en") -> str:
        """Return the message for the user in ``locale`` (``zh_CN`` or ``zh-CN``, else ``en``)."""
        return super().message(locale.replace("-", "_"))


def validate_credit_code(code: str) -> str:
    """Return ``code`` normalised (see :func:`shared.credit_code.validate_credit_code`).

    :raises InvalidCreditCode: at the first broken rule.
    """
    try:
        return rules.validate_credit_code(code)
    except rules.CreditCodeError as error:
        raise InvalidCreditCode(error.rule, error.position) from error


def generate_credit_code(
    division: str, serial: int, registration_authority: str = "9", entity_type: str = "1"
) -> str:
    """A valid, synthetic code (see :func:`shared.credit_code.generate_credit_code`).

    :raises InvalidCreditCode: if the division, authority or entity type is not valid.
    """
    try:
        return rules.generate_credit_code(division, serial, registration_authority, entity_type)
    except rules.CreditCodeError as error:
        raise InvalidCreditCode(error.rule, error.position) from error
