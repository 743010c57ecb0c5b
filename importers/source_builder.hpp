#pragma once
// Builds one source's accounts and groups into the estate. Each object is registered
// under its native key (a normalised DN, a SID, a SCIM or Graph id, an IAM name) and
// every reference (a member, a memberOf, a manager, an owner) is recorded by key and
// resolved when the whole source has been read, so files may name objects in any
// order and across files. What cannot be resolved is skipped and counted, never fatal.
//
// Duplicates, the same key registered twice (within a file or across the source's
// files), are kept once (the first) and counted; so are repeated memberships.
#include <absl/container/flat_hash_map.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/estate.hpp"
#include "importers/import_report.hpp"
#include "importers/source_context.hpp"

namespace accessgraph::importers {

class SourceBuilder {
 public:
  // `system` is the estate index of the source's system; ids are qualified by `system_id`.
  SourceBuilder(Estate& estate, SourceReport& report, Index source, Index system, std::string_view system_id);
  // The builder of the source `context` reads, on its configured system.
  explicit SourceBuilder(const SourceContext& context)
      : SourceBuilder(context.estate, context.report, context.source, context.system, context.config.system) {}

  // Keys are told apart by a 128-bit hash of their text (XXH3), so a lookup touches the
  // table only, not the text: at millions of DNs the text comparison was a cache miss
  // per member. Extraction threads compute digests; the builder only looks them up.
  struct KeyDigest {
    std::uint64_t low = 0, high = 0;
    friend bool operator==(const KeyDigest&, const KeyDigest&) = default;
  };
  static KeyDigest digest(std::string_view native_key);

  // The key's number, interned on first use. Its text is kept when first met with
  // `remember` (a reference, whose text the report shows if it does not resolve).
  Index key(std::string_view native_key, bool remember = true) { return key(digest(native_key), native_key, remember); }
  Index key(const KeyDigest& digest, std::string_view native_key, bool remember = true);
  std::string_view key_text(Index key) const { return keys_[key].text; }

  // A new account or group under `key`, with id SYSTEM:native_id. nullopt (and one
  // duplicate counted) when the key is taken. The record's strings need not be stored.
  std::optional<Index> add_account(Index key, std::string_view native_id, AccountRecord record);
  std::optional<Index> add_group(Index key, std::string_view native_id, GroupRecord record);
  // `alias_key` names the same object as `key` (which must name one already): an
  // entry's objectSid beside its DN, a posix uid beside its DN.
  void add_alias(Index alias_key, Index key);
  // An object that was read but is not imported (a contact, an OU): references to it
  // are counted as "member (WHAT) not imported" rather than "member not found", with
  // `text` as the example.
  void add_other(Index key, std::string_view what, std::string_view text);

  // The account's own identity (a machine's, or a person's when the source's people
  // are identities), with the account's id. The record's strings need not be stored.
  Index add_own_identity(Index account, IdentityRecord record);

  // `member_key` is a member of `group_key`. A back-link (a user's memberOf, a SCIM
  // user's groups) states the same fact from the member's side: when the group also
  // lists the member, the two are one membership, not a duplicate.
  void add_member(Index group_key, Index member_key, bool back_link = false);
  // The identity's manager is the person behind the account under `manager_key`.
  void add_manager(Index identity, Index manager_key);
  void add_group_owner(Index group, Index owner_key);
  // The account or group under `holder_key` is granted `entitlement` (an app role
  // assignment naming its principal by id).
  void add_grant(Index holder_key, Index entitlement, Date granted_at);

  // Sizes the tables for a source of about this many bytes, so that they do not grow
  // (and copy themselves) a dozen times on a multi-gigabyte export. Only a hint.
  void expect_bytes(std::uint64_t source_bytes);

  // Resolves every reference, counts what could not be, appends the edges. Call once.
  void finish();

 private:
  enum class ObjectKind : std::uint8_t { kNone, kAccount, kGroup, kOther };
  struct Key {
    std::string_view text;
    ObjectKind kind = ObjectKind::kNone;
    Index object = kNoIndex;  // account, group, or index into others_
  };
  struct Reference {
    Index from;  // group key (members), identity (managers), group (owners)
    Index to;    // a key
    bool back_link = false;
  };
  bool claim(Index key, ObjectKind kind, Index object, std::string_view native_id);
  std::string unresolved_reason(const Key& key, std::string_view role) const;

  Estate& estate_;
  SourceReport& report_;
  Index source_, system_;
  std::string system_id_;
  struct DigestHash {
    std::size_t operator()(const KeyDigest& digest) const { return digest.low; }  // already uniform
  };
  StringArena key_arena_;
  absl::flat_hash_map<KeyDigest, Index, DigestHash> key_index_;
  std::vector<Key> keys_;
  std::vector<std::string> others_;
  struct PendingGrant {
    Index holder_key, entitlement;
    Date granted_at;
  };
  std::vector<Reference> members_, managers_, owners_;
  std::vector<PendingGrant> grants_;
};

}  // namespace accessgraph::importers
