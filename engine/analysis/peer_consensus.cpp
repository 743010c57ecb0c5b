#include "engine/analysis/peer_consensus.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <span>
#include <cmath>
#include <limits>

namespace accessgraph {
namespace {

double logit(double p) { return std::log(p / (1 - p)); }
double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
// Away from 0 and 1, so that log-odds stay finite.
double clamp_open(double p) { return std::clamp(p, 1e-9, 1 - 1e-9); }

// Laplace-smoothed population frequency; 0.5 when nobody else is active.
double prior_of(const std::optional<PeerFrequency>& all) {
  return all ? (all->holders + 1.0) / (all->peers + 2.0) : 0.5;
}

// body(IdentityId) for every identity, in parallel.
template <class Body>
void for_each_identity(std::size_t identities, Body body) {
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(identities), 1024),
                    [&](const auto& range) {
                      for (std::uint32_t i = range.begin(); i != range.end(); ++i) body(IdentityId(i));
                    });
}

PeerKey everyone_key() {
  PeerKey key;
  key.attributes.clear();  // no attribute to differ on: one group of every identity
  return key;
}

}  // namespace

PeerConsensus::PeerConsensus(const AccessIndex& index, const PeerPolicy& policy, const MaterializedAccess& access)
    : policy_(policy), notions_(policy.notions.size()), graph_(index.graph()) {
  total_weight_ = policy_.everyone_weight;
  for (const PeerNotion& notion : policy_.notions) total_weight_ += notion.weight;
  // Each index is one parallel pass of its own; building them side by side keeps both
  // cores busy through each one's serial grouping step.
  tbb::parallel_for(std::size_t{0}, notions_.size() + 1, [&](std::size_t n) {
    if (n == notions_.size()) everyone_ = std::make_unique<PeerIndex>(index, everyone_key(), &access);
    else notions_[n] = std::make_unique<PeerIndex>(index, policy_.notions[n].key, &access);
  });
}

double PeerConsensus::population_frequency(IdentityId identity, EntitlementId entitlement,
                                            bool identity_has_it) const {
  return prior_of(everyone_->frequency(identity, entitlement, identity_has_it));
}

double PeerConsensus::smoothed(const std::optional<PeerFrequency>& raw, double prior) const {
  if (!raw) return prior;
  return (raw->holders + policy_.smoothing * prior) / (raw->peers + policy_.smoothing);
}

void PeerConsensus::reset(Cursors& cursors, IdentityId identity) const {
  cursors.notions.clear();
  for (const auto& notion : notions_) cursors.notions.push_back(notion->cursor(identity));
  cursors.everyone = everyone_->cursor(identity);
}

template <class Visit>
void PeerConsensus::visit_breakdown(Cursors& cursors, EntitlementId entitlement, bool identity_has_it,
                                    Visit visit) const {
  const auto population = everyone_->frequency(cursors.everyone, entitlement, identity_has_it);
  const double prior = prior_of(population);
  for (std::size_t n = 0; n < notions_.size(); ++n) {
    const auto raw = notions_[n]->frequency(cursors.notions[n], entitlement, identity_has_it);
    visit(n, raw, smoothed(raw, prior));
  }
  visit(notions_.size(), population, prior);
}

std::vector<NotionFrequency> PeerConsensus::breakdown(IdentityId identity, EntitlementId entitlement,
                                                      bool identity_has_it) const {
  Cursors cursors;
  reset(cursors, identity);
  std::vector<NotionFrequency> out;
  visit_breakdown(cursors, entitlement, identity_has_it,
                  [&](std::size_t, const std::optional<PeerFrequency>& raw, double s) { out.push_back({raw, s}); });
  return out;
}

void PeerConsensus::smoothed_breakdown(Cursors& cursors, EntitlementId entitlement, bool identity_has_it,
                                       std::span<float> out) const {
  visit_breakdown(cursors, entitlement, identity_has_it,
                  [&](std::size_t n, const std::optional<PeerFrequency>&, double s) { out[n] = static_cast<float>(s); });
}

double PeerConsensus::first_term(double prior) const {
  switch (policy_.combine) {
    case PeerCombination::kEvidence:
    case PeerCombination::kLogitMean: return policy_.everyone_weight * logit(clamp_open(prior));
    case PeerCombination::kMean: return policy_.everyone_weight * prior;
    case PeerCombination::kMax: return prior;
  }
  return prior;
}

double PeerConsensus::confidence(std::size_t notion, const std::optional<PeerFrequency>& raw) const {
  if (!raw) return 0;
  return policy_.notions[notion].weight * (raw->peers / (raw->peers + policy_.confident_peers));
}

double PeerConsensus::term(std::size_t notion, const std::optional<PeerFrequency>& raw, double prior) const {
  const double weight = policy_.notions[notion].weight;
  const double p = clamp_open(smoothed(raw, prior));
  switch (policy_.combine) {
    case PeerCombination::kEvidence:
      // No peers: no evidence, and no weight (exactly 0, whichever path asks).
      return raw ? confidence(notion, raw) * logit(p) : 0.0;
    case PeerCombination::kLogitMean: return weight * logit(p);
    case PeerCombination::kMean: return weight * p;
    case PeerCombination::kMax: return weight > 0 ? p : -std::numeric_limits<double>::infinity();
  }
  return p;
}

void PeerConsensus::add_term(double& combined, double term) const {
  if (policy_.combine == PeerCombination::kMax) combined = std::max(combined, term);
  else combined += term;
}

double PeerConsensus::finish(double combined, double weight_sum, double prior) const {
  switch (policy_.combine) {
    case PeerCombination::kEvidence: return weight_sum > 0 ? sigmoid(combined / weight_sum) : prior;
    case PeerCombination::kLogitMean: return sigmoid(combined / weight_sum);
    case PeerCombination::kMean: return combined / weight_sum;
    case PeerCombination::kMax: return combined;
  }
  return combined;
}

double PeerConsensus::frequency(IdentityId identity, EntitlementId entitlement, bool identity_has_it) const {
  const double prior = population_frequency(identity, entitlement, identity_has_it);
  double combined = first_term(prior), confidence_sum = policy_.everyone_weight;
  for (std::size_t n = 0; n < notions_.size(); ++n) {
    const auto raw = notions_[n]->frequency(identity, entitlement, identity_has_it);
    add_term(combined, term(n, raw, prior));
    confidence_sum += confidence(n, raw);
  }
  return finish(combined, policy_.combine == PeerCombination::kEvidence ? confidence_sum : total_weight_, prior);
}

std::vector<float> PeerConsensus::frequencies(const MaterializedAccess& access) const {
  const std::size_t identities = graph_.identity_count();
  const std::size_t entitlements = graph_.entitlement_count();
  std::vector<double> combined(access.pair_count());
  if (combined.empty()) return {};
  auto active = [&](IdentityId i) { return graph_.identities[i.value].status == IdentityStatus::kActive; };

  // The population prior of each entitlement as an active identity holding it sees it
  // (everyone_ has one group, every active identity), and its first term.
  std::vector<double> active_prior(entitlements, 0.5), active_first(entitlements, 0);
  const std::uint32_t population = static_cast<std::uint32_t>(everyone_->active_members(0).size());
  for (const PeerIndex::Count& count : everyone_->counts(0)) {
    const std::uint32_t e = count.entitlement.value;
    active_prior[e] = prior_of(PeerIndex::seen_by(count.holders, population, true, true));
    active_first[e] = first_term(active_prior[e]);
  }
  for_each_identity(identities, [&](IdentityId identity) {
    if (!active(identity)) return;
    const std::uint64_t first = access.first_pair(identity);
    const auto held = access.of(identity);
    for (std::size_t k = 0; k < held.size(); ++k) combined[first + k] = active_first[held[k].value];
  });
  // kEvidence: each active identity's sum of confidences, added in the same order as
  // frequency() adds them.
  std::vector<double> confidence_sum(policy_.combine == PeerCombination::kEvidence ? identities : 0,
                                     policy_.everyone_weight);
  for (std::size_t n = 0; n < notions_.size(); ++n)
    add_notion_terms(n, access, active_prior, combined, confidence_sum);
  // Identities that are not active are not among their own peers: few, done pair by pair.
  std::vector<float> frequency_of_pair(combined.size());
  for_each_identity(identities, [&](IdentityId identity) {
    const std::uint64_t first = access.first_pair(identity);
    const auto held = access.of(identity);
    for (std::size_t k = 0; k < held.size(); ++k)
      frequency_of_pair[first + k] = static_cast<float>(
          !active(identity) ? frequency(identity, held[k], true)
          : confidence_sum.empty()
              ? finish(combined[first + k], total_weight_, active_prior[held[k].value])
              : finish(combined[first + k], confidence_sum[identity.value], active_prior[held[k].value]));
  });
  return frequency_of_pair;
}

void PeerConsensus::add_notion_terms(std::size_t notion, const MaterializedAccess& access,
                                     std::span<const double> active_prior, std::vector<double>& combined,
                                     std::vector<double>& confidence_sum) const {
  const PeerIndex& peers = *notions_[notion];
  // Every entitlement an active member has is in its group's counts (with the member
  // among the holders), so a group's terms, by entitlement, cover its members' pairs.
  tbb::enumerable_thread_specific<std::vector<double>> terms(
      [&] { return std::vector<double>(graph_.entitlement_count(), 0); });
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(peers.group_count())),
                    [&](const auto& range) {
                      std::vector<double>& by_entitlement = terms.local();
                      for (std::uint32_t group = range.begin(); group != range.end(); ++group) {
                        const auto members = peers.active_members(group);
                        const auto size = static_cast<std::uint32_t>(members.size());
                        // Every member has the same peers on this notion: the same confidence.
                        const double member_confidence = confidence(notion, PeerIndex::seen_by(0, size, true, false));
                        for (const PeerIndex::Count& count : peers.counts(group)) {
                          const std::uint32_t e = count.entitlement.value;
                          by_entitlement[e] =
                              term(notion, PeerIndex::seen_by(count.holders, size, true, true), active_prior[e]);
                        }
                        for (IdentityId member : members) {
                          if (!confidence_sum.empty()) confidence_sum[member.value] += member_confidence;
                          const std::uint64_t first = access.first_pair(member);
                          const auto held = access.of(member);
                          for (std::size_t k = 0; k < held.size(); ++k)
                            add_term(combined[first + k], by_entitlement[held[k].value]);
                        }
                      }
                    });
  // Active identities in no group of this notion (a key attribute empty) have no peers
  // on it: the notion says the prior (kEvidence: nothing, with confidence 0).
  for_each_identity(graph_.identity_count(), [&](IdentityId identity) {
    if (graph_.identities[identity.value].status != IdentityStatus::kActive ||
        peers.group_of(identity) != PeerIndex::kNoGroup)
      return;
    const std::uint64_t first = access.first_pair(identity);
    const auto held = access.of(identity);
    for (std::size_t k = 0; k < held.size(); ++k)
      add_term(combined[first + k], term(notion, std::nullopt, active_prior[held[k].value]));
  });
}

}  // namespace accessgraph
