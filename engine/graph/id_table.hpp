#pragma once
// External string ids <-> dense ids for one node kind. The strings live in the
// graph's StringArena; the hash index is only used at the edges (loading, queries),
// never in hot loops.
#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/graph/string_arena.hpp"

namespace accessgraph {

template <class Id>
class IdTable {
 public:
  // Returns the new id, or nullopt when `name` is already present.
  std::optional<Id> insert(std::string_view name, StringArena& arena) {
    if (index_.contains(name)) return std::nullopt;
    // Key on the arena copy: the caller's buffer may not outlive the table.
    std::string_view stored = arena.store(name);
    index_.emplace(stored, static_cast<std::uint32_t>(names_.size()));
    names_.push_back(stored);
    return Id(static_cast<std::uint32_t>(names_.size() - 1));
  }

  // Returns the existing id or adds one (attribute values).
  Id intern(std::string_view name, StringArena& arena) {
    if (auto found = find(name)) return *found;
    return *insert(name, arena);
  }

  std::optional<Id> find(std::string_view name) const {
    auto it = index_.find(name);
    if (it == index_.end()) return std::nullopt;
    return Id(it->second);
  }

  std::string_view name(Id id) const { return names_[id.value]; }
  std::size_t size() const { return names_.size(); }
  void reserve(std::size_t n) {
    names_.reserve(n);
    index_.reserve(n);
  }

 private:
  std::vector<std::string_view> names_;
  absl::flat_hash_map<std::string_view, std::uint32_t> index_;
};

}  // namespace accessgraph
