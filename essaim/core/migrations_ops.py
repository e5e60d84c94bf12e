"""Migration operations that only PostgreSQL runs (indexes and SQL SQLite has no syntax for)."""

from django.db.migrations.operations.base import Operation


class PostgreSQLOnly(Operation):
    """Wraps an operation: its state change applies everywhere (the model declares the index),
    its SQL runs on PostgreSQL only. SQLite, used for development and tests, gets nothing:
    it has no GIN indexes, operator classes or text search configurations."""

    def __init__(self, operation: Operation):
        self.operation = operation
        self.reversible = operation.reversible

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.operation], {})

    def state_forwards(self, app_label, state):
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{self.operation.describe()} (PostgreSQL only)"

    @property
    def migration_name_fragment(self):
        return self.operation.migration_name_fragment
