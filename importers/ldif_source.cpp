#include "importers/ldif_source.hpp"

#include <absl/container/flat_hash_map.h>

#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "importers/dn.hpp"
#include "importers/identity_words.hpp"
#include "importers/ldif_reader.hpp"
#include "importers/privileged_groups.hpp"
#include "importers/security_identifier.hpp"
#include "importers/source_builder.hpp"
#include "importers/source_dates.hpp"
#include "importers/utf8_text.hpp"

namespace accessgraph::importers {
namespace {

// The attributes the mapping reads. Others are kept only when a correlation rule names them.
enum class Attribute : std::uint8_t {
  kOther, kObjectClass, kSamAccountName, kUid, kUserPrincipalName, kCn, kDisplayName, kMail, kEmployeeId,
  kEmployeeNumber, kEmployeeType, kDepartment, kTitle, kLocality, kOffice, kManager, kMember, kUniqueMember,
  kMemberUid, kMemberOf, kUserAccountControl, kLastLogonTimestamp, kLastLogon, kAuthTimestamp, kWhenCreated,
  kCreateTimestamp, kAdminCount, kObjectSid, kNsAccountLock, kPwdAccountLockedTime, kAccountExpires,
  kManagedBy, kOwner, kPrimaryGroupId, kIsDeleted
};

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

// One entry's values of the attributes the mapping reads (views valid for the record).
struct Entry {
  struct Values {  // single-valued: the first value wins
    EntryKind kind = EntryKind::kOther;
    std::string_view most_specific_class;
    std::string_view sam_account_name, uid, user_principal_name, cn, display_name, employee_type, department, title,
        locality, office, manager, user_account_control, admin_count, object_sid, ns_account_lock,
        pwd_account_locked_time, account_expires, managed_by, owner, primary_group_id, is_deleted;
    Date created, last_used;
  } one;
  std::vector<std::string_view> mails, employee_ids, employee_numbers, uids, members, member_uids, member_of;
  std::vector<std::pair<std::uint16_t, std::string_view>> correlation;  // values of attributes rules name

  // Ready for the next entry; the lists keep their capacity (no allocation per entry).
  void clear() {
    one = Values{};
    for (auto* list : {&mails, &employee_ids, &employee_numbers, &uids, &members, &member_uids, &member_of})
      list->clear();
    correlation.clear();
  }
  void keep_latest_use(Date date) {
    if (date.present() && (!one.last_used.present() || date > one.last_used)) one.last_used = date;
  }
};

class LdifImporter {
 public:
  explicit LdifImporter(const SourceContext& context)
      : context_(context),
        builder_(context.estate, context.report, context.source, context.system, context.config.system) {}

  void read_file(const SourceFile& file) {
    LdifReader reader(file);
    reader.read([&](const LdifRecord& record) { on_record(record); });
  }

  void finish() { builder_.finish(); }

 private:
  void on_record(const LdifRecord& record) {
    SourceReport& report = context_.report;
    report.count_read("entries");
    entry_.clear();
    for (const LdifAttribute& attribute : record.attributes) collect(attribute);
    if (is_true(entry_.one.is_deleted)) {
      report.skip("deleted entry (isDeleted)", record.dn);
      return;
    }
    normalise_dn(record.dn, dn_key_);
    Index key = builder_.key(dn_key_, false);
    std::string native_id = repaired_utf8(trimmed(record.dn));
    switch (entry_.one.kind) {
      case EntryKind::kPerson:
        report.count_read("users");
        add_account(key, native_id);
        break;
      case EntryKind::kMachine:
        report.count_read("computers");
        add_account(key, native_id);
        break;
      case EntryKind::kGroup:
        report.count_read("groups");
        add_group(key, native_id);
        break;
      case EntryKind::kContact:
        builder_.add_other(key, "contact");
        report.skip("not a user, computer or group (contact)", record.dn);
        break;
      case EntryKind::kOther: {
        std::string what = entry_.one.most_specific_class.empty() ? std::string("entry without objectClass")
                                                              : std::string(entry_.one.most_specific_class);
        builder_.add_other(key, what);
        report.skip("not a user, computer or group (" + what + ")", record.dn);
        break;
      }
    }
    for (std::string_view group_dn : entry_.member_of) builder_.add_member(dn_key(group_dn), key, true);
  }

  static std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
  }

  Index dn_key(std::string_view dn) {
    normalise_dn(dn, scratch_key_);
    return builder_.key(scratch_key_);
  }

  void classify(std::string_view object_class) {
    entry_.one.most_specific_class = object_class;
    auto is = [&](std::string_view name) { return equals_ignoring_case(object_class, name); };
    if (is("group") || is("groupOfNames") || is("groupOfUniqueNames") || is("posixGroup") || is("groupOfMembers")) {
      entry_.one.kind = EntryKind::kGroup;
    } else if (entry_.one.kind == EntryKind::kGroup) {
      return;  // a group that is also something else is a group
    } else if (is("computer") || is("msDS-ManagedServiceAccount") || is("msDS-GroupManagedServiceAccount")) {
      entry_.one.kind = EntryKind::kMachine;
    } else if (entry_.one.kind == EntryKind::kMachine) {
      return;
    } else if (is("contact")) {
      entry_.one.kind = EntryKind::kContact;
    } else if (entry_.one.kind == EntryKind::kContact) {
      return;
    } else if (is("user") || is("person") || is("organizationalPerson") || is("inetOrgPerson") ||
               is("posixAccount") || is("account") || is("shadowAccount")) {
      entry_.one.kind = EntryKind::kPerson;
    }
  }

  void collect(const LdifAttribute& attribute) {
    if (attribute.url) {
      context_.report.skip("URL value not read (attr:<)", attribute.type);
      return;
    }
    lowered_type_.assign(attribute.type);
    for (char& c : lowered_type_) c = c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
    if (auto slot = context_.estate.account_attribute(lowered_type_))
      entry_.correlation.emplace_back(*slot, attribute.value);
    auto found = attribute_table().find(lowered_type_);
    if (found == attribute_table().end()) return;
    std::string_view value = attribute.value;
    auto first = [&](std::string_view& field) {
      if (field.empty()) field = value;
    };
    switch (found->second) {
      case Attribute::kObjectClass: classify(trimmed(value)); break;
      case Attribute::kSamAccountName: first(entry_.one.sam_account_name); break;
      case Attribute::kUid:
        first(entry_.one.uid);
        entry_.uids.push_back(value);
        break;
      case Attribute::kUserPrincipalName: first(entry_.one.user_principal_name); break;
      case Attribute::kCn: first(entry_.one.cn); break;
      case Attribute::kDisplayName: first(entry_.one.display_name); break;
      case Attribute::kMail: entry_.mails.push_back(value); break;
      case Attribute::kEmployeeId: entry_.employee_ids.push_back(value); break;
      case Attribute::kEmployeeNumber: entry_.employee_numbers.push_back(value); break;
      case Attribute::kEmployeeType: first(entry_.one.employee_type); break;
      case Attribute::kDepartment: first(entry_.one.department); break;
      case Attribute::kTitle: first(entry_.one.title); break;
      case Attribute::kLocality: first(entry_.one.locality); break;
      case Attribute::kOffice: first(entry_.one.office); break;
      case Attribute::kManager: first(entry_.one.manager); break;
      case Attribute::kMember: entry_.members.push_back(value); break;
      case Attribute::kUniqueMember: entry_.members.push_back(without_unique_id(value)); break;
      case Attribute::kMemberUid: entry_.member_uids.push_back(value); break;
      case Attribute::kMemberOf: entry_.member_of.push_back(value); break;
      case Attribute::kUserAccountControl: first(entry_.one.user_account_control); break;
      case Attribute::kLastLogonTimestamp:
      case Attribute::kLastLogon:
        if (auto ticks = integer(value)) entry_.keep_latest_use(date_from_filetime(*ticks));
        break;
      case Attribute::kAuthTimestamp: entry_.keep_latest_use(date_from_generalized_time(value)); break;
      case Attribute::kWhenCreated:
      case Attribute::kCreateTimestamp:
        if (!entry_.one.created.present()) entry_.one.created = date_from_generalized_time(value);
        break;
      case Attribute::kAdminCount: first(entry_.one.admin_count); break;
      case Attribute::kObjectSid: first(entry_.one.object_sid); break;
      case Attribute::kNsAccountLock: first(entry_.one.ns_account_lock); break;
      case Attribute::kPwdAccountLockedTime: first(entry_.one.pwd_account_locked_time); break;
      case Attribute::kAccountExpires: first(entry_.one.account_expires); break;
      case Attribute::kManagedBy: first(entry_.one.managed_by); break;
      case Attribute::kOwner: first(entry_.one.owner); break;
      case Attribute::kPrimaryGroupId: first(entry_.one.primary_group_id); break;
      case Attribute::kIsDeleted: first(entry_.one.is_deleted); break;
      case Attribute::kOther: break;
    }
  }

  // uniqueMember is "DN [# 'bits'B]" (RFC 4519 nameAndOptionalUID): the DN part.
  static std::string_view without_unique_id(std::string_view value) {
    std::size_t hash = value.rfind("#'");
    if (hash != std::string_view::npos && value.size() >= 2 && value.substr(value.size() - 2) == "'B")
      return value.substr(0, hash);
    return value;
  }

  // The text form of objectSid: ldifde writes it base64 (binary), some tools as text.
  std::optional<std::string> entry_sid() const {
    if (entry_.one.object_sid.empty()) return std::nullopt;
    if (entry_.one.object_sid.substr(0, 4) == "S-1-") return std::string(entry_.one.object_sid);
    return sid_from_bytes(entry_.one.object_sid);
  }

  std::string_view username() const {
    for (std::string_view name : {entry_.one.sam_account_name, entry_.one.uid, entry_.one.user_principal_name, entry_.one.cn})
      if (!name.empty()) return name;
    return {};
  }

  bool disabled() const {
    if (auto control = integer(entry_.one.user_account_control); control && (*control & 0x2)) return true;
    return is_true(entry_.one.ns_account_lock) || !entry_.one.pwd_account_locked_time.empty();
  }

  void add_account(Index key, const std::string& native_id) {
    AccountRecord account;
    std::string name = repaired_utf8(username());
    if (name.empty()) name = first_rdn_value(native_id);
    account.username = name;
    account.status = disabled() ? AccountStatus::kDisabled : AccountStatus::kEnabled;
    account.created = entry_.one.created;
    account.last_used = entry_.one.last_used;
    account.privileged = integer(entry_.one.admin_count).value_or(0) == 1;
    auto index = builder_.add_account(key, native_id, account);
    if (!index) return;
    bool machine = entry_.one.kind == EntryKind::kMachine;
    register_aliases(key);
    add_correlation_values(*index, name);
    if (machine || context_.config.identities) add_identity(*index, machine);
    if (context_.config.primary_groups) add_primary_group(key);
  }

  void register_aliases(Index key) {
    if (auto sid = entry_sid()) builder_.add_alias(builder_.key("sid:" + *sid, false), key);
    for (std::string_view uid : entry_.uids)
      if (!uid.empty()) builder_.add_alias(builder_.key("uid:" + lower_ascii(uid), false), key);
  }

  void add_correlation_values(Index account, std::string_view username) {
    Estate& estate = context_.estate;
    bool has_employee_id = false, has_mail = false, has_username = false;
    for (const auto& [slot, value] : entry_.correlation) {
      std::string_view name = estate.account_attribute_names()[slot];
      has_employee_id |= name == "employeeid";
      has_mail |= name == "email";
      has_username |= name == "username";
      estate.add_account_value(account, slot, value);
    }
    // The canonical names of docs/importers.md, when the entry has no attribute so named.
    if (!has_employee_id)
      for (std::string_view value : entry_.employee_numbers) estate.add_account_value(account, "employeeID", value);
    if (!has_mail)
      for (std::string_view value : entry_.mails) estate.add_account_value(account, "email", value);
    if (!has_username) estate.add_account_value(account, "username", username);
  }

  void add_identity(Index account, bool machine) {
    IdentityRecord identity;
    std::string display = repaired_utf8(!entry_.one.display_name.empty() ? entry_.one.display_name : entry_.one.cn);
    std::string department = repaired_utf8(entry_.one.department), title = repaired_utf8(entry_.one.title);
    std::string location = repaired_utf8(!entry_.one.locality.empty() ? entry_.one.locality : entry_.one.office);
    identity.display_name = display;
    identity.department = department;
    identity.title = title;
    identity.location = location;
    identity.kind = machine ? IdentityKind::kService
                            : kind_from_word(entry_.one.employee_type).value_or(IdentityKind::kEmployee);
    // A directory has no HR status: a disabled account is taken as a person gone.
    bool enabled = context_.estate.accounts[account].status == AccountStatus::kEnabled;
    identity.status = enabled ? IdentityStatus::kActive : IdentityStatus::kTerminated;
    if (auto expires = integer(entry_.one.account_expires)) identity.termination_date = date_from_filetime(*expires);
    Index own = builder_.add_own_identity(account, identity);
    if (own == kNoIndex) return;
    Estate& estate = context_.estate;
    if (auto slot = estate.identity_attribute("id")) estate.add_identity_value(own, *slot, estate.identities[own].id);
    for (std::string_view mail : entry_.mails) estate.add_identity_value(own, "email", mail);
    for (std::string_view value : entry_.employee_ids) estate.add_identity_value(own, "employee_id", value);
    if (entry_.employee_ids.empty())
      for (std::string_view value : entry_.employee_numbers) estate.add_identity_value(own, "employee_id", value);
    if (!entry_.one.manager.empty()) builder_.add_manager(own, dn_key(entry_.one.manager));
  }

  // AD leaves a user's primary group (usually Domain Users) out of the group's member
  // values and records it as a RID beside the user's own SID.
  void add_primary_group(Index key) {
    auto sid = entry_sid();
    auto rid = integer(entry_.one.primary_group_id);
    if (!sid || !rid) return;
    std::string group_sid = sid->substr(0, sid->rfind('-')) + "-" + std::to_string(*rid);
    builder_.add_member(builder_.key("sid:" + group_sid), key);
    context_.report.count_imported("primary group memberships");
  }

  void add_group(Index key, const std::string& native_id) {
    GroupRecord group;
    std::string name = repaired_utf8(!entry_.one.cn.empty() ? entry_.one.cn : entry_.one.sam_account_name);
    if (name.empty()) name = first_rdn_value(native_id);
    group.name = name;
    auto sid = entry_sid();
    bool privileged = integer(entry_.one.admin_count).value_or(0) == 1 || is_privileged_group(name, sid.value_or(""));
    if (privileged) group.sensitivity = kPrivilegedSensitivity;
    auto index = builder_.add_group(key, native_id, group);
    if (!index) return;
    if (sid) builder_.add_alias(builder_.key("sid:" + *sid, false), key);
    for (std::string_view member : entry_.members) builder_.add_member(key, dn_key(member));
    for (std::string_view uid : entry_.member_uids)  // posixGroup: members by uid, not DN
      if (!uid.empty()) builder_.add_member(key, builder_.key("uid:" + lower_ascii(uid)));
    std::string_view owner = !entry_.one.managed_by.empty() ? entry_.one.managed_by : entry_.one.owner;
    if (!owner.empty()) builder_.add_group_owner(*index, dn_key(owner));
  }

  const SourceContext& context_;
  SourceBuilder builder_;
  Entry entry_;
  std::string dn_key_, scratch_key_, lowered_type_;
};

}  // namespace

void import_ldif(const SourceContext& context) {
  LdifImporter importer(context);
  for (const SourceFile& file : source_files(context.config.path, context.config.path.lexically_normal().string(),
                                             {".ldif", ".ldf"})) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    importer.read_file(file);
  }
  importer.finish();
}

}  // namespace accessgraph::importers
