"""ticket history append-only

A ticket's history is its audit trail: rows are inserted, never changed or removed. Two
guards make the database refuse anything else, because either alone leaves a gap:

- On PostgreSQL, no role keeps the UPDATE, DELETE or TRUNCATE privilege on
  ``ticket_history``: not PUBLIC, not any role that held one, and not the table's owner.
  Services run as the role that migrated their schema (``QINQING_DATABASE_URL`` serves
  ``qinqing migrate`` and the processes alike), so that role owns the table, and an owner
  keeps every privilege unless it is revoked from it too. The privilege check answers
  first, with PostgreSQL's plain "permission denied for table ticket_history". But a
  superuser skips privilege checks altogether (the postgres image's ``POSTGRES_USER``, as
  in compose.yaml, is one), and an owner may grant itself the privilege back.
- So a statement-level trigger refuses UPDATE, DELETE and TRUNCATE whoever runs them,
  superusers and the owner included: to get past it one has to drop or disable the
  trigger, which takes the table's ownership and leaves no doubt it was meant. The trigger
  alone would leave a role the statements' privileges, and a trigger is easier to lose
  (e.g. dropped by accident with its function), so both stay.

On SQLite (the embedded run) there are no roles; two row triggers refuse UPDATE and DELETE
(SQLite has no TRUNCATE, and a trigger on the table turns off its delete-all shortcut).
SQLite's batch mode rebuilds a table by copying it, which drops its triggers: a later
migration that alters ``ticket_history`` in batch mode must create them again
(tests/integration/workflow/test_history_append_only.py checks they hold at head).

A later migration that must rewrite history rows has to drop the trigger and grant itself
the privilege within its own transaction, and restore both.

Revision ID: e9fa10ca36c7
Revises: 5a72336d0334
Create Date: 2026-12-02 14:50:43.764594
"""

from alembic import op

revision = "e9fa10ca36c7"
down_revision = "5a72336d0334"
branch_labels = None
depends_on = None

REFUSED = "ticket_history is append-only: %s is refused (record a new history row instead)"

POSTGRESQL_UPGRADE = (
    # Every grantee of UPDATE, DELETE or TRUNCATE, the owner's default privileges included.
    """
    DO $$
    DECLARE
        holder text;
    BEGIN
        FOR holder IN
            SELECT DISTINCT pg_get_userbyid(acl.grantee)
            FROM pg_class AS c,
                 aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) AS acl
            WHERE c.oid = 'ticket_history'::regclass
              AND acl.grantee <> 0
              AND acl.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
        LOOP
            EXECUTE format(
                'REVOKE UPDATE, DELETE, TRUNCATE ON ticket_history FROM %I', holder
            );
        END LOOP;
    END
    $$
    """,
    "REVOKE UPDATE, DELETE, TRUNCATE ON ticket_history FROM PUBLIC",
    f"""
    CREATE FUNCTION ticket_history_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSED % "%"}', TG_OP
            USING HINT = 'History rows are only ever inserted.';
    END
    $$
    """,
    """
    CREATE TRIGGER ticket_history_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON ticket_history
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_history_append_only()
    """,
)

POSTGRESQL_DOWNGRADE = (
    "DROP TRIGGER ticket_history_append_only ON ticket_history",
    "DROP FUNCTION ticket_history_append_only()",
    # The owner's default privileges again (other roles' earlier grants are not known).
    """
    DO $$
    BEGIN
        EXECUTE format(
            'GRANT UPDATE, DELETE, TRUNCATE ON ticket_history TO %I',
            (SELECT pg_get_userbyid(relowner) FROM pg_class
             WHERE oid = 'ticket_history'::regclass)
        );
    END
    $$
    """,
)

SQLITE_UPGRADE = tuple(
    f"""
    CREATE TRIGGER ticket_history_no_{operation.lower()} BEFORE {operation} ON ticket_history
    BEGIN
        SELECT RAISE(ABORT, '{REFUSED % operation}');
    END
    """
    for operation in ("UPDATE", "DELETE")
)

SQLITE_DOWNGRADE = (
    "DROP TRIGGER ticket_history_no_update",
    "DROP TRIGGER ticket_history_no_delete",
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    statements = {"postgresql": POSTGRESQL_UPGRADE, "sqlite": SQLITE_UPGRADE}[dialect]
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    statements = {"postgresql": POSTGRESQL_DOWNGRADE, "sqlite": SQLITE_DOWNGRADE}[dialect]
    for statement in statements:
        op.execute(statement)
