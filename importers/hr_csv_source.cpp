#include "importers/hr_csv_source.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <cstdint>
#include <exception>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "core/common/error.hpp"
#include "importers/batch_arena.hpp"
#include "importers/bundle_ids.hpp"
#include "importers/huge_pages.hpp"
#include "importers/identity_words.hpp"
#include "importers/ordered_pipeline.hpp"
#include "importers/source_dates.hpp"
#include "importers/source_files.hpp"
#include "loaders/csv_reader.hpp"

namespace accessgraph::importers {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The config's table first, then its "*" default, then the known words.
template <class Enum>
std::optional<Enum> mapped(const std::vector<std::pair<std::string, Enum>>& table, std::optional<Enum> fallback,
                           std::string_view text, std::optional<Enum> (*known_word)(std::string_view)) {
  std::string word = normalise_word(text);
  for (const auto& [key, value] : table)
    if (key == word) return value;
  if (fallback) return fallback;
  return known_word(text);
}

// Kind and status cells mapped once per distinct text: an HR file holds a handful of
// them, and mapping one normalises (allocates) a word.
template <class Enum>
class WordMemo {
 public:
  template <class Map>
  std::optional<Enum> find(std::string_view text, Map map) {
    for (const auto& [key, value] : entries_)
      if (key == text) return value;
    std::optional<Enum> value = map(text);
    if (entries_.size() < kMaxEntries) entries_.emplace_back(std::string(text), value);
    return value;
  }

 private:
  static constexpr std::size_t kMaxEntries = 64;
  std::vector<std::pair<std::string, std::optional<Enum>>> entries_;
};

// Why a row, or one of its cells, was skipped (the report's reasons, in this order).
enum class Skip : std::uint8_t { kNoId, kLongId, kKind, kHireDate, kTerminationDate, kStatus, kCount };

// A cell's text in the batch's packed bytes.
struct Packed {
  std::size_t offset = 0, size = 0;
};

// The strings of a batch's rows, one after the other, in a buffer the estate adopts
// whole: written (and its pages faulted in) in parallel, not by the serial stage.
class PackedText {
 public:
  // A fresh buffer, room for `bytes` before it grows (pages untouched until written).
  void start(std::size_t bytes) {
    bytes_ = std::make_unique_for_overwrite<char[]>(bytes);
    size_ = 0;
    capacity_ = bytes;
  }
  Packed add(std::string_view text) {
    if (size_ + text.size() > capacity_) grow(size_ + text.size());
    std::memcpy(bytes_.get() + size_, text.data(), text.size());
    Packed packed{size_, text.size()};
    size_ += text.size();
    return packed;
  }
  std::size_t size() const { return size_; }
  std::unique_ptr<char[]> release() { return std::move(bytes_); }

 private:
  void grow(std::size_t at_least) {
    std::size_t capacity = std::max(at_least, 2 * capacity_);
    auto bytes = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_ > 0) std::memcpy(bytes.get(), bytes_.get(), size_);
    bytes_ = std::move(bytes);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0, capacity_ = 0;
};

// A row that passed the checks of one chunk. Its strings are gathered in the batch's
// `packed` bytes, which go into the estate in one piece.
struct HrRow {
  IdentityKind kind = IdentityKind::kEmployee;
  IdentityStatus status = IdentityStatus::kActive;
  Date hire_date, termination_date;
  Packed id, display_name, department, title, location, manager, owner;
};

struct SkipNote {
  Skip reason;
  std::string_view example;
  std::size_t before_row;  // index of the next row of the batch: reported before it
};

// One chunk of the file: parsed and checked in parallel with the other chunks, then put
// into the estate in file order.
struct Batch {
  const loaders::CsvChunk* chunk = nullptr;
  std::uint64_t rows_read = 0;
  std::vector<HrRow> rows;
  std::vector<SkipNote> skips;
  std::vector<Packed> values;  // each row's correlation values, value_columns_.size() per row
  PackedText packed;
  BatchArena text;  // skip examples
  WordMemo<IdentityKind> kinds;
  WordMemo<IdentityStatus> statuses;
  std::exception_ptr error, produce_error;

  void clear() {
    rows_read = 0;
    rows.clear();
    skips.clear();
    values.clear();
    text.reset();
    error = produce_error = nullptr;
  }
};

// Thrown by a chunk that holds a malformed record: the file is then read again from the
// start on one thread for the exact error (see throw_first_malformed_record).
struct MalformedChunk {};

constexpr std::size_t kShownBytes = 60;
// Rows whose id table lookups are started before they are needed.
constexpr std::size_t kRowsAhead = 8;

// `text` cut to at most kShownBytes, on a character boundary.
std::string shown(std::string_view text) {
  if (text.size() <= kShownBytes) return std::string(text);
  std::size_t cut = kShownBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

// Up to `limit` bytes of the file from the start of physical line `line` (1-based).
std::string text_from_line(const std::filesystem::path& path, std::uint64_t line, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string block(1 << 20, '\0');
  std::uint64_t at = 1;
  std::string text;
  while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) {
    std::string_view read(block.data(), static_cast<std::size_t>(in.gcount()));
    std::size_t from = 0;
    while (at < line && from < read.size()) {
      std::size_t newline = read.find('\n', from);
      if (newline == std::string_view::npos) {
        from = read.size();
        break;
      }
      from = newline + 1;
      ++at;
    }
    if (at == line) text.append(read.substr(from, limit - text.size()));
    if (text.size() >= limit || in.eof()) break;
  }
  return text;
}

// The refusal of a malformed record. The CSV reader names the field and its text for
// quoting defects; for invalid UTF-8 and a wrong number of fields it names neither, so
// they are found here from the record's bytes: the field holding the first bad byte
// (shown as \xNN), or the record's first line.
InputError malformed_record(const loaders::CsvFile& csv, const SourceFile& file, const loaders::CsvSyntaxError& error) {
  const auto& header = csv.header();
  std::string column = error.field < header.size() ? header[error.field] : "";
  std::string value = error.text;
  if (value.empty()) {
    std::string record = text_from_line(file.path, error.line, 1 << 16);
    if (auto bad = loaders::find_invalid_utf8(record)) {
      std::size_t field = 0, field_begin = 0;
      bool quoted = false;
      for (std::size_t i = 0; i < *bad; ++i) {
        if (record[i] == '"') quoted = !quoted;
        if (record[i] == ',' && !quoted) ++field, field_begin = i + 1;
      }
      if (field < header.size()) column = header[field];
      std::string_view before(record.data() + field_begin, *bad - field_begin);
      if (before.size() > kShownBytes) {
        std::size_t from = before.size() - kShownBytes;
        while (from < before.size() && (static_cast<unsigned char>(before[from]) & 0xC0) == 0x80) ++from;
        value = "..." + std::string(before.substr(from));
      } else {
        value = std::string(before);
      }
      static constexpr char kHex[] = "0123456789ABCDEF";
      const auto byte = static_cast<unsigned char>(record[*bad]);
      value += std::string("\\x") + kHex[byte >> 4] + kHex[byte & 15];
    } else {
      value = shown(std::string_view(record).substr(0, record.find_first_of("\r\n")));
    }
  }
  return InputError(file.label, error.line, column, value, error.reason);
}

// Chunks are cut where quote parity says a record ends, which is exact for a well-formed
// file; a malformed record can throw parity off and make a later chunk report something
// a reader from the start would not. So the exact error is the first one read serially.
[[noreturn]] void throw_first_malformed_record(const loaders::CsvFile& csv, const SourceFile& file) {
  for (const loaders::CsvChunk& whole : csv.split(SIZE_MAX))
    csv.parse(
        whole, [](const loaders::CsvRecord&) {},
        [&](const loaders::CsvSyntaxError& error) { throw malformed_record(csv, file, error); });
  // Unreachable: a well-formed file is cut exactly, so no chunk of it fails.
  throw InputError(file.label, 0, "", "", "malformed CSV record");
}

class HrImporter {
 public:
  explicit HrImporter(const SourceContext& context)
      : context_(context),
        mapping_(context.config.hr),
        reasons_{"row without id",
                 "id longer than 256 bytes",
                 "kind value not mapped (add it to values.kind)",
                 unreadable(HrField::kHireDate),
                 unreadable(HrField::kTerminationDate),
                 "status value not mapped (add it to values.status)"} {}

  // The file is cut into chunks at record boundaries (loaders' CsvFile::split); chunks
  // are parsed and checked in parallel and put into the estate one after the other in
  // file order, so the result is the same as reading it row by row.
  void read_file(const SourceFile& file) {
    loaders::CsvFile csv = loaders::CsvFile::open(file.path, file.label);
    locate_columns(csv);
    const std::vector<loaders::CsvChunk> chunks = csv.split(kBatchBytes);
    const std::size_t rows = expected_rows(csv, chunks);
    context_.estate.reserve_identities(rows);
    if (positions_[static_cast<std::size_t>(HrField::kManagerId)]) {
      managers_.reserve(managers_.size() + rows);
      advise_huge_pages(managers_.data() + managers_.size(), rows * sizeof(managers_[0]));
    }
    std::size_t next = 0;
    try {
      run_ordered_pipeline<Batch>(
          kBatchesInFlight,
          [&](Batch& batch) {
            batch.chunk = &chunks[next++];
            return next < chunks.size();
          },
          [&](Batch& batch) { extract(csv, batch); }, [&](Batch& batch) { apply(batch); });
    } catch (const MalformedChunk&) {
      throw_first_malformed_record(csv, file);
    }
  }

  // Managers and owners are resolved once every row is in: a manager may come later.
  void finish() {
    resolve(managers_, &IdentityRecord::manager, "manager_id names no identity (left empty)");
    resolve(owners_, &IdentityRecord::owner, "owner_id names no identity (left empty)");
  }

 private:
  // Room for the rows of the file, so that a big one neither moves its records nor
  // rehashes the id table as it grows, and no more (twice the rows would double the id
  // table): the lines before the last chunk (each row has at least one), and the
  // records of the last chunk, counted. A file of one chunk: ~100 bytes a row.
  static std::size_t expected_rows(const loaders::CsvFile& csv, const std::vector<loaders::CsvChunk>& chunks) {
    if (chunks.size() == 1) return csv.data_bytes() / 100 + 1;
    std::size_t rows = chunks.back().first_line - chunks.front().first_line;
    csv.parse(chunks.back(), [&](const loaders::CsvRecord&) { ++rows; }, [&](const loaders::CsvSyntaxError&) { ++rows; });
    return rows;
  }

  static std::string unreadable(HrField field) {
    return "unreadable " + std::string(to_string(field)) + " (cell left empty)";
  }

  // Looked up in parallel (each link sets a different identity), reported in order.
  void resolve(const std::vector<std::pair<Index, std::string_view>>& links, Index IdentityRecord::*field,
               std::string_view reason) {
    Estate& estate = context_.estate;
    std::vector<char> found(links.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, links.size(), 4096),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t i = range.begin(); i < range.end(); ++i) {
                          if (i + kRowsAhead < range.end()) estate.prefetch_identity(links[i + kRowsAhead].second);
                          auto target = estate.find_identity(links[i].second);
                          found[i] = target.has_value();
                          if (target) estate.identities[links[i].first].*field = *target;
                        }
                      });
    for (std::size_t i = 0; i < links.size(); ++i)
      if (!found[i]) context_.report.skip(reason, links[i].second);
  }

  void locate_columns(const loaders::CsvFile& csv) {
    for (std::size_t field = 0; field < kHrFieldCount; ++field) {
      const std::string& name = mapping_.columns[field];
      positions_[field] = name.empty() ? std::nullopt : csv.column(name);
      if (!name.empty() && !positions_[field])
        throw InputError(csv.label(), 1, name, name,
                         "the config maps " + std::string(to_string(HrField(field))) + " to a column the header lacks");
    }
    value_columns_.clear();
    value_slots_.clear();
    // Every mapped field is also an attribute correlation rules may name (the slot is
    // looked up once, not per row), then the config's extra attributes.
    for (std::size_t field = 0; field < kHrFieldCount; ++field)
      if (positions_[field])
        if (auto slot = context_.estate.identity_attribute(to_string(HrField(field)))) {
          value_columns_.push_back(*positions_[field]);
          value_slots_.push_back(*slot);
        }
    for (const auto& [attribute, name] : mapping_.attributes) {
      auto position = csv.column(name);
      if (!position)
        throw InputError(csv.label(), 1, name, name,
                         "the config maps attribute " + attribute + " to a column the header lacks");
      if (auto slot = context_.estate.identity_attribute(attribute)) {
        value_columns_.push_back(*position);
        value_slots_.push_back(*slot);
      }
    }
  }

  std::string_view cell(const loaders::CsvRecord& record, HrField field) const {
    const auto& position = positions_[static_cast<std::size_t>(field)];
    return position ? trimmed(record.fields[*position]) : std::string_view();
  }

  // Runs in parallel: reads only the file, the config and the batch.
  void extract(const loaders::CsvFile& csv, Batch& batch) const {
    // Cells are no longer than the chunk holds, unless correlation reads a column twice.
    batch.packed.start(batch.chunk->end - batch.chunk->begin);
    csv.parse(
        *batch.chunk, [&](const loaders::CsvRecord& record) { extract_row(csv, record, batch); },
        [](const loaders::CsvSyntaxError&) { throw MalformedChunk{}; });
  }

  void extract_row(const loaders::CsvFile& csv, const loaders::CsvRecord& record, Batch& batch) const {
    ++batch.rows_read;
    auto note = [&](Skip reason, std::string_view example) {
      batch.skips.push_back({reason, example, batch.rows.size()});
    };
    // A cell unescaped by the reader lives only during this call.
    auto kept = [&](std::string_view text) { return csv.maps(text) ? text : batch.text.store(text); };
    auto pack = [&](std::string_view text) { return batch.packed.add(text); };
    std::string_view id = cell(record, HrField::kId);
    if (id.empty()) {
      note(Skip::kNoId, batch.text.store("line " + std::to_string(record.line)));
      return;
    }
    if (id.size() > kMaxIdBytes) {
      note(Skip::kLongId, batch.text.store("line " + std::to_string(record.line)));
      return;
    }
    HrRow row;
    std::string_view kind_text = cell(record, HrField::kKind);
    auto kind = kind_text.empty() ? mapping_.default_kind.value_or(IdentityKind::kEmployee)
                                  : batch.kinds.find(kind_text, [&](std::string_view text) {
                                      return mapped(mapping_.kind_values, mapping_.default_kind, text, kind_from_word);
                                    });
    if (!kind) {
      note(Skip::kKind, kept(kind_text));
      return;
    }
    row.kind = *kind;
    auto date = [&](HrField field, Skip reason) {
      std::string_view text = cell(record, field);
      if (text.empty()) return Date();
      Date date = date_from_pattern(text, mapping_.date_format);
      if (!date.present()) note(reason, kept(text));
      return date;
    };
    row.hire_date = date(HrField::kHireDate, Skip::kHireDate);
    row.termination_date = date(HrField::kTerminationDate, Skip::kTerminationDate);
    std::string_view status_text = cell(record, HrField::kStatus);
    std::optional<IdentityStatus> status;
    if (!status_text.empty()) {
      status = batch.statuses.find(status_text, [&](std::string_view text) {
        return mapped(mapping_.status_values, mapping_.default_status, text, status_from_word);
      });
      if (!status) {
        note(Skip::kStatus, kept(status_text));
        return;
      }
    } else {
      bool gone = row.termination_date.present() && row.termination_date <= context_.as_of;
      status = gone ? IdentityStatus::kTerminated : IdentityStatus::kActive;
    }
    row.status = *status;
    row.id = pack(id);
    row.display_name = pack(cell(record, HrField::kDisplayName));
    row.department = pack(cell(record, HrField::kDepartment));
    row.title = pack(cell(record, HrField::kTitle));
    row.location = pack(cell(record, HrField::kLocation));
    row.manager = pack(cell(record, HrField::kManagerId));
    row.owner = pack(cell(record, HrField::kOwnerId));
    for (std::size_t column : value_columns_) batch.values.push_back(pack(trimmed(record.fields[column])));
    batch.rows.push_back(row);
  }

  // Runs serially, in file order: the estate and the report are shared. The batch's
  // strings go into the estate's arena in one piece.
  void apply(Batch& batch) {
    SourceReport& report = context_.report;
    Estate& estate = context_.estate;
    if (batch.rows_read > 0) report.count_read("rows", batch.rows_read);
    const std::size_t packed_bytes = batch.packed.size();
    const char* base = packed_bytes > 0 ? estate.adopt(batch.packed.release(), packed_bytes) : nullptr;
    auto text = [&](Packed packed) { return packed.size ? std::string_view(base + packed.offset, packed.size) : std::string_view(); };
    std::size_t next_skip = 0;
    auto report_skips_before = [&](std::size_t row) {
      for (; next_skip < batch.skips.size() && batch.skips[next_skip].before_row <= row; ++next_skip)
        report.skip(reasons_[static_cast<std::size_t>(batch.skips[next_skip].reason)], batch.skips[next_skip].example);
    };
    std::uint64_t imported = 0;
    const std::size_t value_count = value_columns_.size();
    for (std::size_t r = 0; r < batch.rows.size(); ++r) {
      if (r + kRowsAhead < batch.rows.size()) estate.prefetch_identity(text(batch.rows[r + kRowsAhead].id));
      report_skips_before(r);
      const HrRow& row = batch.rows[r];
      IdentityRecord identity;
      identity.id = text(row.id);
      identity.display_name = text(row.display_name);
      identity.department = text(row.department);
      identity.title = text(row.title);
      identity.location = text(row.location);
      identity.kind = row.kind;
      identity.status = row.status;
      identity.hire_date = row.hire_date;
      identity.termination_date = row.termination_date;
      identity.source = context_.source;
      Index index = estate.add_identity(identity);
      if (index == kNoIndex) {
        report.duplicate("identities", identity.id);
        continue;
      }
      ++imported;
      if (row.manager.size) managers_.emplace_back(index, text(row.manager));
      if (row.owner.size) owners_.emplace_back(index, text(row.owner));
      for (std::size_t v = 0; v < value_count; ++v)
        estate.add_identity_value(index, value_slots_[v], text(batch.values[r * value_count + v]));
    }
    report_skips_before(SIZE_MAX);
    if (imported > 0) report.count_imported("identities", imported);
  }

  const SourceContext& context_;
  const HrMapping& mapping_;
  std::array<std::string, static_cast<std::size_t>(Skip::kCount)> reasons_;  // indexed by Skip
  std::array<std::optional<std::size_t>, kHrFieldCount> positions_;
  // The cells correlation rules may match on: file column and the estate's attribute slot.
  std::vector<std::size_t> value_columns_;
  std::vector<std::uint16_t> value_slots_;
  std::vector<std::pair<Index, std::string_view>> managers_, owners_;  // texts in the estate
};

}  // namespace

void import_hr_csv(const SourceContext& context) {
  HrImporter importer(context);
  for (const SourceFile& file :
       source_files(context.config.path, context.config.path.lexically_normal().string(), {".csv"})) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    importer.read_file(file);
  }
  importer.finish();
}

}  // namespace accessgraph::importers
