#pragma once
// Reading LDIF content files (RFC 2849): records separated by blank lines, each a dn
// followed by attribute lines. Folded lines (a line starting with one space continues
// the previous one) are unfolded, base64 values ("attr:: ...") decoded, comments
// skipped, the optional "version: 1" line accepted.
//
// An export is content, not changes: "changetype: add" (which ldifde writes before every
// entry) is read as content, while other change records (modify, delete, modrdn,
// moddn) and the "-" separators of modify records are refused. URL values ("attr:<
// file://...") are handed over unread, flagged, for the caller to skip and count.
//
// A file is cut into chunks of whole records (LdifChunker: a blank line always ends a
// record), which can be parsed independently and in parallel (LdifParser): a
// multi-gigabyte export costs a few chunks of memory, not its size.
#include <absl/functional/function_ref.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "importers/batch_arena.hpp"
#include "importers/source_files.hpp"

namespace accessgraph::importers {

struct LdifAttribute {
  std::string_view type;     // the attribute type as written, options removed ("member")
  std::string_view options;  // what followed a ';' ("range=0-1499", "binary"), or empty
  std::string_view value;    // unfolded; decoded when base64; the URL text when url
  std::uint64_t line = 0;    // where the attribute line starts
  bool base64 = false;
  bool url = false;
};

struct LdifRecord {
  std::string_view dn;  // decoded when written "dn:: base64"
  std::uint64_t line;   // of the dn line
  std::span<const LdifAttribute> attributes;
};

// Bytes read straight from a file into memory that is kept and reused from chunk to chunk.
class ChunkBuffer {
 public:
  std::string_view view() const { return {data_.get(), size_}; }
  void clear() { size_ = 0; }

 private:
  friend class LdifChunker;
  char* room_for(std::size_t extra);  // where `extra` more bytes go
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, capacity_ = 0;
};

// Whole records of a file, a chunk at a time. The file is read into the chunk itself;
// only the start of a record cut by the end of a read is copied, into the next chunk.
class LdifChunker {
 public:
  explicit LdifChunker(const SourceFile& file);  // throws InputError when it cannot be opened
  LdifChunker(const LdifChunker&) = delete;
  LdifChunker& operator=(const LdifChunker&) = delete;
  ~LdifChunker();
  // Fills `chunk` with the next run of whole records, about `target_bytes` long (more when
  // one record is larger). False, with `chunk` empty, at the end of the file.
  bool next(ChunkBuffer& chunk, std::size_t target_bytes);
  std::uint64_t next_line() const { return next_line_; }  // file line of the next chunk's first byte

 private:
  std::size_t read_into(char* destination, std::size_t bytes);
  std::string label_;
  int fd_ = -1;
  bool end_of_file_ = false;
  std::string carry_;  // the start of a record that the last read cut
  std::uint64_t next_line_ = 1;
};

class LdifParser {
 public:
  // Parses the whole records of `text`, whose first byte is on line `first_line` of the
  // file `label` (`file_start`: it begins the file, so a BOM and a version line may
  // come first). Unfolded and decoded values go into `arena`; record views are valid as
  // long as `text` and `arena`. Throws InputError naming the file, line and column of
  // the first malformed line.
  void parse(std::string_view text, std::uint64_t first_line, bool file_start, const std::string& label,
             BatchArena& arena, absl::FunctionRef<void(const LdifRecord&)> on_record);

 private:
  struct Line {
    std::string_view text;  // unfolded, without the line end
    std::uint64_t number = 0;
  };
  bool next_line(Line& line);
  void parse_attribute(const Line& line, LdifAttribute& out);
  [[noreturn]] void fail(std::uint64_t line, std::size_t column, std::string_view value,
                         const std::string& reason) const;

  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint64_t line_number_ = 0;  // of the last physical line read
  const std::string* label_ = nullptr;
  BatchArena* arena_ = nullptr;
  std::string folded_;  // a folded line being joined
  std::string decoded_;
  std::vector<LdifAttribute> attributes_;
};

// RFC 4648 base64 (padding optional). False when `text` is not base64.
bool decode_base64(std::string_view text, std::string& out);

}  // namespace accessgraph::importers
