#pragma once
// Every HTTP endpoint in one table: its method, path, what the token must allow, and
// whether it is light enough to answer on an I/O thread. The OpenAPI document
// (server/http/openapi.json) describes the same endpoints; a test compares the two.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/dispatch/dated_versions.hpp"
#include "server/http/http_call.hpp"
#include "server/protocol/framing.hpp"

namespace accessgraph::server::http {

enum class Endpoint : std::uint8_t {
  kCheck, kAccess, kWhoHas, kWhoHasResource, kExplain, kFindings, kStats, kWhatIf, kReorg,
  kRequestRisk, kRiskQueue, kEvents, kHealthz, kReadyz, kMetrics, kOpenApi, kUnknown
};
inline constexpr std::size_t kEndpointCount = static_cast<std::size_t>(Endpoint::kUnknown) + 1;

// Label in metrics and the request log: "check", "who_has", ..., "unknown".
std::string_view endpoint_name(Endpoint endpoint);

// What a query handler answers from.
struct QueryContext {
  const DatedVersions& versions;
  std::uint32_t max_page_items;
};

using Handler = HttpAnswer (*)(const HttpCall&, const QueryContext&);

struct Route {
  Endpoint endpoint;
  std::string_view method;  // GET or POST
  std::string_view path;    // exact, or (takes_id) a prefix ending in '/' before one id
  bool takes_id;
  // The request an Authenticator judges it as; NONE for the open operational endpoints
  // (/healthz, /readyz, /metrics, /openapi.json).
  wire::RequestBody acts_as;
  bool light;       // answered on the I/O thread (microseconds, bounded output)
  Handler handle;   // null for the operational endpoints, which the server answers
};

const std::array<Route, kEndpointCount - 1>& routes();

struct RouteMatch {
  const Route* route = nullptr;  // null: no such path (404), or (path_known) another method (405)
  std::string id;                // the path's {id}
  bool path_known = false;
};
RouteMatch match_route(std::string_view method, std::string_view path);

}  // namespace accessgraph::server::http
