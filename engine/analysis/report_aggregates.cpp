#include "engine/analysis/report_aggregates.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>

namespace accessgraph {
namespace {

constexpr std::size_t kHistogramBins = 20;       // 5 points each
constexpr std::uint16_t kHighScoreCenti = 7000;  // "from_70", the top band of summary.json
// The finding types the report lists one by one.
constexpr std::array kListedTypes = {FindingType::kSodViolation, FindingType::kLeaverAccess,
                                     FindingType::kOrphanAccount, FindingType::kNhiNoOwner};

bool listed(FindingType type) {
  return std::find(kListedTypes.begin(), kListedTypes.end(), type) != kListedTypes.end();
}

// Keeps the first `limit` items of `items` in `before` order once it holds four times
// as many: bounded memory, and the same rows whichever thread saw what.
template <class T, class Before>
void prune(std::vector<T>& items, std::size_t limit, Before before) {
  if (items.size() < 4 * limit + 16) return;
  std::partial_sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(limit), items.end(), before);
  items.resize(limit);
}

bool pair_before(const auto& a, const auto& b) {
  if (a.score_centi != b.score_centi) return a.score_centi > b.score_centi;
  if (a.identity != b.identity) return a.identity.value < b.identity.value;
  return a.entitlement.value < b.entitlement.value;
}

std::vector<NamedCount> named_counts(const auto& names, const std::vector<std::uint64_t>& counts) {
  std::vector<NamedCount> out;
  for (std::size_t i = 0; i < counts.size(); ++i) out.push_back({std::string(names[i]), counts[i]});
  return out;
}

NamedId named_entitlement(const Graph& g, EntitlementId entitlement) {
  const EntitlementRecord& record = g.entitlements[entitlement.value];
  return {std::string(g.entitlement_ids.name(entitlement)), std::string(record.name)};
}

NamedId named_account(const Graph& g, AccountId account) {
  const AccountRecord& record = g.accounts[account.value];
  return {std::string(g.account_ids.name(account)),
          std::string(record.username) + " on " + std::string(g.systems[record.system.value].name)};
}

std::string department_of(const Graph& g, const IdentityRecord& record) {
  return std::string(id_or_empty(g.attribute_values, record.department));
}

}  // namespace

NamedId named_identity(const Graph& graph, IdentityId identity) {
  return {std::string(graph.identity_ids.name(identity)), std::string(graph.identities[identity.value].display_name)};
}

ReportAggregates::ReportAggregates(const Graph& graph, ReportLimits limits)
    : graph_(graph),
      limits_(limits),
      identity_max_score_(graph.identity_count(), 0),
      identity_pairs_(graph.identity_count(), 0),
      identity_high_(graph.identity_count(), 0),
      identity_outliers_(graph.identity_count(), 0),
      identity_unjustified_(graph.identity_count(), 0) {}

ReportAggregates::Local& ReportAggregates::local() const {
  Local& mine = locals_.local();
  if (mine.histogram.empty()) {
    const std::size_t entitlements = graph_.entitlements.size();
    mine.histogram.assign(kHistogramBins, 0);
    mine.entitlement_pairs.assign(entitlements, 0);
    mine.entitlement_high.assign(entitlements, 0);
    mine.entitlement_score_sum.assign(entitlements, 0);
  }
  return mine;
}

void ReportAggregates::add_finding(const FindingRecord& finding) {
  Local& mine = local();
  const auto type = static_cast<std::size_t>(finding.type);
  ++mine.finding_counts[type];
  if (finding.type == FindingType::kUnjustifiedAccess) {
    ++identity_unjustified_[finding.subject];
    if (finding.detail == unjustified_class_name(UnjustifiedClass::kPeerOutlier)) ++identity_outliers_[finding.subject];
  }
  if (!listed(finding.type)) return;
  auto& kept = mine.kept_findings[type];
  kept.push_back({finding.subject, finding.related, finding.detail});
  prune(kept, limits_.top, [](const KeptFinding& a, const KeptFinding& b) {
    return std::tie(a.subject, a.related) < std::tie(b.subject, b.related);
  });
}

void ReportAggregates::add_score(const ScoredAccess& scored) {
  Local& mine = local();
  const std::uint32_t i = scored.identity.value, e = scored.entitlement.value;
  const bool high = scored.score_centi >= kHighScoreCenti;
  ++mine.histogram[std::min<std::size_t>(scored.score_centi / 500, kHistogramBins - 1)];
  ++mine.entitlement_pairs[e];
  mine.entitlement_high[e] += high;
  mine.entitlement_score_sum[e] += scored.score_centi;
  identity_max_score_[i] = std::max(identity_max_score_[i], scored.score_centi);
  ++identity_pairs_[i];
  identity_high_[i] += high;
  if (limits_.reviewer_pairs == 0) return;
  mine.pairs.push_back({scored.identity, scored.entitlement, scored.score_centi, scored.recommendation});
  prune(mine.pairs, limits_.reviewer_pairs, [](const KeptPair& a, const KeptPair& b) { return pair_before(a, b); });
}

ReportFindingList ReportAggregates::finding_list(FindingType type, const std::vector<Local*>& locals) const {
  const auto t = static_cast<std::size_t>(type);
  ReportFindingList list{std::string(finding_type_name(type)), 0, {}};
  std::vector<KeptFinding> kept;
  for (const Local* part : locals) {
    list.total += part->finding_counts[t];
    kept.insert(kept.end(), part->kept_findings[t].begin(), part->kept_findings[t].end());
  }
  std::sort(kept.begin(), kept.end(), [](const KeptFinding& a, const KeptFinding& b) {
    return std::tie(a.subject, a.related) < std::tie(b.subject, b.related);
  });
  if (kept.size() > limits_.top) kept.resize(limits_.top);
  const bool account_subject = has_account_subject(type);
  for (const KeptFinding& f : kept) {
    ReportFinding row;
    row.subject_kind = account_subject ? "account" : "identity";
    row.subject = account_subject ? named_account(graph_, AccountId{f.subject}) : named_identity(graph_, IdentityId{f.subject});
    row.related = std::string(f.related);
    row.detail = std::string(f.detail);
    list.rows.push_back(std::move(row));
  }
  return list;
}

ReportData ReportAggregates::finish(const MaterializedAccess& access, const ReviewerRouting& routing,
                                    bool scored) const {
  const Graph& g = graph_;
  std::vector<Local*> locals;
  for (Local& part : locals_) locals.push_back(&part);
  ReportData data;

  // Overview: identities by kind and status, the estate's sizes, justified access.
  std::vector<std::uint64_t> kinds(EnumNames<IdentityKind>::kNames.size()),
      statuses(EnumNames<IdentityStatus>::kNames.size());
  for (std::size_t i = 0; i < g.identity_count(); ++i) {
    ++kinds[static_cast<std::size_t>(g.identities[i].kind)];
    ++statuses[static_cast<std::size_t>(g.identities[i].status)];
  }
  data.identities_by_kind = named_counts(EnumNames<IdentityKind>::kNames, kinds);
  data.identities_by_status = named_counts(EnumNames<IdentityStatus>::kNames, statuses);
  data.identities = g.identity_count();
  for (std::size_t a = 0; a < g.accounts.size(); ++a) data.accounts += !g.accounts[a].deleted;
  data.systems = g.systems.size();
  data.entitlements = g.entitlements.size();

  // Per department: identities, pairs, unjustified pairs; one parallel pass.
  const std::size_t attributes = g.attribute_values.size() + 1;  // + "no department"
  auto department_slot = [&](const IdentityRecord& r) {
    return r.department.valid() ? r.department.value : attributes - 1;
  };
  using Counts = std::vector<std::uint64_t>;  // per slot: pairs, unjustified (interleaved)
  Counts per_slot = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, g.identity_count(), 4096), Counts(2 * attributes, 0),
      [&](const tbb::blocked_range<std::size_t>& range, Counts counts) {
        for (std::size_t i = range.begin(); i < range.end(); ++i) {
          const std::size_t slot = department_slot(g.identities[i]);
          const auto justified = access.justified_of(IdentityId{static_cast<std::uint32_t>(i)});
          counts[2 * slot] += justified.size();
          counts[2 * slot + 1] += justified.size() - static_cast<std::size_t>(std::count(justified.begin(), justified.end(), 1));
        }
        return counts;
      },
      [](Counts a, const Counts& b) {
        for (std::size_t k = 0; k < a.size(); ++k) a[k] += b[k];
        return a;
      });
  std::vector<ReportDepartment> slots(attributes);
  for (std::size_t i = 0; i < g.identity_count(); ++i) {
    ReportDepartment& d = slots[department_slot(g.identities[i])];
    ++d.identities;
    d.peer_outliers += identity_outliers_[i];
  }
  for (std::size_t slot = 0; slot < attributes; ++slot) {
    ReportDepartment& d = slots[slot];
    if (d.identities == 0) continue;
    if (slot + 1 < attributes) d.name = g.attribute_values.name(AttributeId{static_cast<std::uint32_t>(slot)});
    d.pairs = per_slot[2 * slot];
    d.unjustified = per_slot[2 * slot + 1];
    data.access_pairs += d.pairs;
    data.justified_pairs += d.pairs - d.unjustified;
    data.departments.push_back(std::move(d));
  }
  std::sort(data.departments.begin(), data.departments.end(),
            [](const ReportDepartment& a, const ReportDepartment& b) { return a.name < b.name; });

  // Findings by type, and the lists.
  for (std::size_t t = 0; t < kFindingTypeNames.size(); ++t) {
    std::uint64_t count = 0;
    for (const Local* part : locals) count += part->finding_counts[t];
    data.findings.push_back({std::string(kFindingTypeNames[t]), count});
  }
  for (FindingType type : kListedTypes) data.finding_lists.push_back(finding_list(type, locals));

  // Peer outliers: the identities with the most.
  std::vector<std::uint32_t> outliers;
  for (std::uint32_t i = 0; i < identity_outliers_.size(); ++i)
    if (identity_outliers_[i] > 0) outliers.push_back(i);
  auto by_outliers = [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(identity_outliers_[b], a) < std::tie(identity_outliers_[a], b);
  };
  const std::size_t outlier_rows = std::min<std::size_t>(outliers.size(), limits_.top);
  std::partial_sort(outliers.begin(), outliers.begin() + static_cast<std::ptrdiff_t>(outlier_rows), outliers.end(), by_outliers);
  for (std::size_t k = 0; k < outlier_rows; ++k) {
    const IdentityId id{outliers[k]};
    data.peer_outliers.push_back({named_identity(g, id), department_of(g, g.identities[id.value]),
                                  identity_outliers_[id.value], identity_unjustified_[id.value]});
  }

  data.scored = scored;
  if (!scored) return data;

  // Risk: histogram, riskiest identities, entitlements and pairs.
  data.score_histogram.assign(kHistogramBins, 0);
  std::vector<std::uint64_t> e_pairs(g.entitlements.size()), e_high(g.entitlements.size()), e_sum(g.entitlements.size());
  std::vector<KeptPair> pairs;
  for (const Local* part : locals) {
    for (std::size_t b = 0; b < kHistogramBins && !part->histogram.empty(); ++b) data.score_histogram[b] += part->histogram[b];
    for (std::size_t e = 0; e < part->entitlement_pairs.size(); ++e) {
      e_pairs[e] += part->entitlement_pairs[e];
      e_high[e] += part->entitlement_high[e];
      e_sum[e] += part->entitlement_score_sum[e];
    }
    pairs.insert(pairs.end(), part->pairs.begin(), part->pairs.end());
  }

  std::vector<std::uint32_t> identities;
  for (std::uint32_t i = 0; i < identity_pairs_.size(); ++i)
    if (identity_pairs_[i] > 0) identities.push_back(i);
  auto riskier_identity = [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(identity_max_score_[b], identity_high_[b], a) < std::tie(identity_max_score_[a], identity_high_[a], b);
  };
  const std::size_t identity_rows = std::min<std::size_t>(identities.size(), limits_.top);
  std::partial_sort(identities.begin(), identities.begin() + static_cast<std::ptrdiff_t>(identity_rows), identities.end(),
                    riskier_identity);
  for (std::size_t k = 0; k < identity_rows; ++k) {
    const std::uint32_t i = identities[k];
    const IdentityRecord& r = g.identities[i];
    data.riskiest_identities.push_back({named_identity(g, IdentityId{i}), department_of(g, r),
                                        std::string(to_string(r.kind)), std::string(to_string(r.status)),
                                        identity_max_score_[i] / 100.0, identity_pairs_[i], identity_high_[i]});
  }

  std::vector<std::uint32_t> entitlements;
  for (std::uint32_t e = 0; e < e_pairs.size(); ++e)
    if (e_pairs[e] > 0) entitlements.push_back(e);
  // Riskier: a larger share of holders scoring 70 or more (compared exactly: a/b > c/d),
  // then more of them, then a higher mean. Broad entitlements (everyone's mailbox) have
  // many risky holders only because they have many holders; the share finds the ones
  // whose holders are mostly risky.
  auto above = [](std::uint64_t a_num, std::uint64_t a_den, std::uint64_t b_num, std::uint64_t b_den) {
    return static_cast<unsigned __int128>(a_num) * b_den > static_cast<unsigned __int128>(b_num) * a_den;
  };
  auto riskier_entitlement = [&](std::uint32_t a, std::uint32_t b) {
    if (above(e_high[a], e_pairs[a], e_high[b], e_pairs[b])) return true;
    if (above(e_high[b], e_pairs[b], e_high[a], e_pairs[a])) return false;
    if (e_high[a] != e_high[b]) return e_high[a] > e_high[b];
    if (above(e_sum[a], e_pairs[a], e_sum[b], e_pairs[b])) return true;
    if (above(e_sum[b], e_pairs[b], e_sum[a], e_pairs[a])) return false;
    return a < b;
  };
  const std::size_t entitlement_rows = std::min<std::size_t>(entitlements.size(), limits_.top);
  std::partial_sort(entitlements.begin(), entitlements.begin() + static_cast<std::ptrdiff_t>(entitlement_rows),
                    entitlements.end(), riskier_entitlement);
  for (std::size_t k = 0; k < entitlement_rows; ++k) {
    const std::uint32_t e = entitlements[k];
    data.riskiest_entitlements.push_back(
        {named_entitlement(g, EntitlementId{e}), std::string(g.systems[g.entitlements[e].system.value].name), e_pairs[e],
         e_high[e], static_cast<double>(e_sum[e]) / 100.0 / static_cast<double>(e_pairs[e])});
  }

  std::sort(pairs.begin(), pairs.end(), [](const KeptPair& a, const KeptPair& b) { return pair_before(a, b); });
  if (pairs.size() > limits_.reviewer_pairs) pairs.resize(limits_.reviewer_pairs);
  for (const KeptPair& p : pairs) {
    const IdentityId reviewer = routing.for_access(p.identity, p.entitlement);
    data.riskiest_pairs.push_back({named_identity(g, p.identity), named_entitlement(g, p.entitlement),
                                   p.score_centi / 100.0, std::string(recommendation_name(p.recommendation)),
                                   reviewer.valid() ? named_identity(g, reviewer) : NamedId{}});
  }
  return data;
}

}  // namespace accessgraph
