#!/usr/bin/env bash
# Smoke test for a Qdrant REST endpoint (the local-mode server in this folder, or a
# real Qdrant): the calls the app's Qdrant connector makes, with Qdrant's response
# shapes and error statuses. Needs only python3 (stdlib).
#
#   QDRANT_URL=http://127.0.0.1:6333 [QDRANT_API_KEY=...] test/services/qdrant/smoke.sh
set -euo pipefail
export QDRANT_URL="${QDRANT_URL:-http://127.0.0.1:6333}"
exec "${PYTHON:-python3}" - <<'PY'
import json, os, sys, time, urllib.error, urllib.request, uuid

BASE = os.environ["QDRANT_URL"].rstrip("/")
KEY = os.environ.get("QDRANT_API_KEY")
NAME = f"smoke_{os.getpid()}_{int(time.time())}"
DIM = 8
checks = 0


def call(method, path, body=None, expect=200):
    global checks
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("content-type", "application/json")
    if KEY:
        req.add_header("api-key", KEY)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, raw = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    doc = json.loads(raw) if raw else None
    if status != expect:
        sys.exit(f"FAIL {method} {path}: HTTP {status} (expected {expect}): {raw[:300]!r}")
    checks += 1
    if expect == 200 and path != "/":
        assert doc["status"] == "ok" and "time" in doc, doc
        return doc["result"]
    if expect >= 400:
        assert isinstance(doc["status"]["error"], str) and "time" in doc, doc
        return doc["status"]["error"]
    return doc


def vec(i):
    return [((i * 7 + j) % 11) / 10.0 + 0.01 for j in range(DIM)]


root = call("GET", "/")
assert "version" in root, root
assert call("GET", f"/collections/{NAME}/exists") == {"exists": False}
assert call("PUT", f"/collections/{NAME}", {"vectors": {"size": DIM, "distance": "Cosine"}}) is True
err = call("PUT", f"/collections/{NAME}", {"vectors": {"size": DIM, "distance": "Cosine"}}, expect=409)
assert "already exists" in err, err
assert call("GET", f"/collections/{NAME}/exists") == {"exists": True}
r = call("PUT", f"/collections/{NAME}/index?wait=true", {"field_name": "documentId", "field_schema": "keyword"})
assert r["status"] == "completed", r

ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"doc{d}:{c}")) for d in range(3) for c in range(10)]
points = [{"id": pid, "vector": vec(i), "payload": {"documentId": f"doc{i // 10}", "realmId": "r1" if i < 20 else "r2", "chunkIndex": i % 10}}
          for i, pid in enumerate(ids)]
r = call("PUT", f"/collections/{NAME}/points?wait=true", {"points": points})
assert r["status"] == "completed", r
call("PUT", f"/collections/{NAME}/points?wait=true", {"points": points[:5]})  # idempotent re-upsert
err = call("PUT", f"/collections/{NAME}/points?wait=true", {"points": [{"id": 1, "vector": [1, 2, 3]}]}, expect=400)
assert f"expected dim: {DIM}, got 3" in err, err

must = lambda k, v: {"must": [{"key": k, "match": {"value": v}}]}  # noqa: E731
assert call("POST", f"/collections/{NAME}/points/count", {"exact": True}) == {"count": 30}
assert call("POST", f"/collections/{NAME}/points/count", {"filter": must("documentId", "doc1"), "exact": True}) == {"count": 10}
assert call("POST", f"/collections/{NAME}/points/count", {"filter": {"must": [{"key": "documentId", "match": {"any": ["doc0", "doc2"]}}]}})["count"] == 20
assert call("POST", f"/collections/{NAME}/points/count", {"filter": {"must_not": [{"key": "realmId", "match": {"value": "r1"}}]}})["count"] == 10

# Points per document of a realm in one request (the connector's countMany): exact counts through the keyword
# index, count descending then value ascending; a key without such an index is refused.
facet = {"key": "documentId", "filter": {"must": [{"key": "realmId", "match": {"value": "r1"}}, {"key": "documentId", "match": {"any": ["doc0", "doc1", "doc2", "nodoc"]}}]}, "limit": 4, "exact": True}
assert call("POST", f"/collections/{NAME}/facet", facet) == {"hits": [{"value": "doc0", "count": 10}, {"value": "doc1", "count": 10}]}
assert call("POST", f"/collections/{NAME}/facet", {**facet, "limit": 1}) == {"hits": [{"value": "doc0", "count": 10}]}
err = call("POST", f"/collections/{NAME}/facet", {"key": "realmId", "exact": True}, expect=400)
assert "No appropriate index for faceting: `realmId`" in err, err
call("POST", f"/collections/{NAME}/facet", {"key": "documentId", "limit": 0}, expect=422)
call("POST", f"/collections/missing_{NAME}/facet", {"key": "documentId"}, expect=404)

seen, offset, pages = set(), None, 0
while True:
    body = {"filter": must("realmId", "r1"), "limit": 6, "with_payload": True, "with_vector": False}
    if offset is not None:
        body["offset"] = offset
    page = call("POST", f"/collections/{NAME}/points/scroll", body)
    for p in page["points"]:
        assert p["id"] not in seen and p["payload"]["realmId"] == "r1", p
        seen.add(p["id"])
    pages += 1
    offset = page["next_page_offset"]
    if offset is None:
        break
assert len(seen) == 20 and pages == 4, (len(seen), pages)

got = call("POST", f"/collections/{NAME}/points", {"ids": ids[:2], "with_payload": True})
assert sorted(p["id"] for p in got) == sorted(ids[:2]), got
hits = call("POST", f"/collections/{NAME}/points/query", {"query": vec(12), "limit": 3, "filter": must("documentId", "doc1"), "with_payload": True})["points"]
assert hits[0]["id"] == ids[12] and hits[0]["score"] > 0.999, hits

r = call("POST", f"/collections/{NAME}/points/delete?wait=true", {"filter": must("documentId", "doc0")})
assert r["status"] == "completed", r
call("POST", f"/collections/{NAME}/points/delete?wait=true", {"points": [ids[29]]})
assert call("POST", f"/collections/{NAME}/points/count", {"exact": True}) == {"count": 19}
info = call("GET", f"/collections/{NAME}")
assert info["points_count"] == 19 and info["config"]["params"]["vectors"]["size"] == DIM, info

err = call("GET", f"/collections/missing_{NAME}", expect=404)
assert "doesn't exist" in err, err
call("POST", f"/collections/missing_{NAME}/points/count", {}, expect=404)
assert call("DELETE", f"/collections/{NAME}") is True
assert call("GET", f"/collections/{NAME}/exists") == {"exists": False}
print(f"qdrant smoke OK: {checks} checks against {BASE} (server version {root['version']})")
PY
