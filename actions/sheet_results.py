"""A plan sheet read in the background, kept as JSON until the check page and the confirm use it.

The codec follows the result's dataclasses and their type hints, so a field added to them is kept without a
change here: dataclasses become objects, dates ISO strings, and both come back as they were.
"""

from __future__ import annotations

import dataclasses
import io
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any

from django.utils import timezone

from actions.plan_sheet import read_plan_sheet
from actions.sheet_result import SheetResult


def sheet_from_upload(data: bytes, upload, stage) -> dict:
    """The background read of an uploaded plan sheet, under the plan's rating legend, as JSON-ready data."""
    stage("Checking the size of the file, then reading its rows")
    legend, today = upload.plan.legend, timezone.localdate()
    result = read_plan_sheet(io.BytesIO(data), filename=upload.filename, legend=legend, today=today,
                             rating_words=upload.plan.import_rating_words or {})
    return result_as_json(result)


def result_as_json(result: SheetResult) -> dict:
    return _encoded(result)


def result_from_json(data: dict) -> SheetResult:
    return _decoded(SheetResult, data)


def _encoded(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encoded(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_encoded(item) for item in value]
    if isinstance(value, dict):  # as pairs: PostgreSQL's jsonb keeps an object's keys in an order of its own
        return [[_encoded(key), _encoded(item)] for key, item in value.items()]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decoded(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        for option in arguments:
            if option is not type(None):
                try:
                    return _decoded(option, value)
                except (TypeError, ValueError):
                    continue
        return value
    if dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        known = {f.name for f in dataclasses.fields(hint) if f.init}
        return hint(**{name: _decoded(hints[name], item) for name, item in value.items() if name in known})
    if hint is date:
        return date.fromisoformat(value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if origin in (list, tuple, set, frozenset):
        item_hint = arguments[0] if arguments else Any
        items = [_decoded(item_hint, item) for item in value]
        return items if origin is list else origin(items)
    if origin is dict:
        key_hint, value_hint = arguments if len(arguments) == 2 else (Any, Any)
        pairs = value.items() if isinstance(value, dict) else value
        return {_decoded(key_hint, key): _decoded(value_hint, item) for key, item in pairs}
    if hint in (str, int, float, bool) and not isinstance(value, hint):
        raise TypeError(f"{value!r} is not {hint.__name__}")
    return value
