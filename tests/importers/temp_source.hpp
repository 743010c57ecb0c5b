#pragma once
// A source file with given bytes in a fresh temporary folder, for reader tests.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "importers/source_files.hpp"

namespace accessgraph::testing {

class TempSource {
 public:
  TempSource(const std::string& name, const std::string& bytes) {
    char pattern[] = "/tmp/accessgraph-source-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    file_.path = dir_ / name;
    file_.label = name;
    std::ofstream(file_.path, std::ios::binary) << bytes;
    file_.bytes = bytes.size();
  }
  ~TempSource() { std::filesystem::remove_all(dir_); }
  TempSource(const TempSource&) = delete;
  TempSource& operator=(const TempSource&) = delete;
  const importers::SourceFile& file() const { return file_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  importers::SourceFile file_;
};

}  // namespace accessgraph::testing
