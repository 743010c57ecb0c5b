#pragma once
// An output file that appears complete or not at all: written under a temporary name
// in the same folder, flushed and fsync'd, then renamed into place.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>

namespace accessgraph {

class OutputFile {
 public:
  // Batch reports that can be recomputed from their input skip the fsync: it would
  // only wait for the disk (3 GB of effective access at 1M identities). Whatever
  // records a state change keeps it.
  enum class Durability { kFsync, kNoFsync };

  explicit OutputFile(std::filesystem::path path, Durability durability = Durability::kFsync);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();  // removes the temporary file unless commit() ran

  void write(std::string_view bytes);
  void commit();  // throws Error when the data cannot be made durable

 private:
  std::filesystem::path path_, temporary_;
  Durability durability_;
  static constexpr std::size_t kBufferBytes = 1 << 20;
  std::unique_ptr<char[]> buffer_;  // outlives file_: declared first, destroyed last
  std::FILE* file_ = nullptr;
};

// Makes the entries of `dir` (a rename, a new file) durable.
void sync_directory(const std::filesystem::path& dir);

}  // namespace accessgraph
