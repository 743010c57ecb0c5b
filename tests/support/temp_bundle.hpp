#pragma once
// A bundle written into a fresh temporary folder, for tests: every required file
// starts with just its header; tests set the files they care about.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/schema/bundle_schema.hpp"

namespace accessgraph::testing {

class TempBundle {
 public:
  TempBundle() {
    char pattern[] = "/tmp/accessgraph-test-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    for (const auto& file : bundle::kFiles)
      if (file.required) set(std::string(file.name), bundle::header_line(file.columns) + "\n");
  }
  ~TempBundle() { std::filesystem::remove_all(dir_); }
  TempBundle(const TempBundle&) = delete;
  TempBundle& operator=(const TempBundle&) = delete;

  // Writes `content` verbatim (bytes as given: CRLF, BOM, bad UTF-8 all allowed).
  TempBundle& set(const std::string& file, const std::string& content) {
    std::ofstream(dir_ / file, std::ios::binary | std::ios::trunc) << content;
    return *this;
  }
  void remove(const std::string& file) { std::filesystem::remove(dir_ / file); }
  const std::filesystem::path& path() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace accessgraph::testing
