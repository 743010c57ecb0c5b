#pragma once
// What the state directory tests share: the sample bundle, options at a date, and
// whole files as bytes (logs and snapshots are damaged byte by byte).
#include <filesystem>
#include <fstream>
#include <string>

#include "accessgraph/engine.hpp"
#include "accessgraph/lifecycle.hpp"

namespace accessgraph::testing {

inline const std::string kSampleBundle = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";

inline OpenOptions options_at(Date date) {
  OpenOptions options;
  options.as_of = date;
  return options;
}
inline OpenOptions options_at(const char* date) { return options_at(*Date::parse(date)); }

// A lifecycle run whose clock advances to `date`.
inline LifecycleOptions clock_at(Date date) {
  LifecycleOptions options;
  options.as_of = date;
  return options;
}

inline std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace accessgraph::testing
