"""How every list of the data feed answers: a bounded page of rows as JSON or CSV, with an ETag, and 304 Not
Modified when the client already holds exactly that answer."""
import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import quote_etag

from actions.sheet_columns import looks_like_formula

from .schemas import Page

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000
FORMATS = ("json", "csv")


def page_of(rows: QuerySet | Sequence, *, limit: int, offset: int, row: Callable | None = None) -> dict:
    """One page of ``rows`` (a queryset is counted, then cut in SQL), each made a dict by ``row``."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    items = list(rows[offset:offset + limit])
    if row is not None:
        items = [row(item) for item in items]
    following = offset + limit
    return {"count": count, "limit": limit, "offset": offset,
            "next_offset": following if following < count else None, "results": items}


def listed(request: HttpRequest, page: dict, *, schema: type, fmt: str, name: str) -> HttpResponse:
    """The page as JSON checked against its schema (``Page[schema]``), or its rows as CSV named ``name``."""
    checked = Page[schema].model_validate(page).model_dump(mode="python")
    if fmt == "csv":
        body = csv_text(checked["results"], columns=list(schema.model_fields)).encode("utf-8-sig")
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        body = json.dumps(checked, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return with_etag(request, response)


def with_etag(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A strong ETag of the body; the client's matching If-None-Match gets 304 and no body."""
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    asked = {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}
    if etag in asked or "*" in asked:
        response = HttpResponseNotModified()
    response["ETag"] = etag
    # Answers differ per token; a shared cache must never keep one for someone else.
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Authorization"
    return response


def csv_text(rows: Iterable[dict], *, columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row[column]) for column in columns])
    return out.getvalue()


def csv_cell(value) -> str:
    """A value as Excel should read it: dates as YYYY-MM-DD, lists joined by "; ", and text that Excel would run
    as a formula given a leading apostrophe (as the plan's spreadsheet export does). Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    text = str(value)
    return f"'{text}" if looks_like_formula(text) else text
