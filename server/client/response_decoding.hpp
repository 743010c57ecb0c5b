#pragma once
// Wire tables back to the Engine's result types: the inverse of
// server/dispatch/response_encoding. Absent fields read as empty.
#include <vector>

#include "accessgraph/client.hpp"
#include "server/protocol/framing.hpp"

namespace accessgraph::client {

// Throws what the Engine would have thrown: NotFoundError, InputError (with its
// file, line, column, value and reason), else ServerError.
[[noreturn]] void throw_error(const wire::Error& error);

CheckResult decode(const wire::CheckResponse& response);
ExplainResult decode(const wire::ExplainResponse& response);
GraphStats decode(const wire::StatsResponse& response);
WhatIfResult decode(const wire::WhatIfResponse& response);
ApplyResult decode(const wire::ApplyEventsResponse& response);
HealthResult decode(const wire::HealthResponse& response);

// Page contents, appended to what earlier pages gave.
void append(AccessResult& result, const wire::AccessResponse& page);
void append(WhoHasResult& result, const wire::WhoHasResponse& page);
void append(std::vector<WhoHasResult>& results, const wire::WhoHasResourceResponse& page);
void append(std::vector<Finding>& findings, const wire::FindingsResponse& page);
void append(std::vector<RiskItem>& items, const wire::RiskQueueResponse& page);
void append(ReorgResult& result, const wire::ReorgResponse& page);

}  // namespace accessgraph::client
