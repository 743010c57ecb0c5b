#include "server/client/response_decoding.hpp"

namespace accessgraph::client {
namespace {

using StringVector = flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>;

std::string text(const flatbuffers::String* s) { return s ? s->str() : std::string(); }

std::vector<std::string> strings(const StringVector* items) {
  std::vector<std::string> out;
  if (items)
    for (const flatbuffers::String* item : *items) out.push_back(item->str());
  return out;
}

// Iterates a possibly absent vector of tables.
template <class Table, class Fn>
void each(const flatbuffers::Vector<flatbuffers::Offset<Table>>* items, Fn&& fn) {
  if (items)
    for (const Table* item : *items) fn(*item);
}

std::vector<PathNode> path(const flatbuffers::Vector<flatbuffers::Offset<wire::PathNode>>* nodes) {
  std::vector<PathNode> out;
  each(nodes, [&](const wire::PathNode& node) { out.push_back({text(node.kind()), text(node.id())}); });
  return out;
}

std::vector<NamedCount> counts(const flatbuffers::Vector<flatbuffers::Offset<wire::NamedCount>>* items) {
  std::vector<NamedCount> out;
  each(items, [&](const wire::NamedCount& item) { out.push_back({text(item.name()), item.count()}); });
  return out;
}

Holder holder(const wire::Holder& item) {
  return {text(item.identity_id()), item.justified(), strings(item.accounts())};
}

}  // namespace

void throw_error(const wire::Error& error) {
  const std::string message = text(error.message());
  switch (error.code()) {
    case wire::ErrorCode::NotFound: {
      // The Engine's message is `unknown KIND "ID"`; rebuilt from its parts so that the
      // CLI prints the same line whether it asked a bundle or a server.
      const std::string prefix = "unknown ";
      const std::size_t space = message.find(' ', prefix.size());
      if (message.starts_with(prefix) && space != std::string::npos && message.size() >= space + 3 &&
          message[space + 1] == '"' && message.back() == '"')
        throw NotFoundError(message.substr(prefix.size(), space - prefix.size()),
                            message.substr(space + 2, message.size() - space - 3));
      throw ServerError("NotFound", message);
    }
    case wire::ErrorCode::InvalidInput:
      // No file: a bad argument of the request, named by its field (ArgumentError).
      if (error.reason() && text(error.file()).empty())
        throw ArgumentError(text(error.column()), text(error.value()), text(error.reason()));
      if (error.reason())
        throw InputError(text(error.file()), error.line(), text(error.column()), text(error.value()),
                         text(error.reason()));
      throw InputError("server", 0, "", "", message);
    default:
      throw ServerError(wire::EnumNameErrorCode(error.code()), message);
  }
}

CheckResult decode(const wire::CheckResponse& r) {
  return {text(r.identity()), text(r.entitlement()), r.has(), r.justified(), r.expected()};
}

ExplainResult decode(const wire::ExplainResponse& r) {
  return {text(r.identity()), text(r.entitlement()), r.has(), r.expected(), path(r.actual()), path(r.expected_path())};
}

GraphStats decode(const wire::StatsResponse& r) {
  GraphStats stats{text(r.as_of()), counts(r.nodes()), counts(r.edges()), counts(r.derived()), {}};
  each(r.timings_seconds(),
       [&](const wire::Timing& t) { stats.timings_seconds.emplace_back(text(t.name()), t.seconds()); });
  return stats;
}

WhatIfResult decode(const wire::WhatIfResponse& r) {
  return {text(r.identity()), strings(r.grant()), strings(r.revoke()), strings(r.keep()),
          strings(r.sod_violations_after())};
}

ApplyResult decode(const wire::ApplyEventsResponse& r) {
  return {r.version(), r.events(), text(r.last_event_id()), r.plan_actions(), r.audit_entries(), r.archived_accounts()};
}

HealthResult decode(const wire::HealthResponse& r) {
  return {text(r.status()), r.version(), r.events_applied(), text(r.last_event_id()), r.durable(), text(r.as_of()),
          r.connections()};
}

void append(AccessResult& result, const wire::AccessResponse& page) {
  result.identity = text(page.identity());
  each(page.entitlements(), [&](const wire::AccessEntry& entry) {
    AccessEntry out{text(entry.entitlement_id()), entry.justified(), {}};
    each(entry.via(), [&](const wire::AccountVia& via) {
      out.via.push_back({text(via.account_id()), via.direct_grant(), strings(via.groups())});
    });
    result.entitlements.push_back(std::move(out));
  });
  for (std::string& id : strings(page.missing())) result.missing.push_back(std::move(id));
}

void append(WhoHasResult& result, const wire::WhoHasResponse& page) {
  result.entitlement = text(page.entitlement());
  each(page.identities(), [&](const wire::Holder& item) { result.identities.push_back(holder(item)); });
}

void append(std::vector<WhoHasResult>& results, const wire::WhoHasResourceResponse& page) {
  each(page.entitlements(), [&](const wire::WhoHasResponse& group) {
    // A group continues the previous page's last entitlement when it names the same one.
    if (results.empty() || results.back().entitlement != text(group.entitlement())) results.emplace_back();
    append(results.back(), group);
  });
}

void append(std::vector<Finding>& findings, const wire::FindingsResponse& page) {
  each(page.findings(), [&](const wire::Finding& f) {
    findings.push_back({text(f.type()), text(f.subject_kind()), text(f.subject_id()), text(f.related_id()),
                        text(f.detail())});
  });
}

void append(std::vector<RiskItem>& items, const wire::RiskQueueResponse& page) {
  each(page.items(), [&](const wire::RiskItem& r) {
    items.push_back({text(r.identity_id()), text(r.entitlement_id()), r.score(), text(r.reviewer_id()),
                     text(r.recommendation()), text(r.factors())});
  });
}

void append(ReorgResult& result, const wire::ReorgResponse& page) {
  result.granted = page.granted();
  result.revoked = page.revoked();
  result.kept = page.kept();
  result.sod_appear = page.sod_appear();
  result.sod_disappear = page.sod_disappear();
  result.sensitivity_delta = page.sensitivity_delta();
  each(page.identities(), [&](const wire::ReorgChange& change) {
    result.identities.push_back({change.access() ? decode(*change.access()) : WhatIfResult{},
                                 strings(change.sod_appear()), strings(change.sod_disappear()),
                                 change.sensitivity_granted(), change.sensitivity_revoked()});
  });
}

}  // namespace accessgraph::client
