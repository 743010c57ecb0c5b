#pragma once
// Streams big JSON exports element by element. A file holds one or more JSON values
// (JSON Lines too). Of a root object, the members named as collections (SCIM's
// "Resources", Graph's "value", BloodHound's "data", the lists of an IAM authorization
// report) are arrays read one element at a time; every other member is read whole. A
// root array is a collection itself.
//
// Only the element at hand is in memory: a light scanner finds where it ends (quotes,
// escapes, brackets) and checks the grammar around it; simdjson's DOM parser then
// reads and fully validates the element, wherever and whenever the caller likes
// (json_pipeline.hpp parses them on every core). Memory stays at one window plus the
// largest element, whatever the file's size. Malformed JSON is refused with the file,
// line, column and JSON path.
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "importers/input_window.hpp"
#include "importers/source_files.hpp"

namespace accessgraph::importers {

// Where a value sits, so that whoever reads it can refuse it precisely. Cheap to make:
// the path text is built only for a message.
class JsonSite {
 public:
  static constexpr std::uint64_t kNoIndex = UINT64_MAX;
  JsonSite(const SourceFile& file, std::string_view collection, std::uint64_t index, std::uint64_t offset)
      : file_(&file), collection_(collection), index_(index), offset_(offset) {}
  std::string path() const;                         // "$.data[12]", "$[3]", "$.meta", "$"
  std::uint64_t offset() const { return offset_; }  // of the value's first byte in the file
  const std::string& file() const { return file_->label; }
  // Throws InputError: FILE:LINE: at PATH+SUFFIX (column C): REASON (value "VALUE").
  [[noreturn]] void fail(std::string_view path_suffix, std::string_view value, std::string_view reason) const;
  // The same for a position `offset_in_value` bytes into the value.
  [[noreturn]] void fail_at(std::uint64_t offset_in_value, std::string_view value, std::string_view reason) const;

 private:
  const SourceFile* file_;
  std::string_view collection_;
  std::uint64_t index_;
  std::uint64_t offset_;
};

struct JsonLayout {
  std::vector<std::string_view> collections;  // root keys streamed element by element
  // A root object without any collection is also one element (collection ""), after
  // its members: a single SCIM resource or Graph object in a file of its own.
  bool whole_root = false;
};

struct JsonEvent {
  enum class Kind { kElement, kMember, kDocumentEnd, kEnd };
  Kind kind = Kind::kEnd;
  std::string_view name;     // element: its collection ("" for a root array or whole root); member: its key
  std::uint64_t index = 0;   // element: position in its collection
  std::uint64_t offset = 0;  // of the value's first byte
  std::string_view bytes;    // element, member: the value's bytes, valid until the next call
};

// The events of a file, pulled one at a time.
class JsonEventReader {
 public:
  JsonEventReader(const SourceFile& file, JsonLayout layout);
  // Throws InputError when the structure around the elements is malformed (a missing
  // comma, an unclosed array, the end of the file inside a value).
  const JsonEvent& next();
  JsonSite site(const JsonEvent& event) const { return JsonSite(*file_, event.name, event.index, event.offset); }

 private:
  enum class State { kDocuments, kRootMember, kRootMemberDone, kArrayFirst, kArrayNext, kDocumentEnd };
  int peek();
  int peek_at(std::uint64_t offset);
  void skip_space();
  [[noreturn]] void fail_at(std::uint64_t offset, std::string_view collection, std::uint64_t index,
                            std::string_view reason);
  std::uint64_t string_end(std::uint64_t start);
  std::uint64_t value_end(std::uint64_t start);
  std::string read_key();
  const JsonEvent& element();
  const JsonEvent& end_of_array();
  const JsonEvent& end_of_root_object();

  const SourceFile* file_;
  JsonLayout layout_;
  InputWindow window_;
  simdjson::dom::parser key_parser_;  // keys with escapes
  State state_ = State::kDocuments;
  std::uint64_t pos_ = 0;
  std::uint64_t anchor_ = 0;  // the window keeps every byte from here on
  std::uint64_t document_start_ = 0;
  bool keep_root_ = false;  // a root object that may turn out to be one element
  bool collection_seen_ = false;
  bool array_is_root_ = false;
  bool first_member_ = true;
  bool any_document_ = false;
  std::string_view collection_;
  std::uint64_t index_ = 0;
  std::string_view scanning_name_;  // what a value being scanned is, for an error inside it
  std::uint64_t scanning_index_ = JsonSite::kNoIndex;
  std::string key_;
  JsonEvent event_;
};

// Parses one value's bytes (followed by at least SIMDJSON_PADDING readable bytes) with
// `parser`; refuses it, with the position of the first bad byte, when malformed.
simdjson::dom::element parse_json_value(simdjson::dom::parser& parser, const char* bytes, std::size_t size,
                                        const JsonSite& site);

}  // namespace accessgraph::importers
