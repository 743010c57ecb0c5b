#include "importers/json_attributes.hpp"

namespace accessgraph::importers {

namespace dom = simdjson::dom;

std::uint64_t add_named_json_values(Estate& estate, Index account, const JsonObject& object) {
  std::uint64_t found = 0;
  const auto& names = estate.account_attribute_names();
  for (std::size_t slot = 0; slot < names.size(); ++slot) {
    auto value = object.field_ignoring_case(names[slot]);
    if (!value || value->is_null()) continue;
    auto attribute = static_cast<std::uint16_t>(slot);
    bool any = false;
    if (auto text = object.as_text(*value)) {
      estate.add_account_value(account, attribute, *text);
      any = true;
    } else if (dom::array items; !value->get_array().get(items)) {
      for (dom::element item : items) {
        auto text = object.as_text(item);
        dom::element inner;
        if (!text && item.is_object() && !item["value"].get(inner)) text = object.as_text(inner);
        if (text) {
          estate.add_account_value(account, attribute, *text);
          any = true;
        }
      }
    }
    if (any && slot < 64) found |= std::uint64_t{1} << slot;
  }
  return found;
}

void add_canonical_value(Estate& estate, Index account, std::uint64_t found, std::string_view name,
                         std::string_view value) {
  auto slot = estate.account_attribute(name);
  if (!slot || (*slot < 64 && (found >> *slot & 1))) return;
  estate.add_account_value(account, *slot, value);
}

}  // namespace accessgraph::importers
