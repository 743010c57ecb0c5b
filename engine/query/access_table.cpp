#include "engine/query/access_table.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>

namespace accessgraph {
namespace {

struct Scratch {
  MarkedUnion<EntitlementId> actual, expected;
  std::vector<std::uint32_t> codes;
};

// The identity's codes: actual and expected access merged, flags in the low bits.
const std::vector<std::uint32_t>& codes_of(const AccessIndex& index, IdentityId identity, Scratch& s) {
  s.actual.begin();
  index.add_actual_access(identity, s.actual);
  s.expected.begin();
  index.add_expected_access(identity, s.expected);
  const auto& actual = s.actual.sorted();
  const auto& expected = s.expected.sorted();
  s.codes.clear();
  auto a = actual.begin(), e = expected.begin();
  while (a != actual.end() || e != expected.end()) {
    const bool take_actual = e == expected.end() || (a != actual.end() && *a <= *e);
    const bool take_expected = a == actual.end() || (e != expected.end() && *e <= *a);
    const EntitlementId id = take_actual ? *a : *e;
    s.codes.push_back(id.value << 2 | (take_actual ? 2u : 0u) | (take_expected ? 1u : 0u));
    if (take_actual) ++a;
    if (take_expected) ++e;
  }
  return s.codes;
}

}  // namespace

std::shared_ptr<const AccessTable> AccessTable::build(const AccessIndex& index) {
  if (index.graph().entitlement_count() >= (std::size_t{1} << 30)) return nullptr;
  const std::size_t identities = index.graph().identity_count();
  tbb::enumerable_thread_specific<Scratch> scratch(
      [&] { return Scratch{index.make_entitlement_scratch(), index.make_entitlement_scratch(), {}}; });
  auto table = std::make_shared<AccessTable>();
  // Two passes, sizes then codes: recomputing the unions costs less than keeping
  // them per identity in between.
  table->offsets_.assign(identities + 1, 0);
  tbb::parallel_for(std::size_t{0}, identities, [&](std::size_t i) {
    table->offsets_[i + 1] = codes_of(index, IdentityId(static_cast<std::uint32_t>(i)), scratch.local()).size();
  });
  for (std::size_t i = 0; i < identities; ++i) table->offsets_[i + 1] += table->offsets_[i];
  table->codes_.resize(table->offsets_.back());
  tbb::parallel_for(std::size_t{0}, identities, [&](std::size_t i) {
    const auto& codes = codes_of(index, IdentityId(static_cast<std::uint32_t>(i)), scratch.local());
    std::copy(codes.begin(), codes.end(), table->codes_.begin() + static_cast<std::ptrdiff_t>(table->offsets_[i]));
  });
  return table;
}

std::optional<AccessTable::Lookup> AccessTable::lookup(IdentityId identity, EntitlementId entitlement) const {
  if (identity.value + 1 >= offsets_.size()) return std::nullopt;
  const auto first = codes_.begin() + static_cast<std::ptrdiff_t>(offsets_[identity.value]);
  const auto last = codes_.begin() + static_cast<std::ptrdiff_t>(offsets_[identity.value + 1]);
  // A row of up to 4 KiB is fetched all at once, its lines in parallel, instead of
  // line after line as the binary search halves it.
  constexpr std::ptrdiff_t kLine = 64 / sizeof(std::uint32_t);
  if (last - first <= 1024)
    for (auto line = first; line < last; line += kLine) __builtin_prefetch(&*line);
  const std::uint32_t key = entitlement.value << 2;
  const auto found = std::lower_bound(first, last, key);  // codes of one id differ only in the flag bits
  if (found == last || (*found >> 2) != entitlement.value) return Lookup{};
  return Lookup{(*found & kHas) != 0, (*found & kExpected) != 0};
}

}  // namespace accessgraph
