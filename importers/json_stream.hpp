#pragma once
// Streams big JSON exports element by element. A file holds one or more JSON values
// (JSON Lines too). Of a root object, the members named as collections (SCIM's
// "Resources", Graph's "value", BloodHound's "data", the lists of an IAM
// authorization report) are arrays read one element at a time; every other member is
// read whole. A root array is a collection itself.
//
// Only the element at hand is in memory: a light scanner finds where it ends (quotes,
// escapes, brackets), then simdjson's DOM parser reads and fully validates it, so
// memory stays at one window plus the largest element, whatever the file's size.
// Malformed JSON is refused with the file, line, column and JSON path.
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "importers/input_window.hpp"
#include "importers/source_files.hpp"

namespace accessgraph::importers {

// Where a value sits, so that whoever reads it can refuse it precisely.
class JsonSite {
 public:
  JsonSite(const InputWindow& window, std::string path, std::uint64_t offset)
      : window_(&window), path_(std::move(path)), offset_(offset) {}
  const std::string& path() const { return path_; }  // "$.data[12]"
  std::uint64_t offset() const { return offset_; }   // of the value's first byte
  const std::string& file() const { return window_->label(); }
  // Throws InputError: FILE:LINE: at PATH+SUFFIX (column C): REASON (value "VALUE").
  [[noreturn]] void fail(std::string_view path_suffix, std::string_view value, std::string_view reason) const;

 private:
  const InputWindow* window_;
  std::string path_;
  std::uint64_t offset_;
};

class JsonDocumentHandler {
 public:
  virtual ~JsonDocumentHandler() = default;
  // A root member that is not a collection (meta, totalResults, @odata.context).
  virtual void on_member(std::string_view /*key*/, simdjson::dom::element /*value*/, const JsonSite& /*site*/) {}
  // One element of `collection` (empty for a root array). With JsonLayout::whole_root,
  // a root object without any collection comes here whole, with an empty collection.
  virtual void on_element(std::string_view collection, simdjson::dom::element value, const JsonSite& site) = 0;
  // After each root value.
  virtual void on_document_end(const JsonSite& /*site*/) {}
};

struct JsonLayout {
  std::vector<std::string_view> collections;
  bool whole_root = false;
};

// Reads the whole file through `handler`. The elements handed over are valid during the
// call only. Throws InputError for malformed JSON and whatever the handler throws.
void read_json_file(const SourceFile& file, const JsonLayout& layout, JsonDocumentHandler& handler);

}  // namespace accessgraph::importers
