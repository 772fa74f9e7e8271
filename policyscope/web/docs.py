"""Offline API docs: `/api/v1/docs` is a page of our own, rendered on the server from the
OpenAPI document (no CDN, no script), under the same CSP as every page. `customise(app)`
makes the OpenAPI document tell the truth: the error responses the app really gives, with
their JSON body, and the bearer scheme the writes (and a read-protected server) need."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse

from policyscope.web.pages import page

router = APIRouter(include_in_schema=False)

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "string", "description": "One line: what is wrong"}},
    "required": ["error"],
}
ERRORS = {
    "400": "Bad parameter (names the parameter and what to do), or a foreign Host header",
    "401": "Missing or wrong token",
    "404": "No such document, item or job",
    "503": "The request took longer than the server's time limit",
}
WRITE_ERRORS = {
    "403": "The server is read-only (no POLICYSCOPE_TOKEN)",
    "413": "The body is larger than the upload limit",
    "415": "File type not accepted",
}


def _error_response(text: str) -> dict:
    ref = {"$ref": "#/components/schemas/Error"}
    return {"description": text, "content": {"application/json": {"schema": ref}}}


def build_openapi(app: FastAPI) -> dict:
    spec = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = spec.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    components["securitySchemes"] = {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "POLICYSCOPE_TOKEN for writes; on a read-protected server "
            "POLICYSCOPE_READ_TOKEN (or the write token) for every request",
        }
    }
    for methods in spec.get("paths", {}).values():
        for method, op in methods.items():
            responses = op.setdefault("responses", {})
            responses.pop("422", None)  # FastAPI's default; this app answers 400 instead
            errors = {**ERRORS, **(WRITE_ERRORS if method != "get" else {})}
            for code, text in errors.items():
                responses[code] = _error_response(text)
            if method != "get":
                op["security"] = [{"bearer": []}]
    schemas = components["schemas"]
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    return spec


def customise(app: FastAPI) -> None:
    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _operations(spec: dict) -> list[dict]:
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "type": p.get("schema", {}).get("type")
                    or " | ".join(x.get("type", "") for x in p.get("schema", {}).get("anyOf", [])),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "params": params,
                    "responses": sorted(op.get("responses", {}).items()),
                    "secured": bool(op.get("security")),
                }
            )
    return out


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request):
    spec = request.app.openapi()
    return page(request, "api_docs.html", spec=spec, operations=_operations(spec))
