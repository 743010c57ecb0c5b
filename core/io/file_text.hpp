#pragma once
// A whole small file as bytes (a policy, a tokens file, an events file, a log): one
// way to read it, and each caller says what a missing file means.
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace accessgraph {

// nullopt when the file cannot be opened.
inline std::optional<std::string> read_file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

}  // namespace accessgraph
