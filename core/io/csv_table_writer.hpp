#pragma once
// A CSV file of one schema (core/schema/bundle_schema.hpp), written whole or not at all
// through OutputFile: the header from the schema, then rows of exactly one field per
// column (checked at compile time), formatted as SPEC section 5 says.
#include <filesystem>
#include <string>

#include "core/io/csv_format.hpp"
#include "core/io/output_file.hpp"
#include "core/schema/bundle_schema.hpp"

namespace accessgraph {

template <class Schema>
class CsvTableWriter {
 public:
  explicit CsvTableWriter(const std::filesystem::path& dir,
                          OutputFile::Durability durability = OutputFile::Durability::kFsync)
      : file_(dir / Schema::kFileName, durability), text_(bundle::header_line(Schema::kColumns) + "\n") {}

  template <class... Fields>
  void row(const Fields&... fields) {
    static_assert(sizeof...(Fields) == Schema::kColumns.size(), "one field per column of the file");
    append_csv_row(text_, fields...);
    if (text_.size() > kFlushBytes) flush();
  }
  // Rows formatted apart from the file (on other threads, say) and appended in order:
  // the same compile-time check and formatting as row().
  class Block {
   public:
    template <class... Fields>
    void row(const Fields&... fields) {
      static_assert(sizeof...(Fields) == Schema::kColumns.size(), "one field per column of the file");
      append_csv_row(text_, fields...);
    }
    void clear() { text_.clear(); }

   private:
    friend class CsvTableWriter;
    std::string text_;
  };
  void append(const Block& block) {
    flush();
    file_.write(block.text_);
  }

  // Throws Error when the file cannot be written; until then nothing is in place.
  void commit() {
    flush();
    file_.commit();
  }

 private:
  static constexpr std::size_t kFlushBytes = 8 << 20;
  void flush() {
    file_.write(text_);
    text_.clear();
  }
  OutputFile file_;
  std::string text_;
};

}  // namespace accessgraph
