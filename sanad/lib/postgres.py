"""What only PostgreSQL has, for the migrations that use it."""


def on_postgresql(statements: list[str]):
    """A RunPython function that executes `statements` on PostgreSQL only (trigram indexes and
    the extension they need; SQLite has neither and does without)."""

    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply
