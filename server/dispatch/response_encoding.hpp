#pragma once
// Engine results to wire tables (server/schema/accessgraph.fbs). List results are
// encoded one page at a time; the slice says which items.
#include <string>
#include <vector>

#include "accessgraph/engine.hpp"
#include "accessgraph/versioned_engine.hpp"
#include "server/dispatch/paging.hpp"

namespace accessgraph::server {

using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

Offset<wire::Error> encode_error(FlatBufferBuilder& fbb, wire::ErrorCode code, const std::string& message,
                                 const InputError* input = nullptr);
Offset<wire::CheckResponse> encode_check(FlatBufferBuilder& fbb, const CheckResult& result);
// Pages over the entitlements, then the missing ids.
Offset<wire::AccessResponse> encode_access(FlatBufferBuilder& fbb, const AccessResult& result, const PageSlice& slice);
Offset<wire::WhoHasResponse> encode_who_has(FlatBufferBuilder& fbb, const WhoHasResult& result, const PageSlice& slice);
// Rows of (entitlement, holder); an entitlement without holders is a row of its own.
std::uint64_t who_has_resource_rows(const std::vector<WhoHasResult>& results);
Offset<wire::WhoHasResourceResponse> encode_who_has_resource(FlatBufferBuilder& fbb, const std::string& resource,
                                                             const std::vector<WhoHasResult>& results,
                                                             const PageSlice& slice);
Offset<wire::ExplainResponse> encode_explain(FlatBufferBuilder& fbb, const ExplainResult& result);
Offset<wire::FindingsResponse> encode_findings(FlatBufferBuilder& fbb, const std::vector<Finding>& findings,
                                               const PageSlice& slice);
Offset<wire::RiskQueueResponse> encode_risk_queue(FlatBufferBuilder& fbb, const std::string& reviewer,
                                                  const std::vector<RiskItem>& items, const PageSlice& slice);
Offset<wire::WhatIfResponse> encode_whatif(FlatBufferBuilder& fbb, const WhatIfResult& result);
Offset<wire::ReorgResponse> encode_reorg(FlatBufferBuilder& fbb, const ReorgResult& result, const PageSlice& slice);
Offset<wire::ApplyEventsResponse> encode_apply(FlatBufferBuilder& fbb, const ApplyReceipt& receipt);
Offset<wire::StatsResponse> encode_stats(FlatBufferBuilder& fbb, const GraphStats& stats);

}  // namespace accessgraph::server
