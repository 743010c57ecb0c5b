#include "importers/estate.hpp"

#include <algorithm>

#include "importers/huge_pages.hpp"

namespace accessgraph::importers {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

std::optional<std::uint16_t> slot_of(const std::vector<std::string>& names, std::string_view name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (equals_ignoring_case(names[i], name)) return static_cast<std::uint16_t>(i);
  return std::nullopt;
}

void add_name(std::vector<std::string>& names, std::string_view name) {
  if (!slot_of(names, name)) names.push_back(lower_ascii(name));
}

}  // namespace

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower(c);
  return out;
}

Estate::Estate(const std::vector<CorrelationRule>& rules) {
  for (const CorrelationRule& rule : rules) {
    add_name(account_attribute_names_, rule.account);
    add_name(identity_attribute_names_, rule.identity);
  }
}

Index Estate::add_system(SystemRecord record) {
  systems.push_back(record);
  return static_cast<Index>(systems.size() - 1);
}

Index Estate::add_identity(IdentityRecord record) {
  auto index = static_cast<Index>(identities.size());
  if (!identity_ids_.try_emplace(record.id, index).second) return kNoIndex;
  identities.push_back(record);
  return index;
}

void Estate::reserve_identities(std::size_t more) {
  identities.reserve(identities.size() + more);
  identity_ids_.reserve(identity_ids_.size() + more);
  advise_huge_pages(identities.data() + identities.size(),
                    (identities.capacity() - identities.size()) * sizeof(IdentityRecord));
}

std::optional<Index> Estate::find_identity(std::string_view id) const {
  auto found = identity_ids_.find(id);
  if (found == identity_ids_.end()) return std::nullopt;
  return found->second;
}

Index Estate::add_account(AccountRecord record) {
  accounts.push_back(record);
  return static_cast<Index>(accounts.size() - 1);
}

Index Estate::add_group(GroupRecord record) {
  groups.push_back(record);
  return static_cast<Index>(groups.size() - 1);
}

Index Estate::add_entitlement(EntitlementRecord record) {
  entitlements.push_back(record);
  return static_cast<Index>(entitlements.size() - 1);
}

std::optional<std::uint16_t> Estate::account_attribute(std::string_view name) const {
  return slot_of(account_attribute_names_, name);
}

std::optional<std::uint16_t> Estate::identity_attribute(std::string_view name) const {
  return slot_of(identity_attribute_names_, name);
}

void Estate::add_account_value(Index account, std::uint16_t attribute, std::string_view value) {
  if (!value.empty()) account_values.push_back({account, attribute, store(value)});
}

void Estate::add_identity_value(Index identity, std::uint16_t attribute, std::string_view value) {
  if (!value.empty()) identity_values.push_back({identity, attribute, store(value)});
}

void Estate::add_account_value(Index account, std::string_view name, std::string_view value) {
  if (auto slot = account_attribute(name)) add_account_value(account, *slot, value);
}

void Estate::add_identity_value(Index identity, std::string_view name, std::string_view value) {
  if (auto slot = identity_attribute(name)) add_identity_value(identity, *slot, value);
}

}  // namespace accessgraph::importers
