#pragma once
// How common an entitlement is among an identity's peers, over several notions of
// peer at once (department and title, manager, department, title, location...), each
// a PeerIndex, combined into one smoothed frequency in (0, 1).
//
// Smoothing: a notion where the identity has n peers, h of which hold E, says
//   (h + m * p0) / (n + m)
// where p0 is E's frequency in the whole active population (Laplace-smoothed) and m
// the policy's smoothing strength: 1 of 1 peers is not "100% common", and a notion
// without peers says p0.
//
// The default combination (`evidence`) pools the notions' log-odds, each weighted by
// how much it can know: its policy weight w_k times n_k / (n_k + c) for its n_k peers
// (c: confident_peers), so that 1 peer says almost nothing and 500 peers nearly all the
// notion may say; the population counts with the everyone weight e:
//   logit(P) = [ e logit(p0) + sum_k a_k logit(s_k) ] / (e + sum_k a_k),
//   a_k = w_k n_k / (n_k + c)   (0 when I has no peers on notion k)
// A notion that knows little neither dominates nor dilutes the others (it weighs
// little), so a strong notion is not averaged away, and a small group's burst of
// look-alike requests does not outvote a department. The weights depend only on who
// the peers are, never on who holds what, and every s_k grows with holders, so one
// more holder among any peers (or anywhere: p0) never makes access look rarer. The
// older combinations (`logit_mean`, `mean`, `max`) remain selectable.
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

  // One identity's groups under every notion, for many lookups of that identity in
  // ascending entitlement order (PeerIndex::Cursor).
  struct Cursors {
    std::vector<PeerIndex::Cursor> notions;
    PeerIndex::Cursor everyone;
  };
  void reset(Cursors& cursors, IdentityId identity) const;
  // breakdown()'s smoothed frequencies, into `smoothed` (size: notions + 1).
  void smoothed_breakdown(Cursors& cursors, EntitlementId entitlement, bool identity_has_it,
                          std::span<float> smoothed) const;
  const PeerPolicy& policy() const { return policy_; }

  // frequency(I, E, true) of every actual pair, as a float (RiskFactors keeps no
  // more), in the layout of `access` (pair k of access), bit for bit. Each notion is
  // one pass over its peer groups: a group's smoothed terms are computed once per
  // entitlement it holds and then added to each member's pairs, instead of one count
  // lookup and one logarithm per pair and notion.
  std::vector<float> frequencies(const MaterializedAccess& access) const;

 private:
  double population_frequency(IdentityId identity, EntitlementId entitlement, bool identity_has_it) const;
  // visit(notion index, raw, smoothed) per notion, then (notions, population, prior).
  template <class Visit>
  void visit_breakdown(Cursors& cursors, EntitlementId entitlement, bool identity_has_it, Visit visit) const;
  double smoothed(const std::optional<PeerFrequency>& raw, double prior) const;
  // The combination, one term at a time, shared by frequency() and frequencies():
  // start with the population's term, add each notion's, then finish.
  double first_term(double prior) const;
  // Notion n's term, from its raw count (nullopt: no peers) and the prior.
  double term(std::size_t notion, const std::optional<PeerFrequency>& raw, double prior) const;
  // kEvidence: notion n's weight a_n for an identity with these peers (0: none).
  double confidence(std::size_t notion, const std::optional<PeerFrequency>& raw) const;
  void add_term(double& combined, double term) const;
  // `weight_sum`: kEvidence, the identity's everyone weight plus confidences; else the
  // total weight. `prior` is the answer when nothing has any weight.
  double finish(double combined, double weight_sum, double prior) const;
  // Adds notion n's terms to the pairs of the active identities (frequencies()).
  void add_notion_terms(std::size_t notion, const MaterializedAccess& access, std::span<const double> active_prior,
                        std::vector<double>& combined, std::vector<double>& confidence_sum) const;

  PeerPolicy policy_;
  double total_weight_ = 0;                          // everyone_weight plus every notion's
  std::vector<std::unique_ptr<PeerIndex>> notions_;  // parallel to policy_.notions
  std::unique_ptr<PeerIndex> everyone_;              // one group: every active identity
  const Graph& graph_;
};

}  // namespace accessgraph
