#include "loaders/csv_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <tbb/parallel_for.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/common/error.hpp"
#include "core/io/input_file.hpp"
#include "core/io/zstd_stream.hpp"

namespace accessgraph::loaders {
namespace {

// A field as found in the file, or (when it held doubled quotes) in the scratch
// buffer of unescaped bytes. Resolved to string_views once the record is complete,
// because the scratch buffer may grow while the record is read.
struct FieldSpan {
  const char* file_bytes;  // nullptr: the field is in the scratch buffer
  std::size_t offset, size;
};

enum class ScanResult { kRecord, kEmptyLine, kError };

constexpr std::size_t kShownTextBytes = 60;

class RecordScanner {
 public:
  RecordScanner(const char* data, std::size_t pos, std::size_t end, std::uint64_t line)
      : data_(data), pos_(pos), end_(end), line_(line) {}

  bool done() const { return pos_ >= end_; }
  std::size_t position() const { return pos_; }
  std::uint64_t line() const { return line_; }

  // Reads the record at the cursor. On kError, `reason` says why and the cursor has
  // moved past the next line break so that reading can resume.
  ScanResult next(std::vector<std::string_view>& fields, std::uint64_t& record_line,
                  std::string& reason, std::size_t* bad_field = nullptr, std::string* bad_text = nullptr) {
    record_line = line_;
    spans_.clear();
    unescaped_.clear();
    const std::size_t record_begin = pos_;
    if (data_[pos_] == '\n') {
      ++pos_, ++line_;
      return ScanResult::kEmptyLine;
    }
    if (data_[pos_] == '\r' && pos_ + 1 < end_ && data_[pos_ + 1] == '\n') {
      pos_ += 2, ++line_;
      return ScanResult::kEmptyLine;
    }
    while (true) {
      const std::size_t field_begin = pos_, field_index = spans_.size();
      bool more_fields = pos_ < end_ && data_[pos_] == '"' ? scan_quoted(reason) : scan_plain(reason);
      if (!reason.empty()) {
        if (bad_field) *bad_field = field_index;
        if (bad_text) {
          std::size_t stop = std::min({end_, pos_ + 1, field_begin + kShownTextBytes});
          bad_text->assign(data_ + field_begin, stop - field_begin);
        }
        skip_past_line_break();
        return ScanResult::kError;
      }
      if (!more_fields) break;
    }
    if (find_invalid_utf8({data_ + record_begin, pos_ - record_begin})) {
      reason = "invalid UTF-8";
      if (bad_field) *bad_field = SIZE_MAX;
      return ScanResult::kError;
    }
    fields.clear();
    for (const FieldSpan& span : spans_) {
      const char* base = span.file_bytes ? span.file_bytes : unescaped_.data();
      fields.emplace_back(base + span.offset, span.size);
    }
    return ScanResult::kRecord;
  }

 private:
  // Each scan reads one field and what ends it; returns true when a comma follows.
  bool scan_plain(std::string& reason) {
    std::size_t p = pos_;
    while (p < end_) {
      char c = data_[p];
      if (c == ',' || c == '\n' || c == '\r' || c == '"') break;
      ++p;
    }
    spans_.push_back({data_, pos_, p - pos_});
    pos_ = p;
    if (p < end_ && data_[p] == '"') {
      reason = "double quote inside an unquoted field";
      return false;
    }
    return finish_field(reason);
  }

  bool scan_quoted(std::string& reason) {
    const std::size_t content = pos_ + 1;
    std::size_t p = content;
    bool escaped = false;
    const std::size_t scratch_begin = unescaped_.size();
    while (true) {
      const void* found = std::memchr(data_ + p, '"', end_ - p);
      if (!found) {
        line_ += std::count(data_ + p, data_ + end_, '\n');
        pos_ = end_;
        reason = "quoted field is never closed";
        return false;
      }
      std::size_t quote = static_cast<const char*>(found) - data_;
      line_ += std::count(data_ + p, data_ + quote, '\n');
      if (quote + 1 < end_ && data_[quote + 1] == '"') {  // "" stands for one quote
        escaped = true;
        unescaped_.append(data_ + p, quote + 1 - p);
        p = quote + 2;
        continue;
      }
      if (escaped) {
        unescaped_.append(data_ + p, quote - p);
        spans_.push_back({nullptr, scratch_begin, unescaped_.size() - scratch_begin});
      } else {
        spans_.push_back({data_, content, quote - content});
      }
      pos_ = quote + 1;
      break;
    }
    if (pos_ < end_ && data_[pos_] != ',' && data_[pos_] != '\n' && data_[pos_] != '\r') {
      reason = "unexpected character after a closing quote";
      return false;
    }
    return finish_field(reason);
  }

  // At the byte after a field: a comma (true), a line break or the end (false).
  bool finish_field(std::string& reason) {
    if (pos_ >= end_) return false;
    char c = data_[pos_];
    if (c == ',') {
      ++pos_;
      return true;
    }
    if (c == '\n') {
      ++pos_, ++line_;
      return false;
    }
    if (c == '\r' && pos_ + 1 < end_ && data_[pos_ + 1] == '\n') {
      pos_ += 2, ++line_;
      return false;
    }
    reason = "carriage return not followed by a line feed";
    return false;
  }

  void skip_past_line_break() {
    const void* found = pos_ < end_ ? std::memchr(data_ + pos_, '\n', end_ - pos_) : nullptr;
    if (!found) {
      pos_ = end_;
      return;
    }
    pos_ = static_cast<const char*>(found) - data_ + 1;
    ++line_;
  }

  const char* data_;
  std::size_t pos_, end_;
  std::uint64_t line_;
  std::vector<FieldSpan> spans_;
  std::string unescaped_;
};

}  // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path, eight bytes at a time.
    if (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, s + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length;
    std::uint32_t min_code;
    if ((c & 0xE0) == 0xC0) length = 2, min_code = 0x80;
    else if ((c & 0xF0) == 0xE0) length = 3, min_code = 0x800;
    else if ((c & 0xF8) == 0xF0) length = 4, min_code = 0x10000;
    else return i;
    if (i + length > n) return i;
    std::uint32_t code = c & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      code = (code << 6) | (s[i + k] & 0x3F);
    }
    if (code < min_code || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::nullopt;
}

CsvFile CsvFile::open(const std::filesystem::path& path, std::string label) {
  // A bundle file may be stored compressed ("accounts.csv.zst", core/io/zstd_stream.hpp):
  // it is decompressed into memory and parsed like text, errors naming the .zst file.
  if (!is_zstd_path(path)) {
    const std::optional<std::filesystem::path> present = plain_or_zstd_file(path, label);
    if (present && is_zstd_path(*present)) {
      if (label.ends_with(path.filename().string())) label += ".zst";
      const InputFile input = InputFile::open(*present, label);
      return from_text(read_zstd_file(input), std::move(label));
    }
  }
  CsvFile file;
  file.label_ = std::move(label);
  // Regular files only: a FIFO or a device is refused here, never waited on.
  const InputFile input = InputFile::open(path, file.label_);
  file.size_ = static_cast<std::size_t>(input.size());
  if (file.size_ > 0) {
    void* mapped = ::mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE, input.descriptor(), 0);
    if (mapped == MAP_FAILED)
      throw InputError(file.label_, 0, "", "", std::string("cannot map: ") + std::strerror(errno));
    ::madvise(mapped, file.size_, MADV_SEQUENTIAL | MADV_WILLNEED);
    file.data_ = static_cast<const char*>(mapped);
  }
  file.read_header();
  return file;
}

CsvFile CsvFile::from_text(std::string text, std::string label) {
  CsvFile file;
  file.label_ = std::move(label);
  file.text_ = std::make_unique<std::string>(std::move(text));
  file.data_ = file.text_->data();
  file.size_ = file.text_->size();
  file.read_header();
  return file;
}

void CsvFile::read_header() {
  CsvFile& file = *this;
  std::size_t begin = 0;
  if (file.size_ >= 3 && std::memcmp(file.data_, "\xEF\xBB\xBF", 3) == 0) begin = 3;
  // Empty lines before the header are skipped, like empty lines anywhere.
  RecordScanner scanner(file.data_, begin, file.size_, 1);
  std::vector<std::string_view> fields;
  std::uint64_t line = 1;
  std::string reason;
  ScanResult result = ScanResult::kEmptyLine;
  while (!scanner.done() && (result = scanner.next(fields, line, reason)) == ScanResult::kEmptyLine) {
  }
  if (result == ScanResult::kEmptyLine) throw InputError(file.label_, 1, "", "", "missing header row");
  if (result == ScanResult::kError) throw InputError(file.label_, line, "", "", "malformed header row: " + reason);
  file.header_.assign(fields.begin(), fields.end());
  file.data_begin_ = scanner.position();
  file.data_first_line_ = scanner.line();
}

CsvFile::CsvFile(CsvFile&& other) noexcept { *this = std::move(other); }

CsvFile& CsvFile::operator=(CsvFile&& other) noexcept {
  if (this != &other) {
    unmap();
    label_ = std::move(other.label_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    text_ = std::move(other.text_);
    data_begin_ = other.data_begin_;
    data_first_line_ = other.data_first_line_;
    header_ = std::move(other.header_);
  }
  return *this;
}

CsvFile::~CsvFile() { unmap(); }

void CsvFile::unmap() {
  if (data_ != nullptr && !text_) ::munmap(const_cast<char*>(data_), size_);
  data_ = nullptr;
  text_.reset();
}

std::optional<std::size_t> CsvFile::column(std::string_view name) const {
  auto it = std::find(header_.begin(), header_.end(), name);
  if (it == header_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - header_.begin());
}

std::size_t CsvFile::column_count(std::string_view name) const {
  return static_cast<std::size_t>(std::count(header_.begin(), header_.end(), name));
}

std::vector<CsvChunk> CsvFile::split(std::size_t target_bytes) const {
  const std::size_t length = size_ - data_begin_;
  const std::size_t pieces = std::max<std::size_t>(1, length / std::max<std::size_t>(1, target_bytes));
  if (pieces == 1) return {{data_begin_, size_, data_first_line_}};

  // Quotes and line breaks per equal segment, counted in parallel, give the quote
  // parity and line number at every segment start.
  std::vector<std::size_t> cut(pieces + 1);
  for (std::size_t i = 0; i <= pieces; ++i) cut[i] = data_begin_ + length * i / pieces;
  std::vector<std::uint64_t> quotes(pieces), breaks(pieces);
  tbb::parallel_for(std::size_t{0}, pieces, [&](std::size_t i) {
    quotes[i] = std::count(data_ + cut[i], data_ + cut[i + 1], '"');
    breaks[i] = std::count(data_ + cut[i], data_ + cut[i + 1], '\n');
  });

  std::vector<CsvChunk> chunks;
  std::size_t chunk_begin = data_begin_;
  std::uint64_t chunk_line = data_first_line_;
  std::uint64_t quotes_before = 0, breaks_before = 0;  // in [data_begin_, cut[i])
  for (std::size_t i = 1; i < pieces; ++i) {
    quotes_before += quotes[i - 1];
    breaks_before += breaks[i - 1];
    if (cut[i] < chunk_begin) continue;  // an earlier boundary search ran past this cut
    // Move forward to the first line break outside quotes: a record boundary.
    bool inside_quotes = quotes_before % 2 == 1;
    std::uint64_t line = data_first_line_ + breaks_before;
    std::size_t p = cut[i];
    while (p < size_) {
      char c = data_[p++];
      if (c == '"') {
        inside_quotes = !inside_quotes;
      } else if (c == '\n') {
        ++line;
        if (!inside_quotes) break;
      }
    }
    if (p >= size_) break;
    chunks.push_back({chunk_begin, p, chunk_line});
    chunk_begin = p;
    chunk_line = line;
  }
  chunks.push_back({chunk_begin, size_, chunk_line});
  return chunks;
}

void CsvFile::parse(const CsvChunk& chunk, absl::FunctionRef<void(const CsvRecord&)> on_record,
                    absl::FunctionRef<void(const CsvSyntaxError&)> on_error) const {
  RecordScanner scanner(data_, chunk.begin, chunk.end, chunk.first_line);
  std::vector<std::string_view> fields;
  fields.reserve(header_.size());
  std::string reason, bad_text;
  std::uint64_t line = 0;
  while (!scanner.done()) {
    reason.clear();
    bad_text.clear();
    std::size_t bad_field = SIZE_MAX;
    switch (scanner.next(fields, line, reason, &bad_field, &bad_text)) {
      case ScanResult::kEmptyLine:
        break;
      case ScanResult::kError:
        on_error({line, reason, bad_field, bad_text});
        break;
      case ScanResult::kRecord:
        if (fields.size() != header_.size()) {
          on_error({line, "expected " + std::to_string(header_.size()) + " fields as in the header, found " +
                              std::to_string(fields.size())});
          break;
        }
        on_record({line, fields});
        break;
    }
  }
}

}  // namespace accessgraph::loaders

