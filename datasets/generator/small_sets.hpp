#pragma once
// Sets of a few ids kept as vectors. A person has tens of roles, groups and systems:
// a linear search beats hashing there, and the order of insertion (which decides the
// order rows are written in) is kept.
#include <algorithm>
#include <vector>

namespace accessgraph::datasets {

template <typename T>
bool contains(const std::vector<T>& values, const T& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Appends `value` unless present; returns whether it was appended.
template <typename T>
bool add_unique(std::vector<T>& values, const T& value) {
  if (contains(values, value)) {
    return false;
  }
  values.push_back(value);
  return true;
}

}  // namespace accessgraph::datasets
