#!/usr/bin/env python3
"""Test-only Qdrant REST server backed by qdrant-client's local mode.

No Qdrant server binary can be installed on the development/CI machines, so this
serves the subset of Qdrant's REST API that `@qdrant/js-client-rest` uses for
collections, payload indexes and points, with Qdrant's response envelope and
error statuses, on top of the engine that `qdrant-client` ships for local mode
(`QdrantClient(location=":memory:")` or `QdrantClient(path=...)`).

It is NOT Qdrant: search is exact (brute force), payload indexes are recorded
but change nothing, there are no snapshots, shards, aliases or clustering.
See test/services/README.md.

Environment:
  QDRANT_HOST        bind address, default 127.0.0.1 (loopback only)
  QDRANT_PORT        default 6333
  QDRANT_API_KEY     if set, every request except /, /healthz, /livez, /readyz
                     needs header `api-key: <key>` (or `Authorization: Bearer <key>`)
  QDRANT_STORAGE     a directory to persist to (local-mode files); default: in memory
  QDRANT_SHIM_VERSION  version reported by GET / (default: the qdrant-client version)
  QDRANT_SHIM_LOG    "1" to log every request to stderr
  QDRANT_READY_FILE  optional; written with the pid once the server listens
"""

from __future__ import annotations

import json
import math
import os
import re
import signal
import sys
import threading
import time
import traceback
import uuid
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

warnings.filterwarnings("ignore")  # local mode warns that payload indexes have no effect, etc.

import pydantic  # noqa: E402
import qdrant_client  # noqa: E402
from qdrant_client import QdrantClient, models  # noqa: E402

CLIENT_VERSION = getattr(qdrant_client, "__version__", None)
if not CLIENT_VERSION:
    from importlib.metadata import version as _pkg_version

    CLIENT_VERSION = _pkg_version("qdrant-client")

SERVER_VERSION = os.environ.get("QDRANT_SHIM_VERSION") or CLIENT_VERSION
SERVER_COMMIT = "qdrant-client-local-" + CLIENT_VERSION
LOG_REQUESTS = os.environ.get("QDRANT_SHIM_LOG") == "1"
AUTH_WHITELIST = {"/", "/healthz", "/livez", "/readyz"}
MAX_BODY = 256 * 1024 * 1024
UUID_RE = re.compile(
    r"^(?:urn:uuid:)?\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?$"
)


# --------------------------------------------------------------------------- errors


class ApiError(Exception):
    """An error answered in Qdrant's shape: {"status": {"error": msg}, "time": t}."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def not_found_collection(name: str) -> ApiError:
    return ApiError(404, f"Not found: Collection `{name}` doesn't exist!")


def format_error(message: str) -> ApiError:
    return ApiError(400, f"Format error in JSON body: {message}")


def validation_error(field: str, message: str) -> ApiError:
    return ApiError(422, f"Validation error in JSON body: [{field}: {message}]")


def describe_pydantic(err: pydantic.ValidationError) -> str:
    parts = []
    for e in err.errors()[:3]:
        loc = ".".join(str(p) for p in e.get("loc", ()))
        parts.append(f"{loc}: {e.get('msg')}" if loc else str(e.get("msg")))
    more = len(err.errors()) - 3
    if more > 0:
        parts.append(f"... and {more} more")
    return "; ".join(parts)


def parse_model(adapter_or_model: Any, data: Any) -> Any:
    try:
        if isinstance(adapter_or_model, pydantic.TypeAdapter):
            return adapter_or_model.validate_python(data)
        return adapter_or_model.model_validate(data)
    except pydantic.ValidationError as e:
        raise format_error(describe_pydantic(e)) from None


POINTS_INSERT = pydantic.TypeAdapter(models.PointInsertOperations)
POINTS_SELECTOR = pydantic.TypeAdapter(models.PointsSelector)
FILTER = pydantic.TypeAdapter(models.Filter)
WITH_PAYLOAD = pydantic.TypeAdapter(models.WithPayloadInterface)
WITH_VECTOR = pydantic.TypeAdapter(models.WithVector)


# --------------------------------------------------------------------------- helpers


def check_point_id(pid: Any) -> Any:
    """Qdrant ids are unsigned integers or UUIDs; return the canonical form."""
    if isinstance(pid, bool):
        pass
    elif isinstance(pid, int):
        if 0 <= pid < 2**64:
            return pid
    elif isinstance(pid, str) and UUID_RE.match(pid):
        return str(uuid.UUID(pid))
    raise format_error(
        f"value {json.dumps(pid)} is not a valid point ID, "
        "valid values are either an unsigned integer or a UUID"
    )


def check_limit(value: Any, field: str = "limit") -> None:
    if value is not None and (not isinstance(value, int) or value < 1):
        raise validation_error(field, f"value {value} invalid, must be 1 or larger")


def dense_sizes(client: QdrantClient, name: str) -> dict[str, int]:
    """Dense vector sizes by name ("" = the unnamed default vector)."""
    vectors = client.get_collection(name).config.params.vectors
    if isinstance(vectors, models.VectorParams):
        return {"": vectors.size}
    if isinstance(vectors, dict):
        return {k: v.size for k, v in vectors.items() if isinstance(v, models.VectorParams)}
    return {}


def is_dense(vector: Any) -> bool:
    return isinstance(vector, list) and all(
        isinstance(x, (int, float)) and not isinstance(x, bool) for x in vector
    )


def check_dim(sizes: dict[str, int], name: str, vector: Any) -> None:
    expected = sizes.get(name)
    if expected is not None and is_dense(vector) and len(vector) != expected:
        raise ApiError(
            400, f"Wrong input: Vector dimension error: expected dim: {expected}, got {len(vector)}"
        )
    if is_dense(vector) and any(isinstance(x, float) and not math.isfinite(x) for x in vector):
        raise format_error("vector contains non-finite values")


def check_vector_struct(sizes: dict[str, int], vector: Any) -> None:
    if isinstance(vector, dict):
        for vname, v in vector.items():
            if vname not in sizes and is_dense(v) and sizes:
                raise ApiError(400, f"Wrong input: Not existing vector name error: {vname}")
            check_dim(sizes, vname, v)
    else:
        if "" not in sizes and is_dense(vector) and sizes:
            raise ApiError(400, "Wrong input: Not existing vector name error: ")
        check_dim(sizes, "", vector)


def dump(model: Any) -> Any:
    if isinstance(model, pydantic.BaseModel):
        return model.model_dump(mode="json")
    if isinstance(model, list):
        return [dump(m) for m in model]
    return model


def dump_point(point: Any) -> dict:
    """Record / ScoredPoint as Qdrant serializes it (shard_key/order_value only when set)."""
    d = point.model_dump(mode="json")
    for key in ("shard_key", "order_value"):
        if d.get(key) is None:
            d.pop(key, None)
    return d


def bool_param(query: dict[str, list[str]], name: str, default: bool = False) -> bool:
    values = query.get(name)
    if not values:
        return default
    v = values[-1].strip().lower()
    if v in ("true", "1", ""):
        return True
    if v in ("false", "0"):
        return False
    raise ApiError(400, f"Query deserialize error: {name}: provided string was not `true` or `false`")


# --------------------------------------------------------------------------- engine


class Engine:
    """qdrant-client local mode plus the bits of server state local mode lacks.

    Local mode is not thread safe: every engine call runs under one lock.
    """

    def __init__(self, storage: str | None):
        if storage:
            os.makedirs(storage, exist_ok=True)
            self.client = QdrantClient(path=storage, force_disable_check_same_thread=True)
        else:
            self.client = QdrantClient(location=":memory:", force_disable_check_same_thread=True)
        self.lock = threading.RLock()
        self.indexes: dict[str, dict[str, Any]] = {}  # collection -> field -> schema (json)
        self.op_ids: dict[str, int] = {}

    def close(self) -> None:
        with self.lock:
            try:
                self.client.close()
            except Exception:  # noqa: BLE001
                pass

    # -- helpers
    def require(self, name: str) -> None:
        if not self.client.collection_exists(name):
            raise not_found_collection(name)

    def update_result(self, name: str, wait: bool) -> dict:
        op = self.op_ids.get(name, 0)
        self.op_ids[name] = op + 1
        return {"operation_id": op, "status": "completed" if wait else "acknowledged"}

    # -- service
    def root(self) -> dict:
        return {"title": "qdrant - vector search engine", "version": SERVER_VERSION, "commit": SERVER_COMMIT}

    # -- collections
    def list_collections(self) -> dict:
        cols = self.client.get_collections().collections
        return {"collections": [{"name": c.name} for c in cols]}

    def collection_exists(self, name: str) -> dict:
        return {"exists": bool(self.client.collection_exists(name))}

    def get_collection(self, name: str) -> dict:
        self.require(name)
        info = self.client.get_collection(name).model_dump(mode="json", exclude_none=True)
        params = info.setdefault("config", {}).setdefault("params", {})
        for key, default in (("shard_number", 1), ("replication_factor", 1),
                             ("write_consistency_factor", 1), ("on_disk_payload", True)):
            params.setdefault(key, default)
        schema = {}
        for field, field_schema in self.indexes.get(name, {}).items():
            data_type = field_schema if isinstance(field_schema, str) else field_schema.get("type")
            entry: dict[str, Any] = {"data_type": data_type}
            if isinstance(field_schema, dict):
                entry["params"] = field_schema
            entry["points"] = self._count_with_field(name, field)
            schema[field] = entry
        info["payload_schema"] = schema
        return info

    def _count_with_field(self, name: str, field: str) -> int:
        flt = models.Filter(must_not=[models.IsEmptyCondition(is_empty=models.PayloadField(key=field))])
        try:
            return self.client.count(name, count_filter=flt, exact=True).count
        except Exception:  # noqa: BLE001
            return 0

    def create_collection(self, name: str, body: Any) -> bool:
        if not isinstance(body, dict):
            raise format_error("invalid type: expected struct CreateCollection")
        if not name or len(name) > 255 or any(c in name for c in '<>:"/\\|?*\0\u001f'):
            raise validation_error("name", f"collection name `{name}` is not allowed")
        vectors = body.get("vectors")
        if isinstance(vectors, dict):
            # {"size", "distance"} or {"name": {"size", "distance"}}
            params = [vectors] if "size" in vectors else [v for v in vectors.values() if isinstance(v, dict)]
            for p in params:
                size = p.get("size")
                if isinstance(size, int) and not isinstance(size, bool) and not 1 <= size <= 65536:
                    field = "vectors.size" if p is vectors else "vectors.?.size"
                    raise validation_error(field, f"value {size} invalid, must be from 1 to 65536")
        req = parse_model(models.CreateCollection, body)
        if self.client.collection_exists(name):
            raise ApiError(409, f"Wrong input: Collection `{name}` already exists!")
        self.client.create_collection(
            name,
            vectors_config=req.vectors if req.vectors is not None else {},
            sparse_vectors_config=req.sparse_vectors,
            shard_number=req.shard_number,
            replication_factor=req.replication_factor,
            write_consistency_factor=req.write_consistency_factor,
            on_disk_payload=req.on_disk_payload,
            hnsw_config=req.hnsw_config,
            optimizers_config=req.optimizers_config,
            wal_config=req.wal_config,
            quantization_config=req.quantization_config,
            metadata=req.metadata,
        )
        self.indexes[name] = {}
        self.op_ids[name] = 0
        return True

    def update_collection(self, name: str, body: Any) -> bool:
        self.require(name)
        # Optimizer/HNSW/quantization parameters mean nothing to local mode.
        return True

    def delete_collection(self, name: str) -> bool:
        existed = bool(self.client.collection_exists(name))
        if existed:
            self.client.delete_collection(name)
        self.indexes.pop(name, None)
        self.op_ids.pop(name, None)
        return existed

    # -- payload indexes
    def create_index(self, name: str, body: Any, wait: bool) -> dict:
        self.require(name)
        req = parse_model(models.CreateFieldIndex, body)
        if req.field_schema is None:
            raise ApiError(400, "Bad request: Can't auto-detect field type, please specify `field_schema` in the request")
        self.client.create_payload_index(name, field_name=req.field_name, field_schema=req.field_schema)
        schema = req.field_schema
        self.indexes.setdefault(name, {})[req.field_name] = (
            schema.model_dump(mode="json", exclude_none=True)
            if isinstance(schema, pydantic.BaseModel)
            else getattr(schema, "value", schema)
        )
        return self.update_result(name, wait)

    def delete_index(self, name: str, field: str, wait: bool) -> dict:
        self.require(name)
        self.client.delete_payload_index(name, field_name=field)
        self.indexes.get(name, {}).pop(field, None)
        return self.update_result(name, wait)

    # -- points: writes
    def upsert(self, name: str, body: Any, wait: bool) -> dict:
        self.require(name)
        req = parse_model(POINTS_INSERT, body)
        sizes = dense_sizes(self.client, name)
        if isinstance(req, models.PointsList):
            points = []
            for p in req.points:
                pid = check_point_id(p.id)
                check_vector_struct(sizes, p.vector)
                points.append(models.PointStruct(id=pid, vector=p.vector, payload=p.payload))
            self.client.upsert(name, points=points, wait=True)
        else:
            batch = req.batch
            ids = [check_point_id(i) for i in batch.ids]
            vectors = batch.vectors
            if isinstance(vectors, list):
                if len(vectors) != len(ids):
                    raise ApiError(400, "Wrong input: number of ids and vectors must be equal")
                for v in vectors:
                    check_dim(sizes, "", v)
            elif isinstance(vectors, dict):
                for vname, vs in vectors.items():
                    if len(vs) != len(ids):
                        raise ApiError(400, "Wrong input: number of ids and vectors must be equal")
                    for v in vs:
                        check_dim(sizes, vname, v)
            if batch.payloads is not None and len(batch.payloads) != len(ids):
                raise ApiError(400, "Wrong input: number of ids and payloads must be equal")
            self.client.upsert(
                name, points=models.Batch(ids=ids, vectors=vectors, payloads=batch.payloads), wait=True
            )
        return self.update_result(name, wait)

    def _selector(self, points: Any, flt: Any) -> Any:
        if points is not None:
            return models.PointIdsList(points=[check_point_id(p) for p in points])
        if flt is not None:
            return models.FilterSelector(filter=flt)
        raise format_error("either `points` or `filter` is required")

    def delete_points(self, name: str, body: Any, wait: bool) -> dict:
        self.require(name)
        sel = parse_model(POINTS_SELECTOR, body)
        if isinstance(sel, models.PointIdsList):
            sel = models.PointIdsList(points=[check_point_id(p) for p in sel.points])
        self.client.delete(name, points_selector=sel, wait=True)
        return self.update_result(name, wait)

    def set_payload(self, name: str, body: Any, wait: bool, overwrite: bool) -> dict:
        self.require(name)
        req = parse_model(models.SetPayload, body)
        sel = self._selector(req.points, req.filter)
        if overwrite:
            self.client.overwrite_payload(name, payload=req.payload, points=sel, wait=True)
        else:
            self.client.set_payload(name, payload=req.payload, points=sel, key=req.key, wait=True)
        return self.update_result(name, wait)

    def delete_payload(self, name: str, body: Any, wait: bool) -> dict:
        self.require(name)
        req = parse_model(models.DeletePayload, body)
        sel = self._selector(req.points, req.filter)
        self.client.delete_payload(name, keys=req.keys, points=sel, wait=True)
        return self.update_result(name, wait)

    def clear_payload(self, name: str, body: Any, wait: bool) -> dict:
        self.require(name)
        sel = parse_model(POINTS_SELECTOR, body)
        self.client.clear_payload(name, points_selector=sel, wait=True)
        return self.update_result(name, wait)

    # -- points: reads
    def get_point(self, name: str, raw_id: str) -> dict:
        self.require(name)
        pid: Any = int(raw_id) if raw_id.isdigit() else raw_id
        pid = check_point_id(pid)
        found = self.client.retrieve(name, ids=[pid], with_payload=True, with_vectors=True)
        if not found:
            raise ApiError(404, f"Not found: No point with id {pid} found")
        return dump_point(found[0])

    def retrieve(self, name: str, body: Any) -> list:
        self.require(name)
        req = parse_model(models.PointRequest, body)
        ids = [check_point_id(i) for i in req.ids]
        records = self.client.retrieve(
            name,
            ids=ids,
            with_payload=req.with_payload if req.with_payload is not None else True,
            with_vectors=req.with_vector if req.with_vector is not None else False,
        )
        return [dump_point(r) for r in records]

    def count(self, name: str, body: Any) -> dict:
        self.require(name)
        req = parse_model(models.CountRequest, body if body is not None else {})
        res = self.client.count(name, count_filter=req.filter, exact=True if req.exact is None else req.exact)
        return {"count": res.count}

    # Payload index types whose index can facet (Qdrant's map indexes); others cannot.
    FACET_INDEX_TYPES = {"keyword", "integer", "uuid", "bool"}

    def facet(self, name: str, body: Any) -> dict:
        """POST /collections/{name}/facet: points per value of an indexed payload key, as Qdrant answers it.

        Qdrant facets through the key's payload index and refuses a key without a keyword/integer/uuid/bool
        index (400, the message below). Hits are ordered by count descending, then value ascending; counts are
        exact here whatever `exact` says (Qdrant's approximate count equals it on a single segment).
        """
        self.require(name)
        if not isinstance(body, dict):
            raise format_error("invalid type: expected struct FacetRequest")
        if "key" not in body:
            raise format_error("missing field `key`")
        check_limit(body.get("limit"))
        req = parse_model(models.FacetRequest, body)
        schema = self.indexes.get(name, {}).get(req.key)
        data_type = schema if isinstance(schema, str) else (schema or {}).get("type")
        if data_type not in self.FACET_INDEX_TYPES:
            raise ApiError(
                400,
                f"Wrong input: No appropriate index for faceting: `{req.key}`. Please create one to facet on this "
                "field. Check https://qdrant.tech/documentation/concepts/indexing/#payload-index to see which "
                "payload schemas support Match conditions",
            )
        res = self.client.facet(
            name,
            key=req.key,
            facet_filter=req.filter,
            limit=req.limit if req.limit is not None else 10,
            exact=bool(req.exact),
        )
        return {"hits": [{"value": h.value, "count": h.count} for h in res.hits]}

    def scroll(self, name: str, body: Any) -> dict:
        self.require(name)
        req = parse_model(models.ScrollRequest, body if body is not None else {})
        check_limit(req.limit)
        offset = check_point_id(req.offset) if req.offset is not None else None
        records, next_offset = self.client.scroll(
            name,
            scroll_filter=req.filter,
            limit=req.limit if req.limit is not None else 10,
            offset=offset,
            with_payload=req.with_payload if req.with_payload is not None else True,
            with_vectors=req.with_vector if req.with_vector is not None else False,
            order_by=req.order_by,
        )
        return {"points": [dump_point(r) for r in records], "next_page_offset": next_offset}

    def search(self, name: str, body: Any) -> list:
        """Deprecated /points/search, answered through query_points."""
        self.require(name)
        if not isinstance(body, dict):
            raise format_error("invalid type: expected struct SearchRequest")
        allowed = {"shard_key", "vector", "filter", "params", "limit", "offset", "with_payload",
                   "with_vector", "score_threshold"}
        unknown = sorted(set(body) - allowed)
        if unknown:
            raise format_error(f"unknown field `{unknown[0]}`")
        if "vector" not in body:
            raise format_error("missing field `vector`")
        if "limit" not in body:
            raise format_error("missing field `limit`")
        check_limit(body.get("limit"))
        vector = body["vector"]
        using = None
        if isinstance(vector, dict):
            using = vector.get("name")
            vector = vector.get("vector")
        sizes = dense_sizes(self.client, name)
        check_dim(sizes, using or "", vector)
        flt = parse_model(FILTER, body["filter"]) if body.get("filter") is not None else None
        params = parse_model(models.SearchParams, body["params"]) if body.get("params") is not None else None
        res = self.client.query_points(
            name,
            query=vector,
            using=using,
            query_filter=flt,
            search_params=params,
            limit=body["limit"],
            offset=body.get("offset"),
            with_payload=parse_model(WITH_PAYLOAD, body["with_payload"]) if body.get("with_payload") is not None else False,
            with_vectors=parse_model(WITH_VECTOR, body["with_vector"]) if body.get("with_vector") is not None else False,
            score_threshold=body.get("score_threshold"),
        )
        return [dump_point(p) for p in res.points]

    def query(self, name: str, body: Any) -> dict:
        self.require(name)
        req = parse_model(models.QueryRequest, body if body is not None else {})
        check_limit(req.limit)
        if isinstance(req.query, list) and is_dense(req.query):
            check_dim(dense_sizes(self.client, name), req.using or "", req.query)
        elif isinstance(req.query, models.NearestQuery) and is_dense(req.query.nearest):
            check_dim(dense_sizes(self.client, name), req.using or "", req.query.nearest)
        res = self.client.query_points(
            name,
            query=req.query,
            using=req.using,
            prefetch=req.prefetch,
            query_filter=req.filter,
            search_params=req.params,
            limit=req.limit if req.limit is not None else 10,
            offset=req.offset,
            with_payload=req.with_payload if req.with_payload is not None else False,
            with_vectors=req.with_vector if req.with_vector is not None else False,
            score_threshold=req.score_threshold,
            lookup_from=req.lookup_from,
        )
        return {"points": [dump_point(p) for p in res.points]}

    def query_batch(self, name: str, body: Any) -> list:
        self.require(name)
        if not isinstance(body, dict) or not isinstance(body.get("searches"), list):
            raise format_error("missing field `searches`")
        return [self.query(name, q) for q in body["searches"]]

    def search_batch(self, name: str, body: Any) -> list:
        self.require(name)
        if not isinstance(body, dict) or not isinstance(body.get("searches"), list):
            raise format_error("missing field `searches`")
        return [self.search(name, q) for q in body["searches"]]


# --------------------------------------------------------------------------- routing

Handler = Callable[[Engine, dict, dict, Any], Any]
ROUTES: list[tuple[str, re.Pattern, Handler, bool]] = []  # method, path, fn, raw (no envelope)


def route(method: str, pattern: str, raw: bool = False):
    regex = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$")

    def deco(fn: Handler) -> Handler:
        ROUTES.append((method, regex, fn, raw))
        return fn

    return deco


@route("GET", "/", raw=True)
def _root(e, p, q, b):
    return e.root()


@route("GET", "/collections")
def _list(e, p, q, b):
    return e.list_collections()


@route("GET", "/collections/{name}/exists")
def _exists(e, p, q, b):
    return e.collection_exists(p["name"])


@route("GET", "/collections/{name}")
def _get(e, p, q, b):
    return e.get_collection(p["name"])


@route("PUT", "/collections/{name}")
def _create(e, p, q, b):
    return e.create_collection(p["name"], b)


@route("PATCH", "/collections/{name}")
def _patch(e, p, q, b):
    return e.update_collection(p["name"], b)


@route("DELETE", "/collections/{name}")
def _delete(e, p, q, b):
    return e.delete_collection(p["name"])


@route("PUT", "/collections/{name}/index")
def _index(e, p, q, b):
    return e.create_index(p["name"], b, bool_param(q, "wait"))


@route("DELETE", "/collections/{name}/index/{field}")
def _unindex(e, p, q, b):
    return e.delete_index(p["name"], p["field"], bool_param(q, "wait"))


@route("PUT", "/collections/{name}/points")
def _upsert(e, p, q, b):
    return e.upsert(p["name"], b, bool_param(q, "wait"))


@route("POST", "/collections/{name}/points")
def _retrieve(e, p, q, b):
    return e.retrieve(p["name"], b)


@route("POST", "/collections/{name}/points/delete")
def _delete_points(e, p, q, b):
    return e.delete_points(p["name"], b, bool_param(q, "wait"))


@route("POST", "/collections/{name}/points/payload")
def _set_payload(e, p, q, b):
    return e.set_payload(p["name"], b, bool_param(q, "wait"), overwrite=False)


@route("PUT", "/collections/{name}/points/payload")
def _overwrite_payload(e, p, q, b):
    return e.set_payload(p["name"], b, bool_param(q, "wait"), overwrite=True)


@route("POST", "/collections/{name}/points/payload/delete")
def _delete_payload(e, p, q, b):
    return e.delete_payload(p["name"], b, bool_param(q, "wait"))


@route("POST", "/collections/{name}/points/payload/clear")
def _clear_payload(e, p, q, b):
    return e.clear_payload(p["name"], b, bool_param(q, "wait"))


@route("POST", "/collections/{name}/points/count")
def _count(e, p, q, b):
    return e.count(p["name"], b)


@route("POST", "/collections/{name}/points/scroll")
def _scroll(e, p, q, b):
    return e.scroll(p["name"], b)


@route("POST", "/collections/{name}/facet")
def _facet(e, p, q, b):
    return e.facet(p["name"], b)


@route("POST", "/collections/{name}/points/search")
def _search(e, p, q, b):
    return e.search(p["name"], b)


@route("POST", "/collections/{name}/points/search/batch")
def _search_batch(e, p, q, b):
    return e.search_batch(p["name"], b)


@route("POST", "/collections/{name}/points/query")
def _query(e, p, q, b):
    return e.query(p["name"], b)


@route("POST", "/collections/{name}/points/query/batch")
def _query_batch(e, p, q, b):
    return e.query_batch(p["name"], b)


@route("GET", "/collections/{name}/points/{id}")
def _get_point(e, p, q, b):
    return e.get_point(p["name"], p["id"])


BODYLESS = {"GET", "DELETE", "HEAD"}
OPTIONAL_BODY = {_count, _scroll, _query}


# --------------------------------------------------------------------------- HTTP


class QdrantHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "qdrant-local-shim"
    sys_version = ""
    engine: Engine  # set on the class before serving
    api_key: str | None = None

    def log_message(self, fmt: str, *args: Any) -> None:  # noqa: D401
        if LOG_REQUESTS:
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))

    # -- plumbing
    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            total = 0
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                total += size
                if total > MAX_BODY:
                    raise ApiError(413, "Payload error: payload reached size limit.")
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ApiError(413, "Payload error: payload reached size limit.")
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status: int, obj: Any) -> None:
        self._send(status, json.dumps(obj, separators=(",", ":"), allow_nan=False).encode())

    def _authorized(self, path: str) -> tuple[bool, int, str]:
        if not self.api_key or path in AUTH_WHITELIST:
            return True, 200, ""
        key = self.headers.get("api-key")
        auth = self.headers.get("Authorization", "")
        if key is None and auth.lower().startswith("bearer "):
            key = auth[7:].strip()
        if key is None:
            return False, 401, "Must provide an API key or an Authorization bearer token"
        if key != self.api_key:
            return False, 403, "Invalid API key or JWT"
        return True, 200, ""

    def _dispatch(self) -> None:
        started = time.perf_counter()
        try:
            raw_body = self._read_body()
        except ApiError as err:
            self.close_connection = True
            self._send_json(err.status, {"status": {"error": err.message}, "time": 0.0})
            return
        except Exception:  # noqa: BLE001 - broken request framing
            self.close_connection = True
            self._send_json(400, {"status": {"error": "Payload error: could not read request body"}, "time": 0.0})
            return

        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        query = parse_qs(url.query, keep_blank_values=True)

        if path in ("/healthz", "/livez", "/readyz") and self.command in ("GET", "HEAD"):
            self._send(200, f"{path[1:]} check passed".encode(), "text/plain; charset=utf-8")
            return

        ok, status, message = self._authorized(path)
        if not ok:
            self._send(status, message.encode(), "text/plain; charset=utf-8")
            return

        method = "GET" if self.command == "HEAD" else self.command
        handler = None
        params: dict = {}
        raw = False
        for m, regex, fn, is_raw in ROUTES:
            match = regex.match(path)
            if match and m == method:
                handler, raw = fn, is_raw
                params = {k: unquote(v) for k, v in match.groupdict().items()}
                break
        if handler is None:
            self._send(404, b"", "text/plain; charset=utf-8")  # actix answers unknown routes like this
            return

        try:
            body: Any = None
            if raw_body.strip():
                try:
                    body = json.loads(raw_body)
                except ValueError as e:
                    raise format_error(str(e)) from None
            elif method not in BODYLESS and handler not in OPTIONAL_BODY:
                raise format_error("EOF while parsing a value at line 1 column 0")
            with self.engine.lock:
                result = handler(self.engine, params, query, body)
            if raw:
                self._send_json(200, result)
            else:
                self._send_json(200, {"result": result, "status": "ok", "time": time.perf_counter() - started})
        except ApiError as err:
            self._send_json(err.status, {"status": {"error": err.message}, "time": time.perf_counter() - started})
        except ValueError as err:  # local mode's own input checks
            msg = str(err)
            if not msg.startswith(("Wrong input:", "Bad request:", "Not found:", "Format error")):
                msg = f"Wrong input: {msg}"
            code = 404 if msg.startswith("Not found:") else 400
            self._send_json(code, {"status": {"error": msg}, "time": time.perf_counter() - started})
        except KeyError as err:  # local mode: a point id that is not there
            pid = err.args[0] if err.args else "?"
            self._send_json(404, {"status": {"error": f"Not found: No point with id {pid} found"},
                                  "time": time.perf_counter() - started})
        except Exception as err:  # noqa: BLE001
            traceback.print_exc()
            self._send_json(500, {"status": {"error": f"Service internal error: {type(err).__name__}: {err}"},
                                  "time": time.perf_counter() - started})

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = _dispatch


def main() -> int:
    host = os.environ.get("QDRANT_HOST", "127.0.0.1")
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        print(f"qdrant shim: QDRANT_HOST must be a loopback address, got {host}", file=sys.stderr)
        return 2
    port = int(os.environ.get("QDRANT_PORT", "6333"))
    storage = os.environ.get("QDRANT_STORAGE") or None

    QdrantHandler.engine = Engine(storage)
    QdrantHandler.api_key = os.environ.get("QDRANT_API_KEY") or None

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        request_queue_size = 128

    if ":" in host:
        import socket

        Server.address_family = socket.AF_INET6
    server = Server((host, port), QdrantHandler)

    def stop(signum, frame):  # noqa: ARG001
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    ready_file = os.environ.get("QDRANT_READY_FILE")
    if ready_file:
        with open(ready_file, "w") as f:
            f.write(f"{os.getpid()}\n")
    print(
        f"QDRANT READY http://{host}:{port} (qdrant-client {CLIENT_VERSION} local mode, "
        f"{'storage ' + storage if storage else 'in memory'}, "
        f"api-key {'required' if QdrantHandler.api_key else 'off'}, reports version {SERVER_VERSION})",
        flush=True,
    )
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        QdrantHandler.engine.close()
        if ready_file:
            try:
                os.remove(ready_file)
            except OSError:
                pass
        print("QDRANT stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
