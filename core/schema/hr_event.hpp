#pragma once
// An HR event (SPEC section 6) as a value: what loaders parse from hr_events.csv, what
// the lifecycle applies and what the store logs. Parsing lives in loaders/.
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/date.hpp"
#include "core/schema/bundle_schema.hpp"

namespace accessgraph {

// The six HR event types of hr_events.csv, and review_revoke: a reviewer's revocation
// (SPEC section 9), which `recert decide` makes and no HR file may carry.
enum class HrEventType : std::uint8_t { kHire, kTransfer, kTerminate, kLeave, kReturn, kRehire, kReviewRevoke };
inline constexpr std::array<std::string_view, 7> kHrEventTypeNames = {"hire",   "transfer", "terminate",    "leave",
                                                                     "return", "rehire",   "review_revoke"};
inline constexpr std::size_t kHrFileEventTypes = 6;  // the types hr_events.csv may hold
constexpr std::string_view hr_event_type_name(HrEventType type) {
  return kHrEventTypeNames[static_cast<std::size_t>(type)];
}
// A type an HR file may hold (review_revoke is not one).
constexpr std::optional<HrEventType> parse_hr_event_type(std::string_view name) {
  for (std::size_t i = 0; i < kHrFileEventTypes; ++i)
    if (kHrEventTypeNames[i] == name) return static_cast<HrEventType>(i);
  return std::nullopt;
}

// The attribute columns of identities.csv that events carry, in this order.
enum class HrAttribute : std::uint8_t { kDisplayName, kKind, kDepartment, kTitle, kLocation, kManagerId, kOwnerId };
inline constexpr std::array<std::string_view, 7> kHrAttributeNames = {
    "display_name", "kind", "department", "title", "location", "manager_id", "owner_id"};
// The attribute columns of hr_events.csv are these, in this order.
static_assert([] {
  for (std::size_t i = 0; i < kHrAttributeNames.size(); ++i)
    if (bundle::HrEvents::kColumns[bundle::HrEvents::kDisplayName + i] != kHrAttributeNames[i]) return false;
  return bundle::HrEvents::kColumns.size() == bundle::HrEvents::kDisplayName + kHrAttributeNames.size();
}());

constexpr std::string_view hr_attribute_name(HrAttribute attribute) {
  return kHrAttributeNames[static_cast<std::size_t>(attribute)];
}
constexpr std::optional<HrAttribute> parse_hr_attribute(std::string_view name) {
  for (std::size_t i = 0; i < kHrAttributeNames.size(); ++i)
    if (kHrAttributeNames[i] == name) return static_cast<HrAttribute>(i);
  return std::nullopt;
}

// One thing a reviewer's revocation takes away from an account of the identity.
struct AccessRemoval {
  enum class Kind : std::uint8_t { kMembership, kGrant, kAccount };  // a direct membership, a direct grant, the account
  Kind kind = Kind::kGrant;
  std::string account_id;
  std::string target_id;  // the group or entitlement; empty for kAccount (the account is disabled)
  bool operator==(const AccessRemoval&) const = default;
};

// What a review_revoke carries: the campaign item it decides, who decided it and why,
// and the removals resolved when the decision was made (so a replay removes exactly them).
struct ReviewRevocation {
  std::string campaign_id, item_id, reviewer_id, comment;
  std::vector<AccessRemoval> removals;
  bool operator==(const ReviewRevocation&) const = default;
};

struct HrEvent {
  std::string event_id;
  Date effective_date;
  HrEventType type = HrEventType::kTransfer;
  std::string identity_id;
  std::array<std::string, 7> attributes;  // empty = not given
  std::uint64_t line = 0;                 // in the events file
  std::shared_ptr<const ReviewRevocation> review;  // review_revoke only

  const std::string& attribute(HrAttribute a) const { return attributes[static_cast<std::size_t>(a)]; }
};

// The longest retention of a leaver's accounts accepted: 100 years (dates stay far
// from overflow).
inline constexpr int kMaxRetentionDays = 36525;

// Stable order of application: calendar date of effective_date, then file order.
inline void sort_for_application(std::vector<HrEvent>& events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const HrEvent& a, const HrEvent& b) { return a.effective_date < b.effective_date; });
}

}  // namespace accessgraph
