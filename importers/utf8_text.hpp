#pragma once
// Bundle files must be UTF-8 (the loader refuses anything else). JSON and CSV sources
// are validated as they are read; LDIF values may be raw bytes, so text taken from them
// is repaired: each byte that is not part of a well-formed character becomes U+FFFD.
#include <string>
#include <string_view>

#include "loaders/csv_reader.hpp"

namespace accessgraph::importers {

inline std::string repaired_utf8(std::string_view text) {
  std::string out;
  while (auto bad = loaders::find_invalid_utf8(text)) {
    out.append(text.substr(0, *bad));
    out.append("\xEF\xBF\xBD");
    text.remove_prefix(*bad + 1);
  }
  out.append(text);
  return out;
}

}  // namespace accessgraph::importers
