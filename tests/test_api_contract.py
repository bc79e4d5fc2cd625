"""The HTTP API against its own OpenAPI schema: schemathesis generates requests for every operation (its
examples, coverage and fuzzing phases, positive and negative data) and checks each answer with its full
set of checks, writes included with the write token; plain assertions pin the declarations it relies on.

The app is served in-process (ASGI) over a SQLite store holding the example pages. schemathesis loads the
schema when the module is imported (``schema.parametrize``: one test per operation); its ``from_fixture``
loader fails on this pytest (it sets a node attribute pytest 9.2 no longer has), so the store is made
then too and removed at exit. Generation is derandomized and keeps no example database.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import schemathesis  # a dev dependency: a missing one fails this module, it is never skipped
from fastapi.testclient import TestClient
from schemathesis import checks as st_checks

from marsad.api import ApiSettings, create_app
from marsad.api.deps import BBOX_PATTERN
from marsad.errors import InputError
from marsad.model import Article
from marsad.store import Filters, Store
from marsad.store.filters import DATE_PATTERN, date_bound
from test_store_backends import sample_items

TOKEN = "contract-token-7c1e"
EXAMPLES_PER_OPERATION = 25
#: Every check schemathesis has for one request and its answer (the stateful ones need a recorded run).
CHECKS = [
    st_checks.not_a_server_error, st_checks.status_code_conformance, st_checks.content_type_conformance,
    st_checks.response_schema_conformance, st_checks.response_headers_conformance,
    st_checks.negative_data_rejection, st_checks.positive_data_acceptance, st_checks.missing_required_header,
    st_checks.unsupported_method, st_checks.allow_header_conformance, st_checks.ignored_auth,
]
#: Where a schema-valid request may still be refused with 422 for a rule no JSON Schema can state:
#: a search with no searchable word or over 16 words (the tokenizer decides), a page with no article
#: body, an edit whose fields break the event rules (ACLED's type pairs, a date up to today, both
#: coordinates or neither) or a review whose action and fields disagree.
SEMANTIC_422 = (("GET", "/search"), ("POST", "/articles"), ("POST", "/events/{event_id}/review"))
_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]


def _identity(article: Article) -> Article:
    return article


def _seeded_store() -> Store:
    folder = Path(tempfile.mkdtemp(prefix="marsad-contract-"))
    store = Store.open(str(folder / "store.db"))
    atexit.register(shutil.rmtree, folder, True)
    atexit.register(store.close)  # runs first
    store.add_articles(sample_items())
    return store


STORE = _seeded_store()
APP = create_app(STORE, ApiSettings(token=TOKEN), pipeline=_identity)
#: Ids the store holds, by path parameter.
STORED_IDS = {
    "article_id": sorted(item["id"] for item in STORE.list_articles(Filters(), limit=100)[1]),
    "event_id": sorted(item["id"] for item in STORE.list_events(Filters(), limit=100)[1]),
}
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=schemathesis.Config.from_dict({
    "generation": {"max-examples": EXAMPLES_PER_OPERATION, "deterministic": True, "database": "none"},
    "auth": {"openapi": {"bearer": {"bearer": TOKEN}}},
    "operations": [
        {"include-method": method, "include-path": path,
         "checks": {"positive_data_acceptance": {"expected-statuses": [*_ACCEPTED, "422"]}}}
        for method, path in SEMANTIC_422
    ],
}))
_ID = re.compile("[0-9a-f]{1,64}")
_BBOX = re.compile(BBOX_PATTERN.removeprefix("^").removesuffix("$"))  # fullmatch: no newline before the end


@schema.hook
def map_query(_context: schemathesis.HookContext, query: dict[str, Any] | None) -> dict[str, Any] | None:
    """The rules between values that no schema can state, put right in generated queries: each minimum of
    a bbox at most its maximum, and date_from not after date_to (the server answers 422 otherwise, as
    tests/test_api.py and tests/test_api_dates.py check). Values that break their patterns are left as
    they are."""
    if not query:
        return query
    query = dict(query)
    bbox = query.get("bbox")
    if isinstance(bbox, str) and _BBOX.fullmatch(bbox):
        lon1, lat1, lon2, lat2 = bbox.split(",")
        (west, east), (south, north) = sorted((lon1, lon2), key=float), sorted((lat1, lat2), key=float)
        query["bbox"] = f"{west},{south},{east},{north}"
    first, last = query.get("date_from"), query.get("date_to")
    if isinstance(first, str) and isinstance(last, str):
        try:
            reversed_range = date_bound(first) > date_bound(last, end=True)
        except InputError:  # a value that breaks the pattern: the server's 422 is the point
            reversed_range = False
        if reversed_range:
            query["date_from"], query["date_to"] = last, first
    return query


@schema.hook
def map_path_parameters(_context: schemathesis.HookContext, parameters: dict[str, Any] | None) -> dict[str, Any] | None:
    """Half the well-formed ids generated (those that read as an even number) become ids the store holds,
    so found articles and events, and reviews of them, are checked too; the others are 404s."""
    if not parameters:
        return parameters
    parameters = dict(parameters)
    for name, ids in STORED_IDS.items():
        value = parameters.get(name)
        if isinstance(value, str) and _ID.fullmatch(value) and int(value, 16) % 2 == 0:
            parameters[name] = ids[int(value, 16) // 2 % len(ids)]
    return parameters


@schema.parametrize()
def test_every_operation_keeps_its_contract(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)


# The declarations the generated run relies on, stated outright.

def _spec() -> dict[str, Any]:
    with TestClient(APP) as client:
        spec: dict[str, Any] = client.get("/openapi.json").json()
    return spec


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, operation) for path, methods in spec["paths"].items()
            for method, operation in methods.items()]


#: The error statuses of each operation, exactly.
ERRORS = {
    ("GET", "/health"): {"500"},
    ("GET", "/articles"): {"422", "500", "503"},
    ("GET", "/articles/{article_id}"): {"404", "422", "500", "503"},
    ("GET", "/events"): {"422", "500", "503"},
    ("GET", "/events/{event_id}"): {"404", "422", "500", "503"},
    ("GET", "/search"): {"422", "500", "503"},
    ("GET", "/actors"): {"422", "500", "503"},
    ("GET", "/places"): {"422", "500", "503"},
    ("GET", "/stats"): {"422", "500", "503"},
    ("GET", "/export"): {"422", "500", "503"},
    ("POST", "/articles"): {"400", "401", "403", "413", "422", "500", "503"},
    ("POST", "/events/{event_id}/review"): {"400", "401", "403", "404", "409", "413", "422", "500", "503"},
}
WRITE_ERRORS = {"400", "401", "403", "413", "422", "500", "503"}


def test_every_error_status_is_declared_with_the_one_error_shape() -> None:
    spec = _spec()
    error = spec["components"]["schemas"]["ErrorBody"]
    assert error["required"] == ["error"]
    assert error["additionalProperties"] is False
    detail = spec["components"]["schemas"]["ErrorDetail"]
    assert sorted(detail["required"]) == ["code", "message"]
    operations = _operations(spec)
    assert set(ERRORS) <= {(method, path) for method, path, _operation in operations}
    for method, path, operation in operations:
        responses = operation["responses"]
        errors = {status for status in responses if status[0] in "45"}
        if (method, path) in ERRORS:
            assert errors == ERRORS[method, path], (method, path)
        assert "500" in errors, (method, path)  # any operation may fail unexpectedly
        if "{" in path:
            assert "404" in errors, (method, path)
        if operation.get("security"):
            assert errors >= WRITE_ERRORS, (method, path)
            assert responses["401"]["headers"]["WWW-Authenticate"]["required"] is True
        for status in errors:
            assert responses[status]["content"] == {
                "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}, (method, path, status)


def test_limits_enums_and_patterns_are_declared_as_enforced() -> None:
    spec = _spec()
    events = {item["name"]: item["schema"] for item in spec["paths"]["/events"]["get"]["parameters"]}
    assert (events["limit"]["minimum"], events["limit"]["maximum"]) == (1, 200)
    assert (events["offset"]["minimum"], events["offset"]["maximum"]) == (0, 10_000_000)
    assert events["bbox"]["pattern"] == BBOX_PATTERN
    assert events["date_from"]["pattern"] == events["date_to"]["pattern"] == DATE_PATTERN
    assert events["status"]["anyOf"][0]["enum"] == ["machine", "accepted", "edited", "rejected"]
    search = {item["name"]: item["schema"] for item in spec["paths"]["/search"]["get"]["parameters"]}
    assert (search["q"]["minLength"], search["q"]["maxLength"]) == (1, 200)
    export = {item["name"]: item["schema"] for item in spec["paths"]["/export"]["get"]["parameters"]}
    assert export["format"]["enum"] == ["acled-csv", "geojson", "jsonl"]
    assert export["layout"]["enum"] == ["current", "classic"]


def test_the_declared_limits_follow_the_settings() -> None:
    with TestClient(create_app(APP.state.store, ApiSettings(max_page_size=5, max_query_length=40))) as client:
        spec = client.get("/openapi.json").json()
    events = {item["name"]: item["schema"] for item in spec["paths"]["/events"]["get"]["parameters"]}
    search = {item["name"]: item["schema"] for item in spec["paths"]["/search"]["get"]["parameters"]}
    assert events["limit"]["maximum"] == 5
    assert search["q"]["maxLength"] == 40


def test_export_declares_the_media_types_it_sends() -> None:
    spec = _spec()
    declared = spec["paths"]["/export"]["get"]["responses"]["200"]["content"]
    assert set(declared) == {"text/csv", "application/geo+json", "application/x-ndjson"}
    with TestClient(APP) as client:
        for export_format, media_type in (("acled-csv", "text/csv"), ("geojson", "application/geo+json"),
                                          ("jsonl", "application/x-ndjson")):
            sent = client.get("/export", params={"format": export_format}).headers["content-type"]
            assert sent.split(";")[0] == media_type


def test_writes_declare_the_bearer_scheme() -> None:
    spec = _spec()
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "the server's write token"}
    for method, path, operation in _operations(spec):
        assert (operation.get("security") == [{"bearer": []}]) == (method != "GET"), (method, path)


def test_405_names_every_method_of_the_path() -> None:
    with TestClient(APP) as client:
        for method, path, allowed in (("DELETE", "/articles", "GET, POST"), ("OPTIONS", "/articles", "GET, POST"),
                                      ("PUT", "/events/0123abcd", "GET"), ("GET", "/events/0123abcd/review", "POST")):
            response = client.request(method, path)
            assert response.status_code == 405
            assert response.headers["Allow"] == allowed
            assert response.json()["error"]["code"] == "method_not_allowed"
