#include "engine/analysis/peer_index.hpp"

#include <absl/container/flat_hash_map.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "core/common/error.hpp"

namespace accessgraph {
namespace {

constexpr std::pair<IdentityAttribute, std::string_view> kAttributeNames[] = {
    {IdentityAttribute::kDepartment, "department"}, {IdentityAttribute::kTitle, "title"},
    {IdentityAttribute::kLocation, "location"},     {IdentityAttribute::kManager, "manager_id"},
    {IdentityAttribute::kOwner, "owner_id"},        {IdentityAttribute::kKind, "kind"}};

// The attribute as a number; 0 means empty (no peers on this key).
std::uint32_t attribute_value(const IdentityRecord& identity, IdentityAttribute attribute) {
  auto plus_one = [](auto id) { return id.valid() ? id.value + 1 : 0u; };
  switch (attribute) {
    case IdentityAttribute::kDepartment: return plus_one(identity.department);
    case IdentityAttribute::kTitle: return plus_one(identity.title);
    case IdentityAttribute::kLocation: return plus_one(identity.location);
    case IdentityAttribute::kManager: return plus_one(identity.manager);
    case IdentityAttribute::kOwner: return plus_one(identity.owner);
    case IdentityAttribute::kKind: return static_cast<std::uint32_t>(identity.kind) + 1;
  }
  return 0;
}

}  // namespace

PeerKey PeerKey::parse(std::string_view text) {
  PeerKey key;
  key.attributes.clear();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view name = text.substr(start, comma - start);
    auto found = std::find_if(std::begin(kAttributeNames), std::end(kAttributeNames),
                              [&](const auto& entry) { return entry.second == name; });
    if (found == std::end(kAttributeNames))
      throw ArgumentError("peer_key", std::string(text),
                          "unknown identity column; expected a comma-separated list of department, title, "
                          "location, manager_id, owner_id, kind");
    key.attributes.push_back(found->first);
    start = comma + 1;
  }
  return key;
}

std::string PeerKey::to_string() const {
  std::string text;
  for (IdentityAttribute attribute : attributes)
    for (const auto& [value, name] : kAttributeNames)
      if (value == attribute) text += (text.empty() ? "" : ",") + std::string(name);
  return text;
}

PeerIndex::PeerIndex(const AccessIndex& index, PeerKey key, const MaterializedAccess* access)
    : graph_(&index.graph()), key_(std::move(key)) {
  const Graph& g = *graph_;
  // Group identities by key, in identity order (deterministic group numbers).
  absl::flat_hash_map<std::string, std::uint32_t> groups;
  group_of_.assign(g.identity_count(), kNoGroup);
  std::string packed;
  for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
    packed.clear();
    bool complete = true;
    for (IdentityAttribute attribute : key_.attributes) {
      std::uint32_t value = attribute_value(g.identities[i], attribute);
      complete &= value != 0;
      packed.append(reinterpret_cast<const char*>(&value), sizeof value);
    }
    if (!complete) continue;
    auto [it, inserted] = groups.try_emplace(packed, static_cast<std::uint32_t>(groups.size()));
    group_of_[i] = it->second;
  }

  std::vector<std::pair<std::uint32_t, IdentityId>> active_pairs;
  active_members_.assign(groups.size(), 0);
  for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
    if (group_of_[i] == kNoGroup || g.identities[i].status != IdentityStatus::kActive) continue;
    ++active_members_[group_of_[i]];
    active_pairs.emplace_back(group_of_[i], IdentityId(i));
  }
  std::vector<std::vector<IdentityId>> members(groups.size());
  for (const auto& [group, identity] : active_pairs) members[group].push_back(identity);

  // Count per group in parallel; a per-thread dense counter makes each group linear.
  struct Counter {
    std::vector<std::uint32_t> holders;
    std::vector<EntitlementId> touched;
    MarkedUnion<EntitlementId> access;
  };
  tbb::enumerable_thread_specific<Counter> counters([&] {
    return Counter{std::vector<std::uint32_t>(g.entitlement_count(), 0), {}, index.make_entitlement_scratch()};
  });
  std::vector<std::vector<Count>> counts(groups.size());
  tbb::parallel_for(std::size_t{0}, groups.size(), [&](std::size_t group) {
    Counter& counter = counters.local();
    for (IdentityId identity : members[group]) {
      std::span<const EntitlementId> held;
      if (access) {
        held = access->of(identity);
      } else {
        counter.access.begin();
        index.add_actual_access(identity, counter.access);
        held = counter.access.items();
      }
      for (EntitlementId entitlement : held)
        if (counter.holders[entitlement.value]++ == 0) counter.touched.push_back(entitlement);
    }
    std::sort(counter.touched.begin(), counter.touched.end());
    for (EntitlementId entitlement : counter.touched) {
      counts[group].push_back({entitlement, counter.holders[entitlement.value]});
      counter.holders[entitlement.value] = 0;
    }
    counter.touched.clear();
  });
  counts_ = SetTable<Count>::from_sets(std::move(counts));
  members_ = SetTable<IdentityId>::from_sets(std::move(members));
  dense_slot_.assign(groups.size(), kNoGroup);
  for (std::size_t group = 0; group < groups.size(); ++group) {
    auto row = counts_[group];
    if (row.size() * 8 < g.entitlement_count()) continue;  // dense costs at most twice the sparse row
    dense_slot_[group] = static_cast<std::uint32_t>(dense_rows_.size());
    auto& dense = dense_rows_.emplace_back(g.entitlement_count(), 0);
    for (const Count& count : row) dense[count.entitlement.value] = count.holders;
  }
}

std::uint32_t PeerIndex::peer_count(IdentityId identity) const {
  std::uint32_t group = group_of_[identity.value];
  if (group == kNoGroup) return 0;
  bool counted_self = graph_->identities[identity.value].status == IdentityStatus::kActive;
  return active_members_[group] - (counted_self ? 1 : 0);
}

std::optional<PeerFrequency> PeerIndex::seen_by(std::uint32_t holders, std::uint32_t active_members, bool self_active,
                                                bool self_has_it) {
  const std::uint32_t peers = active_members - (self_active ? 1u : 0u);
  if (peers == 0) return std::nullopt;
  return PeerFrequency{holders - (self_active && self_has_it ? 1u : 0u), peers};
}

PeerIndex::Cursor PeerIndex::cursor(IdentityId identity) const {
  Cursor cursor;
  cursor.group_ = group_of_[identity.value];
  if (cursor.group_ == kNoGroup) return cursor;
  cursor.active_ = graph_->identities[identity.value].status == IdentityStatus::kActive;
  if (const std::uint32_t slot = dense_slot_[cursor.group_]; slot != kNoGroup) cursor.dense_ = dense_rows_[slot];
  else cursor.counts_ = decltype(cursor.counts_)(counts_[cursor.group_]);
  return cursor;
}

std::optional<PeerFrequency> PeerIndex::frequency(Cursor& cursor, EntitlementId entitlement,
                                                  bool identity_has_it) const {
  if (cursor.group_ == kNoGroup) return std::nullopt;
  std::uint32_t holders = 0;
  if (!cursor.dense_.empty()) {
    holders = entitlement.value < cursor.dense_.size() ? cursor.dense_[entitlement.value] : 0;
  } else if (const Count* count = cursor.counts_.find(entitlement)) {
    holders = count->holders;
  }
  return seen_by(holders, active_members_[cursor.group_], cursor.active_, identity_has_it);
}

std::optional<PeerFrequency> PeerIndex::frequency(IdentityId identity, EntitlementId entitlement,
                                                  bool identity_has_it) const {
  Cursor one = cursor(identity);
  return frequency(one, entitlement, identity_has_it);
}

}  // namespace accessgraph
