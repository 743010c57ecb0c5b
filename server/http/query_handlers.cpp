#include "server/http/query_handlers.hpp"

#include <charconv>

#include "accessgraph/results_json.hpp"
#include "server/dispatch/paging.hpp"

namespace accessgraph::server::http {
namespace {

std::string required(const HttpCall& call, std::string_view name) {
  const auto value = call.target.param(name);
  if (!value || value->empty()) throw ArgumentError(std::string(name), "", "missing");
  return std::string(*value);
}

std::uint64_t number(const HttpCall& call, std::string_view name, std::uint64_t absent) {
  const auto text = call.target.param(name);
  if (!text) return absent;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || text->empty())
    throw ArgumentError(std::string(name), std::string(*text), "expected a whole number");
  return value;
}

// The engine at the call's as_of, or at the server's default date.
DatedVersion served(const HttpCall& call, const QueryContext& context) {
  const auto text = call.target.param("as_of");
  if (!text) return context.versions.at();
  const std::optional<Date> day = Date::parse(*text);
  if (!day) throw ArgumentError("as_of", std::string(*text), "expected a date YYYY-MM-DD");
  return context.versions.at(*day);
}

// `limit` (0 or absent: the server's cap) items from `cursor` (a position, from the
// previous page's next_cursor).
PageSlice page_of(const HttpCall& call, const QueryContext& context, std::uint64_t total) {
  return page_slice(total, number(call, "cursor", 0), number(call, "limit", 0), context.max_page_items);
}

Json page_json(const PageSlice& slice) {
  const bool more = slice.end < slice.total;
  return {{"next_cursor", more ? Json(std::to_string(slice.end)) : Json(nullptr)},
          {"has_more", more},
          {"total", slice.total}};
}

template <class Item>
std::vector<Item> sliced(const std::vector<Item>& items, std::uint64_t begin, std::uint64_t end) {
  begin = std::min<std::uint64_t>(begin, items.size());
  end = std::min<std::uint64_t>(std::max(begin, end), items.size());
  return {items.begin() + static_cast<std::ptrdiff_t>(begin), items.begin() + static_cast<std::ptrdiff_t>(end)};
}

HttpAnswer json_answer(const DatedVersion& served, Json&& json) {
  HttpAnswer answer;
  answer.body = json.dump();
  answer.engine_version = served.published->status.version;
  answer.as_of = served.engine.as_of().to_string();
  return answer;
}

Json paged(Json&& json, const PageSlice& slice) {
  json["page"] = page_json(slice);
  return std::move(json);
}

Json parsed_body(const HttpCall& call) {
  Json body = Json::parse(call.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    throw ArgumentError("body", "", "expected a JSON object");
  return body;
}

}  // namespace

HttpAnswer handle_check(const HttpCall& call, const QueryContext& context) {
  const DatedVersion at = served(call, context);
  return json_answer(at, to_json(at.engine.check(required(call, "identity"), required(call, "entitlement"))));
}

HttpAnswer handle_access(const HttpCall& call, const QueryContext& context) {
  const DatedVersion at = served(call, context);
  AccessResult result = at.engine.access(call.path_id);
  // One page over the entitlements, then the missing ids (as the FlatBuffers server pages).
  const std::uint64_t held = result.entitlements.size();
  const PageSlice slice = page_of(call, context, held + result.missing.size());
  result.entitlements = sliced(result.entitlements, slice.begin, slice.end);
  result.missing = sliced(result.missing, slice.begin > held ? slice.begin - held : 0,
                          slice.end > held ? slice.end - held : 0);
  return json_answer(at, paged(to_json(result), slice));
}

HttpAnswer handle_who_has(const HttpCall& call, const QueryContext& context) {
  const DatedVersion at = served(call, context);
  WhoHasResult result = at.engine.who_has(call.path_id);
  const PageSlice slice = page_of(call, context, result.identities.size());
  result.identities = sliced(result.identities, slice.begin, slice.end);
  return json_answer(at, paged(to_json(result), slice));
}

HttpAnswer handle_who_has_resource(const HttpCall& call, const QueryContext& context) {
  const DatedVersion at = served(call, context);
  const std::vector<WhoHasResult> results = at.engine.who_has_resource(call.path_id);
  // Paged by entitlement: each item is one entitlement's who-has object, whole.
  const PageSlice slice = page_of(call, context, results.size());
  Json entitlements = Json::array();
  for (std::uint64_t i = slice.begin; i < slice.end; ++i) entitlements.push_back(to_json(results[i]));
  return json_answer(at, paged({{"resource", call.path_id}, {"entitlements", std::move(entitlements)}}, slice));
}

HttpAnswer handle_explain(const HttpCall& call, const QueryContext& context) {
  const DatedVersion at = served(call, context);
  return json_answer(at, to_json(at.engine.explain(required(call, "identity"), required(call, "entitlement"))));
}

HttpAnswer handle_findings(const HttpCall& call, const QueryContext& context) {
  const DatedVersion at = served(call, context);
  const std::string_view scope = call.target.param("scope").value_or("all");
  std::vector<Finding> findings;
  if (scope == "all") findings = at.engine.all_findings();
  else if (scope == "identity") findings = at.engine.findings_for_identity(required(call, "key"));
  else if (scope == "account") findings = at.engine.findings_for_account(required(call, "key"));
  else if (scope == "type") findings = at.engine.findings_of_type(required(call, "key"));
  else throw ArgumentError("scope", std::string(scope), "expected all, identity, account or type");
  const PageSlice slice = page_of(call, context, findings.size());
  return json_answer(at, paged(to_json(sliced(findings, slice.begin, slice.end)), slice));
}

HttpAnswer handle_stats(const HttpCall& call, const QueryContext& context) {
  const DatedVersion at = served(call, context);
  return json_answer(at, to_json(at.engine.stats()));
}

HttpAnswer handle_whatif(const HttpCall& call, const QueryContext& context) {
  const DatedVersion at = served(call, context);
  const Json body = parsed_body(call);
  if (!body.contains("identity") || !body["identity"].is_string())
    throw ArgumentError("identity", "", "missing (a string in the JSON body)");
  std::vector<std::pair<std::string, std::string>> attributes;
  if (body.contains("attributes")) {
    if (!body["attributes"].is_object()) throw ArgumentError("attributes", "", "expected an object of strings");
    for (const auto& [name, value] : body["attributes"].items()) {
      if (!value.is_string()) throw ArgumentError(name, value.dump(), "expected a string");
      attributes.emplace_back(name, value.get<std::string>());
    }
  }
  return json_answer(at, to_json(at.engine.whatif(body["identity"].get<std::string>(), attributes)));
}

HttpAnswer handle_reorg(const HttpCall& call, const QueryContext& context) {
  const DatedVersion at = served(call, context);
  ReorgResult result = at.engine.whatif_reorg_csv(std::string(call.body), "request body");
  const PageSlice slice = page_of(call, context, result.identities.size());
  const std::size_t identities = result.identities.size();
  result.identities = sliced(result.identities, slice.begin, slice.end);
  Json json = to_json(result);
  json["totals"]["identities"] = identities;  // the totals cover every identity; the list is one page
  return json_answer(at, paged(std::move(json), slice));
}

HttpAnswer handle_request_risk(const HttpCall& call, const QueryContext& context) {
  const DatedVersion at = served(call, context);
  return json_answer(at, to_json(at.engine.request_risk(required(call, "identity"), required(call, "entitlement"))));
}

HttpAnswer handle_risk_queue(const HttpCall& call, const QueryContext& context) {
  const DatedVersion at = served(call, context);
  double min_score = 0;
  if (const auto text = call.target.param("min_score")) {
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), min_score);
    if (error != std::errc() || end != text->data() + text->size() || !(min_score >= 0 && min_score <= 100))
      throw ArgumentError("min_score", std::string(*text), "expected a score from 0 to 100");
  }
  std::vector<RiskItem> items = at.engine.risk_queue_for_reviewer(call.path_id);
  std::erase_if(items, [&](const RiskItem& item) { return item.score < min_score; });
  const PageSlice slice = page_of(call, context, items.size());
  Json rows = Json::array();
  for (std::uint64_t i = slice.begin; i < slice.end; ++i) rows.push_back(to_json(items[i]));
  return json_answer(at, paged({{"reviewer", call.path_id}, {"items", std::move(rows)}}, slice));
}

HttpAnswer handle_events(const HttpCall& call, const QueryContext& context) {
  const DatedVersion now = context.versions.at();
  LifecycleOptions options;
  options.retention_days = static_cast<int>(std::min<std::uint64_t>(number(call, "retention_days", 90), 36500));
  // The clock follows the calendar (or the pinned date), never backwards.
  options.as_of = std::max(context.versions.default_date(), now.published->engine.as_of());
  const ApplyReceipt receipt =
      context.versions.versions().apply_events_csv(std::string(call.body), options, "request body");
  HttpAnswer answer;
  answer.body = Json{{"version", receipt.version},
                     {"events", receipt.events},
                     {"last_event_id", receipt.last_event_id},
                     {"plan_actions", receipt.run.plan.size()},
                     {"audit_entries", receipt.run.audit.size()},
                     {"archived_accounts", receipt.run.archived.size()}}
                    .dump();
  answer.engine_version = receipt.version;
  answer.as_of = options.as_of.to_string();
  return answer;
}

}  // namespace accessgraph::server::http
