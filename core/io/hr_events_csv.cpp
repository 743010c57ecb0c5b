#include "core/io/hr_events_csv.hpp"

#include "core/io/csv_format.hpp"
#include "core/schema/bundle_schema.hpp"

namespace accessgraph {

std::string format_hr_events(const std::vector<HrEvent>& events) {
  std::string text = bundle::header_line(bundle::HrEvents::kColumns) + "\n";
  for (const HrEvent& e : events) {
    const auto& a = e.attributes;
    append_csv_row(text, e.event_id, e.effective_date.to_string(), hr_event_type_name(e.type), e.identity_id, a[0], a[1],
                   a[2], a[3], a[4], a[5], a[6]);
  }
  return text;
}

}  // namespace accessgraph
