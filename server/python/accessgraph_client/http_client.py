"""HttpClient: the same methods and answers as Client, over the JSON HTTP endpoint of
`accessgraph serve --http HOST:PORT` (SPEC section 11), with the standard library only
(urllib): no FlatBuffers needed.

Lists come page by page (the server's "page": next_cursor, has_more) and are returned
whole, without the "page" member, as Client and the CLI's --json return them.
"""
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, List, Optional

from accessgraph_client.errors import ServerError

Json = Dict[str, Any]


class HttpClient:
    """HttpClient(base_url, token=None), e.g. HttpClient("http://127.0.0.1:7879").

    token is sent as `Authorization: Bearer TOKEN` (servers with --tokens); timeout is
    in seconds per request; as_of, when given, asks every query at that date (YYYY-MM-DD).
    """

    def __init__(self, base_url: str, token: Optional[str] = None, timeout: float = 60.0,
                 as_of: Optional[str] = None) -> None:
        self._base = base_url.rstrip("/")
        self._token = token
        self._timeout = timeout
        self._as_of = as_of

    def close(self) -> None:
        """Nothing to close (one HTTP request per call); for symmetry with Client."""

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- SPEC section 7 -------------------------------------------------------------
    def check(self, identity: str, entitlement: str) -> Json:
        """Whether identity has entitlement: {"identity", "entitlement", "has", "justified", "expected"}."""
        return self._get("/v1/check", identity=identity, entitlement=entitlement)

    def access(self, identity: str) -> Json:
        """Every entitlement identity has: {"identity", "entitlements": [...], "missing"}."""
        return self._all_pages("/v1/access/" + _segment(identity), "entitlements", "missing")

    def who_has(self, entitlement: Optional[str] = None, *, resource: Optional[str] = None) -> Json:
        """Holders of one entitlement, or with resource=NAME of every entitlement on it (as Client.who_has)."""
        if (entitlement is None) == (resource is None):
            raise TypeError("who_has takes an entitlement or resource=..., one of them")
        if resource is not None:
            return self._all_pages("/v1/who-has-resource/" + _segment(resource), "entitlements")
        return self._all_pages("/v1/who-has/" + _segment(entitlement), "identities")

    def explain(self, identity: str, entitlement: str) -> Json:
        """The shortest chains of actual and expected access (as Client.explain)."""
        return self._get("/v1/explain", identity=identity, entitlement=entitlement)

    def whatif(self, identity: str, **attributes: str) -> Json:
        """The access identity would gain and lose with these HR attributes (as Client.whatif)."""
        body = {"identity": identity, "attributes": {name: str(value) for name, value in attributes.items()}}
        return self._request("POST", "/v1/whatif", {}, json.dumps(body).encode(), "application/json")

    def apply_events(self, csv_text: str, retention_days: int = 90) -> Json:
        """Applies HR events (hr_events.csv text; admin token); as Client.apply_events."""
        return self._request("POST", "/v1/events", {"retention_days": retention_days}, csv_text.encode(),
                             "text/csv", dated=False)

    def stats(self) -> Json:
        """Counts of nodes, edges and derived sets (as Client.stats)."""
        return self._get("/v1/stats")

    # ---- beyond SPEC section 7 ------------------------------------------------------
    def findings(self, identity: Optional[str] = None, account: Optional[str] = None,
                 type: Optional[str] = None) -> Json:
        """Findings of one identity, one account or one type, or all: {"findings": [...]}."""
        scope, key = "all", None
        for name, value in (("identity", identity), ("account", account), ("type", type)):
            if value is not None:
                scope, key = name, value
                break
        params = {"scope": scope} if key is None else {"scope": scope, "key": key}
        return self._all_pages("/v1/findings", "findings", params=params)

    def risk_queue(self, reviewer: str, min_score: float = 0) -> Json:
        """The review items routed to reviewer with a score of at least min_score (as Client.risk_queue)."""
        return self._all_pages("/v1/risk-queue/" + _segment(reviewer), "items", params={"min_score": min_score})

    def whatif_reorg(self, transfers_csv: str) -> Json:
        """What a reorganisation would change (as Client.whatif_reorg)."""
        identities: List[Json] = []
        cursor: Optional[str] = None
        while True:
            params = {} if cursor is None else {"cursor": cursor}
            answer = self._request("POST", "/v1/reorg", params, transfers_csv.encode(), "text/csv")
            identities.extend(answer.get("identities", []))
            cursor = _next_cursor(answer)
            if cursor is None:
                answer["identities"] = identities
                return answer

    def request_risk(self, identity: str, entitlement: str) -> Json:
        """The risk of granting entitlement to identity (HTTP only: the FlatBuffers protocol has no such request)."""
        return self._get("/v1/request-risk", identity=identity, entitlement=entitlement)

    def health(self) -> Json:
        """The server's /healthz answer."""
        return self._request("GET", "/healthz", {}, dated=False)

    # ---- transport ------------------------------------------------------------------
    def _get(self, path: str, **params: Any) -> Json:
        return self._request("GET", path, params)

    def _all_pages(self, path: str, *lists: str, params: Optional[Dict[str, Any]] = None) -> Json:
        """GETs every page of path, joining the members named in lists."""
        whole: Optional[Json] = None
        cursor: Optional[str] = None
        while True:
            query = dict(params or {})
            if cursor is not None:
                query["cursor"] = cursor
            answer = self._request("GET", path, query)
            cursor = _next_cursor(answer)
            if whole is None:
                whole = answer
            else:
                for name in lists:
                    whole[name].extend(answer.get(name, []))
            if cursor is None:
                return whole

    def _request(self, method: str, path: str, params: Dict[str, Any], body: Optional[bytes] = None,
                 content_type: Optional[str] = None, dated: bool = True) -> Json:
        if dated and self._as_of is not None:
            params = dict(params, as_of=self._as_of)
        url = self._base + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("Accept", "application/json")
        if content_type:
            request.add_header("Content-Type", content_type)
        if self._token:
            request.add_header("Authorization", "Bearer " + self._token)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise _server_error(error) from None


def _segment(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def _next_cursor(answer: Json) -> Optional[str]:
    """The next page's cursor, and the page member removed; None on the last page."""
    page = answer.pop("page", None)
    if not page or not page.get("has_more"):
        return None
    return str(page["next_cursor"])


def _server_error(error: "urllib.error.HTTPError") -> ServerError:
    text = error.read().decode("utf-8", errors="replace")
    try:
        body = json.loads(text)
        return ServerError(str(body.get("error", error.code)), str(body.get("message", text)), error.code)
    except (ValueError, AttributeError):
        return ServerError(str(error.code), text or error.reason, error.code)
