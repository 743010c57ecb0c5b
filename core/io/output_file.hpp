#pragma once
// An output file that appears complete or not at all: written under a temporary name
// in the same folder, flushed (and fsync'd when asked), then renamed into place.
//
// Batch outputs run to gigabytes (16 GB for analyze at 1M identities), so bytes are
// gathered into large aligned blocks that a background thread writes while the caller
// formats the next ones. Where the file system allows it the blocks bypass the page
// cache (O_DIRECT): copying them into the cache cost more CPU than formatting them,
// and buffered writeback ran at a quarter of what the disk takes directly.
//
// A path ending in ".zst" is written zstd-compressed (core/io/zstd_stream.hpp): the
// caller writes the plain bytes, libzstd's worker threads compress them on the way to
// the blocks.
#include <filesystem>
#include <memory>
#include <string_view>

namespace accessgraph {

class ZstdCompressor;

class OutputFile {
 public:
  // Batch reports that can be recomputed from their input skip the fsync: it would
  // only wait for the disk. Whatever records a state change keeps it.
  enum class Durability { kFsync, kNoFsync };
  // kBypass falls back to the page cache by itself where O_DIRECT is refused (tmpfs,
  // some network file systems); kPageCache is for tests of that path.
  enum class Caching { kBypass, kPageCache };

  explicit OutputFile(std::filesystem::path path, Durability durability = Durability::kFsync,
                      Caching caching = Caching::kBypass);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();  // removes the temporary file unless commit() ran

  void write(std::string_view bytes);  // throws Error on a failed write, now or of earlier bytes
  void commit();                       // throws Error when the data cannot be made durable

  // Whether the blocks written so far went around the page cache (until commit()).
  bool bypasses_page_cache() const;

 private:
  class BlockWriter;  // output_file.cpp: the aligned blocks and the thread writing them
  std::filesystem::path path_, temporary_;
  Durability durability_;
  std::unique_ptr<BlockWriter> writer_;
  std::unique_ptr<ZstdCompressor> compressor_;  // for a ".zst" path; feeds writer_
  bool committed_ = false;
};

// Makes the entries of `dir` (a rename, a new file) durable.
void sync_directory(const std::filesystem::path& dir);

}  // namespace accessgraph
