#include "importers/json_attributes.hpp"

#include "importers/estate.hpp"

namespace accessgraph::importers {

namespace dom = simdjson::dom;

void AttributeCollector::add(std::uint16_t slot, std::string_view value) {
  if (!value.empty()) out_.emplace_back(slot, arena_.store(value));
}

void AttributeCollector::add_named(const JsonObject& object) {
  for (std::size_t slot = 0; slot < names_.size(); ++slot) {
    auto value = object.field_ignoring_case(names_[slot]);
    if (!value || value->is_null()) continue;
    auto attribute = static_cast<std::uint16_t>(slot);
    std::size_t before = out_.size();
    if (auto text = object.as_text(*value)) {
      add(attribute, *text);
    } else if (dom::array items; !value->get_array().get(items)) {
      for (dom::element item : items) {
        auto text = object.as_text(item);
        dom::element inner;
        if (!text && item.is_object() && !item["value"].get(inner)) text = object.as_text(inner);
        if (text) add(attribute, *text);
      }
    }
    if (out_.size() > before && slot < 64) found_ |= std::uint64_t{1} << slot;
  }
}

void AttributeCollector::add_canonical(std::string_view name, std::string_view value) {
  for (std::size_t slot = 0; slot < names_.size(); ++slot) {
    if (!equals_ignoring_case(names_[slot], name)) continue;
    if (slot < 64 && (found_ >> slot & 1)) return;
    add(static_cast<std::uint16_t>(slot), value);
    return;
  }
}

}  // namespace accessgraph::importers
