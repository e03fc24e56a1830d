"""A real SMTP listener for tests (aiosmtpd) that keeps every mail it accepts."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from shared.testing.processes import free_port


class Mailbox:
    """An aiosmtpd handler keeping each accepted envelope."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received.append(envelope)
        return "250 OK"

    def messages_to(self, address: str) -> list[EmailMessage]:
        return [
            message_from_bytes(envelope.content, policy=policy.default)
            for envelope in self.received
            if address in envelope.rcpt_tos
        ]


def listen(port: int) -> tuple[Controller, Mailbox]:
    """Start a listener on 127.0.0.1:``port``; stop it with ``controller.stop()``."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, mailbox


@contextlib.contextmanager
def smtp_listener() -> Iterator[tuple[int, Mailbox]]:
    """A listener on a free port for the block: yields the port and the mailbox."""
    port = free_port()
    controller, mailbox = listen(port)
    try:
        yield port, mailbox
    finally:
        controller.stop()
