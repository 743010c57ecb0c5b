#pragma once
// Hash for std::string_view keys: absl's own string hash. This absl's string_view is its
// own type, so std::string_view keys would otherwise go through std::hash and be mixed
// again (core/graph/id_table.hpp does the same).
#include <absl/hash/hash.h>
#include <absl/strings/string_view.h>

#include <cstddef>
#include <string_view>

namespace accessgraph::importers {

struct TextHash {
  std::size_t operator()(std::string_view text) const {
    return absl::Hash<absl::string_view>{}(absl::string_view(text.data(), text.size()));
  }
};

}  // namespace accessgraph::importers
