#pragma once
// A streaming reader of LDIF content files (RFC 2849): records separated by blank
// lines, each a dn followed by attribute lines. Folded lines (a line starting with one
// space continues the previous one) are unfolded, base64 values ("attr:: ...")
// decoded, comments skipped, the optional "version: 1" line accepted.
//
// An export is content, not changes: "changetype: add" (which ldifde writes before every
// entry) is read as content, while other change records (modify, delete, modrdn,
// moddn) and the "-" separators of modify records are refused. URL values ("attr:<
// file://...") are handed over unread, flagged, for the caller to skip and count.
//
// Only the record being read is in memory, through a sliding window: a multi-gigabyte
// export costs its largest record, not its size.
#include <absl/functional/function_ref.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "importers/input_window.hpp"
#include "importers/source_files.hpp"

namespace accessgraph::importers {

struct LdifAttribute {
  std::string_view type;     // the attribute type as written, options removed ("member")
  std::string_view options;  // what followed a ';' ("range=0-1499", "binary"), or empty
  std::string_view value;    // unfolded; decoded when base64; the URL text when url
  std::uint64_t line;        // where the attribute line starts
  bool base64 = false;
  bool url = false;
};

struct LdifRecord {
  std::string_view dn;  // decoded when written "dn:: base64"
  std::uint64_t line;   // of the dn line
  std::span<const LdifAttribute> attributes;
};

class LdifReader {
 public:
  explicit LdifReader(const SourceFile& file);

  // Calls `on_record` for every record, its views valid during the call only. Throws
  // InputError naming the file, line and column of the first malformed line.
  void read(absl::FunctionRef<void(const LdifRecord&)> on_record);

 private:
  // A run of bytes in the window (absolute offsets) or in scratch_ (offsets into it).
  struct Span {
    std::uint64_t begin = 0;
    std::uint32_t size = 0;
    bool in_scratch = false;
  };
  struct Line {
    Span text;
    std::uint64_t number = 0;
  };
  struct PendingAttribute {
    Span type, options, value;
    std::uint64_t line;
    bool base64, url;
  };

  bool physical_line(std::uint64_t& begin, std::uint64_t& end);
  int peek();
  bool logical_line(Line& line);
  std::string_view view(const Span& span) const;
  void parse_attribute(const Line& line, PendingAttribute& out);
  [[noreturn]] void fail(std::uint64_t line, std::size_t column, std::string_view value, const std::string& reason) const;

  InputWindow window_;
  std::uint64_t pos_ = 0;
  std::uint64_t anchor_ = 0;
  std::uint64_t line_number_ = 0;
  std::string scratch_;   // unfolded lines and decoded values of the record being read
  std::string encoded_;   // a base64 value being decoded
  std::vector<PendingAttribute> pending_;
  std::vector<LdifAttribute> attributes_;
};

// RFC 4648 base64 (padding optional). False when `text` is not base64.
bool decode_base64(std::string_view text, std::string& out);

}  // namespace accessgraph::importers
