#include "engine/review/review_records.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <stdexcept>

namespace accessgraph {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kDecisionKindNames[] = {"certify", "revoke", "reassign"};
constexpr std::string_view kRemovalKindNames[] = {"membership", "grant", "account"};

Date date_of(const Json& json, const char* key) {
  const auto date = Date::parse(json.at(key).get<std::string>());
  if (!date && !json.at(key).get<std::string>().empty())
    throw std::runtime_error(std::string("bad date in \"") + key + "\"");
  return date ? *date : Date();
}

std::string text_of(Date date) { return date.present() ? date.to_string() : ""; }

}  // namespace

std::string_view decision_kind_name(DecisionKind kind) { return kDecisionKindNames[static_cast<std::size_t>(kind)]; }

std::string encode_campaign_record(const CampaignRecord& r) {
  Json reviewers = Json::array();
  for (const ReviewerItems& items : r.reviewers)
    reviewers.push_back(Json::array({items.reviewer_id, items.offset, items.bytes, items.items}));
  return Json{{"campaign_id", r.campaign_id},
              {"opened_on", text_of(r.opened_on)},
              {"since", r.since},
              {"items", r.items},
              {"file_bytes", r.file_bytes},
              {"certify_days", r.certify_days},
              {"band_limits", r.band_limits},
              {"close_default", r.close_default},
              {"reviewers", reviewers}}
      .dump();
}

CampaignRecord decode_campaign_record(std::string_view text) {
  const Json json = Json::parse(text);
  CampaignRecord r;
  r.campaign_id = json.at("campaign_id").get<std::string>();
  r.opened_on = date_of(json, "opened_on");
  r.since = json.at("since").get<std::string>();
  r.items = json.at("items").get<std::uint64_t>();
  r.file_bytes = json.at("file_bytes").get<std::uint64_t>();
  r.certify_days = json.at("certify_days").get<std::array<int, 3>>();
  r.band_limits = json.at("band_limits").get<std::array<double, 2>>();
  r.close_default = json.at("close_default").get<std::string>();
  for (const Json& items : json.at("reviewers"))
    r.reviewers.push_back({items.at(0).get<std::string>(), items.at(1).get<std::uint64_t>(),
                           items.at(2).get<std::uint64_t>(), items.at(3).get<std::uint64_t>()});
  return r;
}

std::string encode_review_record(const ReviewRecord& r) {
  Json decisions = Json::array();
  for (const DecisionRecord& d : r.decisions) {
    Json removals = Json::array();
    for (const AccessRemoval& removal : d.removals)
      removals.push_back(Json::array(
          {kRemovalKindNames[static_cast<std::size_t>(removal.kind)], removal.account_id, removal.target_id}));
    decisions.push_back({{"item_id", d.item_id},
                         {"decision", decision_kind_name(d.kind)},
                         {"reassign_to", d.reassign_to},
                         {"reviewer_id", d.reviewer_id},
                         {"comment", d.comment},
                         {"by_default", d.by_default},
                         {"queue_of", d.queue_of},
                         {"item_kind", d.item_kind},
                         {"identity_id", d.identity_id},
                         {"account_id", d.account_id},
                         {"entitlement_id", d.entitlement_id},
                         {"score_centi", d.score_centi},
                         {"certified_until", text_of(d.certified_until)},
                         {"removals", removals},
                         {"also_removed", d.also_removed},
                         {"unapplied", d.unapplied}});
  }
  return Json{{"campaign_id", r.campaign_id},
              {"decided_on", text_of(r.decided_on)},
              {"closes", r.closes},
              {"decisions", decisions}}
      .dump();
}

ReviewRecord decode_review_record(std::string_view text) {
  const Json json = Json::parse(text);
  ReviewRecord r;
  r.campaign_id = json.at("campaign_id").get<std::string>();
  r.decided_on = date_of(json, "decided_on");
  r.closes = json.at("closes").get<bool>();
  for (const Json& j : json.at("decisions")) {
    DecisionRecord d;
    d.item_id = j.at("item_id").get<std::string>();
    const std::string kind = j.at("decision").get<std::string>();
    const auto found = std::find(std::begin(kDecisionKindNames), std::end(kDecisionKindNames), kind);
    if (found == std::end(kDecisionKindNames)) throw std::runtime_error("bad decision \"" + kind + "\"");
    d.kind = static_cast<DecisionKind>(found - std::begin(kDecisionKindNames));
    d.reassign_to = j.at("reassign_to").get<std::string>();
    d.reviewer_id = j.at("reviewer_id").get<std::string>();
    d.comment = j.at("comment").get<std::string>();
    d.by_default = j.at("by_default").get<bool>();
    d.queue_of = j.at("queue_of").get<std::string>();
    d.item_kind = j.at("item_kind").get<std::string>();
    d.identity_id = j.at("identity_id").get<std::string>();
    d.account_id = j.at("account_id").get<std::string>();
    d.entitlement_id = j.at("entitlement_id").get<std::string>();
    d.score_centi = j.at("score_centi").get<std::uint16_t>();
    d.certified_until = date_of(j, "certified_until");
    for (const Json& removal : j.at("removals")) {
      const std::string name = removal.at(0).get<std::string>();
      const auto kind_found = std::find(std::begin(kRemovalKindNames), std::end(kRemovalKindNames), name);
      if (kind_found == std::end(kRemovalKindNames)) throw std::runtime_error("bad removal \"" + name + "\"");
      d.removals.push_back({static_cast<AccessRemoval::Kind>(kind_found - std::begin(kRemovalKindNames)),
                            removal.at(1).get<std::string>(), removal.at(2).get<std::string>()});
    }
    d.also_removed = j.at("also_removed").get<std::vector<std::string>>();
    d.unapplied = j.at("unapplied").get<std::string>();
    r.decisions.push_back(std::move(d));
  }
  return r;
}

std::string review_event_id(std::string_view campaign_id, std::string_view item_id) {
  return "review:" + std::string(campaign_id) + ":" + std::string(item_id);
}

std::vector<HrEvent> review_events(const ReviewRecord& record) {
  std::vector<HrEvent> events;
  for (const DecisionRecord& d : record.decisions) {
    if (d.kind != DecisionKind::kRevoke || d.removals.empty() || d.identity_id.empty()) continue;
    HrEvent event;
    event.event_id = review_event_id(record.campaign_id, d.item_id);
    event.effective_date = record.decided_on;
    event.type = HrEventType::kReviewRevoke;
    event.identity_id = d.identity_id;
    event.review = std::make_shared<ReviewRevocation>(
        ReviewRevocation{record.campaign_id, d.item_id, d.reviewer_id, d.comment, d.removals});
    events.push_back(std::move(event));
  }
  return events;
}

std::vector<ReviewDecision> learnable_decisions(const ReviewRecord& record, const Graph& graph) {
  std::vector<ReviewDecision> out;
  for (const DecisionRecord& d : record.decisions) {
    if (d.by_default || d.item_kind != "access" || d.kind == DecisionKind::kReassign) continue;
    const auto identity = graph.identity_ids.find(d.identity_id);
    const auto entitlement = graph.entitlement_ids.find(d.entitlement_id);
    if (identity && entitlement)
      out.push_back({*identity, *entitlement, d.kind == DecisionKind::kRevoke, record.decided_on, d.reviewer_id});
  }
  return out;
}

void ReviewLedger::add(const CampaignRecord& record) {
  CampaignState& state = campaigns_[record.campaign_id];
  state.record = record;
}

void ReviewLedger::add(const ReviewRecord& record) {
  auto found = campaigns_.find(record.campaign_id);
  if (found == campaigns_.end()) throw std::runtime_error("decisions for unknown campaign " + record.campaign_id);
  CampaignState& state = found->second;
  for (const DecisionRecord& d : record.decisions) {
    if (d.kind == DecisionKind::kReassign) {
      state.reassigned[d.item_id] = {d.reassign_to, d.queue_of};
      continue;
    }
    state.decided_on[d.item_id] = record.decided_on;
    if (d.kind == DecisionKind::kCertify && d.certified_until.present() && !d.entitlement_id.empty()) {
      Date& until = certified_[d.identity_id + '\x1f' + d.entitlement_id];
      if (!until.present() || until < d.certified_until) until = d.certified_until;
    }
    state.decided[d.item_id] = d;
  }
  if (record.closes) {
    state.closed = true;
    state.closed_on = record.decided_on;
  }
}

const CampaignState* ReviewLedger::campaign(std::string_view id) const {
  auto found = campaigns_.find(id);
  return found == campaigns_.end() ? nullptr : &found->second;
}

std::optional<Date> ReviewLedger::certified_until(std::string_view identity, std::string_view entitlement) const {
  if (certified_.empty()) return std::nullopt;
  auto found = certified_.find(std::string(identity) + '\x1f' + std::string(entitlement));
  if (found == certified_.end()) return std::nullopt;
  return found->second;
}

std::string ReviewLedger::next_campaign_id(Date day) const {
  std::string stem = "c-" + day.to_string();
  std::erase(stem, '-');
  stem.insert(1, "-");
  for (int n = 1;; ++n) {
    std::string id = stem + "-" + std::to_string(n);
    if (!campaigns_.count(id)) return id;
  }
}

}  // namespace accessgraph
