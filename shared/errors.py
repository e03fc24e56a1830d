"""The base of every service's domain errors, so the web frame maps them in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Raised when a use case refuses a command. Each service subclasses it once
    (``FormsError``, ``WorkflowError``, …) and names each refusal.

    :param field: the input field the refusal is about, if any.
    :param rule: a short code of the broken rule (``required``, ``check_character``…).
    :param texts: the message in each language, ``{"zh_CN": ..., "en": ...}``.
    :param errors: per-field messages when several fields are wrong:
        ``{field: {"zh_CN": [...], "en": [...]}}``.
    """

    status = 400

    def __init__(
        self,
        texts: dict[str, str],
        *,
        field: str | None = None,
        rule: str = "invalid",
        errors: dict[str, dict[str, list[str]]] | None = None,
    ):
        super().__init__(texts.get("en", ""))
        self.texts = texts
        self.field = field
        self.rule = rule
        self.errors = errors

    def message(self, locale: str) -> str:
        return self.texts.get(locale) or self.texts.get("en", "")

    def field_errors(self, locale: str) -> dict[str, list[str]] | None:
        if self.errors:
            return {
                name: texts.get(locale, texts.get("en", [])) for name, texts in self.errors.items()
            }
        if self.field:
            return {self.field: [self.message(locale)]}
        return None


class NotFound(DomainError):
    """Raised when a record does not exist or is outside what the principal may see;
    the two are not told apart, so ids cannot be probed."""

    status = 404


class Conflict(DomainError):
    """Raised when a command conflicts with the current state."""

    status = 409
