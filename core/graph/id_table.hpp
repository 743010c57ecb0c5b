#pragma once
// External string ids <-> dense ids for one node kind. The strings live in the
// graph's arenas; the hash index is only used at the edges (loading, queries), never
// in hot loops.
//
// Versioned like the rest of the graph: ids of the load sit in a frozen, shared base;
// ids added by later versions (a hire, a new account) sit in a small overlay that a
// version copies when it adds one.
#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>
#include <absl/strings/string_view.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/graph/string_arena.hpp"

namespace accessgraph {

template <class Id>
class IdTable {
 public:
  // A table of `names` (unique, strings owned elsewhere), id i naming names[i].
  static IdTable from_names(std::vector<std::string_view> names) {
    auto base = std::make_shared<Names>();
    base->index.reserve(names.size());
    for (std::uint32_t i = 0; i < names.size(); ++i) base->index.emplace(names[i], i);
    base->names = std::move(names);
    IdTable table;
    table.base_ = std::move(base);
    return table;
  }

  // Returns the new id, or nullopt when `name` is already present.
  std::optional<Id> insert(std::string_view name, StringArena& arena) {
    if (find(name)) return std::nullopt;
    Names& added = own_added();
    // Key on the arena copy: the caller's buffer may not outlive the table.
    std::string_view stored = arena.store(name);
    const auto id = static_cast<std::uint32_t>(size());
    added.index.emplace(stored, id);
    added.names.push_back(stored);
    return Id(id);
  }

  // Returns the existing id or adds one (attribute values).
  Id intern(std::string_view name, StringArena& arena) {
    if (auto found = find(name)) return *found;
    return *insert(name, arena);
  }

  std::optional<Id> find(std::string_view name) const {
    for (const Names* names : {static_cast<const Names*>(base_.get()), static_cast<const Names*>(added_.get())}) {
      if (!names) continue;
      auto it = names->index.find(name);
      if (it != names->index.end()) return Id(it->second);
    }
    return std::nullopt;
  }

  // Starts fetching what find(name) will read (the control bytes and slots of its
  // probe), so that a caller with several ids to look up waits for their cache misses
  // once, together.
  void prefetch(std::string_view name) const {
    if (base_) base_->index.prefetch(name);
    if (added_) added_->index.prefetch(name);
  }

  std::string_view name(Id id) const { return slot(id); }
  std::size_t size() const { return (base_ ? base_->names.size() : 0) + (added_ ? added_->names.size() : 0); }

  // For loops that visit ids in random order (risk.csv in score order): start fetching
  // the slot naming `id`, then, once that slot is in cache, the text it points to.
  void prefetch_slot(Id id) const { __builtin_prefetch(&slot(id)); }
  void prefetch_text(Id id) const { __builtin_prefetch(name(id).data()); }
  void reserve(std::size_t n) { own_added().index.reserve(n); }

  // Makes every id so far part of the shared base (the end of a load or a compaction).
  void freeze() {
    if (!added_ || added_->names.empty()) return;
    if (!base_ || base_->names.empty()) {
      base_ = std::move(added_);
    } else {
      auto merged = std::make_shared<Names>(*base_);
      for (std::string_view name : added_->names) {
        merged->index.emplace(name, static_cast<std::uint32_t>(merged->names.size()));
        merged->names.push_back(name);
      }
      base_ = std::move(merged);
    }
    added_.reset();
  }

 private:
  // absl's own string hash. This absl is built with its own string_view type, so
  // absl::Hash<std::string_view> went through std::hash (murmur, then mixed again):
  // 6% of loading a bundle, where every row's ids are looked up.
  struct TextHash {
    std::size_t operator()(std::string_view text) const {
      return absl::Hash<absl::string_view>{}(absl::string_view(text.data(), text.size()));
    }
  };
  struct Names {
    std::vector<std::string_view> names;
    absl::flat_hash_map<std::string_view, std::uint32_t, TextHash> index;
  };

  // Where the name of `id` is kept: in the base or in the overlay.
  const std::string_view& slot(Id id) const {
    const std::size_t base_size = base_ ? base_->names.size() : 0;
    return id.value < base_size ? base_->names[id.value] : added_->names[id.value - base_size];
  }

  Names& own_added() {
    if (!added_) added_ = std::make_shared<Names>();
    else if (added_.use_count() > 1) added_ = std::make_shared<Names>(*added_);
    return *added_;
  }

  std::shared_ptr<const Names> base_;
  std::shared_ptr<Names> added_;
};

// The id's text, or empty for an invalid id (an empty cell: no manager, no title).
template <class Id>
std::string_view id_or_empty(const IdTable<Id>& table, Id id) {
  return id.valid() ? table.name(id) : std::string_view();
}

}  // namespace accessgraph
