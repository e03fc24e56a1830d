"""An e-mail delivery counts its attempts and ends sent, skipped, or failed after the last
allowed attempt; the mail it becomes is UTF-8 plain text with an encoded subject."""

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from services.notify.adapters.mailer import SmtpMailer
from services.notify.domain.model import FAILED, PENDING, SENT, SKIPPED, Delivery, OutgoingEmail

AT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def pending() -> Delivery:
    return Delivery("d-1", "item-1", "p-1", "email", "a@gov.example.cn", "zh_CN", AT, AT)


def test_failure_before_the_last_attempt_keeps_the_delivery_pending():
    delivery = pending()

    final = delivery.record_failure("ConnectionRefusedError(111)", AT, max_attempts=3)

    assert not final
    assert (delivery.status, delivery.attempts) == (PENDING, 1)
    assert delivery.last_error == "ConnectionRefusedError(111)"


def test_failure_of_the_last_attempt_fails_the_delivery():
    delivery = pending()
    results = [delivery.record_failure("timeout", AT, max_attempts=3) for _ in range(3)]

    assert results == [False, False, True]
    assert (delivery.status, delivery.attempts, delivery.is_finished) == (FAILED, 3, True)


def test_long_errors_are_cut_to_the_kept_length():
    delivery = pending()

    delivery.record_failure("x" * 5000, AT, max_attempts=3)

    assert len(delivery.last_error) == 2000


def test_sent_delivery_records_when_and_counts_the_attempt():
    delivery = pending()
    delivery.record_failure("timeout", AT, max_attempts=3)

    delivery.record_sent(AT + timedelta(seconds=5))

    assert (delivery.status, delivery.attempts, delivery.sent_at) == (
        SENT,
        2,
        AT + timedelta(seconds=5),
    )
    assert delivery.is_finished


def test_skipped_delivery_is_finished_without_an_attempt():
    delivery = pending()

    delivery.record_skipped("mail is not configured", AT)

    assert (delivery.status, delivery.attempts, delivery.is_finished) == (SKIPPED, 0, True)


def test_composed_mail_is_utf8_plain_text_with_the_chinese_subject():
    mailer = SmtpMailer("127.0.0.1", 25, "noreply@qinqing.example.cn")
    mail = OutgoingEmail(
        "d-1", "a@gov.example.cn", "新工单 0001：排污许可", "您好！\n办理期限：无期限\n"
    )

    raw = mailer.compose(mail).as_bytes()
    parsed = message_from_bytes(raw, policy=policy.default)

    assert raw.isascii()
    assert parsed["Subject"] == "新工单 0001：排污许可"
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"
    assert parsed.get_content() == "您好！\n办理期限：无期限\n"
    assert parsed["Message-ID"] == "<d-1@qinqing.example.cn>"


def test_port_zero_means_mail_is_not_configured():
    assert not SmtpMailer("127.0.0.1", 0, "noreply@qinqing.local").is_configured
    assert SmtpMailer("127.0.0.1", 2525, "noreply@qinqing.local").is_configured
