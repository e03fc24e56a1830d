from alembic import context

from services.workflow.adapters.orm import metadata
from shared.db import run_migrations_online

run_migrations_online(context, metadata)
