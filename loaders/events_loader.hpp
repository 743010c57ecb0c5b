#pragma once
// Reads hr_events.csv (SPEC section 6). Checks what can be checked without the graph
// (columns, event ids, types, dates); lifecycle checks the rest as events apply.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "accessgraph/date.hpp"

namespace accessgraph::loaders {

enum class HrEventType : std::uint8_t { kHire, kTransfer, kTerminate, kLeave, kReturn, kRehire };
std::string_view hr_event_type_name(HrEventType type);

// The attribute columns of identities.csv that events carry, in this order.
enum class HrAttribute : std::uint8_t { kDisplayName, kKind, kDepartment, kTitle, kLocation, kManagerId, kOwnerId };
inline constexpr std::array<std::string_view, 7> kHrAttributeNames = {
    "display_name", "kind", "department", "title", "location", "manager_id", "owner_id"};
std::optional<HrAttribute> parse_hr_attribute(std::string_view name);

struct HrEvent {
  std::string event_id;
  Date effective_date;
  HrEventType type = HrEventType::kTransfer;
  std::string identity_id;
  std::array<std::string, 7> attributes;  // empty = not given
  std::uint64_t line = 0;                 // in the events file

  const std::string& attribute(HrAttribute a) const { return attributes[static_cast<std::size_t>(a)]; }
};

// Parses CSV text or a file; throws InputError naming the event id (and line).
std::vector<HrEvent> load_events(const std::filesystem::path& path);
std::vector<HrEvent> parse_events(const std::string& csv_text, const std::string& label = "hr_events.csv");

// The events as hr_events.csv text again (parse_events reads it back equal, line
// numbers aside): for replaying a single event of a logged batch.
std::string format_events(const std::vector<HrEvent>& events);

// Stable order of application: calendar date of effective_date, then file order.
void sort_for_application(std::vector<HrEvent>& events);

}  // namespace accessgraph::loaders
