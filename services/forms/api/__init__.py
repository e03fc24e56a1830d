"""Forms' JSON API."""

from services.forms.api import drafts, forms, option_lists, submissions, variants


def init_api(openapi) -> None:
    openapi.register_blueprint(forms.bp)
    openapi.register_blueprint(submissions.bp)
    openapi.register_blueprint(option_lists.bp)
    openapi.register_blueprint(variants.bp)
    openapi.register_blueprint(drafts.bp)
