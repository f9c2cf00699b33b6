"""Drives every operation of docs/openapi.yaml against a live `dcl serve` and validates each
response (status, content type, body) against the spec with openapi-core.

Usage: conformance.py BASE_URL SPEC CONTRACT_V1 CONTRACT_V2
Prints one line per request; exits 1 naming each failure, or when an operation of the spec was
never exercised.
"""
import json
import sys

import requests
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse


def main():
    base, spec_path, v1_path, v2_path = sys.argv[1:5]
    with open(spec_path) as handle:
        spec = yaml.safe_load(handle)
    spec["servers"] = [{"url": base}]
    # openapi-core reads application/json itself; problem+json is JSON too, and a YAML document is
    # checked as the string the spec declares.
    api = OpenAPI.from_dict(spec, config=Config(extra_media_type_deserializers={
        "application/problem+json": json.loads,
        "application/vnd.schemaregistry.v1+json": json.loads,
        "text/plain": lambda body, **parameters: body.decode("utf-8") if isinstance(body, bytes) else body,
        "application/yaml": lambda body: body.decode("utf-8") if isinstance(body, bytes) else body,
    }))
    operations = {(method.upper(), path) for path, item in spec["paths"].items()
                  for method in item if method in ("get", "post", "put", "delete", "patch")}
    v1 = open(v1_path).read()
    v2 = open(v2_path).read()
    covered = set()
    failures = []

    def call(method, template, path, expect, body=None, content_type=None, accept=None, **params):
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        data = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
        if data is not None and "Content-Type" not in headers:
            headers["Content-Type"] = "application/json"
        request = requests.Request(method, base + path, params=params or None, data=data, headers=headers)
        prepared = request.prepare()
        response = requests.Session().send(prepared, timeout=60)
        covered.add((method, template))
        verdict = "ok"
        if response.status_code != expect:
            verdict = f"expected {expect}"
            failures.append(f"{method} {path} {params}: status {response.status_code}, expected {expect}: {response.text[:300]}")
        try:
            api.validate_response(RequestsOpenAPIRequest(request), RequestsOpenAPIResponse(response))
        except Exception as error:  # openapi-core raises several types; every one is a failure here
            details = "; ".join(str(e) for e in getattr(error, "schema_errors", []) or [])
            verdict = "does not conform"
            failures.append(f"{method} {path}: response does not conform: {error} {details} body={response.text[:300]}")
        print(f"{method} {path} {params or ''} -> {response.status_code} {verdict}")
        return response

    call("GET", "/healthz", "/healthz", 200)
    call("POST", "/api/contracts/check", "/api/contracts/check", 200, body=v1, content_type="application/yaml")
    call("POST", "/api/contracts", "/api/contracts", 201, body=v1, content_type="application/yaml")
    call("POST", "/api/contracts", "/api/contracts", 200, body=v1, content_type="application/yaml")
    call("POST", "/api/contracts", "/api/contracts", 422, body="kind: nonsense\n", content_type="application/yaml")
    call("POST", "/api/contracts", "/api/contracts", 201, body=v2, content_type="application/yaml")
    call("POST", "/api/contracts", "/api/contracts", 409, body=v1.replace("version: 1.0.0", "version: 0.9.0"),
         content_type="application/yaml")
    call("GET", "/readyz", "/readyz", 200)
    call("GET", "/api/contracts", "/api/contracts", 200, q="orders", limit="10")
    call("GET", "/api/contracts", "/api/contracts", 400, limit="0")
    call("GET", "/api/contracts/{id}", "/api/contracts/sales.orders", 200)
    call("GET", "/api/contracts/{id}", "/api/contracts/sales.orders", 200, accept="application/yaml", version="1.0.0")
    call("GET", "/api/contracts/{id}", "/api/contracts/sales.none", 404)
    call("GET", "/api/contracts/{id}/versions", "/api/contracts/sales.orders/versions", 200)
    call("GET", "/api/contracts/{id}/diff", "/api/contracts/sales.orders/diff", 200, **{"from": "1.0.0"})
    call("GET", "/api/contracts/{id}/diff", "/api/contracts/sales.orders/diff", 400)
    call("GET", "/api/contracts/{id}/history", "/api/contracts/sales.orders/history", 200)
    call("GET", "/api/contracts/{id}/history", "/api/contracts/sales.orders/history", 200, asOf="2999-01-01T00:00:00Z")
    # The first quality rule the contract declares (named by the reader when the document does not).
    rule = requests.get(base + "/api/contracts/sales.orders", timeout=60).json()["contract"]["quality"][0]["name"]
    call("POST", "/api/contracts/{id}/quality", "/api/contracts/sales.orders/quality", 201,
         body={"rule": rule, "passed": True, "value": 0})
    call("POST", "/api/contracts/{id}/quality", "/api/contracts/sales.orders/quality", 422, body={"rule": "nope", "passed": True})
    call("POST", "/api/quality", "/api/quality", 201,
         body={"results": [{"contractId": "sales.orders", "rule": rule, "passed": False, "value": "2"}]})
    call("GET", "/api/dashboard/quality", "/api/dashboard/quality", 200, all="true")
    # Each typed-in result is a run of its own: list them, read the newest, and ask for unknown ones.
    call("GET", "/api/contracts/{id}/quality/runs", "/api/contracts/sales.orders/quality/runs", 200)
    call("GET", "/api/contracts/{id}/quality/runs", "/api/contracts/sales.nothing/quality/runs", 404)
    run_id = requests.get(base + "/api/contracts/sales.orders/quality/runs", timeout=60).json()["runs"][0]["runId"]
    call("GET", "/api/contracts/{id}/quality/runs/{runId}", f"/api/contracts/sales.orders/quality/runs/{run_id}", 200)
    call("GET", "/api/contracts/{id}/quality/runs/{runId}", "/api/contracts/sales.orders/quality/runs/nope", 404)
    call("PUT", "/api/config/compatibility", "/api/config/compatibility", 201, body={"mode": "FULL", "domain": "sales"})
    call("POST", "/api/contracts/{id}/transfer", "/api/contracts/sales.orders/transfer", 201, body={"owner": "finance@company.com"})
    call("POST", "/api/contracts/{id}/retire", "/api/contracts/sales.orders/retire", 422, body={})
    call("POST", "/api/contracts/{id}/deprecate", "/api/contracts/sales.orders/deprecate", 201, body={"reason": "use v2"})
    call("POST", "/api/contracts/{id}/reactivate", "/api/contracts/sales.orders/reactivate", 201, body={"reason": "still needed"})
    call("POST", "/api/contracts/{id}/deprecate", "/api/contracts/sales.orders/deprecate", 201, body={"reason": "use v2"})
    call("POST", "/api/contracts/{id}/retire", "/api/contracts/sales.orders/retire", 201, body={"reason": "gone"})
    # Governance: after a breaking v2 and a deprecation there are notifications to list.
    call("GET", "/api/mesh/metrics", "/api/mesh/metrics", 200)
    call("GET", "/api/mesh/maturity", "/api/mesh/maturity", 200)
    call("GET", "/api/mesh/maturity", "/api/mesh/maturity", 400, asOf="2026-01-01T00:00:00Z")
    call("GET", "/api/policies/compliance", "/api/policies/compliance", 200, domain="sales")
    call("GET", "/api/policies/compliance", "/api/policies/compliance", 400, domain="Not A Domain")
    call("GET", "/api/notifications", "/api/notifications", 200, contract="sales.orders")
    call("GET", "/api/notifications", "/api/notifications", 400, contract="sales/orders")
    # The Schema Registry subset (retire above left the contract readable: versions stay).
    call("GET", "/subjects", "/subjects", 200)
    call("GET", "/subjects/{subject}/versions", "/subjects/sales.orders-value/versions", 200)
    call("GET", "/subjects/{subject}/versions", "/subjects/nothing-value/versions", 404)
    latest = call("GET", "/subjects/{subject}/versions/{version}", "/subjects/sales.orders-value/versions/latest", 200).json()
    call("GET", "/subjects/{subject}/versions/{version}", "/subjects/sales.orders-value/versions/9", 404)
    call("GET", "/schemas/ids/{id}", f"/schemas/ids/{latest['id']}", 200)
    call("GET", "/schemas/ids/{id}", "/schemas/ids/1", 404)
    registry = "application/vnd.schemaregistry.v1+json"
    call("POST", "/subjects/{subject}", "/subjects/sales.orders-value", 200, body=json.dumps({"schema": latest["schema"]}),
         content_type=registry)
    call("POST", "/subjects/{subject}", "/subjects/sales.orders-value", 422, body=json.dumps({"schema": "{"}), content_type=registry)
    call("POST", "/compatibility/subjects/{subject}/versions/{version}", "/compatibility/subjects/sales.orders-value/versions/1", 200,
         body=json.dumps({"schema": latest["schema"]}), content_type=registry)
    call("GET", "/config/{subject}", "/config/sales.orders-value", 200)
    call("PUT", "/config/{subject}", "/config/sales.orders-value", 200, body=json.dumps({"compatibility": "FULL"}), content_type=registry)
    call("PUT", "/config/{subject}", "/config/sales.orders-value", 422, body=json.dumps({"compatibility": "SIDEWAYS"}), content_type=registry)
    call("GET", "/api/projections/status", "/api/projections/status", 200)
    call("GET", "/metrics", "/metrics", 200)
    call("GET", "/api/audit/verify", "/api/audit/verify", 200)

    missing = sorted(operations - covered)
    for method, path in missing:
        failures.append(f"operation never exercised: {method} {path}")
    extra = sorted(covered - operations)
    for method, path in extra:
        failures.append(f"route not in the spec: {method} {path}")
    print(f"{len(covered)} of {len(operations)} operations exercised; {len(failures)} failure(s)")
    for failure in failures:
        print("FAIL", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
