#include "cli/config_file.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <sstream>

#include "core/common/error.hpp"

namespace accessgraph::cli {
namespace {

std::string scalar(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

void json_items(const nlohmann::json& object, const std::vector<std::string>& parents,
                std::vector<CLI::ConfigItem>& items) {
  for (const auto& [name, value] : object.items()) {
    if (value.is_object()) {
      std::vector<std::string> nested = parents;
      nested.push_back(name);
      json_items(value, nested, items);
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

std::vector<CLI::ConfigItem> config_items(const std::string& text, const std::string& path) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text[first] != '{') {
    std::istringstream toml(text);
    try {
      return CLI::ConfigTOML().from_config(toml);
    } catch (const CLI::Error& e) {
      throw ArgumentError("--config", path, std::string("not valid TOML: ") + e.what());
    }
  }
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw ArgumentError("--config", path, "starts with '{' but is not a JSON object");
  std::vector<CLI::ConfigItem> items;
  json_items(json, {}, items);
  return items;
}

}  // namespace

void add_config_option(CLI::App& command, std::string& path) {
  command.add_option("--config", path,
                     "Read options from a TOML or JSON file (long names without --); the command line wins");
}

void apply_config_file(CLI::App& command, const std::string& path) {
  std::ifstream file(path);
  if (!file) throw ArgumentError("--config", path, "cannot read the file");
  const std::string text(std::istreambuf_iterator<char>(file), {});
  for (const CLI::ConfigItem& item : config_items(text, path)) {
    if (item.name == "++" || item.name == "--") continue;  // CLI11's marks for a table's start and end
    // A [serve] table (or "serve" object) holds the serve command's options.
    const bool ours = item.parents.empty() || (item.parents.size() == 1 && item.parents[0] == command.get_name());
    CLI::Option* option = ours ? command.get_option_no_throw("--" + item.name) : nullptr;
    if (!option || item.name == "config")
      throw ArgumentError("--config", path, "unknown option \"" + item.fullname() + "\"");
    if (option->count() > 0) continue;  // given on the command line
    try {
      option->add_result(item.inputs);
      option->run_callback();
    } catch (const CLI::Error& e) {
      throw ArgumentError("--config", path, item.fullname() + ": " + e.what());
    }
  }
}

}  // namespace accessgraph::cli
