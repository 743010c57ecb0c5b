#pragma once
// HR events written as hr_events.csv text (SPEC section 6): what a bundle apply leaves
// pending and what the store replays; loaders/events_loader reads it back equal, line
// numbers aside.
#include <string>
#include <vector>

#include "core/schema/hr_event.hpp"

namespace accessgraph {

std::string format_hr_events(const std::vector<HrEvent>& events);

}  // namespace accessgraph
