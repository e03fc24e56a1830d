"""Checking a definition without storing it: what the designer asks while a form is edited."""

from flask import jsonify
from flask_smorest import Blueprint

from services.forms.api.schemas import FormRequestSchema
from services.forms.domain.definition import load_definition
from services.forms.domain.errors import InvalidDefinition
from shared.auth import ADMIN_ROLES, roles_required
from shared.web.api import login_required_api
from shared.web.i18n import current_locale

bp = Blueprint(
    "forms_definitions",
    __name__,
    url_prefix="/forms/api/definitions",
    description="Checking form definitions",
)


@bp.post("/validate")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.arguments(FormRequestSchema())
def validate(args):
    """Check a definition: 200 ``{"valid": true}``, or 422 with every broken rule by its
    path (``fields.3.options.1.value``) and message in the caller's language."""
    try:
        load_definition(args["definition"])
    except InvalidDefinition as error:
        errors = flat_errors(error.messages(current_locale()))
        return jsonify({"valid": False, "errors": errors}), 422
    return jsonify({"valid": True})


def flat_errors(tree, path: str = "") -> list[dict]:
    """Flatten marshmallow's error tree into ``[{"path": ..., "message": ...}]``.

    A ``_schema`` entry is an error of the object that holds it, so it gets that
    object's path.
    """
    if isinstance(tree, dict):
        return [
            error
            for key, subtree in tree.items()
            for error in flat_errors(subtree, _join(path, key))
        ]
    if isinstance(tree, list):
        return [error for item in tree for error in flat_errors(item, path)]
    return [{"path": path, "message": str(tree)}]


def _join(path: str, key) -> str:
    if key == "_schema":
        return path
    return f"{path}.{key}" if path else str(key)
