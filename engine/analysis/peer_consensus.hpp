#pragma once
// How common an entitlement is among an identity's peers, over several notions of
// peer at once (department and title, manager, department, title, location...), each
// a PeerIndex, combined into one smoothed frequency in (0, 1).
//
// Smoothing: a notion where the identity has n peers, h of which hold E, says
//   (h + m * p0) / (n + m)
// where p0 is E's frequency in the whole active population (Laplace-smoothed) and m
// the policy's smoothing strength: 1 of 1 peers is not "100% common", and a notion
// without peers says p0. The notions are then blended, by default as a weighted mean
// of log-odds (naive-Bayes-like evidence pooling). Every step is monotone: one more
// holder among any peers never makes access look rarer.
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "engine/analysis/peer_index.hpp"
#include "engine/analysis/risk_policy.hpp"
#include "engine/closure/materialized_access.hpp"

namespace accessgraph {

struct NotionFrequency {
  std::optional<PeerFrequency> raw;  // nullopt: no peers on this notion
  double smoothed = 0;
};

class PeerConsensus {
 public:
  // `access`: every identity's actual access, what the peer indexes count.
  PeerConsensus(const AccessIndex& index, const PeerPolicy& policy, const MaterializedAccess& access);

  // The combined, smoothed frequency of E among I's peers (I itself left out).
  // `identity_has_it`: whether I has E now (so that I is not counted as its own peer).
  double frequency(IdentityId identity, EntitlementId entitlement, bool identity_has_it) const;
  // Per notion, in policy order, then the whole population.
  std::vector<NotionFrequency> breakdown(IdentityId identity, EntitlementId entitlement, bool identity_has_it) const;
  const PeerPolicy& policy() const { return policy_; }

  // frequency(I, E, true) of every actual pair, as a float (RiskFactors keeps no
  // more), in the layout of `access` (pair k of access), bit for bit. Each notion is
  // one pass over its peer groups: a group's smoothed terms are computed once per
  // entitlement it holds and then added to each member's pairs, instead of one count
  // lookup and one logarithm per pair and notion.
  std::vector<float> frequencies(const MaterializedAccess& access) const;

 private:
  double population_frequency(IdentityId identity, EntitlementId entitlement, bool identity_has_it) const;
  double smoothed(const std::optional<PeerFrequency>& raw, double prior) const;
  // The combination, one term at a time, shared by frequency() and frequencies():
  // start with the population's term, add each notion's, then finish.
  double first_term(double prior) const;
  double term(std::size_t notion, double smoothed_frequency) const;
  void add_term(double& combined, double term) const;
  double finish(double combined) const;
  // Adds notion n's terms to the pairs of the active identities (frequencies()).
  void add_notion_terms(std::size_t notion, const MaterializedAccess& access, std::span<const double> active_prior,
                        std::vector<double>& combined) const;

  PeerPolicy policy_;
  double total_weight_ = 0;                          // everyone_weight, then each notion's, in order
  std::vector<std::unique_ptr<PeerIndex>> notions_;  // parallel to policy_.notions
  std::unique_ptr<PeerIndex> everyone_;              // one group: every active identity
  const Graph& graph_;
};

}  // namespace accessgraph
