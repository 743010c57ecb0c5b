#pragma once
// Correlation attributes read from a JSON object by name: each attribute a rule names
// is looked up among the object's fields, ignoring case ("employeeID" finds Graph's
// employeeId). Strings and numbers give one value; arrays give each string element,
// or each element's "value" (SCIM's multi-valued attributes such as emails). Values
// are copied into the caller's arena (extraction runs in parallel, before the estate
// is touched).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "importers/batch_arena.hpp"
#include "importers/json_fields.hpp"

namespace accessgraph::importers {

// (attribute slot, value) pairs, in the order found.
using AttributeValues = std::vector<std::pair<std::uint16_t, std::string_view>>;

class AttributeCollector {
 public:
  // `names`: the estate's account attribute names (lower case), one per slot.
  AttributeCollector(const std::vector<std::string>& names, BatchArena& arena, AttributeValues& out)
      : names_(names), arena_(arena), out_(out) {}

  // Every attribute a rule names that `object` has.
  void add_named(const JsonObject& object);
  // `value` under the canonical attribute `name` (docs/importers.md), unless an
  // attribute of that name was found in the object itself.
  void add_canonical(std::string_view name, std::string_view value);
  void add(std::uint16_t slot, std::string_view value);

 private:
  const std::vector<std::string>& names_;
  BatchArena& arena_;
  AttributeValues& out_;
  std::uint64_t found_ = 0;  // a bit per slot found by name (slots beyond 63 are never canonical-filled)
};

}  // namespace accessgraph::importers
