#include "engine/report/risk_scan.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <charconv>

#include "engine/report/output_order.hpp"

namespace accessgraph {
namespace {

constexpr std::size_t kIdentitiesPerBlock = 1024;

// What scoring needs of every pair before it starts: the justified flags (the
// model's materialised access) and the peer frequencies (one pass per peer notion
// over its groups), by identity.
class KnownPairsTable {
 public:
  explicit KnownPairsTable(const RiskModel& model)
      : access_(model.access()), peer_frequencies_(model.peers().frequencies(access_)) {}

  std::uint64_t pair_count() const { return access_.pair_count(); }
  RiskModel::KnownPairs of(IdentityId identity) const {
    return {access_.justified_of(identity), {peer_frequencies_.data() + access_.first_pair(identity),
                                             access_.of(identity).size()}};
  }

 private:
  const MaterializedAccess& access_;
  std::vector<float> peer_frequencies_;
};

}  // namespace

RiskScan scan_risk(const RiskModel& model, absl::FunctionRef<bool(const ScoredAccess&)> keep, Progress* progress) {
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
  ProgressPhase scoring = progress_phase(progress, "risk_score", identity_order.size());
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
    scoring.advance(last - b * kIdentitiesPerBlock);
  });
  scoring.finish();
  scan.first_row.assign(scan.blocks.size() + 1, 0);
  for (std::size_t b = 0; b < scan.blocks.size(); ++b)
    scan.first_row[b + 1] = scan.first_row[b] + scan.blocks[b].size();
  scan.rows = scan.first_row.back();
  return scan;
}

void append_factors(std::string& out, const RiskModel& model, const ScoredAccess& scored) {
  append_factors_text(out, scored.factors, model.contributions(scored.factors), model.index().graph());
}

void append_score(std::string& out, std::uint16_t score_centi) {
  char text[8];
  char* end = std::to_chars(text, text + sizeof text, score_centi / 100).ptr;
  *end++ = '.';
  *end++ = static_cast<char>('0' + score_centi % 100 / 10);
  *end++ = static_cast<char>('0' + score_centi % 10);
  out.append(text, end);
}

}  // namespace accessgraph
