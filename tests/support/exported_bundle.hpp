#pragma once
// A version's full content as text: every file export_bundle produces (the lifecycle
// history in history/ included), by path. Two versions with equal exports hold the
// same graph and the same history.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "accessgraph/batch.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph::testing {

inline std::map<std::string, std::string> exported(const Engine& engine) {
  TempBundle dir;
  export_bundle(engine, dir.path() / "export");
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path() / "export")) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    files[std::filesystem::relative(entry.path(), dir.path() / "export").string()] = {
        std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  return files;
}

// The bundle files alone, without the lifecycle history.
inline std::map<std::string, std::string> exported_bundle_files(const Engine& engine) {
  auto files = exported(engine);
  std::erase_if(files, [](const auto& file) { return file.first.starts_with("history/"); });
  return files;
}

}  // namespace accessgraph::testing
