#pragma once
// RFC 4180 reader for bundle files: header by name, quoted fields (commas, doubled
// quotes, line breaks), LF or CRLF, a leading UTF-8 BOM skipped, UTF-8 validated.
//
// Large files are read in parallel: the data part is cut into chunks at record
// boundaries (found by quote parity, which RFC 4180 makes exact), and each chunk is
// parsed on its own with its first physical line number known.
#include <absl/functional/function_ref.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace accessgraph::loaders {

struct CsvRecord {
  std::uint64_t line;  // physical line where the record starts (header = 1)
  std::span<const std::string_view> fields;
};

struct CsvSyntaxError {
  std::uint64_t line;
  std::string reason;
  std::size_t field = SIZE_MAX;  // index of the malformed field, when one is
  std::string text;              // the malformed field's raw text, cut short
};

// A byte range of the data part that starts and ends on record boundaries.
struct CsvChunk {
  std::size_t begin, end;
  std::uint64_t first_line;
};

class CsvFile {
 public:
  // Maps the file and reads its header. Throws InputError (line 0) when the file
  // cannot be read, and (line 1) when the header is missing or malformed. When only
  // `path`.zst exists, that is read instead, decompressed into memory (its label gets
  // ".zst"); both at once are refused (core/io/zstd_stream.hpp).
  static CsvFile open(const std::filesystem::path& path, std::string label);
  // The same over text in memory (a request body, an events upload).
  static CsvFile from_text(std::string text, std::string label);

  CsvFile(CsvFile&&) noexcept;
  CsvFile& operator=(CsvFile&&) noexcept;
  ~CsvFile();

  const std::string& label() const { return label_; }
  const std::vector<std::string>& header() const { return header_; }
  std::optional<std::size_t> column(std::string_view name) const;  // the first so named
  std::size_t column_count(std::string_view name) const;
  std::size_t data_bytes() const { return size_ - data_begin_; }
  // Whether `text` points into the mapped file (and so lives as long as it).
  bool maps(std::string_view text) const {
    return text.data() >= data_ && text.data() + text.size() <= data_ + size_;
  }

  // Cuts the data part into chunks of about `target_bytes` each (at least one).
  std::vector<CsvChunk> split(std::size_t target_bytes) const;

  // Parses one chunk, calling `on_record` for each record with exactly header().size()
  // fields (completely empty lines are skipped). On a malformed record calls
  // `on_error` and resumes at the next line. Field views are valid during the call only.
  void parse(const CsvChunk& chunk, absl::FunctionRef<void(const CsvRecord&)> on_record,
             absl::FunctionRef<void(const CsvSyntaxError&)> on_error) const;

 private:
  CsvFile() = default;
  void unmap();
  void read_header();

  std::string label_;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::unique_ptr<std::string> text_;  // set when reading from memory instead of a mapping
  std::size_t data_begin_ = 0;   // first byte after the header record
  std::uint64_t data_first_line_ = 2;
  std::vector<std::string> header_;
};

// Index of the first byte that is not well-formed UTF-8, or nullopt.
std::optional<std::size_t> find_invalid_utf8(std::string_view bytes);

}  // namespace accessgraph::loaders
