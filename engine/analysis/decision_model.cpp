#include "engine/analysis/decision_model.hpp"

#include <absl/container/flat_hash_map.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace accessgraph {
namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;
constexpr std::uint64_t kFoldSeed = 0x9E3779B97F4A7C15ull;  // fixed: the same folds on every run
constexpr std::size_t kRowsPerBlock = 16384;                // the unit of the deterministic sums
constexpr int kMaxNewtonSteps = 40;
constexpr std::size_t kHessianRows = 200'000;               // rows that shape each Newton step, at most about

double logit(double p) {
  p = std::clamp(p, 1e-6, 1 - 1e-6);
  return std::log(p / (1 - p));
}
double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// The features that need no decisions, in row() order after the encodings.
constexpr std::array<std::string_view, 14> kBaseNames = {
    "sensitivity=1", "sensitivity=2", "sensitivity=3", "justified",  "unused_days",   "unused=unknown",
    "not_held",      "non_human",     "contractor",    "terminated", "leave",         "privileged",
    "sod",           "direct_grant"};

// A run of decisions with the same key: its totals, overall and per fold.
struct Run {
  std::uint64_t key;
  std::span<const std::pair<std::uint64_t, std::uint32_t>> members;  // (key, decision)
  double decisions, revokes;
  const std::vector<double>* fold_decisions;
  const std::vector<double>* fold_revokes;
};

// Sorts (key, decision) pairs and calls on_run(run) for each run of equal keys, in
// key order.
template <class OnRun>
void for_each_run(std::vector<std::pair<std::uint64_t, std::uint32_t>>& keyed, std::span<const std::uint8_t> fold,
                  std::span<const std::uint8_t> revoked, std::uint32_t folds, OnRun on_run) {
  std::sort(keyed.begin(), keyed.end());
  std::vector<double> fold_decisions(folds), fold_revokes(folds);
  for (std::size_t begin = 0; begin < keyed.size();) {
    std::size_t end = begin;
    std::fill(fold_decisions.begin(), fold_decisions.end(), 0.0);
    std::fill(fold_revokes.begin(), fold_revokes.end(), 0.0);
    double revokes = 0;
    while (end < keyed.size() && keyed[end].first == keyed[begin].first) {
      const std::uint32_t i = keyed[end].second;
      fold_decisions[fold[i]] += 1;
      fold_revokes[fold[i]] += revoked[i];
      revokes += revoked[i];
      ++end;
    }
    on_run(Run{keyed[begin].first, {keyed.data() + begin, end - begin}, double(end - begin), revokes, &fold_decisions,
               &fold_revokes});
    begin = end;
  }
}

// Solves A x = b for a symmetric positive definite A (n x n, row-major), in place.
bool cholesky_solve(std::vector<double> a, std::vector<double>& b, std::size_t n) {
  for (std::size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (std::size_t k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false;
    d = std::sqrt(d);
    a[j * n + j] = d;
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / d;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {  // L y = b
    double s = b[i];
    for (std::size_t k = 0; k < i; ++k) s -= a[i * n + k] * b[k];
    b[i] = s / a[i * n + i];
  }
  for (std::size_t i = n; i-- > 0;) {  // L^T x = y
    double s = b[i];
    for (std::size_t k = i + 1; k < n; ++k) s -= a[k * n + i] * b[k];
    b[i] = s / a[i * n + i];
  }
  return true;
}

}  // namespace

std::uint32_t DecisionModel::fold_of(IdentityId identity, EntitlementId entitlement, std::uint32_t folds) {
  const std::uint64_t h = mix(kFoldSeed ^ mix((std::uint64_t{identity.value} << 32) | entitlement.value));
  return static_cast<std::uint32_t>(h % folds);
}

double DecisionModel::smoothed_rate(double revokes, double decisions, double prior, double m) {
  if (decisions + m <= 0) return prior;
  return (revokes + m * prior) / (decisions + m);
}

std::uint32_t DecisionModel::value_of(IdentityId identity, std::size_t attribute) const {
  return identity.value < values_.size() ? values_[identity.value][attribute] : kNone;
}

DecisionModel::DecisionModel(const Graph& g, std::span<const ReviewDecision> decisions,
                             std::span<const PairInputs> inputs, std::size_t notion_count, const LearningPolicy& policy)
    : policy_(policy), notion_count_(notion_count), decisions_(decisions.size()) {
  const std::size_t n = decisions.size();
  const std::uint32_t folds = std::max<std::uint32_t>(2, policy_.folds);
  const double m = policy_.smoothing;

  // Each identity's values of the encoded attributes; department+title pairs numbered.
  values_.resize(g.identity_count());
  absl::flat_hash_map<std::uint64_t, std::uint32_t> department_titles;
  for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
    const IdentityRecord& r = g.identities[i];
    auto& v = values_[i];
    v[0] = r.department.valid() ? r.department.value : kNone;
    v[1] = r.title.valid() ? r.title.value : kNone;
    v[2] = r.manager.valid() ? r.manager.value : kNone;
    v[3] = r.location.valid() ? r.location.value : kNone;
    v[4] = kNone;
    if (r.department.valid() && r.title.valid()) {
      const std::uint64_t key = (std::uint64_t{r.department.value} << 32) | r.title.value;
      v[4] = department_titles.try_emplace(key, static_cast<std::uint32_t>(department_titles.size())).first->second;
    }
  }
  const std::array<std::size_t, kAttributes> domain = {g.attribute_values.size(), g.attribute_values.size(),
                                                       g.identity_count(), g.attribute_values.size(),
                                                       department_titles.size()};

  std::vector<std::uint8_t> fold(n), revoked(n);
  std::vector<double> fold_decisions(folds), fold_revokes(folds);
  for (std::size_t i = 0; i < n; ++i) {
    fold[i] = static_cast<std::uint8_t>(fold_of(decisions[i].identity, decisions[i].entitlement, folds));
    revoked[i] = decisions[i].revoked;
    fold_decisions[fold[i]] += 1;
    fold_revokes[fold[i]] += revoked[i];
  }
  const double total_revokes = std::accumulate(fold_revokes.begin(), fold_revokes.end(), 0.0);
  prior_ = smoothed_rate(total_revokes, double(n), 0.5, 1);
  prior_logit_ = static_cast<float>(logit(prior_));
  // Every encoding shrinks towards the overall share (or E's, for (value, E)): one
  // constant for all, so that an encoding with no decisions out of fold says exactly
  // the same for every decision (a prior per fold would vary with the fold's labels).

  // Out-of-fold encodings per decision: [0] E, then per attribute value and (value, E).
  constexpr std::size_t kEncodings = 1 + 2 * kAttributes;
  std::vector<std::vector<float>> oof_logit(kEncodings, std::vector<float>(n)), oof_count(kEncodings, std::vector<float>(n));
  std::vector<double> oof_entitlement_rate(n);
  auto out_of_fold = [&](const Run& run, std::uint32_t i, double prior, std::size_t encoding) {
    const std::uint8_t f = fold[i];
    const double seen = run.decisions - (*run.fold_decisions)[f];
    const double rate = smoothed_rate(run.revokes - (*run.fold_revokes)[f], seen, prior, m);
    oof_logit[encoding][i] = static_cast<float>(logit(rate));
    oof_count[encoding][i] = static_cast<float>(std::log1p(seen));
    return rate;
  };

  // Entitlements first: their share is the prior of every (value, E) encoding.
  std::vector<double> entitlement_rate(g.entitlement_count(), prior_);
  entitlement_logit_.assign(g.entitlement_count(), prior_logit_);
  entitlement_log_count_.assign(g.entitlement_count(), 0);
  {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(n);
    for (std::uint32_t i = 0; i < n; ++i) keyed[i] = {decisions[i].entitlement.value, i};
    for_each_run(keyed, fold, revoked, folds, [&](const Run& run) {
      for (const auto& [key, i] : run.members) oof_entitlement_rate[i] = out_of_fold(run, i, prior_, 0);
      const double rate = smoothed_rate(run.revokes, run.decisions, prior_, m);
      entitlement_rate[run.key] = rate;
      entitlement_logit_[run.key] = static_cast<float>(logit(rate));
      entitlement_log_count_[run.key] = static_cast<float>(std::log1p(run.decisions));
    });
  }
  // Then each attribute alone and with E, side by side.
  tbb::parallel_for(std::size_t{0}, 2 * kAttributes, [&](std::size_t job) {
    const std::size_t a = job / 2;
    const bool with_entitlement = job % 2 == 1;
    const std::size_t encoding = 1 + job;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
    keyed.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t value = value_of(decisions[i].identity, a);
      if (value == kNone) {  // no value: the prior, from no decisions
        oof_logit[encoding][i] = static_cast<float>(logit(with_entitlement ? oof_entitlement_rate[i] : prior_));
        oof_count[encoding][i] = 0;
        continue;
      }
      keyed.emplace_back(with_entitlement ? (std::uint64_t{value} << 32) | decisions[i].entitlement.value : value, i);
    }
    ValueTable& table = tables_[a];
    if (!with_entitlement) {
      table.logit_rate.assign(domain[a], prior_logit_);
      table.log_count.assign(domain[a], 0);
      for_each_run(keyed, fold, revoked, folds, [&](const Run& run) {
        for (const auto& [key, i] : run.members) out_of_fold(run, i, prior_, encoding);
        table.logit_rate[run.key] = static_cast<float>(logit(smoothed_rate(run.revokes, run.decisions, prior_, m)));
        table.log_count[run.key] = static_cast<float>(std::log1p(run.decisions));
      });
      return;
    }
    std::vector<std::uint64_t> counts(domain[a] + 1, 0);
    for_each_run(keyed, fold, revoked, folds, [&](const Run& run) {
      for (const auto& [key, i] : run.members) out_of_fold(run, i, oof_entitlement_rate[i], encoding);
      const auto value = static_cast<std::uint32_t>(run.key >> 32), entitlement = static_cast<std::uint32_t>(run.key);
      const double rate = smoothed_rate(run.revokes, run.decisions, entitlement_rate[entitlement], m);
      table.pairs.push_back({entitlement, static_cast<float>(logit(rate)), static_cast<float>(std::log1p(run.decisions))});
      ++counts[value + 1];
    });
    std::partial_sum(counts.begin(), counts.end(), counts.begin());
    table.offsets = std::move(counts);  // runs came in (value, E) order
  });

  // Feature names, in row() order.
  names_ = {"unsupervised_score"};
  for (std::size_t k = 0; k < notion_count_; ++k) names_.push_back("peers[" + std::to_string(k) + "]");
  for (std::string_view name : kBaseNames) names_.emplace_back(name);
  names_.emplace_back("revoked|entitlement");
  names_.emplace_back("decisions|entitlement");
  for (std::string_view attribute : kAttributeNames) {
    names_.push_back("revoked|" + std::string(attribute));
    names_.push_back("revoked|" + std::string(attribute) + "+entitlement");
    names_.push_back("decisions|" + std::string(attribute) + "+entitlement");
  }
  const std::size_t d = names_.size();
  const std::size_t base = 1 + notion_count_ + kBaseNames.size();

  // The training matrix: base features, then the out-of-fold encodings.
  std::vector<float> x(n * d);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
    float* row = x.data() + i * d;
    base_features(inputs[i], row);
    std::size_t at = base;
    row[at++] = oof_logit[0][i];
    row[at++] = oof_count[0][i];
    for (std::size_t a = 0; a < kAttributes; ++a) {
      row[at++] = oof_logit[1 + 2 * a][i];
      row[at++] = oof_logit[2 + 2 * a][i];
      row[at++] = oof_count[2 + 2 * a][i];
    }
  });

  // Standardise (serially: the sums are the same whatever the thread count).
  mean_.assign(d, 0);
  scale_.assign(d, 0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) mean_[j] += x[i * d + j];
  for (std::size_t j = 0; j < d; ++j) mean_[j] /= std::max<double>(1, double(n));
  std::vector<double> variance(d, 0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      const double delta = x[i * d + j] - mean_[j];
      variance[j] += delta * delta;
    }
  for (std::size_t j = 0; j < d; ++j) {
    const double sd = std::sqrt(variance[j] / std::max<double>(1, double(n)));
    scale_[j] = sd > 1e-9 ? 1 / sd : 0;  // a constant feature carries nothing
  }
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
    for (std::size_t j = 0; j < d; ++j) x[i * d + j] = static_cast<float>((x[i * d + j] - mean_[j]) * scale_[j]);
  });

  // L2-regularised logistic regression by Newton's method. Parameters: d weights, then
  // the intercept (not penalised). Each pass sums the loss, gradient and Hessian over
  // fixed blocks of rows in parallel, then adds the blocks in order.
  const std::size_t p = d + 1;
  std::vector<double> w(p, 0);
  w[d] = logit(prior_);
  const std::size_t blocks = (n + kRowsPerBlock - 1) / kRowsPerBlock;
  // The Hessian (p * p a row, against p for the gradient) from every k-th row only,
  // scaled up: enough to aim each step, while the loss and gradient, which decide
  // where the steps end, count every row.
  const std::size_t hessian_stride = std::max<std::size_t>(1, n / kHessianRows);
  struct Sums {
    double loss = 0;
    std::vector<double> gradient, hessian;
  };
  auto evaluate = [&](const std::vector<double>& at) {
    std::vector<Sums> partial(blocks);
    tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
      Sums& s = partial[b];
      s.gradient.assign(p, 0);
      s.hessian.assign(p * p, 0);
      std::vector<double> row(p);
      const std::size_t last = std::min(n, (b + 1) * kRowsPerBlock);
      for (std::size_t i = b * kRowsPerBlock; i < last; ++i) {
        double z = at[d];
        for (std::size_t j = 0; j < d; ++j) z += at[j] * (row[j] = x[i * d + j]);
        row[d] = 1;
        const double q = sigmoid(z);
        const double y = revoked[i];
        s.loss += y ? -std::log(std::max(q, 1e-300)) : -std::log(std::max(1 - q, 1e-300));
        const double residual = q - y;
        for (std::size_t j = 0; j < p; ++j) s.gradient[j] += residual * row[j];
        if (i % hessian_stride != 0) continue;
        const double curvature = std::max(q * (1 - q), 1e-12) * double(hessian_stride);
        for (std::size_t j = 0; j < p; ++j) {
          const double cj = curvature * row[j];
          double* h = s.hessian.data() + j * p;
          for (std::size_t k = 0; k <= j; ++k) h[k] += cj * row[k];
        }
      }
    });
    Sums total;
    total.gradient.assign(p, 0);
    total.hessian.assign(p * p, 0);
    for (const Sums& s : partial) {
      total.loss += s.loss;
      for (std::size_t j = 0; j < p; ++j) total.gradient[j] += s.gradient[j];
      for (std::size_t j = 0; j < p * p; ++j) total.hessian[j] += s.hessian[j];
    }
    for (std::size_t j = 0; j < d; ++j) {
      total.loss += 0.5 * policy_.l2 * at[j] * at[j];
      total.gradient[j] += policy_.l2 * at[j];
      total.hessian[j * p + j] += policy_.l2;
    }
    total.hessian[d * p + d] += 1e-9;
    for (std::size_t j = 0; j < p; ++j)  // mirror the lower triangle
      for (std::size_t k = j + 1; k < p; ++k) total.hessian[j * p + k] = total.hessian[k * p + j];
    return total;
  };

  if (n > 0) {
    Sums current = evaluate(w);
    for (int step = 0; step < kMaxNewtonSteps; ++step) {
      std::vector<double> direction = current.gradient;
      if (!cholesky_solve(current.hessian, direction, p)) break;
      double length = 1;
      bool improved = false;
      std::vector<double> next(p);
      for (int halving = 0; halving < 20 && !improved; ++halving, length /= 2) {
        for (std::size_t j = 0; j < p; ++j) next[j] = w[j] - length * direction[j];
        Sums tried = evaluate(next);
        if (tried.loss <= current.loss + 1e-12 * std::abs(current.loss)) {
          improved = true;
          const double change = current.loss - tried.loss;
          w = next;
          current = std::move(tried);
          if (change <= 1e-10 * std::max(1.0, std::abs(current.loss))) step = kMaxNewtonSteps;  // converged
        }
      }
      if (!improved) break;
    }
  }
  weights_.assign(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(d));
  intercept_ = w[d];
}

void DecisionModel::base_features(const PairInputs& in, float* x) const {
  const RiskFactors& f = *in.factors;
  std::size_t at = 0;
  x[at++] = static_cast<float>(logit(in.unsupervised / 100));
  for (std::size_t k = 0; k < notion_count_; ++k)
    x[at++] = static_cast<float>(k < in.notions.size() ? logit(in.notions[k]) : 0.0);
  x[at++] = f.sensitivity == 1;
  x[at++] = f.sensitivity == 2;
  x[at++] = f.sensitivity >= 3;
  x[at++] = f.justified;
  x[at++] = f.usage == UsageState::kKnown ? static_cast<float>(std::log1p(std::max<int>(0, f.days_unused))) : 0.0f;
  x[at++] = f.usage == UsageState::kUnknown;
  x[at++] = f.usage == UsageState::kNotHeld;
  x[at++] = is_non_human(f.kind);
  x[at++] = f.kind == IdentityKind::kContractor || f.kind == IdentityKind::kPartner;
  x[at++] = f.status == IdentityStatus::kTerminated;
  x[at++] = f.status == IdentityStatus::kLeave;
  x[at++] = f.privileged;
  x[at++] = f.sod_rule.valid();
  x[at++] = f.direct_grant;
}

DecisionModel::IdentityCursor DecisionModel::cursor(IdentityId identity) const {
  IdentityCursor cursor;
  cursor.identity_ = identity;
  for (std::size_t a = 0; a < kAttributes; ++a) {
    const ValueTable& table = tables_[a];
    const std::uint32_t value = value_of(identity, a);
    cursor.alone_[a] = prior_logit_;
    if (value == kNone || value >= table.logit_rate.size()) continue;
    cursor.alone_[a] = table.logit_rate[value];
    cursor.with_[a] = std::remove_reference_t<decltype(cursor.with_[a])>(std::span<const PairEntry>(table.pairs).subspan(
        table.offsets[value], table.offsets[value + 1] - table.offsets[value]));
  }
  return cursor;
}

void DecisionModel::row(IdentityCursor& cursor, EntitlementId entitlement, const PairInputs& inputs, float* x) const {
  base_features(inputs, x);
  std::size_t at = 1 + notion_count_ + kBaseNames.size();
  const bool known_entitlement = entitlement.value < entitlement_logit_.size();
  const float entitlement_logit = known_entitlement ? entitlement_logit_[entitlement.value] : prior_logit_;
  x[at++] = entitlement_logit;
  x[at++] = known_entitlement ? entitlement_log_count_[entitlement.value] : 0;
  for (std::size_t a = 0; a < kAttributes; ++a) {
    const PairEntry* with = cursor.with_[a].find(entitlement.value);  // none without a value
    x[at++] = cursor.alone_[a];
    x[at++] = with ? with->logit_rate : entitlement_logit;
    x[at++] = with ? with->log_count : 0;
  }
}

double DecisionModel::predict(IdentityId identity, EntitlementId entitlement, const PairInputs& inputs) const {
  IdentityCursor one = cursor(identity);
  return predict(one, entitlement, inputs);
}

double DecisionModel::predict(IdentityCursor& cursor, EntitlementId entitlement, const PairInputs& inputs) const {
  constexpr std::size_t kStackFeatures = 64;
  std::array<float, kStackFeatures> stack;  // every feature is written by row()
  std::vector<float> heap;
  float* x = stack.data();
  if (names_.size() > kStackFeatures) x = (heap.resize(names_.size()), heap.data());
  row(cursor, entitlement, inputs, x);
  double z = intercept_;
  for (std::size_t j = 0; j < weights_.size(); ++j) z += weights_[j] * ((x[j] - mean_[j]) * scale_[j]);
  return sigmoid(z);
}

double DecisionModel::blend(double unsupervised_score, double learned) const {
  const double w = policy_.weight;
  return 100 * sigmoid((1 - w) * logit(unsupervised_score / 100) + w * logit(learned));
}

double roc_auc(std::span<const double> scores, std::span<const std::uint8_t> positive) {
  const std::size_t n = std::min(scores.size(), positive.size());
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return scores[a] < scores[b]; });
  double positives = 0, rank_sum = 0;
  for (std::size_t begin = 0; begin < n;) {  // ties share their mean rank
    std::size_t end = begin;
    while (end < n && scores[order[end]] == scores[order[begin]]) ++end;
    const double mean_rank = (double(begin) + double(end) + 1) / 2;
    for (std::size_t k = begin; k < end; ++k)
      if (positive[order[k]]) positives += 1, rank_sum += mean_rank;
    begin = end;
  }
  const double negatives = double(n) - positives;
  if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

}  // namespace accessgraph
