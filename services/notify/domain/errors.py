"""Notify's refusals."""

from shared.errors import DomainError, NotFound


class NotifyError(DomainError):
    """Raised when notify refuses a command."""


class ItemNotFound(NotifyError, NotFound):
    """Raised when an inbox item does not exist or is addressed to someone else; the two are
    not told apart, so item ids cannot be probed."""

    def __init__(self):
        super().__init__({"zh_CN": "未找到该消息。", "en": "Message not found."}, rule="not_found")


class UnknownKind(NotifyError):
    """Raised when a notification kind has no template."""

    def __init__(self, kind: str):
        super().__init__(
            {"zh_CN": f"没有“{kind}”类消息的模板。", "en": f"There is no template for “{kind}”."},
            field="kind",
            rule="unknown_kind",
        )


class MissingPlaceholder(NotifyError):
    """Raised when a template needs a value the notification does not carry."""

    def __init__(self, kind: str, name: str):
        super().__init__(
            {
                "zh_CN": f"“{kind}”类消息缺少占位符“{name}”的值。",
                "en": f"The “{kind}” message has no value for the placeholder “{name}”.",
            },
            field=name,
            rule="missing_placeholder",
        )
