#include "loaders/events_loader.hpp"

#include <algorithm>

#include "core/common/error.hpp"
#include "core/schema/bundle_schema.hpp"
#include "loaders/csv_reader.hpp"

namespace accessgraph::loaders {
namespace {

std::vector<HrEvent> read_events(const CsvFile& file, bool with_reviews = false) {
  std::vector<std::size_t> columns;
  auto require = [&](std::string_view name) {
    auto found = file.column(name);
    if (!found) throw InputError(file.label(), 1, std::string(name), "", "required column missing from the header");
    return *found;
  };
  using C = bundle::HrEvents;
  const std::size_t event_id = require(C::kColumns[C::kEventId]),
                    effective_date = require(C::kColumns[C::kEffectiveDate]), type = require(C::kColumns[C::kType]),
                    identity_id = require(C::kColumns[C::kIdentityId]);
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
          auto parsed_type = parse_hr_event_type(record.fields[type]);
          if (with_reviews && record.fields[type] == hr_event_type_name(HrEventType::kReviewRevoke))
            parsed_type = HrEventType::kReviewRevoke;
          if (!parsed_type)
            return fail("type", record.fields[type],
                        "unknown event type; expected hire, transfer, terminate, leave, return or rehire");
          event.type = *parsed_type;
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

std::vector<HrEvent> load_events(const std::filesystem::path& path, bool with_reviews) {
  return read_events(CsvFile::open(path, path.filename().string()), with_reviews);
}

std::vector<HrEvent> parse_events(const std::string& csv_text, const std::string& label) {
  return read_events(CsvFile::from_text(csv_text, label));
}

}  // namespace accessgraph::loaders
