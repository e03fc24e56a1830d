"""Languages: zh-CN (the default) and English.

The locale comes from ``?lang=``, then the ``qinqing_lang`` cookie, then the browser's
Accept-Language, then the default. Babel normalises ``zh_CN`` to ``zh_Hans_CN``, which is
the catalogue's folder name.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g, request
from flask_babel import Babel

from shared.web.marshmallow_messages import translate

LOCALES = ("zh_CN", "en")
LANG_COOKIE = "qinqing_lang"
TRANSLATIONS = Path(__file__).parent / "translations"

babel = Babel()


def select_locale() -> str:
    """The locale of the current request: one of :data:`LOCALES`."""
    wanted = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    if wanted in LOCALES:
        return wanted
    from flask import current_app

    best = request.accept_languages.best_match(["zh_CN", "zh", "en"])
    if best in ("zh_CN", "zh"):
        return "zh_CN"
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    if "qq_locale" not in g:
        g.qq_locale = select_locale()
    return g.qq_locale


def init_i18n(app: Flask, default_locale: str) -> None:
    app.config["BABEL_DEFAULT_LOCALE"] = default_locale
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Shanghai"
    babel.init_app(app, locale_selector=current_locale)

    @app.after_request
    def remember_language(response):
        wanted = request.args.get("lang")
        if wanted in LOCALES:
            response.set_cookie(LANG_COOKIE, wanted, max_age=365 * 24 * 3600, samesite="Lax")
        return response


def localized(texts: dict[str, str] | None) -> str:
    """Pick the current language's text from a ``{"zh_CN": ..., "en": ...}`` dict."""
    if not texts:
        return ""
    return texts.get(current_locale()) or texts.get("zh_CN") or next(iter(texts.values()))


def translate_messages(messages):
    """Translate marshmallow's validation messages (nested dicts and lists of strings)."""
    if isinstance(messages, dict):
        return {key: translate_messages(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [translate_messages(value) for value in messages]
    if isinstance(messages, str):
        return translate(messages)
    return messages
