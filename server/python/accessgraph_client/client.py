"""Client: FlatBuffers over TCP to `accessgraph serve`; one connection, one request at a
time (calls from several threads are serialised), whole lists read page by page."""
import socket
import struct
import threading
from typing import Any, Callable, Dict, List, Optional, Union

import flatbuffers

from accessgraph_client._wire import (AccessRequest, ApplyEventsRequest, Attribute, CheckRequest, ErrorCode,
                                      ExplainRequest, FindingsRequest, FindingsScope, HealthRequest, PageRequest,
                                      ReorgRequest, Request, RequestBody, Response, ResponseBody,
                                      RiskQueueRequest, StatsRequest, WhatIfRequest, WhoHasRequest,
                                      WhoHasResourceRequest)
from accessgraph_client._wire.AccessResponse import AccessResponse
from accessgraph_client._wire.ApplyEventsResponse import ApplyEventsResponse
from accessgraph_client._wire.CheckResponse import CheckResponse
from accessgraph_client._wire.Error import Error
from accessgraph_client._wire.ExplainResponse import ExplainResponse
from accessgraph_client._wire.FindingsResponse import FindingsResponse
from accessgraph_client._wire.HealthResponse import HealthResponse
from accessgraph_client._wire.ReorgResponse import ReorgResponse
from accessgraph_client._wire.RiskQueueResponse import RiskQueueResponse
from accessgraph_client._wire.StatsResponse import StatsResponse
from accessgraph_client._wire.WhatIfResponse import WhatIfResponse
from accessgraph_client._wire.WhoHasResourceResponse import WhoHasResourceResponse
from accessgraph_client._wire.WhoHasResponse import WhoHasResponse
from accessgraph_client.errors import ServerError

Json = Dict[str, Any]
Id = Union[str, bytes]  # ids travel as given; bytes are sent unchanged

PROTOCOL_VERSION = 1
MAX_RESPONSE_BYTES = 256 << 20
MAX_LIST_ATTEMPTS = 5  # a list is re-read when events change the version between its pages

_ERROR_NAMES = {value: name for name, value in vars(ErrorCode.ErrorCode).items() if not name.startswith("_")}


def _text(value):
    # The server echoes ids as it got them; bytes that are not UTF-8 become U+FFFD
    # rather than a UnicodeDecodeError in place of the client's own errors.
    return value.decode("utf-8", errors="replace") if value is not None else ""


def _strings(table, name):
    return [_text(getattr(table, name)(i)) for i in range(getattr(table, name + "Length")())]


def _tables(table, name):
    return [getattr(table, name)(i) for i in range(getattr(table, name + "Length")())]


def _path(table, name):
    return [{"kind": _text(node.Kind()), "id": _text(node.Id())} for node in _tables(table, name)]


def _counts(table, name):
    return {_text(item.Name()): item.Count() for item in _tables(table, name)}


def _holders(who_has):
    return [{"identity_id": _text(h.IdentityId()), "justified": h.Justified(), "accounts": _strings(h, "Accounts")}
            for h in _tables(who_has, "Identities")]


def _findings(page):
    return [{"type": _text(f.Type()), "subject_kind": _text(f.SubjectKind()), "subject_id": _text(f.SubjectId()),
             "related_id": _text(f.RelatedId()), "detail": _text(f.Detail())} for f in _tables(page, "Findings")]


def _risk_items(page):
    return [{"identity_id": _text(i.IdentityId()), "entitlement_id": _text(i.EntitlementId()), "score": i.Score(),
             "reviewer_id": _text(i.ReviewerId()), "recommendation": _text(i.Recommendation()),
             "factors": _text(i.Factors())} for i in _tables(page, "Items")]


# Request builders of the list calls: build(builder, page offset) -> request offset.
def _who_has_request(entitlement):
    return lambda b, page: _build_table(b, WhoHasRequest, "WhoHasRequest",
                                        [("Entitlement", b.CreateString(entitlement)), ("Page", page)])


def _findings_request(identity, account, type):
    scope, key = FindingsScope.FindingsScope.All, ""
    if identity is not None:
        scope, key = FindingsScope.FindingsScope.Identity, identity
    elif account is not None:
        scope, key = FindingsScope.FindingsScope.Account, account
    elif type is not None:
        scope, key = FindingsScope.FindingsScope.Type, type
    return lambda b, page: _build_table(b, FindingsRequest, "FindingsRequest",
                                        [("Scope", scope), ("Key", b.CreateString(key)), ("Page", page)])


def _risk_queue_request(reviewer, min_score):
    return lambda b, page: _build_table(b, RiskQueueRequest, "RiskQueueRequest", [
        ("Reviewer", b.CreateString(reviewer)), ("MinScore", float(min_score)), ("Page", page)])


def _whatif_json(r):
    return {"identity": _text(r.Identity()), "grant": _strings(r, "Grant"), "revoke": _strings(r, "Revoke"),
            "keep": _strings(r, "Keep"), "sod_violations_after": _strings(r, "SodViolationsAfter")}


def _build_table(builder, module, name, fields):
    """Starts table `name` of `module`, adds (field, value) pairs, ends it."""
    getattr(module, name + "Start")(builder)
    for field, value in fields:
        getattr(module, name + "Add" + field)(builder, value)
    return getattr(module, name + "End")(builder)


class Client:
    """Client(host, port, token=None): SPEC section 7's client of `accessgraph serve`.

    Connects at once (OSError when the server cannot be reached). token is needed when
    the server runs with --tokens; timeout (seconds) bounds the connect and each
    answer; page_limit is the items per page of list calls (0: the server's maximum).
    Use it as a context manager, or call close().
    """

    def __init__(self, host: str, port: int, token: Optional[str] = None, timeout: float = 60.0,
                 page_limit: int = 0) -> None:
        self._socket = socket.create_connection((host, port), timeout=timeout)
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._token = token
        self._page_limit = page_limit
        self._next_id = 1
        self._lock = threading.Lock()

    def close(self) -> None:
        self._socket.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- SPEC section 7 -------------------------------------------------------------
    def check(self, identity: Id, entitlement: Id) -> Json:
        """Whether identity has entitlement: {"identity", "entitlement", "has", "justified", "expected"}."""
        r = self._call(RequestBody.RequestBody.CheckRequest, CheckResponse, lambda b: _build_table(
            b, CheckRequest, "CheckRequest", [("Identity", b.CreateString(identity)),
                                              ("Entitlement", b.CreateString(entitlement))]))[1]
        return {"identity": _text(r.Identity()), "entitlement": _text(r.Entitlement()), "has": r.Has(),
                "justified": r.Justified(), "expected": r.Expected()}

    def access(self, identity: Id) -> Json:
        """Every entitlement identity has: {"identity", "entitlements": [{"entitlement_id", "justified", "via"}],
        "missing"}, sorted by entitlement_id."""
        result = {"identity": identity, "entitlements": [], "missing": []}

        def add(page):
            result["identity"] = _text(page.Identity())
            for entry in _tables(page, "Entitlements"):
                result["entitlements"].append({
                    "entitlement_id": _text(entry.EntitlementId()), "justified": entry.Justified(),
                    "via": [{"account_id": _text(v.AccountId()), "direct_grant": v.DirectGrant(),
                             "groups": _strings(v, "Groups")} for v in _tables(entry, "Via")]})
            result["missing"].extend(_strings(page, "Missing"))

        return self._all_pages(RequestBody.RequestBody.AccessRequest, AccessResponse, lambda b, page: _build_table(
            b, AccessRequest, "AccessRequest", [("Identity", b.CreateString(identity)), ("Page", page)]),
            add, lambda: result)

    def who_has(self, entitlement: Optional[Id] = None, *, resource: Optional[str] = None) -> Json:
        """Holders of one entitlement: {"entitlement", "identities": [{"identity_id", "justified", "accounts"}]};
        or, with resource=NAME (e.g. "account:prod"), of every entitlement on it:
        {"resource", "entitlements": [{"entitlement", "identities"}]}."""
        if (entitlement is None) == (resource is None):
            raise TypeError("who_has takes an entitlement or resource=..., one of them")
        if resource is not None:
            return self._who_has_resource(resource)
        result = {"entitlement": entitlement, "identities": []}

        def add(page):
            result["entitlement"] = _text(page.Entitlement())
            result["identities"].extend(_holders(page))

        return self._all_pages(RequestBody.RequestBody.WhoHasRequest, WhoHasResponse, _who_has_request(entitlement),
                               add, lambda: result)

    def explain(self, identity: Id, entitlement: Id) -> Json:
        """The shortest chains of actual and expected access: {"identity", "entitlement", "actual", "expected",
        "has", "justified"}, a chain being [{"kind", "id"}, ...] from the identity to the entitlement."""
        r = self._call(RequestBody.RequestBody.ExplainRequest, ExplainResponse, lambda b: _build_table(
            b, ExplainRequest, "ExplainRequest", [("Identity", b.CreateString(identity)),
                                                  ("Entitlement", b.CreateString(entitlement))]))[1]
        return {"identity": _text(r.Identity()), "entitlement": _text(r.Entitlement()),
                "actual": _path(r, "Actual"), "expected": _path(r, "ExpectedPath"),
                "has": r.Has(), "justified": r.Has() and r.Expected()}

    def whatif(self, identity: Id, **attributes: str) -> Json:
        """The access identity would gain and lose with these HR attributes, e.g.
        whatif("u-henry", department="Sales"): {"identity", "grant", "revoke", "keep", "sod_violations_after"}."""
        def build(b):
            offsets = [_build_table(b, Attribute, "Attribute", [("Name", b.CreateString(name)),
                                                                ("Value", b.CreateString(str(value)))])
                       for name, value in attributes.items()]
            WhatIfRequest.WhatIfRequestStartAttributesVector(b, len(offsets))
            for offset in reversed(offsets):
                b.PrependUOffsetTRelative(offset)
            vector = b.EndVector()
            return _build_table(b, WhatIfRequest, "WhatIfRequest", [("Identity", b.CreateString(identity)),
                                                                    ("Attributes", vector)])
        return _whatif_json(self._call(RequestBody.RequestBody.WhatIfRequest, WhatIfResponse, build)[1])

    def apply_events(self, csv_text: str, retention_days: int = 90) -> Json:
        """Applies HR events (hr_events.csv text, with its header; admin token):
        {"version", "events", "last_event_id", "plan_actions", "audit_entries", "archived_accounts"}."""
        r = self._call(RequestBody.RequestBody.ApplyEventsRequest, ApplyEventsResponse, lambda b: _build_table(
            b, ApplyEventsRequest, "ApplyEventsRequest", [("EventsCsv", b.CreateString(csv_text)),
                                                          ("RetentionDays", retention_days)]))[1]
        return {"version": r.Version(), "events": r.Events(), "last_event_id": _text(r.LastEventId()),
                "plan_actions": r.PlanActions(), "audit_entries": r.AuditEntries(),
                "archived_accounts": r.ArchivedAccounts()}

    def stats(self) -> Json:
        """Counts of nodes, edges and derived sets: {"as_of", "nodes", "edges", "derived", "timings_seconds"}."""
        r = self._call(RequestBody.RequestBody.StatsRequest, StatsResponse,
                       lambda b: _build_table(b, StatsRequest, "StatsRequest", []))[1]
        return {"as_of": _text(r.AsOf()), "nodes": _counts(r, "Nodes"), "edges": _counts(r, "Edges"),
                "derived": _counts(r, "Derived"),
                "timings_seconds": {_text(t.Name()): t.Seconds() for t in _tables(r, "TimingsSeconds")}}

    # ---- beyond SPEC section 7 ------------------------------------------------------
    def findings(self, identity: Optional[str] = None, account: Optional[str] = None,
                 type: Optional[str] = None) -> Json:
        """Findings (SPEC section 3) of one identity, one account or one type, or all: {"findings": [...]}."""
        rows: List[Json] = []
        return self._all_pages(RequestBody.RequestBody.FindingsRequest, FindingsResponse,
                               _findings_request(identity, account, type), lambda page: rows.extend(_findings(page)),
                               lambda: {"findings": rows})

    def risk_queue(self, reviewer: str, min_score: float = 0) -> Json:
        """The review items routed to reviewer, riskiest first, with a score of at least min_score:
        {"reviewer", "items": [{"identity_id", "entitlement_id", "score", "reviewer_id", "recommendation",
        "factors"}]}."""
        items: List[Json] = []
        return self._all_pages(RequestBody.RequestBody.RiskQueueRequest, RiskQueueResponse,
                               _risk_queue_request(reviewer, min_score), lambda page: items.extend(_risk_items(page)),
                               lambda: {"reviewer": reviewer, "items": items})

    def whatif_reorg(self, transfers_csv: str) -> Json:
        """What a reorganisation would change: transfers_csv is the CSV text of whatif --reorg
        (identity_id and the HR columns that change). Returns {"identities": [whatif result plus
        "sod_appear", "sod_disappear", "sensitivity_granted", "sensitivity_revoked"], "totals": {...}}."""
        identities: List[Json] = []
        totals: Json = {}

        def add(page):
            for change in _tables(page, "Identities"):
                item = _whatif_json(change.Access())
                item.update({"sod_appear": _strings(change, "SodAppear"),
                             "sod_disappear": _strings(change, "SodDisappear"),
                             "sensitivity_granted": change.SensitivityGranted(),
                             "sensitivity_revoked": change.SensitivityRevoked()})
                identities.append(item)
            totals.update({"granted": page.Granted(), "revoked": page.Revoked(), "kept": page.Kept(),
                           "sod_appear": page.SodAppear(), "sod_disappear": page.SodDisappear(),
                           "sensitivity_delta": page.SensitivityDelta()})

        def result():
            return {"identities": identities, "totals": {"identities": len(identities), **totals}}

        return self._all_pages(RequestBody.RequestBody.ReorgRequest, ReorgResponse,
                               lambda b, page: _build_table(b, ReorgRequest, "ReorgRequest", [
                                   ("TransfersCsv", b.CreateString(transfers_csv)), ("Page", page)]),
                               add, result)

    # ---- one page each, as the C++ client's *_page calls ------------------------------
    def who_has_page(self, entitlement: Id, cursor: int = 0, limit: int = 0) -> Json:
        """One page of who_has: {"items": holders, "next_cursor", "has_more", "total", "engine_version"}."""
        return self._one_page(RequestBody.RequestBody.WhoHasRequest, WhoHasResponse, _who_has_request(entitlement),
                              _holders, cursor, limit)

    def findings_page(self, identity: Optional[str] = None, account: Optional[str] = None,
                      type: Optional[str] = None, cursor: int = 0, limit: int = 0) -> Json:
        """One page of findings (same filters): {"items", "next_cursor", "has_more", "total", "engine_version"}."""
        return self._one_page(RequestBody.RequestBody.FindingsRequest, FindingsResponse,
                              _findings_request(identity, account, type), _findings, cursor, limit)

    def risk_queue_page(self, reviewer: str, min_score: float = 0, cursor: int = 0, limit: int = 0) -> Json:
        """One page of risk_queue: {"items", "next_cursor", "has_more", "total", "engine_version"}."""
        return self._one_page(RequestBody.RequestBody.RiskQueueRequest, RiskQueueResponse,
                              _risk_queue_request(reviewer, min_score), _risk_items, cursor, limit)

    def health(self) -> Json:
        """The server's state: {"status", "version", "events_applied", "last_event_id", "durable", "as_of",
        "connections"}."""
        r = self._call(RequestBody.RequestBody.HealthRequest, HealthResponse,
                       lambda b: _build_table(b, HealthRequest, "HealthRequest", []))[1]
        return {"status": _text(r.Status()), "version": r.Version(), "events_applied": r.EventsApplied(),
                "last_event_id": _text(r.LastEventId()), "durable": r.Durable(), "as_of": _text(r.AsOf()),
                "connections": r.Connections()}

    # ---- transport ------------------------------------------------------------------
    def _who_has_resource(self, resource):
        groups = []

        def add(page):
            for group in _tables(page, "Entitlements"):
                name = _text(group.Entitlement())
                if not groups or groups[-1]["entitlement"] != name:  # a page may continue the last one
                    groups.append({"entitlement": name, "identities": []})
                groups[-1]["identities"].extend(_holders(group))

        return self._all_pages(
            RequestBody.RequestBody.WhoHasResourceRequest, WhoHasResourceResponse, lambda b, page: _build_table(
                b, WhoHasResourceRequest, "WhoHasResourceRequest",
                [("Resource", b.CreateString(resource)), ("Page", page)]),
            add, lambda: {"resource": resource, "entitlements": groups})

    def _one_page(self, body_type, response_type, build, rows, cursor, limit):
        response, page = self._call(body_type, response_type, lambda b: build(b, _build_table(
            b, PageRequest, "PageRequest", [("Cursor", cursor), ("Limit", limit)])))
        info = page.Page()
        return {"items": rows(page), "next_cursor": info.NextCursor() if info else 0,
                "has_more": bool(info and info.HasMore()), "total": info.Total() if info else 0,
                "engine_version": response.EngineVersion()}

    def _all_pages(self, body_type, response_type, build, add, result):
        """Reads every page into add(); all from one engine version, else starts again."""
        for _ in range(MAX_LIST_ATTEMPTS):
            cursor, version = 0, None
            pages = []
            while True:
                def with_page(b, cursor=cursor):
                    page = _build_table(b, PageRequest, "PageRequest", [("Cursor", cursor),
                                                                        ("Limit", self._page_limit)])
                    return build(b, page)
                response, page = self._call(body_type, response_type, with_page)
                if version is not None and response.EngineVersion() != version:
                    break
                version = response.EngineVersion()
                pages.append(page)
                info = page.Page()
                if info is None or not info.HasMore():
                    for each in pages:
                        add(each)
                    return result()
                cursor = info.NextCursor()
        raise ServerError("Changed", "the list kept changing while it was read (events applied between pages)")

    def _call(self, body_type, response_type, build):
        with self._lock:
            builder = flatbuffers.Builder(256)
            body = build(builder)
            token = builder.CreateString(self._token) if self._token else None
            request_id = self._next_id
            self._next_id += 1
            Request.RequestStart(builder)
            Request.RequestAddId(builder, request_id)
            Request.RequestAddProtocol(builder, PROTOCOL_VERSION)
            if token is not None:
                Request.RequestAddToken(builder, token)
            Request.RequestAddBodyType(builder, body_type)
            Request.RequestAddBody(builder, body)
            builder.FinishSizePrefixed(Request.RequestEnd(builder))
            self._socket.sendall(builder.Output())
            frame = self._receive_frame()
        response = Response.Response.GetRootAs(frame, 0)
        table = response.Body()
        if response.BodyType() == ResponseBody.ResponseBody.Error:
            error = Error()
            error.Init(table.Bytes, table.Pos)
            raise ServerError(_ERROR_NAMES.get(error.Code(), str(error.Code())), _text(error.Message()))
        if response.Id() != request_id or table is None:
            raise ServerError("BadResponse", "the server answered another request")
        answer = response_type()
        answer.Init(table.Bytes, table.Pos)
        return response, answer

    def _receive_frame(self):
        (length,) = struct.unpack("<I", self._read_exactly(4))
        if length > MAX_RESPONSE_BYTES:
            raise ServerError("TooLarge", "answer of %d bytes is over the client's limit" % length)
        return self._read_exactly(length)

    def _read_exactly(self, size):
        chunks = bytearray()
        while len(chunks) < size:
            chunk = self._socket.recv(size - len(chunks))
            if not chunk:
                raise ConnectionError("the server closed the connection")
            chunks += chunk
        return bytes(chunks)
