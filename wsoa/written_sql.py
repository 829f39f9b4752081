"""Rows of a query written as SQL, with their values as the ORM would give them on any database: the conversions
each column's model field needs (JSON from text, dates and times from SQLite's text, and so on), found once."""
from functools import cached_property

from django.db import connection
from django.db.models import Field, Value


def column_converters(fields: list[Field]) -> list:
    """For each column, in order, the conversions that the ORM makes of its values on this database, with the
    column's expression; an empty list when no column needs any."""
    found = []
    for field in fields:
        expression = Value(None, output_field=field)
        found.append((connection.ops.get_db_converters(expression) + field.get_db_converters(connection), expression))
    return found if any(each for each, _ in found) else []


def converted(value, converters: tuple) -> object:
    """One column's value with its conversions (one entry of ``column_converters``) made."""
    functions, expression = converters
    for function in functions:
        value = function(value, expression, connection)
    return value


def converted_rows(rows: list[tuple], converters: list) -> list:
    """Every row's values converted (``converters`` from ``column_converters``; the rows as they are when empty)."""
    if not converters:
        return rows
    return [[converted(value, each) for value, each in zip(row, converters, strict=True)] for row in rows]


def table(model) -> str:
    """The model's table name, quoted for this database, for a query written as SQL."""
    return connection.ops.quote_name(model._meta.db_table)


class Columns:
    """The select list of a query written as SQL, declared once: each column a model field read under a table's
    alias, ``(alias, model, field name)``, or an expression written out with the field its value is,
    ``(sql, field)``. Gives the list's text and the column's rows as the ORM would convert them."""

    def __init__(self, *columns: tuple):
        self.columns = columns

    @cached_property
    def fields(self) -> list[Field]:
        return [column[1] if len(column) == 2 else column[1]._meta.get_field(column[2]) for column in self.columns]

    @cached_property
    def sql(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(column[0] if len(column) == 2 else f"{column[0]}.{quote(field.column)}"
                         for column, field in zip(self.columns, self.fields, strict=True))

    @cached_property
    def converters(self) -> list:
        return column_converters(self.fields)

    def rows(self, cursor) -> list:
        """The cursor's rows (of a query selecting ``sql``), converted."""
        return converted_rows(cursor.fetchall(), self.converters)
