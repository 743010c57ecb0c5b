#include "importers/source_builder.hpp"

#include <algorithm>

#include "importers/bundle_ids.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace accessgraph::importers {

SourceBuilder::SourceBuilder(Estate& estate, SourceReport& report, Index source, Index system,
                             std::string_view system_id)
    : estate_(estate), report_(report), source_(source), system_(system), system_id_(system_id) {}

SourceBuilder::KeyDigest SourceBuilder::digest(std::string_view native_key) {
  XXH128_hash_t hash = XXH3_128bits(native_key.data(), native_key.size());
  return {hash.low64, hash.high64};
}

Index SourceBuilder::key(const KeyDigest& digest, std::string_view native_key, bool remember) {
  auto [slot, inserted] = key_index_.try_emplace(digest, static_cast<Index>(keys_.size()));
  // Text is kept for a key first met as a reference: one met as an object's own key is
  // resolved by definition, and most references name objects already read.
  if (inserted) keys_.push_back({remember ? key_arena_.store(native_key) : std::string_view()});
  return slot->second;
}

bool SourceBuilder::claim(Index key, ObjectKind kind, Index object, std::string_view native_id) {
  Key& entry = keys_[key];
  if (entry.kind != ObjectKind::kNone) {
    report_.duplicate(kind == ObjectKind::kAccount ? "accounts" : "groups", native_id);
    return false;
  }
  entry.kind = kind;
  entry.object = object;
  return true;
}

void SourceBuilder::expect_bytes(std::uint64_t source_bytes) {
  // The densest exports measured: a member reference every ~70 bytes of LDIF or SCIM,
  // an object (account, group) every ~800 bytes. Reserving does not touch the memory.
  members_.reserve(members_.size() + source_bytes / 70);
  std::size_t objects = static_cast<std::size_t>(source_bytes / 800);
  keys_.reserve(keys_.size() + objects);
  key_index_.reserve(key_index_.size() + objects);
  estate_.accounts.reserve(estate_.accounts.size() + objects);
}

std::optional<Index> SourceBuilder::add_account(Index key, std::string_view native_id, AccountRecord record) {
  if (keys_[key].kind != ObjectKind::kNone) {
    claim(key, ObjectKind::kAccount, kNoIndex, native_id);
    return std::nullopt;
  }
  record.id = estate_.store(qualified_id(system_id_, native_id));
  record.username = estate_.store(record.username);
  record.system = system_;
  record.source = source_;
  Index account = estate_.add_account(record);
  claim(key, ObjectKind::kAccount, account, native_id);
  report_.count_imported("accounts");
  return account;
}

std::optional<Index> SourceBuilder::add_group(Index key, std::string_view native_id, GroupRecord record) {
  if (keys_[key].kind != ObjectKind::kNone) {
    claim(key, ObjectKind::kGroup, kNoIndex, native_id);
    return std::nullopt;
  }
  record.id = estate_.store(qualified_id(system_id_, native_id));
  record.name = estate_.store(record.name);
  record.system = system_;
  record.source = source_;
  Index group = estate_.add_group(record);
  claim(key, ObjectKind::kGroup, group, native_id);
  report_.count_imported("groups");
  return group;
}

void SourceBuilder::add_alias(Index alias_key, Index key) {
  if (keys_[alias_key].kind != ObjectKind::kNone || keys_[key].kind == ObjectKind::kNone) return;
  keys_[alias_key].kind = keys_[key].kind;
  keys_[alias_key].object = keys_[key].object;
}

void SourceBuilder::add_other(Index key, std::string_view what, std::string_view text) {
  Key& entry = keys_[key];
  if (entry.kind != ObjectKind::kNone) return;
  if (entry.text.empty()) entry.text = key_arena_.store(text);
  auto found = std::find(others_.begin(), others_.end(), what);
  if (found == others_.end()) found = others_.insert(others_.end(), std::string(what));
  entry.kind = ObjectKind::kOther;
  entry.object = static_cast<Index>(found - others_.begin());
}

Index SourceBuilder::add_own_identity(Index account, IdentityRecord record) {
  record.id = estate_.accounts[account].id;
  record.display_name = estate_.store(record.display_name);
  record.department = estate_.store(record.department);
  record.title = estate_.store(record.title);
  record.location = estate_.store(record.location);
  record.source = source_;
  Index identity = estate_.add_identity(record);
  if (identity == kNoIndex) {
    report_.skip("identity id already taken by another source", record.id);
    return kNoIndex;
  }
  estate_.accounts[account].identity = identity;
  estate_.accounts[account].own_identity = true;
  report_.count_imported("identities");
  return identity;
}

void SourceBuilder::add_member(Index group_key, Index member_key, bool back_link) {
  members_.push_back({group_key, member_key, back_link});
}

void SourceBuilder::add_manager(Index identity, Index manager_key) { managers_.push_back({identity, manager_key}); }

void SourceBuilder::add_group_owner(Index group, Index owner_key) { owners_.push_back({group, owner_key}); }

void SourceBuilder::add_grant(Index holder_key, Index entitlement, Date granted_at) {
  grants_.push_back({holder_key, entitlement, granted_at});
}

std::string SourceBuilder::unresolved_reason(const Key& key, std::string_view role) const {
  if (key.kind == ObjectKind::kOther) return std::string(role) + " (" + others_[key.object] + ") not imported";
  return std::string(role) + " not found";
}

void SourceBuilder::finish() {
  // Memberships: resolve, then sort so that repeats sit together.
  struct Edge {
    Membership membership;
    bool to_group;
    bool back_link;
  };
  std::vector<Edge> edges;
  edges.reserve(members_.size());
  for (const Reference& reference : members_) {
    const Key& group = keys_[reference.from];
    const Key& member = keys_[reference.to];
    if (group.kind != ObjectKind::kGroup) {
      if (group.kind == ObjectKind::kAccount)
        report_.skip("memberOf names an account, not a group", group.text);
      else
        report_.skip(unresolved_reason(group, reference.back_link ? "memberOf group" : "group"), group.text);
      continue;
    }
    if (member.kind != ObjectKind::kAccount && member.kind != ObjectKind::kGroup) {
      report_.skip(unresolved_reason(member, "member"), member.text);
      continue;
    }
    edges.push_back({{group.object, member.object}, member.kind == ObjectKind::kGroup, reference.back_link});
  }
  members_.clear();
  members_.shrink_to_fit();
  std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
    if (a.to_group != b.to_group) return a.to_group < b.to_group;
    if (a.membership != b.membership) return a.membership < b.membership;
    return a.back_link < b.back_link;
  });
  std::uint64_t repeated = 0, account_edges = 0, group_edges = 0;
  for (std::size_t begin = 0; begin < edges.size();) {
    std::size_t end = begin, stated = 0, back_links = 0;
    for (; end < edges.size() && edges[end].to_group == edges[begin].to_group &&
           edges[end].membership == edges[begin].membership;
         ++end)
      (edges[end].back_link ? back_links : stated) += 1;
    // A membership stated by the group and again by the member's back-link is one fact.
    repeated += stated > 0 ? stated - 1 : back_links - 1;
    if (edges[begin].to_group) {
      estate_.group_members.push_back(edges[begin].membership);
      ++group_edges;
    } else {
      estate_.account_members.push_back(edges[begin].membership);
      ++account_edges;
    }
    begin = end;
  }
  if (repeated > 0) report_.duplicate("memberships", "", repeated);
  if (account_edges > 0) report_.count_imported("memberships of accounts", account_edges);
  if (group_edges > 0) report_.count_imported("memberships of groups", group_edges);

  for (const Reference& reference : managers_) {
    const Key& manager = keys_[reference.to];
    if (manager.kind != ObjectKind::kAccount) {
      report_.skip(unresolved_reason(manager, "manager"), manager.text);
      continue;
    }
    Index identity = estate_.accounts[manager.object].identity;
    if (identity == kNoIndex) {
      report_.skip("manager has no identity", manager.text);
      continue;
    }
    estate_.identities[reference.from].manager = identity;
  }
  for (const Reference& reference : owners_) {
    const Key& owner = keys_[reference.to];
    if (owner.kind != ObjectKind::kAccount) {
      report_.skip(unresolved_reason(owner, "group owner"), owner.text);
      continue;
    }
    estate_.groups[reference.from].owner_account = owner.object;
  }
  for (const PendingGrant& grant : grants_) {
    const Key& holder = keys_[grant.holder_key];
    if (holder.kind == ObjectKind::kAccount)
      estate_.account_grants.push_back({holder.object, grant.entitlement, grant.granted_at});
    else if (holder.kind == ObjectKind::kGroup)
      estate_.group_grants.push_back({holder.object, grant.entitlement});
    else
      report_.skip(unresolved_reason(holder, "grant holder"), holder.text);
  }
  managers_.clear();
  owners_.clear();
  grants_.clear();
}

}  // namespace accessgraph::importers
