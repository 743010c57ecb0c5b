#include "importers/json_fields.hpp"

#include <cmath>

#include "importers/estate.hpp"

namespace accessgraph::importers {

namespace dom = simdjson::dom;

std::string json_excerpt(dom::element value) {
  std::string text = simdjson::minify(value);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

JsonObject::JsonObject(dom::element value, const JsonSite& site, std::string path)
    : site_(&site), path_(std::move(path)) {
  if (value.get_object().get(object_)) site.fail(path_, json_excerpt(value), "expected an object");
}

void JsonObject::fail(std::string_view key, dom::element value, std::string_view reason) const {
  std::string suffix = path_;
  if (!key.empty()) suffix += "." + std::string(key);
  site_->fail(suffix, json_excerpt(value), reason);
}

std::optional<dom::element> JsonObject::field(std::string_view key) const {
  dom::element value;
  if (object_.at_key(key).get(value)) return std::nullopt;
  return value;
}

std::optional<dom::element> JsonObject::field_ignoring_case(std::string_view key) const {
  for (auto [name, value] : object_)
    if (equals_ignoring_case(name, key)) return value;
  return std::nullopt;
}

std::optional<std::string_view> JsonObject::as_text(dom::element value) const {
  std::string_view text;
  if (!value.get_string().get(text)) return text;
  std::int64_t number;
  if (!value.get_int64().get(number)) return numbers_.emplace_back(std::to_string(number));
  std::uint64_t big;
  if (!value.get_uint64().get(big)) return numbers_.emplace_back(std::to_string(big));
  return std::nullopt;
}

std::optional<std::string_view> JsonObject::text(std::string_view key) const {
  auto value = field(key);
  if (!value || value->is_null()) return std::nullopt;
  auto text = as_text(*value);
  if (!text) fail(key, *value, "expected a string");
  return text;
}

std::optional<bool> JsonObject::boolean(std::string_view key) const {
  auto value = field(key);
  if (!value || value->is_null()) return std::nullopt;
  bool flag;
  if (!value->get_bool().get(flag)) return flag;
  std::string_view text;
  if (!value->get_string().get(text)) {
    if (equals_ignoring_case(text, "true")) return true;
    if (equals_ignoring_case(text, "false")) return false;
  }
  std::int64_t number;
  if (!value->get_int64().get(number) && (number == 0 || number == 1)) return number == 1;
  fail(key, *value, "expected true or false");
}

std::optional<std::int64_t> JsonObject::integer(std::string_view key) const {
  auto value = field(key);
  if (!value || value->is_null()) return std::nullopt;
  std::int64_t number;
  if (!value->get_int64().get(number)) return number;
  double real;
  if (!value->get_double().get(real) && std::isfinite(real) && std::abs(real) < 9e18)
    return static_cast<std::int64_t>(real);
  std::string_view text;
  if (!value->get_string().get(text) && !text.empty()) {
    std::int64_t parsed = 0;
    bool negative = text.front() == '-';
    std::size_t i = negative ? 1 : 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9' && parsed < 900'000'000'000'000'000; ++i)
      parsed = parsed * 10 + (text[i] - '0');
    if (i == text.size() && i > (negative ? 1u : 0u)) return negative ? -parsed : parsed;
  }
  fail(key, *value, "expected an integer");
}

std::optional<JsonObject> JsonObject::object(std::string_view key) const {
  auto value = field(key);
  if (!value || value->is_null()) return std::nullopt;
  if (!value->is_object()) fail(key, *value, "expected an object");
  return JsonObject(*value, *site_, path_ + "." + std::string(key));
}

std::optional<dom::array> JsonObject::array(std::string_view key) const {
  auto value = field(key);
  if (!value || value->is_null()) return std::nullopt;
  dom::array items;
  if (value->get_array().get(items)) fail(key, *value, "expected an array");
  return items;
}

}  // namespace accessgraph::importers
