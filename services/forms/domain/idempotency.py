"""Idempotency keys of submissions: a client names a request with a key of its own, and
the same request sent again with that key is answered with what the first one filed."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.forms.domain.errors import InvalidIdempotencyKey

#: How long a key stands for the request first made with it; after that it may name a
#: new request.
KEY_LIFETIME = timedelta(hours=24)
#: 1 to 200 visible ASCII characters (no spaces, no control characters).
_KEY_FORMAT = re.compile(r"[\x21-\x7e]{1,200}")


@dataclass(frozen=True)
class SubmissionKey:
    """An ``Idempotency-Key`` as one user sent it with one request to file a form."""

    submitted_by: str
    key: str
    #: SHA-256 (hex) of the request: see :func:`request_hash`.
    request_hash: str
    created_at: datetime

    @property
    def expired_before(self) -> datetime:
        """Keys stored before this moment no longer stand for their request."""
        return self.created_at - KEY_LIFETIME


def submission_key(
    key: str | None, submitted_by: str, form_key: str, answers, at: datetime
) -> SubmissionKey | None:
    """The key of a request to file ``answers`` to the form ``form_key``, or None when the
    request came without one.

    :raises InvalidIdempotencyKey: when ``key`` is not 1 to 200 visible ASCII characters.
    """
    if key is None:
        return None
    if not _KEY_FORMAT.fullmatch(key):
        raise InvalidIdempotencyKey()
    return SubmissionKey(submitted_by, key, request_hash(form_key, answers), at)


def request_hash(form_key: str, answers) -> str:
    """SHA-256 (hex) of the canonical JSON (sorted keys, no spaces, UTF-8) of the form key
    and the answers as they were posted, before any normalising: a request repeated with
    its key must be the same request."""
    canonical = json.dumps(
        {"form": form_key, "answers": answers},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
