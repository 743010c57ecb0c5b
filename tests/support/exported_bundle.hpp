#pragma once
// A version's full content as text: every file export_bundle produces, by name. Two
// versions with equal exports hold the same graph.
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
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "export")) {
    std::ifstream in(entry.path(), std::ios::binary);
    files[entry.path().filename().string()] = {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  return files;
}

}  // namespace accessgraph::testing
