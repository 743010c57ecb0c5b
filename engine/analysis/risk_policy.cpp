#include "engine/analysis/risk_policy.hpp"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/common/error.hpp"
#include "engine/analysis/default_policy.hpp"  // generated from default_policy.json
#include "engine/analysis/findings.hpp"
#include "core/io/file_text.hpp"

namespace accessgraph {
namespace {

using Json = nlohmann::json;

// Objects whose keys are data (severity names), not policy keys: new keys are welcome.
constexpr std::string_view kOpenMaps[] = {"sod.severity"};

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

bool is_comment(const std::string& key) { return !key.empty() && key.front() == '_'; }

// Overrides `base` with `overrides`, key by key. A key the defaults do not have is a
// typo, not a wish: it fails, so that a misspelt weight is never silently ignored.
void overlay(Json& base, const Json& overrides, const std::string& path, const std::string& source) {
  for (const auto& [key, value] : overrides.items()) {
    if (is_comment(key)) continue;
    const std::string here = child_path(path, key);
    const bool open = std::find(std::begin(kOpenMaps), std::end(kOpenMaps), path) != std::end(kOpenMaps);
    if (!base.contains(key) && !open)
      throw InputError(source, 0, here, value.dump(), "unknown policy key (see docs/risk.md)");
    if (base.contains(key) && base[key].is_object() && value.is_object()) {
      overlay(base[key], value, here, source);
    } else {
      base[key] = value;
    }
  }
}

// Typed, range-checked reads from the merged policy; errors name the key path.
class PolicyReader {
 public:
  PolicyReader(const Json& root, std::string source) : root_(root), source_(std::move(source)) {}

  const Json& at(const std::string& path) const {
    const Json* node = &root_;
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t dot = std::min(path.find('.', start), path.size());
      std::string key = path.substr(start, dot - start);
      if (!node->is_object() || !node->contains(key)) fail(path, "null", "missing policy key");
      node = &(*node)[key];
      start = dot + 1;
    }
    return *node;
  }

  double number(const std::string& path, double min, double max) const { return number_in(at(path), path, min, max); }
  double risk(const std::string& path) const { return risk_in(at(path), path); }
  double risk_in(const Json& value, const std::string& path) const { return number_in(value, path, 0.0, 0.999); }
  int days(const std::string& path) const { return static_cast<int>(number(path, 0, 100000)); }

  double number_in(const Json& value, const std::string& path, double min, double max) const {
    if (!value.is_number()) fail(path, value.dump(), "expected a number");
    double number = value.get<double>();
    if (!(number >= min && number <= max))
      fail(path, value.dump(), "expected a number from " + Json(min).dump() + " to " + Json(max).dump());
    return number;
  }

  bool flag(const std::string& path) const {
    const Json& value = at(path);
    if (!value.is_boolean()) fail(path, value.dump(), "expected true or false");
    return value.get<bool>();
  }

  std::string text(const std::string& path) const {
    const Json& value = at(path);
    if (!value.is_string()) fail(path, value.dump(), "expected a string");
    return value.get<std::string>();
  }

  template <std::size_t N>
  std::array<double, N> risks(const std::string& path) const {
    const Json& value = at(path);
    if (!value.is_array() || value.size() != N)
      fail(path, value.dump(), "expected an array of " + std::to_string(N) + " numbers");
    std::array<double, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = risk_in(value[i], path + "[" + std::to_string(i) + "]");
    return out;
  }

  [[noreturn]] void fail(const std::string& path, const std::string& value, const std::string& reason) const {
    throw InputError(source_, 0, path, value, reason);
  }

 private:
  const Json& root_;
  std::string source_;
};

PeerPolicy read_peers(const PolicyReader& read) {
  PeerPolicy peers;
  const Json& notions = read.at("peers.notions");
  if (!notions.is_array()) read.fail("peers.notions", notions.dump(), "expected an array of {key, weight}");
  for (std::size_t i = 0; i < notions.size(); ++i) {
    const std::string path = "peers.notions[" + std::to_string(i) + "]";
    const Json& notion = notions[i];
    if (!notion.is_object() || !notion.contains("key") || !notion["key"].is_string())
      read.fail(path, notion.dump(), "expected {\"key\": \"department,title\", \"weight\": 1.0}");
    for (const auto& [key, value] : notion.items())
      if (key != "key" && key != "weight" && !is_comment(key))
        read.fail(path + "." + key, value.dump(), "unknown policy key (see docs/risk.md)");
    PeerKey key;
    try {
      key = PeerKey::parse(notion["key"].get<std::string>());
    } catch (const InputError& error) {
      read.fail(path + ".key", notion["key"].dump(), error.reason());
    }
    double weight = notion.contains("weight") ? read.number_in(notion["weight"], path + ".weight", 0, 100) : 1.0;
    peers.notions.push_back({std::move(key), weight});
  }
  peers.everyone_weight = read.number("peers.everyone_weight", 0, 100);
  peers.smoothing = read.number("peers.smoothing", 0, 1e6);
  const std::string combine = read.text("peers.combine");
  if (combine == "evidence") peers.combine = PeerCombination::kEvidence;
  else if (combine == "logit_mean") peers.combine = PeerCombination::kLogitMean;
  else if (combine == "mean") peers.combine = PeerCombination::kMean;
  else if (combine == "max") peers.combine = PeerCombination::kMax;
  else read.fail("peers.combine", Json(combine).dump(), "expected evidence, logit_mean, mean or max");
  peers.confident_peers = read.number("peers.confident_peers", 0, 1e6);
  peers.half_risk_bits = read.number("peers.half_risk_bits", 0.01, 1000);
  peers.unjustified_weight = read.risk("peers.unjustified_weight");
  peers.justified_weight = read.risk("peers.justified_weight");
  double total_weight = peers.everyone_weight;
  for (const PeerNotion& notion : peers.notions) total_weight += notion.weight;
  if (total_weight <= 0) read.fail("peers.everyone_weight", "0", "every peer notion has weight 0");
  return peers;
}

SodPolicy read_sod(const PolicyReader& read) {
  SodPolicy sod;
  sod.default_risk = read.risk("sod.default");
  const Json& severity = read.at("sod.severity");
  if (!severity.is_object()) read.fail("sod.severity", severity.dump(), "expected an object of severity: risk");
  for (const auto& [name, value] : severity.items())
    if (!is_comment(name)) sod.by_severity.emplace_back(name, read.risk_in(value, "sod.severity." + name));
  return sod;
}

RiskPolicy read_policy(const Json& merged, const std::string& source) {
  PolicyReader read(merged, source);
  RiskPolicy policy;
  policy.sensitivity = read.risks<4>("sensitivity");
  for (std::size_t c = 0; c < policy.unjustified.by_class.size(); ++c) {
    std::string name(unjustified_class_name(static_cast<UnjustifiedClass>(c)));
    policy.unjustified.by_class[c] = read.risk("unjustified." + name);
  }
  policy.unjustified.expired_role = read.risk("unjustified.expired_role");
  policy.peers = read_peers(read);
  policy.usage = {read.risk("usage.unknown"), read.days("usage.recent_days"), read.days("usage.stale_days"),
                  read.risk("usage.stale")};
  if (policy.usage.stale_days <= policy.usage.recent_days)
    read.fail("usage.stale_days", std::to_string(policy.usage.stale_days), "must be greater than usage.recent_days");
  policy.identity = {read.risk("identity.terminated"), read.risk("identity.leave"),    read.risk("identity.non_human"),
                     read.risk("identity.contractor"), read.risk("identity.partner"), read.risk("identity.nhi_unowned"),
                     read.risk("identity.expired")};
  policy.account = {read.risk("account.privileged"), read.risk("account.direct_grant")};
  policy.sod = read_sod(read);
  auto score = [&](const char* key) { return read.number(std::string("recommendation.") + key, 0, 100); };
  RecommendationPolicy& recommend = policy.recommendation;
  recommend.revoke_min_score = score("revoke_min_score");
  recommend.approve_max_score = score("approve_max_score");
  recommend.approve_min_peer_frequency = read.number("recommendation.approve_min_peer_frequency", 0, 1);
  recommend.approve_max_days_unused = read.days("recommendation.approve_max_days_unused");
  recommend.approve_unknown_usage_max_sensitivity =
      static_cast<int>(read.number("recommendation.approve_unknown_usage_max_sensitivity", -1, 3));
  recommend.approve_nhi_unowned = read.flag("recommendation.approve_nhi_unowned");
  recommend.request_deny_min_score = score("request_deny_min_score");
  recommend.request_approve_min_peer_frequency = read.number("recommendation.request_approve_min_peer_frequency", 0, 1);
  policy.campaign = {read.risk("campaign.orphan_account"), read.risk("campaign.dormant_account"),
                     read.risk("campaign.nhi_no_owner")};
  CertificationPolicy& certification = policy.certification;
  certification.medium_from_score = read.number("certification.medium_from_score", 0, 100);
  certification.high_from_score = read.number("certification.high_from_score", 0, 100);
  if (certification.high_from_score < certification.medium_from_score)
    read.fail("certification.high_from_score", std::to_string(certification.high_from_score),
              "must be at least certification.medium_from_score");
  certification.valid_days = {read.days("certification.valid_days_low"), read.days("certification.valid_days_medium"),
                              read.days("certification.valid_days_high")};
  certification.close_default = read.text("certification.close_default");
  if (certification.close_default != "none" && certification.close_default != "certify" &&
      certification.close_default != "revoke")
    read.fail("certification.close_default", Json(certification.close_default).dump(),
              "expected none, certify or revoke");
  policy.learning = {read.number("learning.weight", 0, 1),
                     static_cast<std::uint32_t>(read.number("learning.folds", 2, 50)),
                     read.number("learning.l2", 0, 1e9), read.number("learning.smoothing", 0, 1e9),
                     static_cast<std::uint32_t>(read.number("learning.min_decisions", 1, 1e9))};
  if (std::floor(policy.learning.folds) != read.number("learning.folds", 2, 50))
    read.fail("learning.folds", read.at("learning.folds").dump(), "expected a whole number");
  policy.canonical = merged.dump();
  return policy;
}

Json parse_json(std::string_view text, const std::string& source) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& error) {
    throw InputError(source, 0, "", "", std::string("not valid JSON: ") + error.what());
  }
}

}  // namespace

std::string_view default_risk_policy_json() { return kDefaultRiskPolicyJson; }

double SodPolicy::risk(std::string_view severity) const {
  for (const auto& [name, value] : by_severity)
    if (name == severity) return value;
  return default_risk;
}

RiskPolicy RiskPolicy::defaults() { return read_policy(parse_json(kDefaultRiskPolicyJson, "default policy"), "default policy"); }

RiskPolicy RiskPolicy::parse(std::string_view json, const std::string& source) {
  Json merged = parse_json(kDefaultRiskPolicyJson, "default policy");
  Json overrides = parse_json(json, source);
  if (!overrides.is_object()) throw InputError(source, 0, "", overrides.dump(), "a policy is a JSON object");
  overlay(merged, overrides, "", source);
  return read_policy(merged, source);
}

RiskPolicy RiskPolicy::without_learning() const {
  RiskPolicy off = *this;
  off.learning.weight = 0;
  Json merged = parse_json(canonical, "policy");
  merged["learning"]["weight"] = 0;
  off.canonical = merged.dump();
  return off;
}

RiskPolicy RiskPolicy::load(const std::filesystem::path& path) {
  if (path.empty()) return defaults();
  return parse(read_input_file(path, path.string()), path.string());
}

}  // namespace accessgraph
