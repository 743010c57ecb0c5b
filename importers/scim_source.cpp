#include "importers/scim_source.hpp"

#include <optional>
#include <string>

#include "importers/identity_words.hpp"
#include "importers/json_attributes.hpp"
#include "importers/json_fields.hpp"
#include "importers/json_stream.hpp"
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

class ScimImporter : public JsonDocumentHandler {
 public:
  explicit ScimImporter(const SourceContext& context)
      : context_(context),
        builder_(context.estate, context.report, context.source, context.system, context.config.system) {}

  void read_file(const SourceFile& file) {
    file_ = file.label;
    read_json_file(file, JsonLayout{{"Resources"}, true}, *this);
  }
  void finish() { builder_.finish(); }

  void on_member(std::string_view key, dom::element value, const JsonSite&) override {
    std::int64_t total;
    if (key == "totalResults" && !value.get_int64().get(total)) total_results_ = total;
  }

  void on_element(std::string_view collection, dom::element value, const JsonSite& site) override {
    if (collection == "Resources") ++resources_in_document_;
    if (collection.empty() && site.path() == "$") total_results_.reset();  // a whole root checks its own count
    JsonObject resource(value, site);
    on_resource(resource);
  }

  void on_document_end(const JsonSite&) override {
    if (total_results_ && *total_results_ >= 0 && std::uint64_t(*total_results_) != resources_in_document_)
      context_.report.metadata_mismatches.push_back(
          {file_, "totalResults", std::uint64_t(*total_results_), resources_in_document_});
    total_results_.reset();
    resources_in_document_ = 0;
  }

 private:
  ResourceKind kind_of(const JsonObject& resource) const {
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

  void on_resource(const JsonObject& resource) {
    switch (kind_of(resource)) {
      case ResourceKind::kUser: on_user(resource); break;
      case ResourceKind::kGroup: on_group(resource); break;
      case ResourceKind::kListResponse: {  // a page inside an array of pages
        auto total = resource.integer("totalResults");
        std::uint64_t found = 0;
        if (auto resources = resource.array("Resources")) {
          std::size_t index = 0;
          for (dom::element item : *resources) {
            on_resource(JsonObject(item, resource.site(), resource.path() + ".Resources[" + std::to_string(index++) + "]"));
            ++found;
          }
        }
        if (total && *total >= 0 && std::uint64_t(*total) != found)
          context_.report.metadata_mismatches.push_back({file_, "totalResults", std::uint64_t(*total), found});
        break;
      }
      case ResourceKind::kOther:
        context_.report.count_read("other resources");
        context_.report.skip("not a SCIM User or Group", resource.text("id").value_or(resource.site().path()));
        break;
    }
  }

  void on_user(const JsonObject& user) {
    SourceReport& report = context_.report;
    report.count_read("users");
    auto id = user.text("id");
    if (!id || id->empty()) {
      report.skip("User without id", user.site().path());
      return;
    }
    std::string scim_id(*id);
    auto enterprise = user.object(kEnterpriseUser);
    AccountRecord account;
    std::string username(user.text("userName").value_or(scim_id));
    account.username = username;
    account.status = user.boolean("active").value_or(true) ? AccountStatus::kEnabled : AccountStatus::kDisabled;
    if (auto meta = user.object("meta"))
      if (auto created = meta->text("created")) account.created = date_from_iso_text(*created);
    Index key = builder_.key(scim_id, false);
    auto index = builder_.add_account(key, scim_id, account);
    if (!index) return;

    std::vector<std::string> emails = email_values(user);
    std::optional<std::string_view> employee_number;
    if (enterprise) employee_number = enterprise->text("employeeNumber");
    Estate& estate = context_.estate;
    std::uint64_t found = add_named_json_values(estate, *index, user);
    if (enterprise) found |= add_named_json_values(estate, *index, *enterprise);
    for (const std::string& email : emails) {
      add_canonical_value(estate, *index, found, "mail", email);
      add_canonical_value(estate, *index, found, "email", email);
    }
    if (employee_number) add_canonical_value(estate, *index, found, "employeeID", *employee_number);
    add_canonical_value(estate, *index, found, "username", username);

    if (auto groups = user.array("groups")) {
      for (dom::element entry : *groups) {
        JsonObject group(entry, user.site(), user.path() + ".groups");
        auto type = group.text("type");
        if (type && !equals_ignoring_case(*type, "direct")) continue;  // indirect: implied by nesting
        if (auto value = group.text("value")) builder_.add_member(builder_.key(*value), key, true);
      }
    }
    if (context_.config.identities) add_identity(user, enterprise, *index, emails, employee_number);
  }

  static std::vector<std::string> email_values(const JsonObject& user) {
    std::vector<std::string> emails;
    auto list = user.array("emails");
    if (!list) return emails;
    for (dom::element entry : *list) {
      if (!entry.is_object()) continue;
      JsonObject email(entry, user.site(), user.path() + ".emails");
      auto value = email.text("value");
      if (!value) continue;
      bool primary = email.boolean("primary").value_or(false);
      emails.insert(primary ? emails.begin() : emails.end(), std::string(*value));
    }
    return emails;
  }

  void add_identity(const JsonObject& user, const std::optional<JsonObject>& enterprise, Index account,
                    const std::vector<std::string>& emails, std::optional<std::string_view> employee_number) {
    IdentityRecord identity;
    std::string display(user.text("displayName").value_or(""));
    if (display.empty())
      if (auto name = user.object("name")) display = name->text("formatted").value_or("");
    std::string department, title(user.text("title").value_or("")), location;
    if (enterprise) department = enterprise->text("department").value_or("");
    if (auto addresses = user.array("addresses"))
      for (dom::element entry : *addresses) {
        if (!entry.is_object()) continue;
        JsonObject address(entry, user.site(), user.path() + ".addresses");
        if (location.empty() || address.boolean("primary").value_or(false))
          location = address.text("locality").value_or(location);
      }
    identity.display_name = display;
    identity.department = department;
    identity.title = title;
    identity.location = location;
    identity.kind = kind_from_word(user.text("userType").value_or("")).value_or(IdentityKind::kEmployee);
    bool enabled = context_.estate.accounts[account].status == AccountStatus::kEnabled;
    identity.status = enabled ? IdentityStatus::kActive : IdentityStatus::kTerminated;
    Index own = builder_.add_own_identity(account, identity);
    if (own == kNoIndex) return;
    Estate& estate = context_.estate;
    if (auto slot = estate.identity_attribute("id")) estate.add_identity_value(own, *slot, estate.identities[own].id);
    for (const std::string& email : emails) estate.add_identity_value(own, "email", email);
    if (employee_number) estate.add_identity_value(own, "employee_id", *employee_number);
    if (enterprise)
      if (auto manager = enterprise->object("manager"))
        if (auto value = manager->text("value")) builder_.add_manager(own, builder_.key(*value));
  }

  void on_group(const JsonObject& group) {
    SourceReport& report = context_.report;
    report.count_read("groups");
    auto id = group.text("id");
    if (!id || id->empty()) {
      report.skip("Group without id", group.site().path());
      return;
    }
    std::string scim_id(*id);
    GroupRecord record;
    std::string name(group.text("displayName").value_or(scim_id));
    record.name = name;
    if (is_privileged_group(name, "")) record.sensitivity = kPrivilegedSensitivity;
    Index key = builder_.key(scim_id, false);
    if (!builder_.add_group(key, scim_id, record)) return;
    auto members = group.array("members");
    if (!members) return;
    std::size_t index = 0;
    for (dom::element entry : *members) {
      JsonObject member(entry, group.site(), group.path() + ".members[" + std::to_string(index++) + "]");
      auto type = member.text("type");
      if (type && !equals_ignoring_case(*type, "User") && !equals_ignoring_case(*type, "Group")) {
        report.skip("member of type " + std::string(*type) + " not imported", member.text("value").value_or(""));
        continue;
      }
      auto value = member.text("value");
      if (!value || value->empty()) {
        report.skip("member without value", member.path());
        continue;
      }
      builder_.add_member(key, builder_.key(*value));
    }
  }

  const SourceContext& context_;
  SourceBuilder builder_;
  std::string file_;
  std::optional<std::int64_t> total_results_;
  std::uint64_t resources_in_document_ = 0;
};

}  // namespace

void import_scim(const SourceContext& context) {
  ScimImporter importer(context);
  for (const SourceFile& file :
       source_files(context.config.path, context.config.path.lexically_normal().string(), {".json", ".jsonl", ".ndjson"})) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    importer.read_file(file);
  }
  importer.finish();
}

}  // namespace accessgraph::importers
