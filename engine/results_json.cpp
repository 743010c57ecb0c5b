// The JSON shapes of SPEC section 7, written once: the CLI's --json and the HTTP
// server (server/http) both render results through these.
#include "accessgraph/results_json.hpp"

namespace accessgraph {
namespace {

Json path_json(const std::vector<PathNode>& path) {
  Json nodes = Json::array();
  for (const PathNode& node : path) nodes.push_back({{"kind", node.kind}, {"id", node.id}});
  return nodes;
}

Json counts_json(const std::vector<NamedCount>& counts) {
  Json object = Json::object();
  for (const auto& [name, count] : counts) object[name] = count;
  return object;
}

}  // namespace

Json to_json(const CheckResult& r) {
  return {{"identity", r.identity}, {"entitlement", r.entitlement}, {"has", r.has},
          {"justified", r.justified}, {"expected", r.expected}};
}

Json to_json(const AccessResult& r) {
  Json entitlements = Json::array();
  for (const AccessEntry& entry : r.entitlements) {
    Json via = Json::array();
    for (const AccountVia& account : entry.via)
      via.push_back({{"account_id", account.account_id}, {"direct_grant", account.direct_grant},
                     {"groups", account.groups}});
    entitlements.push_back({{"entitlement_id", entry.entitlement_id}, {"justified", entry.justified}, {"via", via}});
  }
  return {{"identity", r.identity}, {"entitlements", entitlements}, {"missing", r.missing}};
}

Json to_json(const WhoHasResult& r) {
  Json identities = Json::array();
  for (const Holder& holder : r.identities)
    identities.push_back({{"identity_id", holder.identity_id}, {"justified", holder.justified},
                          {"accounts", holder.accounts}});
  return {{"entitlement", r.entitlement}, {"identities", identities}};
}

Json to_json(const HoldersBetween& r) {
  Json identities = Json::array();
  for (const HoldingPeriod& period : r.holders)
    identities.push_back({{"identity_id", period.identity_id}, {"from", period.from}, {"to", period.to}});
  return {{"entitlement", r.entitlement}, {"from", r.from}, {"to", r.to}, {"identities", identities}};
}

Json to_json(const AccessHistory& r) {
  Json changes = Json::array();
  for (const AccessChange& c : r.changes)
    changes.push_back({{"event_id", c.event_id},
                       {"effective_date", c.effective_date},
                       {"event_type", c.event_type},
                       {"entitlement_id", c.entitlement_id},
                       {"change", c.change},
                       {"cause", c.cause}});
  return {{"identity", r.identity}, {"changes", changes}};
}

Json to_json(const ExplainResult& r) {
  return {{"identity", r.identity},           {"entitlement", r.entitlement},
          {"actual", path_json(r.actual)},    {"expected", path_json(r.expected_path)},
          {"has", r.has},                     {"justified", r.has && r.expected}};
}

Json to_json(const GraphStats& s) {
  Json timings = Json::object();
  for (const auto& [phase, seconds] : s.timings_seconds) timings[phase] = seconds;
  return {{"as_of", s.as_of}, {"nodes", counts_json(s.nodes)}, {"edges", counts_json(s.edges)},
          {"derived", counts_json(s.derived)}, {"timings_seconds", timings}};
}

Json to_json(const WhatIfResult& r) {
  return {{"identity", r.identity}, {"grant", r.grant}, {"revoke", r.revoke}, {"keep", r.keep},
          {"sod_violations_after", r.sod_violations_after}};
}

Json to_json(const ReorgResult& r) {
  Json identities = Json::array();
  for (const ReorgChange& c : r.identities) {
    Json item = to_json(c.access);
    item["sod_appear"] = c.sod_appear;
    item["sod_disappear"] = c.sod_disappear;
    item["sensitivity_granted"] = c.sensitivity_granted;
    item["sensitivity_revoked"] = c.sensitivity_revoked;
    identities.push_back(item);
  }
  return {{"identities", identities},
          {"totals",
           {{"identities", r.identities.size()}, {"granted", r.granted}, {"revoked", r.revoked}, {"kept", r.kept},
            {"sod_appear", r.sod_appear}, {"sod_disappear", r.sod_disappear},
            {"sensitivity_delta", r.sensitivity_delta}}}};
}

Json to_json(const std::vector<RuleImpact>& impacts) {
  Json rules = Json::array();
  for (const RuleImpact& impact : impacts) {
    Json identities = Json::array();
    for (const auto& i : impact.identities) {
      Json item = {{"identity_id", i.identity_id}};
      if (impact.kind == "birthright") item.update({{"gain", i.gain}, {"lose", i.lose}});
      identities.push_back(item);
    }
    Json rule = {{"rule_id", impact.rule_id}, {"kind", impact.kind}, {"replaces_existing", impact.replaces_existing},
                 {"identities", identities}};
    if (impact.kind == "sod") rule["previous_violators"] = impact.previous_violators;
    rules.push_back(rule);
  }
  return {{"rules", rules}};
}

Json to_json(const std::vector<Finding>& findings) {
  Json rows = Json::array();
  for (const Finding& f : findings)
    rows.push_back({{"type", f.type}, {"subject_kind", f.subject_kind}, {"subject_id", f.subject_id},
                    {"related_id", f.related_id}, {"detail", f.detail}});
  return {{"findings", rows}};
}

Json to_json(const RequestRiskResult& r) {
  Json justification = Json::array();
  for (const PathNode& node : r.justification) justification.push_back({{"kind", node.kind}, {"id", node.id}});
  Json peers = Json::array();
  for (const PeerEvidence& p : r.peers)
    peers.push_back({{"key", p.key}, {"defined", p.defined}, {"holders", p.holders}, {"peers", p.peers},
                     {"smoothed", p.smoothed}});
  return {{"identity", r.identity},
          {"entitlement", r.entitlement},
          {"score", r.score},
          {"recommendation", r.recommendation},
          {"reviewer_id", r.reviewer_id},
          {"already_has", r.already_has},
          {"expected", r.expected},
          {"justification", justification},
          {"unjustified_class", r.unjustified_class},
          {"sensitivity", r.sensitivity},
          {"sod_rules", r.sod_rules},
          {"peer_frequency", r.peer_frequency},
          {"peers", peers},
          {"factors", r.factors}};
}

Json to_json(const RiskItem& r) {
  return {{"identity_id", r.identity_id}, {"entitlement_id", r.entitlement_id}, {"score", r.score},
          {"reviewer_id", r.reviewer_id}, {"recommendation", r.recommendation}, {"factors", r.factors}};
}

}  // namespace accessgraph
