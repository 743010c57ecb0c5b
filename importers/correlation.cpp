#include "importers/correlation.hpp"

#include <absl/container/flat_hash_map.h>
#include <absl/container/inlined_vector.h>

#include <algorithm>

namespace accessgraph::importers {
namespace {

// The report lists ambiguous accounts up to this many per source; the count is exact.
constexpr std::size_t kMaxListedAmbiguous = 10000;
constexpr std::size_t kMaxListedCandidates = 10;

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The identities having each value of one identity attribute.
class IdentityIndex {
 public:
  IdentityIndex(const Estate& estate, std::uint16_t attribute, MatchCase match_case) : match_case_(match_case) {
    for (const AttributeValue& value : estate.identity_values) {
      if (value.attribute != attribute) continue;
      std::string_view key = normalised(value.value);
      if (key.empty()) continue;
      auto& identities = index_[arena_.store(key)];
      if (std::find(identities.begin(), identities.end(), value.owner) == identities.end())
        identities.push_back(value.owner);
    }
  }

  // Adds the identities having `value` to `out` (no repeats).
  void find(std::string_view value, absl::InlinedVector<Index, 2>& out) {
    std::string_view key = normalised(value);
    auto found = index_.find(key);
    if (found == index_.end()) return;
    for (Index identity : found->second)
      if (std::find(out.begin(), out.end(), identity) == out.end()) out.push_back(identity);
  }

 private:
  std::string_view normalised(std::string_view value) {
    value = trimmed(value);
    if (match_case_ == MatchCase::kSensitive) return value;
    lowered_.assign(value);
    for (char& c : lowered_) c = c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
    return lowered_;
  }

  MatchCase match_case_;
  std::string lowered_;
  StringArena arena_;
  absl::flat_hash_map<std::string_view, absl::InlinedVector<Index, 1>, TextHash> index_;
};

}  // namespace

void correlate_accounts(Estate& estate, const std::vector<CorrelationRule>& rules, std::vector<SourceReport>& reports) {
  struct CompiledRule {
    std::uint16_t account_attribute;
    IdentityIndex identities;
  };
  std::vector<CompiledRule> compiled;
  for (const CorrelationRule& rule : rules)
    compiled.push_back({*estate.account_attribute(rule.account),
                        IdentityIndex(estate, *estate.identity_attribute(rule.identity), rule.match_case)});
  for (SourceReport& report : reports) report.correlated_by_rule.assign(rules.size(), 0);

  std::stable_sort(estate.account_values.begin(), estate.account_values.end(),
                   [](const AttributeValue& a, const AttributeValue& b) { return a.owner < b.owner; });
  auto next_value = estate.account_values.begin();
  absl::InlinedVector<Index, 2> candidates;
  for (Index account = 0; account < estate.accounts.size(); ++account) {
    AccountRecord& record = estate.accounts[account];
    SourceReport& report = reports[record.source];
    while (next_value != estate.account_values.end() && next_value->owner < account) ++next_value;
    auto values_end = next_value;
    while (values_end != estate.account_values.end() && values_end->owner == account) ++values_end;
    if (record.own_identity) {
      ++report.accounts_with_own_identity;
      continue;
    }
    bool decided = false;
    for (std::size_t rule = 0; rule < compiled.size() && !decided; ++rule) {
      candidates.clear();
      for (auto value = next_value; value != values_end; ++value)
        if (value->attribute == compiled[rule].account_attribute)
          compiled[rule].identities.find(value->value, candidates);
      if (candidates.empty()) continue;
      decided = true;
      if (candidates.size() == 1) {
        record.identity = candidates.front();
        ++report.accounts_correlated;
        ++report.correlated_by_rule[rule];
        continue;
      }
      if (report.ambiguous.size() < kMaxListedAmbiguous) {
        AmbiguousAccount ambiguous{std::string(record.id), rule, {}};
        for (std::size_t i = 0; i < candidates.size() && i < kMaxListedCandidates; ++i)
          ambiguous.identities.emplace_back(estate.identities[candidates[i]].id);
        std::sort(ambiguous.identities.begin(), ambiguous.identities.end());
        report.ambiguous.push_back(std::move(ambiguous));
      }
      ++report.accounts_ambiguous;
    }
    if (!decided) ++report.accounts_uncorrelated;
  }
}

}  // namespace accessgraph::importers
