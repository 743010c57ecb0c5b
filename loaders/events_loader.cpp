#include "loaders/events_loader.hpp"

#include <algorithm>

#include "accessgraph/error.hpp"
#include "engine/common/csv_format.hpp"
#include "loaders/csv_reader.hpp"

namespace accessgraph::loaders {
namespace {

constexpr std::array<std::string_view, 6> kTypeNames = {"hire", "transfer", "terminate", "leave", "return", "rehire"};

std::vector<HrEvent> read_events(const CsvFile& file) {
  std::vector<std::size_t> columns;
  auto require = [&](std::string_view name) {
    auto found = file.column(name);
    if (!found) throw InputError(file.label(), 1, std::string(name), "", "required column missing from the header");
    return *found;
  };
  const std::size_t event_id = require("event_id"), effective_date = require("effective_date"),
                    type = require("type"), identity_id = require("identity_id");
  for (std::string_view name : kHrAttributeNames) columns.push_back(require(name));

  std::vector<HrEvent> events;
  std::optional<InputError> first_error;
  for (const CsvChunk& chunk : file.split(SIZE_MAX)) {
    file.parse(
        chunk,
        [&](const CsvRecord& record) {
          if (first_error) return;
          HrEvent event;
          event.line = record.line;
          event.event_id = std::string(record.fields[event_id]);
          auto fail = [&](std::string column, std::string_view value, std::string reason) {
            first_error.emplace(file.label(), record.line, std::move(column), std::string(value),
                                "event \"" + event.event_id + "\": " + reason);
          };
          if (event.event_id.empty()) return fail("event_id", "", "must not be empty");
          auto parsed_type = std::find(kTypeNames.begin(), kTypeNames.end(), record.fields[type]);
          if (parsed_type == kTypeNames.end())
            return fail("type", record.fields[type],
                        "unknown event type; expected hire, transfer, terminate, leave, return or rehire");
          event.type = static_cast<HrEventType>(parsed_type - kTypeNames.begin());
          auto date = Date::parse(record.fields[effective_date]);
          if (!date) return fail("effective_date", record.fields[effective_date], "not an ISO 8601 date");
          event.effective_date = *date;
          event.identity_id = std::string(record.fields[identity_id]);
          if (event.identity_id.empty()) return fail("identity_id", "", "must not be empty");
          for (std::size_t a = 0; a < columns.size(); ++a) event.attributes[a] = std::string(record.fields[columns[a]]);
          events.push_back(std::move(event));
        },
        [&](const CsvSyntaxError& error) {
          if (!first_error) first_error.emplace(file.label(), error.line, "", error.text, error.reason);
        });
  }
  if (first_error) throw *first_error;
  return events;
}

}  // namespace

std::string_view hr_event_type_name(HrEventType type) { return kTypeNames[static_cast<std::size_t>(type)]; }

std::optional<HrAttribute> parse_hr_attribute(std::string_view name) {
  for (std::size_t i = 0; i < kHrAttributeNames.size(); ++i)
    if (kHrAttributeNames[i] == name) return static_cast<HrAttribute>(i);
  return std::nullopt;
}

std::vector<HrEvent> load_events(const std::filesystem::path& path) {
  return read_events(CsvFile::open(path, path.filename().string()));
}

std::vector<HrEvent> parse_events(const std::string& csv_text, const std::string& label) {
  return read_events(CsvFile::from_text(csv_text, label));
}

std::string format_events(const std::vector<HrEvent>& events) {
  std::string text = "event_id,effective_date,type,identity_id";
  for (std::string_view name : kHrAttributeNames) text += "," + std::string(name);
  text += "\n";
  for (const HrEvent& e : events) {
    const auto& a = e.attributes;
    append_csv_row(text, e.event_id, e.effective_date.to_string(), hr_event_type_name(e.type), e.identity_id, a[0], a[1],
                   a[2], a[3], a[4], a[5], a[6]);
  }
  return text;
}

void sort_for_application(std::vector<HrEvent>& events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const HrEvent& a, const HrEvent& b) { return a.effective_date < b.effective_date; });
}

}  // namespace accessgraph::loaders
