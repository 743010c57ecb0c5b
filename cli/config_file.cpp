#include "cli/config_file.hpp"

#include <nlohmann/json.hpp>

#include <iterator>
#include <sstream>

namespace accessgraph::cli {
namespace {

class JsonOrTomlConfig final : public CLI::ConfigTOML {
 public:
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override {
    const std::string text(std::istreambuf_iterator<char>(input), {});
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || text[first] != '{') {
      std::istringstream toml(text);
      return CLI::ConfigTOML::from_config(toml);
    }
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object())
      throw CLI::ConversionError("the config file starts with '{' but is not a JSON object");
    std::vector<CLI::ConfigItem> items;
    add_items(json, {}, items);
    return items;
  }

 private:
  static std::string scalar(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
  }

  static void add_items(const nlohmann::json& object, const std::vector<std::string>& parents,
                        std::vector<CLI::ConfigItem>& items) {
    for (const auto& [name, value] : object.items()) {
      if (value.is_object()) {
        std::vector<std::string> nested = parents;
        nested.push_back(name);
        add_items(value, nested, items);
        continue;
      }
      CLI::ConfigItem item;
      item.parents = parents;
      item.name = name;
      if (value.is_array())
        for (const auto& element : value) item.inputs.push_back(scalar(element));
      else
        item.inputs.push_back(scalar(value));
      items.push_back(std::move(item));
    }
  }
};

}  // namespace

void add_config_option(CLI::App& command) {
  command.set_config("--config", "",
                     "Read options from a TOML or JSON file (long names without --); the command line wins");
  command.config_formatter(std::make_shared<JsonOrTomlConfig>());
}

}  // namespace accessgraph::cli
