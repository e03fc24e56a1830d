"""The unified social credit code (统一社会信用代码) of GB 32100-2015.

Shared: directory checks enterprises' codes with it, forms checks ``credit_code`` answers.

An 18-character code over digits and capital letters other than I, O, Z, S and V:

====== ==========================================================================
1      registration authority code (登记管理部门代码)
2      entity type code (机构类别代码), allowed per registration authority
3-8    administrative division code of the registering office (GB/T 2260)
9-17   organisation code (主体标识码, GB 11714); its last character is its own check
18     check character over positions 1-17 (GB/T 17710, modulo 31)
====== ==========================================================================

Validation does not verify the organisation code's own check character (position 17).
The register, not the applicant, assigns organisation codes, and position 18 already
catches every single-character typo and adjacent swap across all 18 characters; a second
check could only reject a code that the register issued, which would shut a real
enterprise out. Generated codes do carry a correct organisation code check character.
"""

import unicodedata

#: The 31 characters of the code, in the order of their numeric values 0-30.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

#: Weights of positions 1-17 for the check character: 3**i modulo 31.
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

#: Entity type codes (position 2) of each registration authority (position 1), from the
#: table of GB 32100-2015 as amended (A and N were added after the first edition).
ENTITY_TYPES: dict[str, str] = {
    "1": "1239",  # establishment: organs, public institutions, mass organisations, other
    "2": "19",  # foreign affairs: resident foreign news agencies, other
    "3": "123459",  # justice: law firms, notaries, legal services, forensics, arbitration
    "4": "19",  # culture: foreign cultural centres, other
    "5": "1239",  # civil affairs: social organisations, private non-enterprises, foundations
    "6": "129",  # tourism: foreign and Hong Kong, Macao, Taiwan tourism offices, other
    "7": "129",  # religion: venues, colleges, other
    "8": "19",  # trade unions: grassroots unions, other
    "9": "123",  # market regulation: enterprises, individual businesses, farmers' co-ops
    "A": "19",  # military establishment office: military public institutions, other
    "N": "1239",  # agriculture: group, village and township collective economic organisations
    "Y": "1",  # other registration authorities: one entity type only
}

_VALUES = {char: value for value, char in enumerate(CHARSET)}
_DIGITS = frozenset("0123456789")
_ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
#: Generated organisation codes start with QQ to mark them as synthetic: those issued with
#: unified social credit codes since 2015 start with MA.
_SYNTHETIC_PREFIX = "QQ"


class CreditCodeError(ValueError):
    """Raised when a unified social credit code breaks a rule of GB 32100-2015.

    :param rule: the broken rule: ``length``, ``charset``, ``registration_authority``,
        ``entity_type``, ``division`` or ``check_character``.
    :param position: the 1-based position of the offending character, if there is one.
    """

    def __init__(self, rule: str, position: int | None = None):
        super().__init__(f"{rule} at position {position}" if position else rule)
        self.rule = rule
        self.position = position


def validate_credit_code(code: str) -> str:
    """Return ``code`` normalised, or raise :class:`CreditCodeError` naming the broken rule.

    Normalising strips surrounding white space, folds full-width characters typed with a
    Chinese input method to ASCII and upper-cases letters.

    :raises CreditCodeError: at the first broken rule, checked in the order length,
        charset, registration authority, entity type, division, check character.
    """
    normalised = unicodedata.normalize("NFKC", code).strip().upper()
    _check_structure(normalised)
    if credit_code_check_character(normalised[:17]) != normalised[17]:
        raise CreditCodeError("check_character", 18)
    return normalised


def credit_code_check_character(first17: str) -> str:
    """Return the check character (position 18) for the first 17 characters of a code.

    :raises ValueError: if ``first17`` is not 17 characters of the code's charset.
    """
    if len(first17) != 17 or not set(first17) <= _VALUES.keys():
        raise ValueError(f"expected 17 characters of {CHARSET}, got {first17!r}")
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def organisation_code_check_character(body: str) -> str:
    """Return the GB 11714 check character for the 8-character body of an organisation code.

    :raises ValueError: if ``body`` is not 8 digits or capital letters.
    """
    if len(body) != 8 or not all(char in _DIGITS or "A" <= char <= "Z" for char in body):
        raise ValueError(f"expected 8 digits or capital letters, got {body!r}")
    pairs = zip(body, _ORGANISATION_WEIGHTS, strict=True)
    total = sum(int(char, 36) * weight for char, weight in pairs)
    return "0123456789X0"[11 - total % 11]


def generate_credit_code(
    division: str, serial: int, registration_authority: str = "9", entity_type: str = "1"
) -> str:
    """Return a valid, synthetic code for tests and seed data: the same arguments, the same code.

    The organisation code is ``QQ`` and ``serial`` in six digits, with its GB 11714 check
    character. The defaults make an enterprise registered by market regulation.

    :raises ValueError: if ``serial`` is outside 0-999999.
    :raises CreditCodeError: if the division, authority or entity type is not valid.
    """
    if not 0 <= serial <= 999_999:
        raise ValueError(f"serial must be within 0-999999, got {serial}")
    body = f"{_SYNTHETIC_PREFIX}{serial:06d}"
    first17 = f"{registration_authority}{entity_type}{division}{body}"
    first17 += organisation_code_check_character(body)
    # Any check character will do here: every rule but the check character is checked.
    _check_structure(first17 + "0")
    return first17 + credit_code_check_character(first17)


def _check_structure(code: str) -> None:
    _check_length(code)
    _check_charset(code)
    _check_registration(code)
    _check_division(code)


def _check_length(code: str) -> None:
    if len(code) != 18:
        raise CreditCodeError("length")


def _check_charset(code: str) -> None:
    for position, char in enumerate(code, start=1):
        if char not in _VALUES:
            raise CreditCodeError("charset", position)


def _check_registration(code: str) -> None:
    entity_types = ENTITY_TYPES.get(code[0])
    if entity_types is None:
        raise CreditCodeError("registration_authority", 1)
    if code[1] not in entity_types:
        raise CreditCodeError("entity_type", 2)


def _check_division(code: str) -> None:
    for position in range(3, 9):
        if code[position - 1] not in _DIGITS:
            raise CreditCodeError("division", position)
