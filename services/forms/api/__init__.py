"""Forms' JSON API."""

from services.forms.api import (
    definitions,
    drafts,
    form_submissions,
    forms,
    option_lists,
    submissions,
    uploads,
    variants,
)


def init_api(app, openapi) -> None:
    openapi.register_blueprint(forms.bp)
    openapi.register_blueprint(submissions.bp)
    openapi.register_blueprint(option_lists.bp)
    openapi.register_blueprint(variants.bp)
    openapi.register_blueprint(drafts.bp)
    openapi.register_blueprint(uploads.bp)
    uploads.init_uploads(app)
    openapi.register_blueprint(form_submissions.bp)
    openapi.register_blueprint(definitions.bp)
