#include "importers/entra_source.hpp"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include <optional>
#include <string>

#include "importers/bundle_ids.hpp"
#include "importers/identity_words.hpp"
#include "importers/json_attributes.hpp"
#include "importers/json_fields.hpp"
#include "importers/json_stream.hpp"
#include "importers/privileged_groups.hpp"
#include "importers/source_builder.hpp"
#include "importers/source_dates.hpp"
#include "importers/text_hash.hpp"

namespace accessgraph::importers {
namespace {

namespace dom = simdjson::dom;

enum class GraphKind { kUnknown, kUser, kGroup, kAppRoleAssignment, kServicePrincipal, kOther };

constexpr std::string_view kDefaultAppRole = "00000000-0000-0000-0000-000000000000";

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && equals_ignoring_case(text.substr(text.size() - suffix.size()), suffix);
}

// "#microsoft.graph.user" -> kUser.
GraphKind kind_of_type(std::string_view type) {
  if (ends_with_ignoring_case(type, ".user")) return GraphKind::kUser;
  if (ends_with_ignoring_case(type, ".group")) return GraphKind::kGroup;
  if (ends_with_ignoring_case(type, ".appRoleAssignment")) return GraphKind::kAppRoleAssignment;
  if (ends_with_ignoring_case(type, ".servicePrincipal")) return GraphKind::kServicePrincipal;
  return type.empty() ? GraphKind::kUnknown : GraphKind::kOther;
}

// "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName)" -> kUser.
GraphKind kind_of_context(std::string_view context) {
  std::size_t hash = context.rfind('#');
  if (hash == std::string_view::npos) return GraphKind::kUnknown;
  std::string_view entity = context.substr(hash + 1);
  entity = entity.substr(0, entity.find('('));
  if (std::size_t slash = entity.rfind('/'); slash != std::string_view::npos) entity = entity.substr(slash + 1);
  if (equals_ignoring_case(entity, "users")) return GraphKind::kUser;
  if (equals_ignoring_case(entity, "groups")) return GraphKind::kGroup;
  if (equals_ignoring_case(entity, "appRoleAssignments") || equals_ignoring_case(entity, "appRoleAssignedTo"))
    return GraphKind::kAppRoleAssignment;
  if (equals_ignoring_case(entity, "servicePrincipals")) return GraphKind::kServicePrincipal;
  return GraphKind::kUnknown;
}

class EntraImporter : public JsonDocumentHandler {
 public:
  explicit EntraImporter(const SourceContext& context)
      : context_(context),
        builder_(context.estate, context.report, context.source, context.system, context.config.system) {}

  void read_file(const SourceFile& file) {
    file_ = file.label;
    read_json_file(file, JsonLayout{{"value"}, true}, *this);
  }

  void finish() {
    name_app_roles();
    builder_.finish();
  }

  void on_member(std::string_view key, dom::element value, const JsonSite&) override {
    std::string_view text;
    std::int64_t count;
    if (key == "@odata.context" && !value.get_string().get(text)) document_kind_ = kind_of_context(text);
    if (key == "@odata.count" && !value.get_int64().get(count)) declared_count_ = count;
  }

  void on_element(std::string_view collection, dom::element value, const JsonSite& site) override {
    if (collection == "value") ++elements_in_document_;
    on_object(JsonObject(value, site), collection == "value" ? document_kind_ : GraphKind::kUnknown);
  }

  void on_document_end(const JsonSite&) override {
    if (declared_count_ && *declared_count_ >= 0 && std::uint64_t(*declared_count_) != elements_in_document_)
      context_.report.metadata_mismatches.push_back(
          {file_, "@odata.count", std::uint64_t(*declared_count_), elements_in_document_});
    declared_count_.reset();
    document_kind_ = GraphKind::kUnknown;
    elements_in_document_ = 0;
  }

 private:
  GraphKind kind_of(const JsonObject& object, GraphKind context_kind) const {
    GraphKind kind = kind_of_type(object.text("@odata.type").value_or(""));
    if (kind != GraphKind::kUnknown) return kind;
    if (context_kind != GraphKind::kUnknown) return context_kind;
    if (object.field("appRoleId") && object.field("principalId")) return GraphKind::kAppRoleAssignment;
    if (object.field("userPrincipalName")) return GraphKind::kUser;
    if (object.field("appId") && object.field("servicePrincipalType")) return GraphKind::kServicePrincipal;
    if (object.field("groupTypes") || object.field("securityEnabled") || object.field("mailEnabled"))
      return GraphKind::kGroup;
    return GraphKind::kUnknown;
  }

  void on_object(const JsonObject& object, GraphKind context_kind) {
    switch (kind_of(object, context_kind)) {
      case GraphKind::kUser: on_user(object); break;
      case GraphKind::kGroup: on_group(object); break;
      case GraphKind::kAppRoleAssignment:
        context_.report.count_read("appRoleAssignments");
        on_assignment(object);
        break;
      case GraphKind::kServicePrincipal: on_service_principal(object); break;
      case GraphKind::kOther:
      case GraphKind::kUnknown: {
        std::string type(object.text("@odata.type").value_or("unknown object"));
        context_.report.count_read("other objects");
        context_.report.skip("not a user, group, app role assignment or service principal (" + type + ")",
                             object.text("id").value_or(object.site().path()));
        break;
      }
    }
  }

  // Graph ids are GUIDs: compared without regard to case. `own`: the object's own key.
  Index object_key(std::string_view id, bool own = false) { return builder_.key(lower_ascii(id), !own); }

  void on_user(const JsonObject& user) {
    SourceReport& report = context_.report;
    report.count_read("users");
    auto id = user.text("id");
    if (!id || id->empty()) {
      report.skip("user without id", user.site().path());
      return;
    }
    std::string graph_id(*id);
    AccountRecord account;
    std::string username(user.text("userPrincipalName").value_or(user.text("mail").value_or(graph_id)));
    account.username = username;
    account.status = user.boolean("accountEnabled").value_or(true) ? AccountStatus::kEnabled : AccountStatus::kDisabled;
    account.created = date_from_iso_text(user.text("createdDateTime").value_or(""));
    if (auto activity = user.object("signInActivity"))
      for (std::string_view field : {"lastSignInDateTime", "lastNonInteractiveSignInDateTime",
                                     "lastSuccessfulSignInDateTime"}) {
        Date used = date_from_iso_text(activity->text(field).value_or(""));
        if (used.present() && (!account.last_used.present() || used > account.last_used)) account.last_used = used;
      }
    Index key = object_key(graph_id, true);
    auto index = builder_.add_account(key, graph_id, account);
    if (!index) return;

    Estate& estate = context_.estate;
    std::uint64_t found = add_named_json_values(estate, *index, user);
    auto mail = user.text("mail");
    if (mail) add_canonical_value(estate, *index, found, "email", *mail);
    add_canonical_value(estate, *index, found, "username", username);

    if (auto groups = user.array("memberOf")) {
      std::size_t position = 0;
      for (dom::element entry : *groups) {
        JsonObject group(entry, user.site(), user.path() + ".memberOf[" + std::to_string(position++) + "]");
        GraphKind kind = kind_of_type(group.text("@odata.type").value_or(""));
        if (kind != GraphKind::kGroup && kind != GraphKind::kUnknown) {
          report.skip("memberOf of type " + std::string(group.text("@odata.type").value_or("")) + " not imported",
                      group.text("id").value_or(""));
          continue;
        }
        if (auto group_id = group.text("id")) builder_.add_member(object_key(*group_id), key, true);
      }
    }
    if (auto assignments = user.array("appRoleAssignments")) {
      std::size_t position = 0;
      for (dom::element entry : *assignments) {
        report.count_read("appRoleAssignments");
        on_assignment(JsonObject(entry, user.site(), user.path() + ".appRoleAssignments[" + std::to_string(position++) + "]"));
      }
    }
    if (context_.config.identities) add_identity(user, *index);
  }

  void add_identity(const JsonObject& user, Index account) {
    IdentityRecord identity;
    std::string display(user.text("displayName").value_or(""));
    std::string department(user.text("department").value_or(""));
    std::string title(user.text("jobTitle").value_or(""));
    std::string location(user.text("officeLocation").value_or(user.text("city").value_or("")));
    identity.display_name = display;
    identity.department = department;
    identity.title = title;
    identity.location = location;
    auto kind = kind_from_word(user.text("employeeType").value_or(""));
    if (!kind && equals_ignoring_case(user.text("userType").value_or(""), "Guest")) kind = IdentityKind::kPartner;
    identity.kind = kind.value_or(IdentityKind::kEmployee);
    bool enabled = context_.estate.accounts[account].status == AccountStatus::kEnabled;
    identity.status = enabled ? IdentityStatus::kActive : IdentityStatus::kTerminated;
    identity.hire_date = date_from_iso_text(user.text("employeeHireDate").value_or(""));
    identity.termination_date = date_from_iso_text(user.text("employeeLeaveDateTime").value_or(""));
    Index own = builder_.add_own_identity(account, identity);
    if (own == kNoIndex) return;
    Estate& estate = context_.estate;
    if (auto slot = estate.identity_attribute("id")) estate.add_identity_value(own, *slot, estate.identities[own].id);
    if (auto mail = user.text("mail")) estate.add_identity_value(own, "email", *mail);
    if (auto employee = user.text("employeeId")) estate.add_identity_value(own, "employee_id", *employee);
    if (auto manager = user.object("manager"))
      if (auto manager_id = manager->text("id")) builder_.add_manager(own, object_key(*manager_id));
  }

  void on_group(const JsonObject& group) {
    SourceReport& report = context_.report;
    report.count_read("groups");
    auto id = group.text("id");
    if (!id || id->empty()) {
      report.skip("group without id", group.site().path());
      return;
    }
    std::string graph_id(*id);
    GroupRecord record;
    std::string name(group.text("displayName").value_or(graph_id));
    record.name = name;
    bool privileged = group.boolean("isAssignableToRole").value_or(false) ||
                      is_privileged_group(name, group.text("onPremisesSecurityIdentifier").value_or(""));
    if (privileged) record.sensitivity = kPrivilegedSensitivity;
    Index key = object_key(graph_id, true);
    auto index = builder_.add_group(key, graph_id, record);
    if (!index) return;
    if (group.field("members@odata.nextLink"))
      report.skip("group members cut short by paging (members@odata.nextLink)", graph_id);
    if (auto members = group.array("members")) {
      std::size_t position = 0;
      for (dom::element entry : *members) {
        JsonObject member(entry, group.site(), group.path() + ".members[" + std::to_string(position++) + "]");
        std::string_view type = member.text("@odata.type").value_or("");
        GraphKind kind = kind_of_type(type);
        if (kind != GraphKind::kUser && kind != GraphKind::kGroup && kind != GraphKind::kUnknown) {
          report.skip("member of type " + std::string(type) + " not imported", member.text("id").value_or(""));
          continue;
        }
        if (auto member_id = member.text("id"))
          builder_.add_member(key, object_key(*member_id));
        else
          report.skip("member without id", member.site().path() + member.path());
      }
    }
    if (auto owners = group.array("owners"))
      for (dom::element entry : *owners) {
        JsonObject owner(entry, group.site(), group.path() + ".owners");
        if (kind_of_type(owner.text("@odata.type").value_or("")) == GraphKind::kServicePrincipal) continue;
        if (auto owner_id = owner.text("id")) {
          builder_.add_group_owner(*index, object_key(*owner_id));
          break;
        }
      }
    if (auto assignments = group.array("appRoleAssignments")) {
      std::size_t position = 0;
      for (dom::element entry : *assignments) {
        report.count_read("appRoleAssignments");
        on_assignment(JsonObject(entry, group.site(), group.path() + ".appRoleAssignments[" + std::to_string(position++) + "]"));
      }
    }
  }

  struct AppRole {
    Index entitlement;
    std::string resource_id, role_id, resource_name;
  };

  // The entitlement of one app role of one application, made on first assignment.
  Index app_role(std::string_view resource_id, std::string_view role_id, std::string_view resource_name) {
    std::string key = lower_ascii(resource_id) + "/" + lower_ascii(role_id);
    auto found = app_roles_.find(key);
    if (found != app_roles_.end()) return found->second.entitlement;
    Estate& estate = context_.estate;
    EntitlementRecord record;
    record.id = estate.store(qualified_id(context_.config.system, "app:" + key));
    record.resource = estate.store(resource_name.empty() ? resource_id : resource_name);
    record.action = estate.store(role_id);
    record.system = context_.system;
    record.sensitivity = 1;
    Index entitlement = estate.add_entitlement(record);
    app_roles_.emplace(key, AppRole{entitlement, std::string(resource_id), std::string(role_id),
                                    std::string(resource_name)});
    context_.report.count_imported("entitlements");
    return entitlement;
  }

  void on_assignment(const JsonObject& assignment) {
    SourceReport& report = context_.report;
    auto principal = assignment.text("principalId");
    auto resource = assignment.text("resourceId");
    if (!principal || !resource) {
      report.skip("app role assignment without principalId or resourceId", assignment.site().path() + assignment.path());
      return;
    }
    if (auto id = assignment.text("id"); id && !assignment_ids_.insert(std::string(*id)).second) {
      report.duplicate("appRoleAssignments", *id);
      return;
    }
    std::string_view type = assignment.text("principalType").value_or("");
    if (equals_ignoring_case(type, "ServicePrincipal")) {
      report.skip("app role assignment to a service principal not imported", *principal);
      return;
    }
    Index entitlement = app_role(*resource, assignment.text("appRoleId").value_or(kDefaultAppRole),
                                 assignment.text("resourceDisplayName").value_or(""));
    builder_.add_grant(object_key(*principal), entitlement,
                       date_from_iso_text(assignment.text("createdDateTime").value_or("")));
  }

  void on_service_principal(const JsonObject& principal) {
    context_.report.count_read("servicePrincipals");
    auto id = principal.text("id");
    if (!id) return;
    std::string resource = lower_ascii(*id);
    service_principal_names_[resource] = std::string(principal.text("displayName").value_or(""));
    if (auto roles = principal.array("appRoles"))
      for (dom::element entry : *roles) {
        JsonObject role(entry, principal.site(), principal.path() + ".appRoles");
        auto role_id = role.text("id");
        if (!role_id) continue;
        std::string name(role.text("displayName").value_or(role.text("value").value_or("")));
        role_names_[resource + "/" + lower_ascii(*role_id)] = name;
      }
  }

  // "APP / ROLE", with names from the service principals the export holds.
  void name_app_roles() {
    Estate& estate = context_.estate;
    for (const auto& [key, role] : app_roles_) {
      std::string resource = lower_ascii(role.resource_id);
      std::string app = role.resource_name;
      if (auto found = service_principal_names_.find(resource); found != service_principal_names_.end() &&
                                                                !found->second.empty())
        app = found->second;
      if (app.empty()) app = role.resource_id;
      std::string role_name = role.role_id == kDefaultAppRole ? "default access" : role.role_id;
      if (auto found = role_names_.find(key); found != role_names_.end() && !found->second.empty())
        role_name = found->second;
      EntitlementRecord& record = estate.entitlements[role.entitlement];
      record.name = estate.store(app + " / " + role_name);
      record.resource = estate.store(app);
      std::string lowered = lower_ascii(role_name);
      if (lowered.find("admin") != std::string::npos) record.sensitivity = 2;
    }
  }

  const SourceContext& context_;
  SourceBuilder builder_;
  std::string file_;
  GraphKind document_kind_ = GraphKind::kUnknown;
  std::optional<std::int64_t> declared_count_;
  std::uint64_t elements_in_document_ = 0;
  absl::flat_hash_map<std::string, AppRole> app_roles_;
  absl::flat_hash_set<std::string> assignment_ids_;
  absl::flat_hash_map<std::string, std::string> service_principal_names_;
  absl::flat_hash_map<std::string, std::string> role_names_;
};

}  // namespace

void import_entra(const SourceContext& context) {
  EntraImporter importer(context);
  for (const SourceFile& file :
       source_files(context.config.path, context.config.path.lexically_normal().string(), {".json", ".jsonl", ".ndjson"})) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    importer.read_file(file);
  }
  importer.finish();
}

}  // namespace accessgraph::importers
