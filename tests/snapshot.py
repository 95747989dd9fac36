"""A copy of the database's rows kept in the database itself, put back in a few milliseconds.

`load_demo` takes seconds (drawings, renditions, hundreds of rows through the ORM); copying its rows table by table
with INSERT ... SELECT takes milliseconds and works the same on SQLite and PostgreSQL. The copies live next to the
real tables under a prefix (`demo__news_article`): Django's flush and migrations only know model tables, so the
copies survive transactional tests. Stored generated columns are left out (the database computes them again);
sequences follow the rows (SQLite's sqlite_sequence is copied like a table, PostgreSQL's are reset to the highest key).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connections, router, transaction


class Snapshot:
    """The rows of every model table on `alias`, copied under `prefix`."""

    def __init__(self, prefix, alias="default"):
        self.prefix = prefix
        self.alias = alias

    @property
    def connection(self):
        return connections[self.alias]

    def tables(self):
        """{table: (model, insertable columns)} of every model table that exists, plus SQLite's sequences."""
        connection = self.connection
        existing = set(connection.introspection.table_names())
        tables = {}
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.managed or meta.proxy or meta.db_table in tables or meta.db_table not in existing:
                continue
            if not router.allow_migrate_model(self.alias, model):
                continue
            columns = [field.column for field in meta.local_concrete_fields if not field.generated]
            tables[meta.db_table] = (model, columns)
        if connection.vendor == "sqlite" and "sqlite_sequence" in self._sqlite_tables():
            tables["sqlite_sequence"] = (None, ["name", "seq"])
        return tables

    def _sqlite_tables(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return {name for (name,) in cursor.fetchall()}

    def take(self):
        """Copy every table's rows under the prefix (replacing an earlier copy)."""
        self._tables = self.tables()
        quote = self.connection.ops.quote_name
        with transaction.atomic(using=self.alias), self.connection.cursor() as cursor:
            for table, (_model, columns) in self._tables.items():
                copy = quote(self.prefix + table)
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")  # noqa: S608 -- names from the model registry
                cursor.execute(f"CREATE TABLE {copy} AS SELECT {self._list(columns)} FROM {quote(table)}")  # noqa: S608
        return self

    def restore(self):
        """Make every model table hold exactly the copied rows (inside the caller's transaction, if any)."""
        if not hasattr(self, "_tables"):
            self._tables = self.tables()  # a copy taken earlier in the session, under the same prefix
        connection = self.connection
        quote = connection.ops.quote_name
        statements = [f"DELETE FROM {quote(table)}" for table in self._tables]  # noqa: S608
        statements += [
            f"INSERT INTO {quote(table)} ({self._list(columns)}) SELECT {self._list(columns)} "  # noqa: S608
            f"FROM {quote(self.prefix + table)}"
            for table, (_model, columns) in self._tables.items()
        ]
        models = [model for model, _columns in self._tables.values() if model is not None]
        statements += connection.ops.sequence_reset_sql(no_style(), models)
        with transaction.atomic(using=self.alias), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Foreign keys are deferred to the commit (or the test's rollback), so the order does not matter;
                # one round trip instead of a few hundred.
                cursor.execute(";\n".join(statements))
            else:
                for statement in statements:
                    cursor.execute(statement)
        # Content types may have new keys since a transactional test flushed the tables and post_migrate made them
        # again; the copied rows refer to the copied keys.
        ContentType.objects.clear_cache()

    def _list(self, columns):
        return ", ".join(self.connection.ops.quote_name(column) for column in columns)
