#pragma once
// SPEC section 5 sorts output rows by plain byte order of the whole encoded line.
// Each line starts with encoded(first id) + ",", and these prefixes never are
// prefixes of one another (an unquoted id holds no comma; a quoted one ends its
// quotes only at the field's end), so sorting by (encoded id + ",") of each leading
// column in turn gives exactly the byte order of the lines.
#include <tbb/parallel_sort.h>

#include <numeric>
#include <string>
#include <vector>

#include "core/io/csv_format.hpp"
#include "core/graph/id_table.hpp"

namespace accessgraph {

// The key of one id as a leading CSV column.
inline std::string csv_sort_key(std::string_view id) {
  std::string key;
  append_csv_field(key, id);
  key.push_back(',');
  return key;
}

// Dense ids of `table`, in output order.
template <class Id>
std::vector<Id> csv_output_order(const IdTable<Id>& table) {
  std::vector<std::string> keys(table.size());
  for (std::uint32_t i = 0; i < table.size(); ++i) keys[i] = csv_sort_key(table.name(Id(i)));
  std::vector<Id> order(table.size());
  for (std::uint32_t i = 0; i < table.size(); ++i) order[i] = Id(i);
  tbb::parallel_sort(order.begin(), order.end(),
                     [&](Id a, Id b) { return keys[a.value] < keys[b.value]; });
  return order;
}

// rank[id] = position of id in output order.
template <class Id>
std::vector<std::uint32_t> csv_output_rank(const IdTable<Id>& table) {
  auto order = csv_output_order(table);
  std::vector<std::uint32_t> rank(order.size());
  for (std::uint32_t position = 0; position < order.size(); ++position) rank[order[position].value] = position;
  return rank;
}

}  // namespace accessgraph
