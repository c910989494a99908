#!/usr/bin/env python3
"""Writes tests/vectors/signing.json (version 1) and signing-v2.json
(version 2): request-signing vectors made with Python's standard library
only, independently of the C code, so that the C signer and verifier
(tests/unit/check_sec.c) are checked against another implementation of
the rules in README ("Signed internal calls").  Run it only to add
vectors; the JSON files are what the tests read."""
import hashlib
import hmac
import json
import os
from urllib.parse import quote, unquote_plus

def canonical_query(raw):
    pairs = []
    for piece in (raw or "").split("&"):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        enc = lambda s: quote(unquote_plus(s), safe="-._~")
        pairs.append((enc(name), enc(value)))
    pairs.sort()
    return "&".join(f"{n}={v}" for n, v in pairs)

def payload(v):
    body = v["body"].encode("utf-8")
    return "\n".join([v["method"], v["path"], canonical_query(v["query"]),
                      v["tenant"], v["api_key"], v["nonce"],
                      hashlib.sha256(body).hexdigest()])

def payload_v2(v):
    body = v["body"].encode("utf-8")
    return "\n".join(["v2", v["method"], v["path"],
                      canonical_query(v["query"]), v["tenant"],
                      v["api_key"], v["nonce"], v["content_type"],
                      v["idempotency_key"], v["if_none_match"],
                      hashlib.sha256(body).hexdigest()])

def sign(v, make=payload):
    msg = make(v) + "|" + v["timestamp"]
    return hmac.new(v["secret"].encode(), msg.encode("utf-8"),
                    hashlib.sha256).hexdigest()

BASE = {"method": "GET", "path": "/api/v1/notifications/7", "query": "",
        "tenant": "", "api_key": "pk_live_center_01",
        "nonce": "6f1c2a9e8b7d4c3f2a1b0c9d8e7f6a5b",
        "timestamp": "1795780800", "body": "",
        "secret": "s3cr3t-0123456789abcdef"}
CASES = [
    ("GET without query or tenant", {}),
    ("GET with a query, sorted by name then value",
     {"path": "/api/v1/products", "query": "limit=20&cursor=p2&a=2&a=1"}),
    ("query with '+', percent-encoded and reserved characters",
     {"query": "q=red+shoes&tag=%C3%A9t%C3%A9&x=a%2Fb&y=1%2B1"}),
    ("query pieces without '=' and empty pieces",
     {"query": "flag&&b=&a"}),
    ("tenant-scoped GET", {"tenant": "42"}),
    ("POST with a JSON body",
     {"method": "POST", "path": "/api/v1/notifications/email",
      "tenant": "1", "body": '{"to":"ann@example.com","template":'
      '"order_confirmation","locale":"en"}'}),
    ("POST with an empty body", {"method": "POST",
     "path": "/api/v1/notifications/sms", "tenant": "2"}),
    ("POST with a unicode body", {"method": "POST", "tenant": "2",
     "path": "/api/v1/notifications/email",
     "body": '{"name":"Zoë Ångström","city":"Marrakech \u2013 مراكش"}'}),
    ("PATCH on the internal API of a tenant",
     {"method": "PATCH", "path": "/internal/api/tenants/7/status",
      "tenant": "7", "body": '{"to":"suspended","reason":"unpaid"}'}),
    ("DELETE with a query", {"method": "DELETE",
     "path": "/api/v1/keys/pk_old", "query": "reason=rotated&now=1"}),
    ("another secret and timestamp", {"secret": "another-secret",
     "timestamp": "1795780999", "tenant": "1"}),
    ("raw path kept as sent (percent-encoded)",
     {"path": "/api/v1/media/a%20b.png", "query": "w=640&h=480"}),
]

# Version 2 also signs three headers; absent ones are empty strings.
BASE_V2 = dict(BASE, version="2", content_type="", idempotency_key="",
               if_none_match="")
JSON = "application/json"
CASES_V2 = [
    ("v2 GET without query, tenant or headers", {}),
    ("v2 GET with a query, sorted by name then value",
     {"path": "/api/v1/products", "query": "limit=20&cursor=p2&b=2&a=1"}),
    ("v2 tenant-scoped GET with If-None-Match",
     {"path": "/internal/api/tenants/7/features", "tenant": "7",
      "if_none_match": '"f3a9c0de"'}),
    ("v2 POST with a JSON body, Content-Type and Idempotency-Key",
     {"method": "POST", "path": "/api/v1/notifications/email",
      "tenant": "1", "content_type": JSON,
      "idempotency_key": "souk-notification-42",
      "body": '{"to":"ann@example.com","template":'
      '"order_confirmation","locale":"en"}'}),
    ("v2 the same POST with another Content-Type",
     {"method": "POST", "path": "/api/v1/notifications/email",
      "tenant": "1", "content_type": "application/x-www-form-urlencoded",
      "idempotency_key": "souk-notification-42",
      "body": '{"to":"ann@example.com","template":'
      '"order_confirmation","locale":"en"}'}),
    ("v2 POST with an empty body and no Content-Type",
     {"method": "POST", "path": "/api/v1/notifications/sms",
      "tenant": "2"}),
    ("v2 PATCH with a unicode body and a charset",
     {"method": "PATCH", "path": "/internal/api/tenants/7/status",
      "tenant": "7", "content_type": "application/json; charset=utf-8",
      "body": '{"reason":"Zoë Ångström \u2013 مراكش"}'}),
    ("v2 all three headers, a query and another secret",
     {"method": "PUT", "path": "/api/v1/media/a%20b.png",
      "query": "w=640&h=480", "tenant": "3", "content_type": "image/png",
      "idempotency_key": "k-1", "if_none_match": "*",
      "body": "PNG", "secret": "another-secret",
      "timestamp": "1795780999"}),
]

def write(name, vectors):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, name), "w", encoding="utf-8") as f:
        json.dump({"vectors": vectors}, f, ensure_ascii=False, indent=1)
        f.write("\n")

def main():
    out = []
    for name, change in CASES:
        v = dict(BASE, **change)
        out.append(dict(v, name=name, payload=payload(v),
                        signature=sign(v)))
    write("signing.json", out)
    out = []
    for name, change in CASES_V2:
        v = dict(BASE_V2, **change)
        out.append(dict(v, name=name, payload=payload_v2(v),
                        signature=sign(v, payload_v2)))
    write("signing-v2.json", out)

if __name__ == "__main__":
    main()
