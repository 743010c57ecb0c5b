#include "engine/analysis/peer_consensus.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace accessgraph {
namespace {

double logit(double p) { return std::log(p / (1 - p)); }
double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

PeerKey everyone_key() {
  PeerKey key;
  key.attributes.clear();  // no attribute to differ on: one group of every identity
  return key;
}

}  // namespace

PeerConsensus::PeerConsensus(const AccessIndex& index, const PeerPolicy& policy)
    : policy_(policy), notions_(policy.notions.size()) {
  // Each index is one parallel pass of its own; building them side by side keeps both
  // cores busy through each one's serial grouping step.
  tbb::parallel_for(std::size_t{0}, notions_.size() + 1, [&](std::size_t n) {
    if (n == notions_.size()) everyone_ = std::make_unique<PeerIndex>(index, everyone_key());
    else notions_[n] = std::make_unique<PeerIndex>(index, policy_.notions[n].key);
  });
}

double PeerConsensus::population_frequency(IdentityId identity, EntitlementId entitlement,
                                            bool identity_has_it) const {
  auto all = everyone_->frequency(identity, entitlement, identity_has_it);
  if (!all) return 0.5;  // nobody else is active: nothing to compare with
  return (all->holders + 1.0) / (all->peers + 2.0);
}

double PeerConsensus::smoothed(const std::optional<PeerFrequency>& raw, double prior) const {
  if (!raw) return prior;
  return (raw->holders + policy_.smoothing * prior) / (raw->peers + policy_.smoothing);
}

std::vector<NotionFrequency> PeerConsensus::breakdown(IdentityId identity, EntitlementId entitlement,
                                                      bool identity_has_it) const {
  const double prior = population_frequency(identity, entitlement, identity_has_it);
  std::vector<NotionFrequency> out;
  for (const auto& notion : notions_) {
    auto raw = notion->frequency(identity, entitlement, identity_has_it);
    out.push_back({raw, smoothed(raw, prior)});
  }
  out.push_back({everyone_->frequency(identity, entitlement, identity_has_it), prior});
  return out;
}

double PeerConsensus::frequency(IdentityId identity, EntitlementId entitlement, bool identity_has_it) const {
  const double prior = population_frequency(identity, entitlement, identity_has_it);
  // Keep away from 0 and 1 so that log-odds stay finite.
  auto clamp = [](double p) { return std::clamp(p, 1e-9, 1 - 1e-9); };
  double weighted = policy_.everyone_weight * (policy_.combine == PeerCombination::kLogitMean ? logit(clamp(prior)) : prior);
  double total_weight = policy_.everyone_weight;
  double highest = prior;
  for (std::size_t n = 0; n < notions_.size(); ++n) {
    const double weight = policy_.notions[n].weight;
    const double p = clamp(smoothed(notions_[n]->frequency(identity, entitlement, identity_has_it), prior));
    weighted += weight * (policy_.combine == PeerCombination::kLogitMean ? logit(p) : p);
    total_weight += weight;
    if (weight > 0) highest = std::max(highest, p);
  }
  switch (policy_.combine) {
    case PeerCombination::kLogitMean: return sigmoid(weighted / total_weight);
    case PeerCombination::kMean: return weighted / total_weight;
    case PeerCombination::kMax: return highest;
  }
  return prior;
}

}  // namespace accessgraph
