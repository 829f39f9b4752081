"""The data feed's one API object: its version, its schema's address, its token check and its errors in JSON."""
from ninja import NinjaAPI
from ninja.errors import ValidationError

from .auth import TokenAuth
from .endpoints import router

api = NinjaAPI(
    title="SEND improvement plan data feed",
    version="1",
    description=(
        "Read-only data about your local areas' inspections and action plans, as your pages show them. "
        "Send `Authorization: Bearer <token>` with a token made under Your API tokens."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/", router)


def _words(error: dict) -> tuple[str, str]:
    location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
    return ".".join(location) or "request", str(error.get("msg", "is not valid"))


@api.exception_handler(ValidationError)
def bad_parameters(request, exc: ValidationError):
    problems = [dict(zip(("parameter", "problem"), _words(error), strict=True)) for error in exc.errors]
    return api.create_response(
        request, {"detail": "Some parameters are not valid", "problems": problems}, status=422
    )

