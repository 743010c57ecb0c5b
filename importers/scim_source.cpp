#include "importers/scim_source.hpp"

#include <optional>
#include <string>
#include <vector>

#include "importers/identity_words.hpp"
#include "importers/json_attributes.hpp"
#include "importers/json_fields.hpp"
#include "importers/json_pipeline.hpp"
#include "importers/privileged_groups.hpp"
#include "importers/source_builder.hpp"
#include "importers/source_dates.hpp"

namespace accessgraph::importers {
namespace {

namespace dom = simdjson::dom;

constexpr std::string_view kUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr std::string_view kGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
constexpr std::string_view kListResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
constexpr std::string_view kEnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

enum class ResourceKind { kUser, kGroup, kListResponse, kOther };

// What one SCIM resource says, extracted on any thread; text in the batch's arena.
struct ScimRecord {
  enum class Kind : std::uint8_t { kUser, kGroup, kSkipped, kCountMismatch };
  Kind kind = Kind::kSkipped;
  std::string_view id, name;  // userName or displayName
  bool active = true;
  bool privileged = false;
  Date created;
  AttributeValues values;                                       // correlation attributes
  std::vector<std::string_view> links;                          // a user's direct groups; a group's members
  std::vector<std::pair<std::string, std::string_view>> skips;  // (reason, example)
  // A person's identity fields (sources with "identities": true).
  std::string_view display_name, department, title, location, user_type, manager, employee_number;
  std::vector<std::string_view> emails;
  std::uint64_t declared = 0, found = 0;  // kCountMismatch: a nested ListResponse
};

ResourceKind kind_of(const JsonObject& resource) {
  if (auto schemas = resource.array("schemas")) {
    for (dom::element schema : *schemas) {
      std::string_view urn;
      if (schema.get_string().get(urn)) continue;
      if (equals_ignoring_case(urn, kUserSchema)) return ResourceKind::kUser;
      if (equals_ignoring_case(urn, kGroupSchema)) return ResourceKind::kGroup;
      if (equals_ignoring_case(urn, kListResponseSchema)) return ResourceKind::kListResponse;
    }
  }
  if (auto meta = resource.object("meta")) {
    auto type = meta->text("resourceType");
    if (type && equals_ignoring_case(*type, "User")) return ResourceKind::kUser;
    if (type && equals_ignoring_case(*type, "Group")) return ResourceKind::kGroup;
  }
  if (resource.field("Resources")) return ResourceKind::kListResponse;
  if (resource.field("userName")) return ResourceKind::kUser;
  if (resource.field("members") || resource.field("displayName")) return ResourceKind::kGroup;
  return ResourceKind::kOther;
}

class ScimFormat {
 public:
  struct Context {
    std::optional<std::int64_t> total_results;
  };
  using Record = ScimRecord;
  using Extraction = JsonExtraction<Record>;

  explicit ScimFormat(const SourceContext& context)
      : context_(context),
        builder_(context) {}

  JsonLayout layout() const { return {{"Resources"}, true}; }

  void note_member(std::string_view key, dom::element value, const JsonSite&, Context& context) const {
    std::int64_t total;
    if (key == "totalResults" && !value.get_int64().get(total)) context.total_results = total;
  }

  void extract(std::string_view, dom::element value, const JsonSite& site, const Context&, Extraction& out) const {
    extract_resource(JsonObject(value, site), out);
  }

  void end_document(const Context& context, std::uint64_t resources, const std::string& file) {
    // totalResults counts the whole result set; a single page may hold less. Reported either way.
    if (context.total_results && *context.total_results >= 0 && std::uint64_t(*context.total_results) != resources &&
        !(resources == 0 && whole_list_checked_))
      context_.report.metadata_mismatches.push_back(
          {file, "totalResults", std::uint64_t(*context.total_results), resources});
    whole_list_checked_ = false;
  }

  void apply(const Record& record) {
    SourceReport& report = context_.report;
    for (const auto& [reason, example] : record.skips) report.skip(reason, example);
    switch (record.kind) {
      case Record::Kind::kUser:
        apply_user(record);
        break;
      case Record::Kind::kGroup:
        apply_group(record);
        break;
      case Record::Kind::kCountMismatch:
        report.metadata_mismatches.push_back({file_, "totalResults", record.declared, record.found});
        whole_list_checked_ = true;
        break;
      case Record::Kind::kSkipped:
        break;
    }
  }

  void start_file(const std::string& label) { file_ = label; }
  void expect_bytes(std::uint64_t bytes) { builder_.expect_bytes(bytes); }
  void finish() { builder_.finish(); }

 private:
  void extract_resource(const JsonObject& resource, Extraction& out) const {
    switch (kind_of(resource)) {
      case ResourceKind::kUser:
        extract_user(resource, out);
        break;
      case ResourceKind::kGroup:
        extract_group(resource, out);
        break;
      case ResourceKind::kListResponse: {  // a page inside an array of pages, or a whole root list
        auto total = resource.integer("totalResults");
        std::uint64_t found = 0;
        if (auto resources = resource.array("Resources")) {
          std::size_t index = 0;
          for (dom::element item : *resources) {
            extract_resource(
                JsonObject(item, resource.site(), resource.path() + ".Resources[" + std::to_string(index++) + "]"),
                out);
            ++found;
          }
        }
        if (total && *total >= 0 && std::uint64_t(*total) != found) {
          Record& mismatch = out.records.emplace_back();
          mismatch.kind = Record::Kind::kCountMismatch;
          mismatch.declared = std::uint64_t(*total);
          mismatch.found = found;
        }
        break;
      }
      case ResourceKind::kOther: {
        Record& skipped = out.records.emplace_back();
        skipped.skips.emplace_back("not a SCIM User or Group",
                                   out.keep(resource.text("id").value_or(resource.site().path() + resource.path())));
        break;
      }
    }
  }

  void extract_user(const JsonObject& user, Extraction& out) const {
    Record& record = out.records.emplace_back();
    auto id = user.text("id");
    if (!id || id->empty()) {
      record.skips.emplace_back("User without id", out.keep(user.site().path() + user.path()));
      return;
    }
    record.kind = Record::Kind::kUser;
    record.id = out.keep(*id);
    record.name = out.keep(user.text("userName").value_or(*id));
    record.active = user.boolean("active").value_or(true);
    if (auto meta = user.object("meta"))
      if (auto created = meta->text("created")) record.created = date_from_iso_text(*created);
    auto enterprise = user.object(kEnterpriseUser);
    if (auto list = user.array("emails"))
      for (dom::element entry : *list) {
        if (!entry.is_object()) continue;
        JsonObject email(entry, user.site(), user.path() + ".emails");
        auto value = email.text("value");
        if (!value) continue;
        bool primary = email.boolean("primary").value_or(false);
        record.emails.insert(primary ? record.emails.begin() : record.emails.end(), out.keep(*value));
      }
    if (enterprise) record.employee_number = out.keep(enterprise->text("employeeNumber").value_or(""));

    AttributeCollector values(context_.estate.account_attribute_names(), out.arena, record.values);
    values.add_named(user);
    if (enterprise) values.add_named(*enterprise);
    for (std::string_view email : record.emails) {
      values.add_canonical("mail", email);
      values.add_canonical("email", email);
    }
    values.add_canonical("employeeID", record.employee_number);
    values.add_canonical("username", record.name);

    if (auto groups = user.array("groups"))
      for (dom::element entry : *groups) {
        JsonObject group(entry, user.site(), user.path() + ".groups");
        auto type = group.text("type");
        if (type && !equals_ignoring_case(*type, "direct")) continue;  // indirect: implied by nesting
        if (auto value = group.text("value")) record.links.push_back(out.keep(*value));
      }
    if (!context_.config.identities) return;
    record.display_name = out.keep(user.text("displayName").value_or(""));
    if (record.display_name.empty())
      if (auto name = user.object("name")) record.display_name = out.keep(name->text("formatted").value_or(""));
    record.title = out.keep(user.text("title").value_or(""));
    record.user_type = out.keep(user.text("userType").value_or(""));
    if (enterprise) {
      record.department = out.keep(enterprise->text("department").value_or(""));
      if (auto manager = enterprise->object("manager")) record.manager = out.keep(manager->text("value").value_or(""));
    }
    if (auto addresses = user.array("addresses"))
      for (dom::element entry : *addresses) {
        if (!entry.is_object()) continue;
        JsonObject address(entry, user.site(), user.path() + ".addresses");
        if (record.location.empty() || address.boolean("primary").value_or(false))
          if (auto locality = address.text("locality")) record.location = out.keep(*locality);
      }
  }

  void extract_group(const JsonObject& group, Extraction& out) const {
    Record& record = out.records.emplace_back();
    auto id = group.text("id");
    if (!id || id->empty()) {
      record.skips.emplace_back("Group without id", out.keep(group.site().path() + group.path()));
      return;
    }
    record.kind = Record::Kind::kGroup;
    record.id = out.keep(*id);
    record.name = out.keep(group.text("displayName").value_or(*id));
    record.privileged = is_privileged_group(record.name, "");
    auto members = group.array("members");
    if (!members) return;
    std::size_t index = 0;
    for (dom::element entry : *members) {
      JsonObject member(entry, group.site(), group.path() + ".members[" + std::to_string(index++) + "]");
      auto type = member.text("type");
      auto value = member.text("value");
      if (type && !equals_ignoring_case(*type, "User") && !equals_ignoring_case(*type, "Group")) {
        record.skips.emplace_back("member of type " + std::string(*type) + " not imported",
                                  out.keep(value.value_or("")));
        continue;
      }
      if (!value || value->empty()) {
        record.skips.emplace_back("member without value", out.keep(member.site().path() + member.path()));
        continue;
      }
      record.links.push_back(out.keep(*value));
    }
  }

  void apply_user(const Record& record) {
    context_.report.count_read("users");
    AccountRecord account;
    account.username = record.name;
    account.status = record.active ? AccountStatus::kEnabled : AccountStatus::kDisabled;
    account.created = record.created;
    Index key = builder_.key(record.id, false);
    auto index = builder_.add_account(key, record.id, account);
    if (!index) return;
    Estate& estate = context_.estate;
    for (const auto& [slot, value] : record.values) estate.add_account_value(*index, slot, value);
    for (std::string_view group : record.links) builder_.add_member(builder_.key(group), key, true);
    if (!context_.config.identities) return;
    IdentityRecord identity;
    identity.display_name = record.display_name;
    identity.department = record.department;
    identity.title = record.title;
    identity.location = record.location;
    identity.kind = kind_from_word(record.user_type).value_or(IdentityKind::kEmployee);
    identity.status = record.active ? IdentityStatus::kActive : IdentityStatus::kTerminated;
    Index own = builder_.add_own_identity(*index, identity);
    if (own == kNoIndex) return;
    if (auto slot = estate.identity_attribute("id")) estate.add_identity_value(own, *slot, estate.identities[own].id);
    for (std::string_view email : record.emails) estate.add_identity_value(own, "email", email);
    estate.add_identity_value(own, "employee_id", record.employee_number);
    if (!record.manager.empty()) builder_.add_manager(own, builder_.key(record.manager));
  }

  void apply_group(const Record& record) {
    context_.report.count_read("groups");
    GroupRecord group;
    group.name = record.name;
    if (record.privileged) group.sensitivity = kPrivilegedSensitivity;
    Index key = builder_.key(record.id, false);
    if (!builder_.add_group(key, record.id, group)) return;
    for (std::string_view member : record.links) builder_.add_member(key, builder_.key(member));
  }

  const SourceContext& context_;
  SourceBuilder builder_;
  bool whole_list_checked_ = false;  // a whole-root ListResponse reported its own count
  std::string file_;
};

}  // namespace

void import_scim(const SourceContext& context) {
  ScimFormat format(context);
  auto files = source_files(context.config.path, context.config.path.lexically_normal().string(),
                            {".json", ".jsonl", ".ndjson"});
  format.expect_bytes(total_bytes(files));
  for (const SourceFile& file : files) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    format.start_file(file.label);
    read_json_source(file, format);
  }
  format.finish();
}

}  // namespace accessgraph::importers
