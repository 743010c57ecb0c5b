#pragma once
// zstd for the CSV files accessgraph writes and reads (`--compress zstd`, `.csv.zst`
// files in a bundle). One rule names the format: a path ending in ".zst" holds one or
// more zstd frames of the file's bytes. DuckDB, pandas, Spark and `zstd -d` read it.
//
// ZstdCompressor streams through libzstd's multithreaded mode (ZSTD_c_nbWorkers): the
// caller formats rows while worker threads compress earlier ones. The compressed bytes
// do not depend on the number of workers (libzstd guarantees it for nbWorkers >= 1), so
// output never depends on --threads. Not thread-safe: one writer per compressor.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace accessgraph {

class InputFile;

// Whether `path` names a zstd file (ends in ".zst").
bool is_zstd_path(const std::filesystem::path& path);
// "risk.csv" -> "risk.csv.zst".
std::filesystem::path with_zst_suffix(const std::filesystem::path& path);
// The file a reader of `plain` (a bundle's "accounts.csv") opens: `plain`, or
// `plain.zst` when only that exists, or nullopt when neither does. Both at once is
// ambiguous and refused: InputError(label, 0, ...) naming both.
std::optional<std::filesystem::path> plain_or_zstd_file(const std::filesystem::path& plain, const std::string& label);

class ZstdCompressor {
 public:
  // Level 1: on the medium bundle's risk.csv (1.16 GB) it compresses at about 1 GB/s of
  // CPU (1.1 s user) to 60 MB, where level 3 took 2.4 s for 64 MB (zstd 1.5.4 CLI, 2
  // workers): faster and no bigger, so the outputs cost little more than writing them.
  static constexpr int kDefaultLevel = 1;
  using Sink = std::function<void(std::string_view compressed)>;

  // `workers`: libzstd's compression threads (0: compress on the caller's thread).
  ZstdCompressor(Sink sink, int level = kDefaultLevel, unsigned workers = default_workers());
  ~ZstdCompressor();
  ZstdCompressor(const ZstdCompressor&) = delete;
  ZstdCompressor& operator=(const ZstdCompressor&) = delete;

  void write(std::string_view bytes);  // throws Error when libzstd fails
  void finish();                       // ends the frame; every byte has reached the sink

  // As many workers as oneTBB may use (so --threads bounds them too).
  static unsigned default_workers();

 private:
  struct Stream;  // zstd_stream.cpp: the ZSTD_CCtx and its output buffer
  std::unique_ptr<Stream> stream_;
};

// The decompressed bytes of a zstd file (a bundle's `x.csv.zst`); throws
// InputError(file.label(), 0, ...) when it is not zstd, is cut short or is corrupt.
std::string read_zstd_file(const InputFile& file);

}  // namespace accessgraph
