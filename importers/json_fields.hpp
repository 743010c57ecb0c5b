#pragma once
// Typed reads of one JSON element's fields, each refusing a value of the wrong type
// with the JSON path of the field (the element's line and column come from its site).
// Absent and null fields read as nullopt. Exports disagree on small things, so each
// read accepts the spellings real producers use: a boolean may be "true"/"false", a
// number may be written as a string, an id may be a number.
#include <simdjson.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "importers/json_stream.hpp"

namespace accessgraph::importers {

class JsonObject {
 public:
  // Refuses `value` unless it is an object.
  JsonObject(simdjson::dom::element value, const JsonSite& site, std::string path = "");

  std::optional<std::string_view> text(std::string_view key) const;  // string, or a number as text
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<JsonObject> object(std::string_view key) const;
  std::optional<simdjson::dom::array> array(std::string_view key) const;
  // The field whatever its type (absent: nullopt; null is returned as the null element).
  std::optional<simdjson::dom::element> field(std::string_view key) const;
  // A field found without regard to case ("employeeID" finds "employeeId").
  std::optional<simdjson::dom::element> field_ignoring_case(std::string_view key) const;

  // A value as text when it is a string or a number; nullopt otherwise.
  std::optional<std::string_view> as_text(simdjson::dom::element value) const;

  const std::string& path() const { return path_; }
  const JsonSite& site() const { return *site_; }
  // Refuses the field `key` (or the object itself when key is empty).
  [[noreturn]] void fail(std::string_view key, simdjson::dom::element value, std::string_view reason) const;

 private:
  simdjson::dom::object object_;
  const JsonSite* site_;
  std::string path_;                         // relative to the site: "" or ".Properties"
  mutable std::deque<std::string> numbers_;  // numbers read as text live as long as the object
};

// A short rendering of a value for error messages.
std::string json_excerpt(simdjson::dom::element value);

}  // namespace accessgraph::importers
