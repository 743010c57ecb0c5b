#include "server/dispatch/response_encoding.hpp"

namespace accessgraph::server {
namespace {

Offset<flatbuffers::Vector<Offset<flatbuffers::String>>> strings(FlatBufferBuilder& fbb,
                                                                 const std::vector<std::string>& items) {
  return fbb.CreateVectorOfStrings(items);
}

Offset<flatbuffers::Vector<Offset<wire::PathNode>>> path(FlatBufferBuilder& fbb, const std::vector<PathNode>& nodes) {
  std::vector<Offset<wire::PathNode>> out;
  out.reserve(nodes.size());
  for (const PathNode& node : nodes) out.push_back(wire::CreatePathNodeDirect(fbb, node.kind.c_str(), node.id.c_str()));
  return fbb.CreateVector(out);
}

Offset<flatbuffers::Vector<Offset<wire::NamedCount>>> counts(FlatBufferBuilder& fbb,
                                                             const std::vector<NamedCount>& items) {
  std::vector<Offset<wire::NamedCount>> out;
  for (const NamedCount& item : items) out.push_back(wire::CreateNamedCountDirect(fbb, item.name.c_str(), item.count));
  return fbb.CreateVector(out);
}

Offset<wire::Holder> holder(FlatBufferBuilder& fbb, const Holder& item) {
  return wire::CreateHolder(fbb, fbb.CreateString(item.identity_id), item.justified, strings(fbb, item.accounts));
}

Offset<wire::WhoHasResponse> who_has_rows(FlatBufferBuilder& fbb, const WhoHasResult& result, std::uint64_t begin,
                                          std::uint64_t end) {
  std::vector<Offset<wire::Holder>> holders;
  for (std::uint64_t i = begin; i < end; ++i) holders.push_back(holder(fbb, result.identities[i]));
  return wire::CreateWhoHasResponse(fbb, fbb.CreateString(result.entitlement), fbb.CreateVector(holders));
}

}  // namespace

Offset<wire::Error> encode_error(FlatBufferBuilder& fbb, wire::ErrorCode code, const std::string& message,
                                 const InputError* input) {
  if (!input) return wire::CreateErrorDirect(fbb, code, message.c_str());
  return wire::CreateErrorDirect(fbb, code, message.c_str(), input->file().c_str(), input->line(),
                                 input->column().c_str(), input->value().c_str(), input->reason().c_str());
}

Offset<wire::CheckResponse> encode_check(FlatBufferBuilder& fbb, const CheckResult& result) {
  return wire::CreateCheckResponseDirect(fbb, result.identity.c_str(), result.entitlement.c_str(), result.has,
                                         result.justified, result.expected);
}

Offset<wire::AccessResponse> encode_access(FlatBufferBuilder& fbb, const AccessResult& result, const PageSlice& slice) {
  const std::uint64_t had = result.entitlements.size();
  std::vector<Offset<wire::AccessEntry>> entries;
  for (std::uint64_t i = slice.begin; i < std::min(slice.end, had); ++i) {
    const AccessEntry& entry = result.entitlements[i];
    std::vector<Offset<wire::AccountVia>> via;
    for (const AccountVia& account : entry.via)
      via.push_back(wire::CreateAccountVia(fbb, fbb.CreateString(account.account_id), account.direct_grant,
                                           strings(fbb, account.groups)));
    entries.push_back(wire::CreateAccessEntry(fbb, fbb.CreateString(entry.entitlement_id), entry.justified,
                                              fbb.CreateVector(via)));
  }
  std::vector<std::string> missing;
  for (std::uint64_t i = std::max(slice.begin, had); i < slice.end; ++i) missing.push_back(result.missing[i - had]);
  return wire::CreateAccessResponse(fbb, fbb.CreateString(result.identity), fbb.CreateVector(entries),
                                    strings(fbb, missing), had, encode_page(fbb, slice));
}

Offset<wire::WhoHasResponse> encode_who_has(FlatBufferBuilder& fbb, const WhoHasResult& result, const PageSlice& slice) {
  std::vector<Offset<wire::Holder>> holders;
  for (std::uint64_t i = slice.begin; i < slice.end; ++i) holders.push_back(holder(fbb, result.identities[i]));
  return wire::CreateWhoHasResponse(fbb, fbb.CreateString(result.entitlement), fbb.CreateVector(holders),
                                    encode_page(fbb, slice));
}

std::uint64_t who_has_resource_rows(const std::vector<WhoHasResult>& results) {
  std::uint64_t rows = 0;
  for (const WhoHasResult& result : results) rows += std::max<std::uint64_t>(1, result.identities.size());
  return rows;
}

Offset<wire::WhoHasResourceResponse> encode_who_has_resource(FlatBufferBuilder& fbb, const std::string& resource,
                                                             const std::vector<WhoHasResult>& results,
                                                             const PageSlice& slice) {
  std::vector<Offset<wire::WhoHasResponse>> groups;
  std::uint64_t first_row = 0;
  for (const WhoHasResult& result : results) {
    const std::uint64_t rows = std::max<std::uint64_t>(1, result.identities.size());
    const std::uint64_t begin = std::max(slice.begin, first_row), end = std::min(slice.end, first_row + rows);
    if (begin < end) {
      // An entitlement without holders has one row and no holder in it.
      const std::uint64_t holders_end = std::min<std::uint64_t>(end - first_row, result.identities.size());
      groups.push_back(who_has_rows(fbb, result, std::min(begin - first_row, holders_end), holders_end));
    }
    first_row += rows;
    if (first_row >= slice.end) break;
  }
  return wire::CreateWhoHasResourceResponse(fbb, fbb.CreateString(resource), fbb.CreateVector(groups),
                                            encode_page(fbb, slice));
}

Offset<wire::ExplainResponse> encode_explain(FlatBufferBuilder& fbb, const ExplainResult& result) {
  return wire::CreateExplainResponse(fbb, fbb.CreateString(result.identity), fbb.CreateString(result.entitlement),
                                     result.has, result.expected, path(fbb, result.actual),
                                     path(fbb, result.expected_path));
}

Offset<wire::FindingsResponse> encode_findings(FlatBufferBuilder& fbb, const std::vector<Finding>& findings,
                                               const PageSlice& slice) {
  std::vector<Offset<wire::Finding>> out;
  for (std::uint64_t i = slice.begin; i < slice.end; ++i) {
    const Finding& f = findings[i];
    out.push_back(wire::CreateFindingDirect(fbb, f.type.c_str(), f.subject_kind.c_str(), f.subject_id.c_str(),
                                            f.related_id.c_str(), f.detail.c_str()));
  }
  return wire::CreateFindingsResponse(fbb, fbb.CreateVector(out), encode_page(fbb, slice));
}

Offset<wire::RiskQueueResponse> encode_risk_queue(FlatBufferBuilder& fbb, const std::string& reviewer,
                                                  const std::vector<RiskItem>& items, const PageSlice& slice) {
  std::vector<Offset<wire::RiskItem>> out;
  for (std::uint64_t i = slice.begin; i < slice.end; ++i) {
    const RiskItem& r = items[i];
    out.push_back(wire::CreateRiskItemDirect(fbb, r.identity_id.c_str(), r.entitlement_id.c_str(), r.score,
                                             r.reviewer_id.c_str(), r.recommendation.c_str(), r.factors.c_str()));
  }
  return wire::CreateRiskQueueResponse(fbb, fbb.CreateString(reviewer), fbb.CreateVector(out), encode_page(fbb, slice));
}

Offset<wire::WhatIfResponse> encode_whatif(FlatBufferBuilder& fbb, const WhatIfResult& result) {
  return wire::CreateWhatIfResponse(fbb, fbb.CreateString(result.identity), strings(fbb, result.grant),
                                    strings(fbb, result.revoke), strings(fbb, result.keep),
                                    strings(fbb, result.sod_violations_after));
}

Offset<wire::ReorgResponse> encode_reorg(FlatBufferBuilder& fbb, const ReorgResult& result, const PageSlice& slice) {
  std::vector<Offset<wire::ReorgChange>> changes;
  for (std::uint64_t i = slice.begin; i < slice.end; ++i) {
    const ReorgChange& change = result.identities[i];
    changes.push_back(wire::CreateReorgChange(fbb, encode_whatif(fbb, change.access), strings(fbb, change.sod_appear),
                                              strings(fbb, change.sod_disappear), change.sensitivity_granted,
                                              change.sensitivity_revoked));
  }
  return wire::CreateReorgResponse(fbb, fbb.CreateVector(changes), result.granted, result.revoked, result.kept,
                                   result.sod_appear, result.sod_disappear, result.sensitivity_delta,
                                   encode_page(fbb, slice));
}

Offset<wire::ApplyEventsResponse> encode_apply(FlatBufferBuilder& fbb, const ApplyReceipt& receipt) {
  return wire::CreateApplyEventsResponseDirect(fbb, receipt.version, receipt.events, receipt.last_event_id.c_str(),
                                               receipt.run.plan.size(), receipt.run.audit.size(),
                                               receipt.run.archived.size());
}

Offset<wire::StatsResponse> encode_stats(FlatBufferBuilder& fbb, const GraphStats& stats) {
  std::vector<Offset<wire::Timing>> timings;
  for (const auto& [name, seconds] : stats.timings_seconds)
    timings.push_back(wire::CreateTimingDirect(fbb, name.c_str(), seconds));
  return wire::CreateStatsResponse(fbb, fbb.CreateString(stats.as_of), counts(fbb, stats.nodes),
                                   counts(fbb, stats.edges), counts(fbb, stats.derived), fbb.CreateVector(timings));
}

}  // namespace accessgraph::server
