#pragma once
// Correlation attributes read from a JSON object by name: each attribute a rule names
// is looked up among the object's fields, ignoring case ("employeeID" finds Graph's
// employeeId). Strings and numbers give one value; arrays give each string element,
// or each element's "value" (SCIM's multi-valued attributes such as emails).
#include <cstdint>

#include "importers/estate.hpp"
#include "importers/json_fields.hpp"

namespace accessgraph::importers {

// Adds the values found to the account; returns a bit per attribute slot found (slots
// beyond 63 are always looked up, never reported).
std::uint64_t add_named_json_values(Estate& estate, Index account, const JsonObject& object);

// Adds `value` under the canonical attribute `name` (docs/importers.md) unless the
// object already had an attribute of that name (its bit is set in `found`).
void add_canonical_value(Estate& estate, Index account, std::uint64_t found, std::string_view name,
                         std::string_view value);

}  // namespace accessgraph::importers
