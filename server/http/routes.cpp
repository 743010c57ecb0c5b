#include "server/http/routes.hpp"

#include "server/http/query_handlers.hpp"

namespace accessgraph::server::http {

using Body = wire::RequestBody;

const std::array<Route, kEndpointCount - 1>& routes() {
  static const std::array<Route, kEndpointCount - 1> table{{
      {Endpoint::kCheck, "GET", "/v1/check", false, Body::CheckRequest, true, handle_check},
      {Endpoint::kAccess, "GET", "/v1/access/", true, Body::AccessRequest, true, handle_access},
      {Endpoint::kWhoHas, "GET", "/v1/who-has/", true, Body::WhoHasRequest, false, handle_who_has},
      {Endpoint::kWhoHasResource, "GET", "/v1/who-has-resource/", true, Body::WhoHasResourceRequest, false,
       handle_who_has_resource},
      {Endpoint::kExplain, "GET", "/v1/explain", false, Body::ExplainRequest, true, handle_explain},
      {Endpoint::kFindings, "GET", "/v1/findings", false, Body::FindingsRequest, false, handle_findings},
      {Endpoint::kStats, "GET", "/v1/stats", false, Body::StatsRequest, false, handle_stats},
      {Endpoint::kWhatIf, "POST", "/v1/whatif", false, Body::WhatIfRequest, false, handle_whatif},
      {Endpoint::kReorg, "POST", "/v1/reorg", false, Body::ReorgRequest, false, handle_reorg},
      {Endpoint::kRequestRisk, "GET", "/v1/request-risk", false, Body::RiskQueueRequest, false, handle_request_risk},
      {Endpoint::kRiskQueue, "GET", "/v1/risk-queue/", true, Body::RiskQueueRequest, false, handle_risk_queue},
      {Endpoint::kEvents, "POST", "/v1/events", false, Body::ApplyEventsRequest, false, handle_events},
      {Endpoint::kHealthz, "GET", "/healthz", false, Body::NONE, true, nullptr},
      {Endpoint::kReadyz, "GET", "/readyz", false, Body::NONE, true, nullptr},
      {Endpoint::kMetrics, "GET", "/metrics", false, Body::NONE, false, nullptr},
      {Endpoint::kOpenApi, "GET", "/openapi.json", false, Body::NONE, true, nullptr},
  }};
  return table;
}

std::string_view endpoint_name(Endpoint endpoint) {
  static constexpr std::array<std::string_view, kEndpointCount> names{
      "check",        "access",     "who_has", "who_has_resource", "explain", "findings", "stats",   "whatif", "reorg",
      "request_risk", "risk_queue", "events",  "healthz",          "readyz",  "metrics",  "openapi", "unknown"};
  return names[static_cast<std::size_t>(endpoint)];
}

RouteMatch match_route(std::string_view method, std::string_view path) {
  RouteMatch match;
  for (const Route& route : routes()) {
    std::string id;
    if (route.takes_id) {
      if (!path.starts_with(route.path) || path.size() == route.path.size()) continue;
      id = std::string(path.substr(route.path.size()));
      if (id.find('/') != std::string::npos) continue;
    } else if (path != route.path) {
      continue;
    }
    match.path_known = true;
    if (method == route.method) {
      match.route = &route;
      match.id = std::move(id);
      return match;
    }
  }
  return match;
}

}  // namespace accessgraph::server::http
