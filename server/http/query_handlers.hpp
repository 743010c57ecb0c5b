#pragma once
// The /v1 endpoints: each reads its arguments from the call, asks the engine version
// at the call's date (as_of, or the server's default date) and answers the SPEC
// section 7 object (include/accessgraph/results_json.hpp), lists one page at a time
// with a "page" object. They throw the engine's errors (NotFoundError, InputError);
// the server turns those into 404 and 400.
#include "server/http/routes.hpp"

namespace accessgraph::server::http {

HttpAnswer handle_check(const HttpCall& call, const QueryContext& context);
HttpAnswer handle_access(const HttpCall& call, const QueryContext& context);
HttpAnswer handle_who_has(const HttpCall& call, const QueryContext& context);
HttpAnswer handle_who_has_resource(const HttpCall& call, const QueryContext& context);
HttpAnswer handle_explain(const HttpCall& call, const QueryContext& context);
HttpAnswer handle_findings(const HttpCall& call, const QueryContext& context);
HttpAnswer handle_stats(const HttpCall& call, const QueryContext& context);
HttpAnswer handle_whatif(const HttpCall& call, const QueryContext& context);
HttpAnswer handle_reorg(const HttpCall& call, const QueryContext& context);
HttpAnswer handle_request_risk(const HttpCall& call, const QueryContext& context);
HttpAnswer handle_risk_queue(const HttpCall& call, const QueryContext& context);
HttpAnswer handle_events(const HttpCall& call, const QueryContext& context);

}  // namespace accessgraph::server::http
