#include "engine/report/risk_scan.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "engine/report/output_order.hpp"

namespace accessgraph {
namespace {

constexpr std::size_t kIdentitiesPerBlock = 1024;

// What scoring needs of every pair before it starts: the justified flags and the
// peer frequencies (one pass per peer notion over its groups), by identity. The
// materialised entitlement lists behind them are let go before scoring fills its
// rows, the peak of memory.
class KnownPairsTable {
 public:
  explicit KnownPairsTable(const RiskModel& model) {
    const MaterializedAccess access = MaterializedAccess::compute(model.index());
    peer_frequencies_ = model.peers().frequencies(access);
    const std::size_t identities = model.index().graph().identity_count();
    first_pair_.resize(identities + 1);
    first_pair_[identities] = access.pair_count();
    justified_.resize(access.pair_count());
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(identities), 4096),
                      [&](const auto& range) {
                        for (std::uint32_t i = range.begin(); i != range.end(); ++i) {
                          first_pair_[i] = access.first_pair(IdentityId(i));
                          const auto flags = access.justified_of(IdentityId(i));
                          std::copy(flags.begin(), flags.end(), justified_.begin() + first_pair_[i]);
                        }
                      });
  }

  std::uint64_t pair_count() const { return justified_.size(); }
  RiskModel::KnownPairs of(IdentityId identity) const {
    const std::uint64_t first = first_pair_[identity.value], count = first_pair_[identity.value + 1] - first;
    return {{justified_.data() + first, count}, {peer_frequencies_.data() + first, count}};
  }

 private:
  std::vector<std::uint64_t> first_pair_;  // per identity, + 1
  std::vector<std::uint8_t> justified_;
  std::vector<float> peer_frequencies_;
};

}  // namespace

RiskScan scan_risk(const RiskModel& model, absl::FunctionRef<bool(const ScoredAccess&)> keep) {
  const Graph& g = model.index().graph();
  RiskScan scan;
  const std::vector<IdentityId> identity_order = csv_output_order(g.identity_ids);
  scan.identity_rank.resize(identity_order.size());
  for (std::uint32_t r = 0; r < identity_order.size(); ++r) scan.identity_rank[identity_order[r].value] = r;
  scan.entitlement_rank = csv_output_rank(g.entitlement_ids);

  const KnownPairsTable known(model);

  tbb::enumerable_thread_specific<RiskModel::Scratch> scratch([&] { return model.make_scratch(); });
  scan.blocks.resize((identity_order.size() + kIdentitiesPerBlock - 1) / kIdentitiesPerBlock);
  scan.scored = known.pair_count();
  tbb::parallel_for(std::size_t{0}, scan.blocks.size(), [&](std::size_t b) {
    RiskModel::Scratch& s = scratch.local();
    std::vector<ScoredAccess>& rows = scan.blocks[b];
    const std::size_t last = std::min(identity_order.size(), (b + 1) * kIdentitiesPerBlock);
    for (std::size_t position = b * kIdentitiesPerBlock; position < last; ++position) {
      const std::size_t first_row = rows.size();
      const IdentityId identity = identity_order[position];
      model.score_identity(identity, known.of(identity), s, [&](const ScoredAccess& scored) {
        if (keep(scored)) rows.push_back(scored);
      });
      std::sort(rows.begin() + first_row, rows.end(), [&](const ScoredAccess& a, const ScoredAccess& b) {
        return scan.entitlement_rank[a.entitlement.value] < scan.entitlement_rank[b.entitlement.value];
      });
    }
    rows.shrink_to_fit();
  });
  for (const auto& block : scan.blocks) scan.rows += block.size();
  return scan;
}

void append_factors(std::string& out, const RiskModel& model, const ScoredAccess& scored) {
  append_factors_text(out, scored.factors, model.contributions(scored.factors), model.index().graph());
}

void append_score(std::string& out, std::uint16_t score_centi) {
  out.append(std::to_string(score_centi / 100));
  out.push_back('.');
  out.push_back(static_cast<char>('0' + score_centi % 100 / 10));
  out.push_back(static_cast<char>('0' + score_centi % 10));
}

}  // namespace accessgraph
