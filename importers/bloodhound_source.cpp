#include "importers/bloodhound_source.hpp"

#include <optional>
#include <string>
#include <vector>

#include "importers/json_attributes.hpp"
#include "importers/json_fields.hpp"
#include "importers/json_pipeline.hpp"
#include "importers/privileged_groups.hpp"
#include "importers/source_builder.hpp"
#include "importers/source_dates.hpp"

namespace accessgraph::importers {
namespace {

namespace dom = simdjson::dom;

enum class ObjectType : std::uint8_t { kUnknown, kUser, kComputer, kGroup, kOther };

ObjectType type_of_word(std::string_view word) {
  if (equals_ignoring_case(word, "users") || equals_ignoring_case(word, "user")) return ObjectType::kUser;
  if (equals_ignoring_case(word, "computers") || equals_ignoring_case(word, "computer")) return ObjectType::kComputer;
  if (equals_ignoring_case(word, "groups") || equals_ignoring_case(word, "group")) return ObjectType::kGroup;
  return word.empty() ? ObjectType::kUnknown : ObjectType::kOther;
}

// SharpHound names its files DATE_TYPE.json ("20240101120000_users.json").
ObjectType type_of_file_name(const std::filesystem::path& path) {
  std::string stem = lower_ascii(path.stem().string());
  std::size_t underscore = stem.rfind('_');
  ObjectType type = type_of_word(underscore == std::string::npos ? stem : stem.substr(underscore + 1));
  return type == ObjectType::kOther ? ObjectType::kUnknown : type;  // other names say nothing
}

ObjectType type_of_shape(const JsonObject& object) {
  if (object.field("Members")) return ObjectType::kGroup;
  if (object.field("Sessions") || object.field("LocalAdmins") || object.field("LocalGroups"))
    return ObjectType::kComputer;
  if (object.field("SPNTargets") || object.field("SpnTargets") || object.field("PrimaryGroupSID"))
    return ObjectType::kUser;
  return ObjectType::kUnknown;
}

// What one collected object says, extracted on any thread; text in the batch's arena.
struct BloodhoundRecord {
  ObjectType type = ObjectType::kOther;
  bool imported = false;  // false: only read (and its skips) counted
  std::string_view sid, name, username, display_name, title, email, employee_id, primary_group;
  bool enabled = true, admin_count = false, privileged = false;
  Date created, last_used;
  AttributeValues values;
  std::vector<std::string_view> members;                        // SIDs of users, groups and computers
  std::vector<std::pair<std::string, std::string_view>> skips;  // (reason, example)
};

class BloodhoundFormat {
 public:
  struct Context {
    ObjectType meta_type = ObjectType::kUnknown;
    std::string meta_type_name;
    std::optional<std::int64_t> declared_count;
  };
  using Record = BloodhoundRecord;
  using Extraction = JsonExtraction<Record>;

  explicit BloodhoundFormat(const SourceContext& context)
      : context_(context),
        builder_(context) {}

  JsonLayout layout() const { return {{"data"}, false}; }
  void start_file(const SourceFile& file) { file_type_ = type_of_file_name(file.path); }

  void note_member(std::string_view key, dom::element value, const JsonSite& site, Context& context) const {
    if (key != "meta" || !value.is_object()) return;
    JsonObject meta(value, site);
    context.meta_type_name = std::string(meta.text("type").value_or(""));
    context.meta_type = type_of_word(context.meta_type_name);
    context.declared_count = meta.integer("count");
  }

  void extract(std::string_view, dom::element value, const JsonSite& site, const Context& context,
               Extraction& out) const {
    JsonObject object(value, site);
    Record& record = out.records.emplace_back();
    ObjectType type = context.meta_type != ObjectType::kUnknown ? context.meta_type : file_type_;
    if (type == ObjectType::kUnknown) type = type_of_shape(object);
    record.type = type;
    switch (type) {
      case ObjectType::kUser:
      case ObjectType::kComputer:
        extract_principal(object, record, out);
        break;
      case ObjectType::kGroup:
        extract_group(object, record, out);
        break;
      case ObjectType::kOther:
      case ObjectType::kUnknown: {
        std::string what = !context.meta_type_name.empty() ? context.meta_type_name
                                                           : std::string(object.text("kind").value_or("unknown"));
        record.skips.emplace_back("not a user, group or computer (" + what + ")",
                                  out.keep(object.text("ObjectIdentifier").value_or(site.path())));
        break;
      }
    }
  }

  void end_document(const Context& context, std::uint64_t elements, const std::string& file) {
    // SharpHound writes meta.count; a file cut short or edited by hand disagrees with it.
    if (context.declared_count && *context.declared_count >= 0 && std::uint64_t(*context.declared_count) != elements)
      context_.report.metadata_mismatches.push_back(
          {file, "meta.count", std::uint64_t(*context.declared_count), elements});
  }

  void apply(const Record& record) {
    SourceReport& report = context_.report;
    switch (record.type) {
      case ObjectType::kUser:
        report.count_read("users");
        break;
      case ObjectType::kComputer:
        report.count_read("computers");
        break;
      case ObjectType::kGroup:
        report.count_read("groups");
        break;
      default:
        report.count_read("other objects");
    }
    for (const auto& [reason, example] : record.skips) report.skip(reason, example);
    if (!record.imported) return;
    if (record.type == ObjectType::kGroup)
      apply_group(record);
    else
      apply_principal(record);
  }

  void expect_bytes(std::uint64_t bytes) { builder_.expect_bytes(bytes); }
  void finish() { builder_.finish(); }

 private:
  // The object's SID, or empty (with the reason recorded) when it has none or is deleted.
  static std::string_view identifier(const JsonObject& object, std::string_view kind, Record& record, Extraction& out) {
    auto sid = object.text("ObjectIdentifier");
    if (!sid || sid->empty()) {
      record.skips.emplace_back(std::string(kind) + " without ObjectIdentifier", out.keep(object.site().path()));
      return {};
    }
    if (object.boolean("IsDeleted").value_or(false)) {
      record.skips.emplace_back("deleted object (IsDeleted)", out.keep(*sid));
      return {};
    }
    return out.keep(*sid);
  }

  void extract_principal(const JsonObject& object, Record& record, Extraction& out) const {
    bool computer = record.type == ObjectType::kComputer;
    record.sid = identifier(object, computer ? "computer" : "user", record, out);
    if (record.sid.empty()) return;
    record.imported = true;
    auto properties = object.object("Properties");
    AttributeCollector values(context_.estate.account_attribute_names(), out.arena, record.values);
    if (properties) {
      record.username = out.keep(properties->text("samaccountname").value_or(properties->text("name").value_or("")));
      record.enabled = properties->boolean("enabled").value_or(true);
      record.created = date_from_unix_seconds(properties->integer("whencreated").value_or(0));
      for (std::string_view field : {"lastlogontimestamp", "lastlogon"}) {
        Date used = date_from_unix_seconds(properties->integer(field).value_or(0));
        if (used.present() && (!record.last_used.present() || used > record.last_used)) record.last_used = used;
      }
      record.admin_count = properties->boolean("admincount").value_or(false);
      record.display_name = out.keep(properties->text("displayname").value_or(properties->text("name").value_or("")));
      record.title = out.keep(properties->text("title").value_or(""));
      record.email = out.keep(properties->text("email").value_or(""));
      record.employee_id = out.keep(properties->text("employeeid").value_or(""));
      values.add_named(*properties);
      values.add_canonical("mail", record.email);
      values.add_canonical("email", record.email);
    }
    if (record.username.empty()) record.username = record.sid;
    values.add_canonical("username", record.username);
    if (context_.config.primary_groups) record.primary_group = out.keep(object.text("PrimaryGroupSID").value_or(""));
  }

  void extract_group(const JsonObject& object, Record& record, Extraction& out) const {
    record.sid = identifier(object, "group", record, out);
    if (record.sid.empty()) return;
    record.imported = true;
    auto properties = object.object("Properties");
    record.name = properties ? out.keep(properties->text("name").value_or(record.sid)) : record.sid;
    record.privileged = is_privileged_group(record.name, record.sid);
    if (properties)
      record.privileged = record.privileged || properties->boolean("admincount").value_or(false) ||
                          properties->boolean("highvalue").value_or(false) ||
                          properties->boolean("isTierZero").value_or(false);
    auto members = object.array("Members");
    if (!members) return;
    std::size_t position = 0;
    for (dom::element entry : *members) {
      JsonObject member(entry, object.site(), object.path() + ".Members[" + std::to_string(position++) + "]");
      auto member_sid = member.text("ObjectIdentifier");
      std::string_view type = member.text("ObjectType").value_or("");
      if (!member_sid || member_sid->empty()) {
        record.skips.emplace_back("member without ObjectIdentifier", out.keep(member.site().path() + member.path()));
        continue;
      }
      ObjectType member_type = type_of_word(type);
      if (member_type != ObjectType::kUser && member_type != ObjectType::kGroup &&
          member_type != ObjectType::kComputer) {
        record.skips.emplace_back("member of type " + std::string(type.empty() ? "(none)" : type) + " not imported",
                                  out.keep(*member_sid));
        continue;
      }
      record.members.push_back(out.keep(*member_sid));
    }
  }

  // SIDs compare without regard to case. `own`: the object's own key, not a reference.
  Index sid_key(std::string_view sid, bool own = false) {
    upper_.assign(sid);
    for (char& c : upper_) c = c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
    return builder_.key(upper_, !own);
  }

  void apply_principal(const Record& record) {
    bool computer = record.type == ObjectType::kComputer;
    AccountRecord account;
    account.username = record.username;
    account.status = record.enabled ? AccountStatus::kEnabled : AccountStatus::kDisabled;
    account.created = record.created;
    account.last_used = record.last_used;
    account.privileged = record.admin_count;
    Index key = sid_key(record.sid, true);
    auto index = builder_.add_account(key, record.sid, account);
    if (!index) return;
    Estate& estate = context_.estate;
    for (const auto& [slot, value] : record.values) estate.add_account_value(*index, slot, value);
    if (computer || context_.config.identities) {
      // A computer is a machine identity with its own account; a user, a person, when the
      // source's people are identities.
      IdentityRecord identity;
      identity.display_name = record.display_name;
      identity.title = record.title;
      identity.kind = computer ? IdentityKind::kService : IdentityKind::kEmployee;
      identity.status = record.enabled ? IdentityStatus::kActive : IdentityStatus::kTerminated;
      Index own = builder_.add_own_identity(*index, identity);
      if (own != kNoIndex) {
        if (auto slot = estate.identity_attribute("id"))
          estate.add_identity_value(own, *slot, estate.identities[own].id);
        estate.add_identity_value(own, "email", record.email);
        estate.add_identity_value(own, "employee_id", record.employee_id);
      }
    }
    if (!record.primary_group.empty()) {
      builder_.add_member(sid_key(record.primary_group), key);
      context_.report.count_imported("primary group memberships");
    }
  }

  void apply_group(const Record& record) {
    GroupRecord group;
    group.name = record.name;
    if (record.privileged) group.sensitivity = kPrivilegedSensitivity;
    Index key = sid_key(record.sid, true);
    if (!builder_.add_group(key, record.sid, group)) return;
    for (std::string_view member : record.members) builder_.add_member(key, sid_key(member));
  }

  const SourceContext& context_;
  SourceBuilder builder_;
  ObjectType file_type_ = ObjectType::kUnknown;
  std::string upper_;
};

}  // namespace

void import_bloodhound(const SourceContext& context) {
  BloodhoundFormat format(context);
  auto files = source_files(context.config.path, context.config.path.lexically_normal().string(), {".json"});
  format.expect_bytes(total_bytes(files));
  for (const SourceFile& file : files) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    format.start_file(file);
    read_json_source(file, format);
  }
  format.finish();
}

}  // namespace accessgraph::importers
