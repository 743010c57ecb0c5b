#include "importers/bloodhound_source.hpp"

#include <optional>
#include <string>

#include "importers/json_attributes.hpp"
#include "importers/json_fields.hpp"
#include "importers/json_stream.hpp"
#include "importers/privileged_groups.hpp"
#include "importers/source_builder.hpp"
#include "importers/source_dates.hpp"

namespace accessgraph::importers {
namespace {

namespace dom = simdjson::dom;

enum class ObjectType { kUnknown, kUser, kComputer, kGroup, kOther };

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

class BloodhoundImporter : public JsonDocumentHandler {
 public:
  explicit BloodhoundImporter(const SourceContext& context)
      : context_(context),
        builder_(context.estate, context.report, context.source, context.system, context.config.system) {}

  void read_file(const SourceFile& file) {
    file_ = file.label;
    file_type_ = type_of_file_name(file.path);
    read_json_file(file, JsonLayout{{"data"}, false}, *this);
  }
  void finish() { builder_.finish(); }

  void on_member(std::string_view key, dom::element value, const JsonSite& site) override {
    if (key != "meta" || !value.is_object()) return;
    JsonObject meta(value, site);
    meta_type_ = type_of_word(meta.text("type").value_or(""));
    meta_type_name_ = std::string(meta.text("type").value_or(""));
    declared_count_ = meta.integer("count");
  }

  void on_element(std::string_view, dom::element value, const JsonSite& site) override {
    ++elements_in_document_;
    JsonObject object(value, site);
    ObjectType type = meta_type_ != ObjectType::kUnknown ? meta_type_ : file_type_;
    if (type == ObjectType::kUnknown) type = type_of_shape(object);
    switch (type) {
      case ObjectType::kUser: on_principal(object, false); break;
      case ObjectType::kComputer: on_principal(object, true); break;
      case ObjectType::kGroup: on_group(object); break;
      case ObjectType::kOther:
      case ObjectType::kUnknown: {
        std::string what = !meta_type_name_.empty() ? meta_type_name_ : std::string(object.text("kind").value_or("unknown"));
        context_.report.count_read("other objects");
        context_.report.skip("not a user, group or computer (" + what + ")",
                             object.text("ObjectIdentifier").value_or(site.path()));
        break;
      }
    }
  }

  void on_document_end(const JsonSite&) override {
    // SharpHound writes meta.count; a file cut short or edited by hand disagrees with it.
    if (declared_count_ && *declared_count_ >= 0 && std::uint64_t(*declared_count_) != elements_in_document_)
      context_.report.metadata_mismatches.push_back(
          {file_, "meta.count", std::uint64_t(*declared_count_), elements_in_document_});
    declared_count_.reset();
    meta_type_ = ObjectType::kUnknown;
    meta_type_name_.clear();
    elements_in_document_ = 0;
  }

 private:
  static ObjectType type_of_shape(const JsonObject& object) {
    if (object.field("Members")) return ObjectType::kGroup;
    if (object.field("Sessions") || object.field("LocalAdmins") || object.field("LocalGroups")) return ObjectType::kComputer;
    if (object.field("SPNTargets") || object.field("SpnTargets") || object.field("PrimaryGroupSID")) return ObjectType::kUser;
    return ObjectType::kUnknown;
  }

  // SIDs compare without regard to case. `own`: the object's own key, not a reference.
  Index sid_key(std::string_view sid, bool own = false) {
    upper_.assign(sid);
    for (char& c : upper_) c = c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
    return builder_.key(upper_, !own);
  }

  // The object's SID, or nullopt (counted) when it has none or is a deleted object.
  std::optional<std::string> identifier(const JsonObject& object, std::string_view kind) {
    auto sid = object.text("ObjectIdentifier");
    if (!sid || sid->empty()) {
      context_.report.skip(std::string(kind) + " without ObjectIdentifier", object.site().path());
      return std::nullopt;
    }
    if (object.boolean("IsDeleted").value_or(false)) {
      context_.report.skip("deleted object (IsDeleted)", *sid);
      return std::nullopt;
    }
    return std::string(*sid);
  }

  void on_principal(const JsonObject& object, bool computer) {
    SourceReport& report = context_.report;
    report.count_read(computer ? "computers" : "users");
    auto sid = identifier(object, computer ? "computer" : "user");
    if (!sid) return;
    auto properties = object.object("Properties");
    AccountRecord account;
    std::string username;
    if (properties) {
      username = properties->text("samaccountname").value_or(properties->text("name").value_or(""));
      account.status = properties->boolean("enabled").value_or(true) ? AccountStatus::kEnabled : AccountStatus::kDisabled;
      account.created = date_from_unix_seconds(properties->integer("whencreated").value_or(0));
      for (std::string_view field : {"lastlogontimestamp", "lastlogon"}) {
        Date used = date_from_unix_seconds(properties->integer(field).value_or(0));
        if (used.present() && (!account.last_used.present() || used > account.last_used)) account.last_used = used;
      }
      account.privileged = properties->boolean("admincount").value_or(false);
    }
    if (username.empty()) username = *sid;
    account.username = username;
    Index key = sid_key(*sid, true);
    auto index = builder_.add_account(key, *sid, account);
    if (!index) return;

    Estate& estate = context_.estate;
    std::uint64_t found = properties ? add_named_json_values(estate, *index, *properties) : 0;
    if (properties)
      if (auto email = properties->text("email")) {
        add_canonical_value(estate, *index, found, "mail", *email);
        add_canonical_value(estate, *index, found, "email", *email);
      }
    add_canonical_value(estate, *index, found, "username", username);

    if (computer || context_.config.identities) add_identity(properties, *index, computer);
    if (context_.config.primary_groups)
      if (auto primary = object.text("PrimaryGroupSID"); primary && !primary->empty()) {
        builder_.add_member(sid_key(*primary), key);
        report.count_imported("primary group memberships");
      }
  }

  void add_identity(const std::optional<JsonObject>& properties, Index account, bool computer) {
    IdentityRecord identity;
    std::string display, title;
    if (properties) {
      display = properties->text("displayname").value_or(properties->text("name").value_or(""));
      title = properties->text("title").value_or("");
    }
    identity.display_name = display;
    identity.title = title;
    identity.kind = computer ? IdentityKind::kService : IdentityKind::kEmployee;
    bool enabled = context_.estate.accounts[account].status == AccountStatus::kEnabled;
    identity.status = enabled ? IdentityStatus::kActive : IdentityStatus::kTerminated;
    Index own = builder_.add_own_identity(account, identity);
    if (own == kNoIndex || !properties) return;
    Estate& estate = context_.estate;
    if (auto slot = estate.identity_attribute("id")) estate.add_identity_value(own, *slot, estate.identities[own].id);
    if (auto email = properties->text("email")) estate.add_identity_value(own, "email", *email);
    if (auto employee = properties->text("employeeid")) estate.add_identity_value(own, "employee_id", *employee);
  }

  void on_group(const JsonObject& object) {
    SourceReport& report = context_.report;
    report.count_read("groups");
    auto sid = identifier(object, "group");
    if (!sid) return;
    auto properties = object.object("Properties");
    GroupRecord record;
    std::string name = properties ? std::string(properties->text("name").value_or(*sid)) : *sid;
    record.name = name;
    bool privileged = is_privileged_group(name, *sid);
    if (properties)
      privileged = privileged || properties->boolean("admincount").value_or(false) ||
                   properties->boolean("highvalue").value_or(false) ||
                   properties->boolean("isTierZero").value_or(false);
    if (privileged) record.sensitivity = kPrivilegedSensitivity;
    Index key = sid_key(*sid, true);
    if (!builder_.add_group(key, *sid, record)) return;
    auto members = object.array("Members");
    if (!members) return;
    std::size_t position = 0;
    for (dom::element entry : *members) {
      JsonObject member(entry, object.site(), object.path() + ".Members[" + std::to_string(position++) + "]");
      auto member_sid = member.text("ObjectIdentifier");
      std::string_view type = member.text("ObjectType").value_or("");
      if (!member_sid || member_sid->empty()) {
        report.skip("member without ObjectIdentifier", object.site().path() + member.path());
        continue;
      }
      ObjectType member_type = type_of_word(type);
      if (member_type != ObjectType::kUser && member_type != ObjectType::kGroup && member_type != ObjectType::kComputer) {
        report.skip("member of type " + std::string(type.empty() ? "(none)" : type) + " not imported", *member_sid);
        continue;
      }
      builder_.add_member(key, sid_key(*member_sid));
    }
  }

  const SourceContext& context_;
  SourceBuilder builder_;
  std::string file_, upper_;
  ObjectType file_type_ = ObjectType::kUnknown;
  ObjectType meta_type_ = ObjectType::kUnknown;
  std::string meta_type_name_;
  std::optional<std::int64_t> declared_count_;
  std::uint64_t elements_in_document_ = 0;
};

}  // namespace

void import_bloodhound(const SourceContext& context) {
  BloodhoundImporter importer(context);
  for (const SourceFile& file :
       source_files(context.config.path, context.config.path.lexically_normal().string(), {".json"})) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    importer.read_file(file);
  }
  importer.finish();
}

}  // namespace accessgraph::importers
