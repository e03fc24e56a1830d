"""SmtpMailer: hands an e-mail to an SMTP server as UTF-8 plain text."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate

from services.notify.domain.model import OutgoingEmail
from shared.config import Settings


@dataclass(frozen=True)
class SmtpMailer:
    """Sends mail through ``host:port``; port 0 means mail is not configured."""

    host: str
    port: int
    sender: str
    #: Seconds to wait for the server, so a hung server cannot hold a worker thread.
    timeout: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpMailer:
        return cls(settings.smtp_host, settings.smtp_port, settings.mail_sender)

    @property
    def is_configured(self) -> bool:
        return self.port != 0

    def compose(self, mail: OutgoingEmail) -> EmailMessage:
        """The message as sent: text/plain in UTF-8, all of it 7-bit (base64 body, encoded
        subject) so any server relays it, with or without 8BITMIME.

        The Message-ID is derived from the delivery, so a mail sent twice after a crash
        carries the same id and mail clients can drop the copy.
        """
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = f"<{mail.delivery_id}@{self.sender.rpartition('@')[2]}>"
        message.set_content(mail.body, charset="utf-8", cte="base64")
        return message

    def send(self, mail: OutgoingEmail) -> None:
        """Hand ``mail`` to the server.

        :raises smtplib.SMTPException: when the server refuses it.
        :raises OSError: when the server cannot be reached.
        """
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(self.compose(mail))
