#include "importers/ldif_source.hpp"

#include <absl/container/flat_hash_map.h>

#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "importers/batch_arena.hpp"
#include "importers/dn.hpp"
#include "importers/identity_words.hpp"
#include "importers/json_attributes.hpp"
#include "importers/ldif_reader.hpp"
#include "importers/ordered_pipeline.hpp"
#include "importers/privileged_groups.hpp"
#include "importers/security_identifier.hpp"
#include "importers/source_builder.hpp"
#include "importers/source_dates.hpp"
#include "importers/utf8_text.hpp"

namespace accessgraph::importers {
namespace {

// The attributes the mapping reads. Others are kept only when a correlation rule names them.
// clang-format off
enum class Attribute : std::uint8_t {
  kOther, kObjectClass, kSamAccountName, kUid, kUserPrincipalName, kCn, kDisplayName, kMail, kEmployeeId,
  kEmployeeNumber, kEmployeeType, kDepartment, kTitle, kLocality, kOffice, kManager, kMember, kUniqueMember,
  kMemberUid, kMemberOf, kUserAccountControl, kLastLogonTimestamp, kLastLogon, kAuthTimestamp, kWhenCreated,
  kCreateTimestamp, kAdminCount, kObjectSid, kNsAccountLock, kPwdAccountLockedTime, kAccountExpires,
  kManagedBy, kOwner, kPrimaryGroupId, kIsDeleted
};
// clang-format on

const absl::flat_hash_map<std::string, Attribute>& attribute_table() {
  static const absl::flat_hash_map<std::string, Attribute> table = {
      {"objectclass", Attribute::kObjectClass},
      {"samaccountname", Attribute::kSamAccountName},
      {"uid", Attribute::kUid},
      {"userprincipalname", Attribute::kUserPrincipalName},
      {"cn", Attribute::kCn},
      {"displayname", Attribute::kDisplayName},
      {"mail", Attribute::kMail},
      {"employeeid", Attribute::kEmployeeId},
      {"employeenumber", Attribute::kEmployeeNumber},
      {"employeetype", Attribute::kEmployeeType},
      {"department", Attribute::kDepartment},
      {"title", Attribute::kTitle},
      {"l", Attribute::kLocality},
      {"physicaldeliveryofficename", Attribute::kOffice},
      {"manager", Attribute::kManager},
      {"member", Attribute::kMember},
      {"uniquemember", Attribute::kUniqueMember},
      {"memberuid", Attribute::kMemberUid},
      {"memberof", Attribute::kMemberOf},
      {"useraccountcontrol", Attribute::kUserAccountControl},
      {"lastlogontimestamp", Attribute::kLastLogonTimestamp},
      {"lastlogon", Attribute::kLastLogon},
      {"authtimestamp", Attribute::kAuthTimestamp},
      {"whencreated", Attribute::kWhenCreated},
      {"createtimestamp", Attribute::kCreateTimestamp},
      {"admincount", Attribute::kAdminCount},
      {"objectsid", Attribute::kObjectSid},
      {"nsaccountlock", Attribute::kNsAccountLock},
      {"pwdaccountlockedtime", Attribute::kPwdAccountLockedTime},
      {"accountexpires", Attribute::kAccountExpires},
      {"managedby", Attribute::kManagedBy},
      {"owner", Attribute::kOwner},
      {"primarygroupid", Attribute::kPrimaryGroupId},
      {"isdeleted", Attribute::kIsDeleted},
  };
  return table;
}

enum class EntryKind : std::uint8_t { kOther, kPerson, kMachine, kGroup, kContact };

std::optional<std::int64_t> integer(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool is_true(std::string_view text) { return equals_ignoring_case(text, "true") || text == "1"; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// uniqueMember is "DN [# 'bits'B]" (RFC 4519 nameAndOptionalUID): the DN part.
std::string_view without_unique_id(std::string_view value) {
  std::size_t hash = value.rfind("#'");
  if (hash != std::string_view::npos && value.size() >= 2 && value.substr(value.size() - 2) == "'B")
    return value.substr(0, hash);
  return value;
}

// A key: its digest (computed while extracting, on any thread) and its text (for the report).
struct KeyRef {
  SourceBuilder::KeyDigest digest;
  std::string_view text;
  bool present() const { return !text.empty(); }
};

// A run of a batch's refs, values or texts.
struct Span {
  std::uint32_t begin = 0, size = 0;
};

// One entry, extracted: what the estate needs of it, nothing else.
struct LdifEntry {
  EntryKind kind = EntryKind::kOther;
  bool deleted = false;
  std::string_view dn, native_id, username, object_class;
  KeyRef key;
  AccountStatus status = AccountStatus::kEnabled;
  Date created, last_used, account_expires;
  bool admin_count = false;
  std::string_view display_name, department, title, location, employee_type, group_name;
  bool privileged_group = false;
  KeyRef manager, owner, primary_group;
  Span members, member_of, aliases;  // refs
  Span values;                       // account correlation values
  Span mails, employee_ids;          // texts: the identity's correlation values
  std::uint32_t url_values = 0;
  std::string_view url_example;
};

struct LdifBatch {
  ChunkBuffer text;
  std::uint64_t first_line = 1;
  bool file_start = false;
  BatchArena arena;
  std::vector<LdifEntry> entries;
  std::vector<KeyRef> refs;
  AttributeValues values;
  std::vector<std::string_view> texts;
  std::exception_ptr error, produce_error;

  void clear() {
    text.clear();
    arena.reset();
    entries.clear();
    refs.clear();
    values.clear();
    texts.clear();
    error = produce_error = nullptr;
  }
};

// Turns one record into an LdifEntry (any thread): classification, the mapping's
// attributes, normalised and hashed DNs, UTF-8 repaired text.
class LdifExtractor {
 public:
  LdifExtractor(const SourceConfig& config, const std::vector<std::string>& attribute_names, LdifBatch& batch)
      : config_(config), attribute_names_(attribute_names), batch_(batch) {}

  void extract(const LdifRecord& record) {
    reset();
    for (const LdifAttribute& attribute : record.attributes) collect(attribute);
    LdifEntry& entry = batch_.entries.emplace_back();
    entry.kind = kind_;
    entry.deleted = is_true(is_deleted_);
    entry.url_values = url_values_;
    entry.url_example = url_example_;
    entry.dn = keep(record.dn);
    entry.object_class = keep(object_class_);
    entry.key = key_of_dn(record.dn);
    if (entry.deleted || kind_ == EntryKind::kOther || kind_ == EntryKind::kContact) return;
    entry.native_id = kept_text(trimmed(record.dn));
    entry.member_of = refs_of_dns(member_of_);
    auto sid = object_sid();
    if (kind_ == EntryKind::kGroup)
      extract_group(entry, sid);
    else
      extract_account(entry, sid);
  }

 private:
  void reset() {
    kind_ = EntryKind::kOther;
    object_class_ = sam_account_name_ = uid_ = user_principal_name_ = cn_ = display_name_ = employee_type_ = {};
    department_ = title_ = locality_ = office_ = manager_ = user_account_control_ = admin_count_ = object_sid_ = {};
    ns_account_lock_ = pwd_account_locked_time_ = account_expires_ = managed_by_ = owner_ = primary_group_id_ = {};
    is_deleted_ = url_example_ = {};
    created_ = last_used_ = Date();
    url_values_ = 0;
    for (auto* list : {&mails_, &employee_ids_, &employee_numbers_, &uids_, &members_, &member_uids_, &member_of_})
      list->clear();
    correlation_.clear();
  }

  std::string_view keep(std::string_view text) { return batch_.arena.store(text); }
  // Text that goes into the bundle must be UTF-8; LDIF values may be anything.
  std::string_view kept_text(std::string_view text) {
    return loaders::find_invalid_utf8(text) ? keep(repaired_utf8(text)) : keep(text);
  }

  KeyRef key_of(std::string_view text) {
    std::string_view stored = keep(text);
    return {SourceBuilder::digest(stored), stored};
  }
  KeyRef key_of_dn(std::string_view dn) {
    normalise_dn(dn, normalised_);
    return key_of(normalised_);
  }
  Span refs_of_dns(const std::vector<std::string_view>& dns) {
    Span span{static_cast<std::uint32_t>(batch_.refs.size()), static_cast<std::uint32_t>(dns.size())};
    for (std::string_view dn : dns) batch_.refs.push_back(key_of_dn(dn));
    return span;
  }
  Span texts(const std::vector<std::string_view>& values) {
    Span span{static_cast<std::uint32_t>(batch_.texts.size()), static_cast<std::uint32_t>(values.size())};
    for (std::string_view value : values) batch_.texts.push_back(keep(value));
    return span;
  }

  void classify(std::string_view object_class) {
    object_class_ = object_class;
    auto is = [&](std::string_view name) { return equals_ignoring_case(object_class, name); };
    if (is("group") || is("groupOfNames") || is("groupOfUniqueNames") || is("posixGroup") || is("groupOfMembers")) {
      kind_ = EntryKind::kGroup;
    } else if (kind_ == EntryKind::kGroup) {
      return;  // a group that is also something else is a group
    } else if (is("computer") || is("msDS-ManagedServiceAccount") || is("msDS-GroupManagedServiceAccount")) {
      kind_ = EntryKind::kMachine;
    } else if (kind_ == EntryKind::kMachine) {
      return;
    } else if (is("contact")) {
      kind_ = EntryKind::kContact;
    } else if (kind_ == EntryKind::kContact) {
      return;
    } else if (is("user") || is("person") || is("organizationalPerson") || is("inetOrgPerson") || is("posixAccount") ||
               is("account") || is("shadowAccount")) {
      kind_ = EntryKind::kPerson;
    }
  }

  void keep_latest_use(Date date) {
    if (date.present() && (!last_used_.present() || date > last_used_)) last_used_ = date;
  }

  void collect(const LdifAttribute& attribute) {
    if (attribute.url) {
      if (url_values_++ == 0) url_example_ = attribute.type;
      return;
    }
    lowered_.assign(attribute.type);
    for (char& c : lowered_) c = c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
    for (std::size_t slot = 0; slot < attribute_names_.size(); ++slot)
      if (attribute_names_[slot] == lowered_)
        correlation_.emplace_back(static_cast<std::uint16_t>(slot), attribute.value);
    auto found = attribute_table().find(lowered_);
    if (found == attribute_table().end()) return;
    std::string_view value = attribute.value;
    auto first = [&](std::string_view& field) {
      if (field.empty()) field = value;
    };
    switch (found->second) {
      case Attribute::kObjectClass:
        classify(trimmed(value));
        break;
      case Attribute::kSamAccountName:
        first(sam_account_name_);
        break;
      case Attribute::kUid:
        first(uid_);
        uids_.push_back(value);
        break;
      case Attribute::kUserPrincipalName:
        first(user_principal_name_);
        break;
      case Attribute::kCn:
        first(cn_);
        break;
      case Attribute::kDisplayName:
        first(display_name_);
        break;
      case Attribute::kMail:
        mails_.push_back(value);
        break;
      case Attribute::kEmployeeId:
        employee_ids_.push_back(value);
        break;
      case Attribute::kEmployeeNumber:
        employee_numbers_.push_back(value);
        break;
      case Attribute::kEmployeeType:
        first(employee_type_);
        break;
      case Attribute::kDepartment:
        first(department_);
        break;
      case Attribute::kTitle:
        first(title_);
        break;
      case Attribute::kLocality:
        first(locality_);
        break;
      case Attribute::kOffice:
        first(office_);
        break;
      case Attribute::kManager:
        first(manager_);
        break;
      case Attribute::kMember:
        members_.push_back(value);
        break;
      case Attribute::kUniqueMember:
        members_.push_back(without_unique_id(value));
        break;
      case Attribute::kMemberUid:
        member_uids_.push_back(value);
        break;
      case Attribute::kMemberOf:
        member_of_.push_back(value);
        break;
      case Attribute::kUserAccountControl:
        first(user_account_control_);
        break;
      case Attribute::kLastLogonTimestamp:
      case Attribute::kLastLogon:
        if (auto ticks = integer(value)) keep_latest_use(date_from_filetime(*ticks));
        break;
      case Attribute::kAuthTimestamp:
        keep_latest_use(date_from_generalized_time(value));
        break;
      case Attribute::kWhenCreated:
      case Attribute::kCreateTimestamp:
        if (!created_.present()) created_ = date_from_generalized_time(value);
        break;
      case Attribute::kAdminCount:
        first(admin_count_);
        break;
      case Attribute::kObjectSid:
        first(object_sid_);
        break;
      case Attribute::kNsAccountLock:
        first(ns_account_lock_);
        break;
      case Attribute::kPwdAccountLockedTime:
        first(pwd_account_locked_time_);
        break;
      case Attribute::kAccountExpires:
        first(account_expires_);
        break;
      case Attribute::kManagedBy:
        first(managed_by_);
        break;
      case Attribute::kOwner:
        first(owner_);
        break;
      case Attribute::kPrimaryGroupId:
        first(primary_group_id_);
        break;
      case Attribute::kIsDeleted:
        first(is_deleted_);
        break;
      case Attribute::kOther:
        break;
    }
  }

  // The text form of objectSid: ldifde writes it base64 (binary), some tools as text.
  std::optional<std::string> object_sid() const {
    if (object_sid_.empty()) return std::nullopt;
    if (object_sid_.substr(0, 4) == "S-1-") return std::string(object_sid_);
    return sid_from_bytes(object_sid_);
  }

  void extract_account(LdifEntry& entry, const std::optional<std::string>& sid) {
    std::string_view name;
    for (std::string_view candidate : {sam_account_name_, uid_, user_principal_name_, cn_})
      if (!candidate.empty()) {
        name = candidate;
        break;
      }
    entry.username = name.empty() ? keep(first_rdn_value(entry.native_id)) : kept_text(name);
    auto control = integer(user_account_control_);
    bool disabled = (control && (*control & 0x2)) || is_true(ns_account_lock_) || !pwd_account_locked_time_.empty();
    entry.status = disabled ? AccountStatus::kDisabled : AccountStatus::kEnabled;
    entry.created = created_;
    entry.last_used = last_used_;
    entry.admin_count = integer(admin_count_).value_or(0) == 1;

    std::size_t first_alias = batch_.refs.size();
    if (sid) batch_.refs.push_back(key_of("sid:" + *sid));
    for (std::string_view uid : uids_)
      if (!uid.empty()) batch_.refs.push_back(key_of("uid:" + lower_ascii(uid)));
    entry.aliases = {static_cast<std::uint32_t>(first_alias),
                     static_cast<std::uint32_t>(batch_.refs.size() - first_alias)};

    // Correlation: the attributes rules name, then the canonical names of docs/importers.md.
    Span values{static_cast<std::uint32_t>(batch_.values.size()), 0};
    AttributeCollector collector(attribute_names_, batch_.arena, batch_.values);
    std::uint64_t named = 0;
    for (const auto& [slot, value] : correlation_) {
      collector.add(slot, value);
      if (slot < 64) named |= std::uint64_t{1} << slot;
    }
    auto canonical = [&](std::string_view canonical_name, std::string_view value) {
      for (std::size_t slot = 0; slot < attribute_names_.size(); ++slot)
        if (attribute_names_[slot] == canonical_name && !(slot < 64 && (named >> slot & 1)))
          collector.add(static_cast<std::uint16_t>(slot), value);
    };
    for (std::string_view value : employee_numbers_) canonical("employeeid", value);
    for (std::string_view value : mails_) canonical("email", value);
    canonical("username", entry.username);
    values.size = static_cast<std::uint32_t>(batch_.values.size() - values.begin);
    entry.values = values;

    bool machine = kind_ == EntryKind::kMachine;
    if (config_.primary_groups && sid)
      if (auto rid = integer(primary_group_id_))
        entry.primary_group = key_of("sid:" + sid->substr(0, sid->rfind('-')) + "-" + std::to_string(*rid));
    if (!machine && !config_.identities) return;
    entry.display_name = kept_text(!display_name_.empty() ? display_name_ : cn_);
    entry.department = kept_text(department_);
    entry.title = kept_text(title_);
    entry.location = kept_text(!locality_.empty() ? locality_ : office_);
    entry.employee_type = keep(employee_type_);
    if (auto expires = integer(account_expires_)) entry.account_expires = date_from_filetime(*expires);
    entry.mails = texts(mails_);
    entry.employee_ids = texts(!employee_ids_.empty() ? employee_ids_ : employee_numbers_);
    if (!manager_.empty()) entry.manager = key_of_dn(manager_);
  }

  void extract_group(LdifEntry& entry, const std::optional<std::string>& sid) {
    std::string_view name = !cn_.empty() ? cn_ : sam_account_name_;
    entry.group_name = name.empty() ? keep(first_rdn_value(entry.native_id)) : kept_text(name);
    entry.privileged_group =
        integer(admin_count_).value_or(0) == 1 || is_privileged_group(entry.group_name, sid.value_or(""));
    std::size_t first_alias = batch_.refs.size();
    if (sid) batch_.refs.push_back(key_of("sid:" + *sid));
    entry.aliases = {static_cast<std::uint32_t>(first_alias),
                     static_cast<std::uint32_t>(batch_.refs.size() - first_alias)};
    std::size_t first_member = batch_.refs.size();
    for (std::string_view member : members_) batch_.refs.push_back(key_of_dn(member));
    for (std::string_view uid : member_uids_)  // posixGroup: members by uid, not DN
      if (!uid.empty()) batch_.refs.push_back(key_of("uid:" + lower_ascii(uid)));
    entry.members = {static_cast<std::uint32_t>(first_member),
                     static_cast<std::uint32_t>(batch_.refs.size() - first_member)};
    std::string_view owner = !managed_by_.empty() ? managed_by_ : owner_;
    if (!owner.empty()) entry.owner = key_of_dn(owner);
  }

  const SourceConfig& config_;
  const std::vector<std::string>& attribute_names_;
  LdifBatch& batch_;
  EntryKind kind_ = EntryKind::kOther;
  std::string_view object_class_, sam_account_name_, uid_, user_principal_name_, cn_, display_name_, employee_type_,
      department_, title_, locality_, office_, manager_, user_account_control_, admin_count_, object_sid_,
      ns_account_lock_, pwd_account_locked_time_, account_expires_, managed_by_, owner_, primary_group_id_, is_deleted_,
      url_example_;
  Date created_, last_used_;
  std::uint32_t url_values_ = 0;
  std::vector<std::string_view> mails_, employee_ids_, employee_numbers_, uids_, members_, member_uids_, member_of_;
  std::vector<std::pair<std::uint16_t, std::string_view>> correlation_;
  std::string lowered_, normalised_;
};

// Applies extracted entries to the estate, in file order.
class LdifApplier {
 public:
  explicit LdifApplier(const SourceContext& context)
      : context_(context),
        builder_(context) {}

  void apply(const LdifBatch& batch) {
    for (const LdifEntry& entry : batch.entries) apply(batch, entry);
  }
  void expect_bytes(std::uint64_t bytes) { builder_.expect_bytes(bytes); }
  void finish() { builder_.finish(); }

 private:
  Index key(const KeyRef& ref, bool remember = true) { return builder_.key(ref.digest, ref.text, remember); }

  void apply(const LdifBatch& batch, const LdifEntry& entry) {
    SourceReport& report = context_.report;
    report.count_read("entries");
    if (entry.url_values > 0) report.skip("URL value not read (attr:<)", entry.url_example, entry.url_values);
    if (entry.deleted) {
      report.skip("deleted entry (isDeleted)", entry.dn);
      return;
    }
    Index own_key = key(entry.key, false);
    switch (entry.kind) {
      case EntryKind::kPerson:
        report.count_read("users");
        apply_account(batch, entry, own_key);
        break;
      case EntryKind::kMachine:
        report.count_read("computers");
        apply_account(batch, entry, own_key);
        break;
      case EntryKind::kGroup:
        report.count_read("groups");
        apply_group(batch, entry, own_key);
        break;
      case EntryKind::kContact:
        builder_.add_other(own_key, "contact", entry.key.text);
        report.skip("not a user, computer or group (contact)", entry.dn);
        return;
      case EntryKind::kOther: {
        std::string what = entry.object_class.empty() ? "entry without objectClass" : std::string(entry.object_class);
        builder_.add_other(own_key, what, entry.key.text);
        report.skip("not a user, computer or group (" + what + ")", entry.dn);
        return;
      }
    }
    for (std::uint32_t i = 0; i < entry.member_of.size; ++i)
      builder_.add_member(key(batch.refs[entry.member_of.begin + i]), own_key, true);
  }

  void apply_account(const LdifBatch& batch, const LdifEntry& entry, Index own_key) {
    AccountRecord account;
    account.username = entry.username;
    account.status = entry.status;
    account.created = entry.created;
    account.last_used = entry.last_used;
    account.privileged = entry.admin_count;
    auto index = builder_.add_account(own_key, entry.native_id, account);
    if (!index) return;
    for (std::uint32_t i = 0; i < entry.aliases.size; ++i)
      builder_.add_alias(key(batch.refs[entry.aliases.begin + i], false), own_key);
    Estate& estate = context_.estate;
    for (std::uint32_t i = 0; i < entry.values.size; ++i) {
      const auto& [slot, value] = batch.values[entry.values.begin + i];
      estate.add_account_value(*index, slot, value);
    }
    if (entry.primary_group.present()) {
      builder_.add_member(key(entry.primary_group), own_key);
      context_.report.count_imported("primary group memberships");
    }
    bool machine = entry.kind == EntryKind::kMachine;
    if (!machine && !context_.config.identities) return;
    IdentityRecord identity;
    identity.display_name = entry.display_name;
    identity.department = entry.department;
    identity.title = entry.title;
    identity.location = entry.location;
    identity.kind =
        machine ? IdentityKind::kService : kind_from_word(entry.employee_type).value_or(IdentityKind::kEmployee);
    // A directory has no HR status: a disabled account is taken as a person gone.
    identity.status = entry.status == AccountStatus::kEnabled ? IdentityStatus::kActive : IdentityStatus::kTerminated;
    identity.termination_date = entry.account_expires;
    Index own = builder_.add_own_identity(*index, identity);
    if (own == kNoIndex) return;
    if (auto slot = estate.identity_attribute("id")) estate.add_identity_value(own, *slot, estate.identities[own].id);
    for (std::uint32_t i = 0; i < entry.mails.size; ++i)
      estate.add_identity_value(own, "email", batch.texts[entry.mails.begin + i]);
    for (std::uint32_t i = 0; i < entry.employee_ids.size; ++i)
      estate.add_identity_value(own, "employee_id", batch.texts[entry.employee_ids.begin + i]);
    if (entry.manager.present()) builder_.add_manager(own, key(entry.manager));
  }

  void apply_group(const LdifBatch& batch, const LdifEntry& entry, Index own_key) {
    GroupRecord group;
    group.name = entry.group_name;
    if (entry.privileged_group) group.sensitivity = kPrivilegedSensitivity;
    auto index = builder_.add_group(own_key, entry.native_id, group);
    if (!index) return;
    for (std::uint32_t i = 0; i < entry.aliases.size; ++i)
      builder_.add_alias(key(batch.refs[entry.aliases.begin + i], false), own_key);
    for (std::uint32_t i = 0; i < entry.members.size; ++i)
      builder_.add_member(own_key, key(batch.refs[entry.members.begin + i]));
    if (entry.owner.present()) builder_.add_group_owner(*index, key(entry.owner));
  }

  const SourceContext& context_;
  SourceBuilder builder_;
};

void read_ldif_file(const SourceContext& context, const SourceFile& file, LdifApplier& applier) {
  LdifChunker chunker(file);
  bool file_start = true;
  run_ordered_pipeline<LdifBatch>(
      kBatchesInFlight,
      [&](LdifBatch& batch) {
        batch.first_line = chunker.next_line();
        batch.file_start = file_start;
        file_start = false;
        return chunker.next(batch.text, kBatchBytes);
      },
      [&](LdifBatch& batch) {
        LdifParser parser;
        LdifExtractor extractor(context.config, context.estate.account_attribute_names(), batch);
        parser.parse(batch.text.view(), batch.first_line, batch.file_start, file.label, batch.arena,
                     [&](const LdifRecord& record) { extractor.extract(record); });
      },
      [&](LdifBatch& batch) { applier.apply(batch); });
}

}  // namespace

void import_ldif(const SourceContext& context) {
  LdifApplier applier(context);
  auto files = source_files(context.config.path, context.config.path.lexically_normal().string(), {".ldif", ".ldf"});
  applier.expect_bytes(total_bytes(files));
  for (const SourceFile& file : files) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    read_ldif_file(context, file, applier);
  }
  applier.finish();
}

}  // namespace accessgraph::importers
