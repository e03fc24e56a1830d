"""Helpers for JSON API views."""

from functools import wraps

from flask import abort
from flask_login import current_user


def login_required_api(view):
    """Like ``login_required``, answering 401 JSON instead of redirecting."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            abort(401)
        return view(*args, **kwargs)

    return wrapped
