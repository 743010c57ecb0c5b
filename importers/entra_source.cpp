#include "importers/entra_source.hpp"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include <optional>
#include <string>
#include <vector>

#include "importers/bundle_ids.hpp"
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

enum class GraphKind : std::uint8_t { kUnknown, kUser, kGroup, kAppRoleAssignment, kServicePrincipal, kOther };

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

// The entity set a response's context names: "...$metadata#users(id,displayName)" ->
// kUser, "...#servicePrincipals('ID')/appRoleAssignedTo" -> kAppRoleAssignment (the last
// segment counts; a "$entity" suffix does not).
GraphKind kind_of_context(std::string_view context) {
  std::size_t hash = context.rfind('#');
  if (hash == std::string_view::npos) return GraphKind::kUnknown;
  std::string_view path = context.substr(hash + 1);
  std::string_view entity;
  while (!path.empty()) {
    std::size_t slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    if (!segment.empty() && segment.front() != '$') entity = segment;
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  entity = entity.substr(0, entity.find('('));
  if (equals_ignoring_case(entity, "users")) return GraphKind::kUser;
  if (equals_ignoring_case(entity, "groups")) return GraphKind::kGroup;
  if (equals_ignoring_case(entity, "appRoleAssignments") || equals_ignoring_case(entity, "appRoleAssignedTo"))
    return GraphKind::kAppRoleAssignment;
  if (equals_ignoring_case(entity, "servicePrincipals")) return GraphKind::kServicePrincipal;
  return GraphKind::kUnknown;
}

struct Assignment {
  std::string_view id, principal, principal_type, resource, resource_name, role;
  Date created;
};

// What one Graph object says, extracted on any thread; text in the batch's arena.
struct EntraRecord {
  GraphKind kind = GraphKind::kOther;
  std::string_view id, name, display_name, department, title, location, employee_type, user_type, mail, employee_id,
      manager, owner;
  bool enabled = true, privileged = false;
  Date created, last_used, hire_date, leave_date;
  AttributeValues values;
  std::vector<std::string_view> links;  // a user's memberOf groups; a group's members
  std::vector<Assignment> assignments;  // its own, or those embedded in a user or group
  std::vector<std::pair<std::string_view, std::string_view>> app_roles;  // a service principal's (id, name)
  std::vector<std::pair<std::string, std::string_view>> skips;           // (reason, example)
};

class EntraFormat {
 public:
  struct Context {
    GraphKind document_kind = GraphKind::kUnknown;
    std::optional<std::int64_t> declared_count;
  };
  using Record = EntraRecord;
  using Extraction = JsonExtraction<Record>;

  explicit EntraFormat(const SourceContext& context)
      : context_(context),
        builder_(context) {}

  JsonLayout layout() const { return {{"value"}, true}; }

  void note_member(std::string_view key, dom::element value, const JsonSite&, Context& context) const {
    std::string_view text;
    std::int64_t count;
    if (key == "@odata.context" && !value.get_string().get(text)) context.document_kind = kind_of_context(text);
    if (key == "@odata.count" && !value.get_int64().get(count)) context.declared_count = count;
  }

  void extract(std::string_view collection, dom::element value, const JsonSite& site, const Context& context,
               Extraction& out) const {
    JsonObject object(value, site);
    Record& record = out.records.emplace_back();
    record.kind = kind_of(object, collection == "value" ? context.document_kind : GraphKind::kUnknown);
    switch (record.kind) {
      case GraphKind::kUser:
        extract_user(object, record, out);
        break;
      case GraphKind::kGroup:
        extract_group(object, record, out);
        break;
      case GraphKind::kAppRoleAssignment:
        extract_assignment(object, record, out);
        break;
      case GraphKind::kServicePrincipal:
        extract_service_principal(object, record, out);
        break;
      case GraphKind::kOther:
      case GraphKind::kUnknown: {
        std::string type(object.text("@odata.type").value_or("unknown object"));
        record.kind = GraphKind::kOther;
        record.skips.emplace_back("not a user, group, app role assignment or service principal (" + type + ")",
                                  out.keep(object.text("id").value_or(site.path())));
        break;
      }
    }
  }

  void end_document(const Context& context, std::uint64_t elements, const std::string& file) {
    if (context.declared_count && *context.declared_count >= 0 && std::uint64_t(*context.declared_count) != elements)
      context_.report.metadata_mismatches.push_back(
          {file, "@odata.count", std::uint64_t(*context.declared_count), elements});
  }

  void apply(const Record& record) {
    SourceReport& report = context_.report;
    for (const auto& [reason, example] : record.skips) report.skip(reason, example);
    switch (record.kind) {
      case GraphKind::kUser:
        apply_user(record);
        break;
      case GraphKind::kGroup:
        apply_group(record);
        break;
      case GraphKind::kServicePrincipal:
        apply_service_principal(record);
        break;
      case GraphKind::kAppRoleAssignment:
        break;  // its assignment is applied below
      default:
        report.count_read("other objects");
    }
    for (const Assignment& assignment : record.assignments) apply_assignment(assignment);
  }

  void expect_bytes(std::uint64_t bytes) { builder_.expect_bytes(bytes); }
  void finish() {
    name_app_roles();
    builder_.finish();
  }

 private:
  static GraphKind kind_of(const JsonObject& object, GraphKind context_kind) {
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

  static bool has_id(const JsonObject& object, std::string_view kind, Record& record, Extraction& out) {
    auto id = object.text("id");
    if (id && !id->empty()) {
      record.id = out.keep(*id);
      return true;
    }
    record.skips.emplace_back(std::string(kind) + " without id", out.keep(object.site().path() + object.path()));
    record.kind = GraphKind::kOther;
    return false;
  }

  void extract_embedded_assignments(const JsonObject& holder, Record& record, Extraction& out) const {
    auto list = holder.array("appRoleAssignments");
    if (!list) return;
    std::size_t position = 0;
    for (dom::element entry : *list) {
      JsonObject assignment(entry, holder.site(),
                            holder.path() + ".appRoleAssignments[" + std::to_string(position++) + "]");
      extract_assignment_into(assignment, record, out);
    }
  }

  void extract_user(const JsonObject& user, Record& record, Extraction& out) const {
    if (!has_id(user, "user", record, out)) return;
    record.name = out.keep(user.text("userPrincipalName").value_or(user.text("mail").value_or(record.id)));
    record.enabled = user.boolean("accountEnabled").value_or(true);
    record.created = date_from_iso_text(user.text("createdDateTime").value_or(""));
    if (auto activity = user.object("signInActivity"))
      for (std::string_view field :
           {"lastSignInDateTime", "lastNonInteractiveSignInDateTime", "lastSuccessfulSignInDateTime"}) {
        Date used = date_from_iso_text(activity->text(field).value_or(""));
        if (used.present() && (!record.last_used.present() || used > record.last_used)) record.last_used = used;
      }
    record.mail = out.keep(user.text("mail").value_or(""));
    record.employee_id = out.keep(user.text("employeeId").value_or(""));
    AttributeCollector values(context_.estate.account_attribute_names(), out.arena, record.values);
    values.add_named(user);
    values.add_canonical("email", record.mail);
    values.add_canonical("username", record.name);
    if (auto groups = user.array("memberOf")) {
      std::size_t position = 0;
      for (dom::element entry : *groups) {
        JsonObject group(entry, user.site(), user.path() + ".memberOf[" + std::to_string(position++) + "]");
        std::string_view type = group.text("@odata.type").value_or("");
        GraphKind kind = kind_of_type(type);
        if (kind != GraphKind::kGroup && kind != GraphKind::kUnknown) {
          record.skips.emplace_back("memberOf of type " + std::string(type) + " not imported",
                                    out.keep(group.text("id").value_or("")));
          continue;
        }
        if (auto group_id = group.text("id")) record.links.push_back(out.keep(*group_id));
      }
    }
    extract_embedded_assignments(user, record, out);
    if (!context_.config.identities) return;
    record.display_name = out.keep(user.text("displayName").value_or(""));
    record.department = out.keep(user.text("department").value_or(""));
    record.title = out.keep(user.text("jobTitle").value_or(""));
    record.location = out.keep(user.text("officeLocation").value_or(user.text("city").value_or("")));
    record.employee_type = out.keep(user.text("employeeType").value_or(""));
    record.user_type = out.keep(user.text("userType").value_or(""));
    record.hire_date = date_from_iso_text(user.text("employeeHireDate").value_or(""));
    record.leave_date = date_from_iso_text(user.text("employeeLeaveDateTime").value_or(""));
    if (auto manager = user.object("manager")) record.manager = out.keep(manager->text("id").value_or(""));
  }

  void extract_group(const JsonObject& group, Record& record, Extraction& out) const {
    if (!has_id(group, "group", record, out)) return;
    record.name = out.keep(group.text("displayName").value_or(record.id));
    record.privileged = group.boolean("isAssignableToRole").value_or(false) ||
                        is_privileged_group(record.name, group.text("onPremisesSecurityIdentifier").value_or(""));
    if (group.field("members@odata.nextLink"))
      record.skips.emplace_back("group members cut short by paging (members@odata.nextLink)", record.id);
    if (auto members = group.array("members")) {
      std::size_t position = 0;
      for (dom::element entry : *members) {
        JsonObject member(entry, group.site(), group.path() + ".members[" + std::to_string(position++) + "]");
        std::string_view type = member.text("@odata.type").value_or("");
        GraphKind kind = kind_of_type(type);
        if (kind != GraphKind::kUser && kind != GraphKind::kGroup && kind != GraphKind::kUnknown) {
          record.skips.emplace_back("member of type " + std::string(type) + " not imported",
                                    out.keep(member.text("id").value_or("")));
          continue;
        }
        if (auto member_id = member.text("id"))
          record.links.push_back(out.keep(*member_id));
        else
          record.skips.emplace_back("member without id", out.keep(member.site().path() + member.path()));
      }
    }
    if (auto owners = group.array("owners"))
      for (dom::element entry : *owners) {
        JsonObject owner(entry, group.site(), group.path() + ".owners");
        if (kind_of_type(owner.text("@odata.type").value_or("")) == GraphKind::kServicePrincipal) continue;
        if (auto owner_id = owner.text("id")) {
          record.owner = out.keep(*owner_id);
          break;
        }
      }
    extract_embedded_assignments(group, record, out);
  }

  static void extract_assignment_into(const JsonObject& object, Record& record, Extraction& out) {
    auto principal = object.text("principalId");
    auto resource = object.text("resourceId");
    if (!principal || !resource) {
      record.skips.emplace_back("app role assignment without principalId or resourceId",
                                out.keep(object.site().path() + object.path()));
      return;
    }
    Assignment& assignment = record.assignments.emplace_back();
    assignment.id = out.keep(object.text("id").value_or(""));
    assignment.principal = out.keep(*principal);
    assignment.principal_type = out.keep(object.text("principalType").value_or(""));
    assignment.resource = out.keep(*resource);
    assignment.resource_name = out.keep(object.text("resourceDisplayName").value_or(""));
    assignment.role = out.keep(object.text("appRoleId").value_or(kDefaultAppRole));
    assignment.created = date_from_iso_text(object.text("createdDateTime").value_or(""));
  }

  static void extract_assignment(const JsonObject& object, Record& record, Extraction& out) {
    extract_assignment_into(object, record, out);
  }

  static void extract_service_principal(const JsonObject& principal, Record& record, Extraction& out) {
    auto id = principal.text("id");
    if (!id) return;
    record.id = out.keep(*id);
    record.display_name = out.keep(principal.text("displayName").value_or(""));
    if (auto roles = principal.array("appRoles"))
      for (dom::element entry : *roles) {
        JsonObject role(entry, principal.site(), principal.path() + ".appRoles");
        auto role_id = role.text("id");
        if (!role_id) continue;
        record.app_roles.emplace_back(out.keep(*role_id),
                                      out.keep(role.text("displayName").value_or(role.text("value").value_or(""))));
      }
  }

  // Graph ids are GUIDs: compared without regard to case. `own`: the object's own key.
  Index object_key(std::string_view id, bool own = false) { return builder_.key(lower_ascii(id), !own); }

  void apply_user(const Record& record) {
    context_.report.count_read("users");
    AccountRecord account;
    account.username = record.name;
    account.status = record.enabled ? AccountStatus::kEnabled : AccountStatus::kDisabled;
    account.created = record.created;
    account.last_used = record.last_used;
    Index key = object_key(record.id, true);
    auto index = builder_.add_account(key, record.id, account);
    if (!index) return;
    Estate& estate = context_.estate;
    for (const auto& [slot, value] : record.values) estate.add_account_value(*index, slot, value);
    for (std::string_view group : record.links) builder_.add_member(object_key(group), key, true);
    if (!context_.config.identities) return;
    IdentityRecord identity;
    identity.display_name = record.display_name;
    identity.department = record.department;
    identity.title = record.title;
    identity.location = record.location;
    auto kind = kind_from_word(record.employee_type);
    if (!kind && equals_ignoring_case(record.user_type, "Guest")) kind = IdentityKind::kPartner;
    identity.kind = kind.value_or(IdentityKind::kEmployee);
    identity.status = record.enabled ? IdentityStatus::kActive : IdentityStatus::kTerminated;
    identity.hire_date = record.hire_date;
    identity.termination_date = record.leave_date;
    Index own = builder_.add_own_identity(*index, identity);
    if (own == kNoIndex) return;
    if (auto slot = estate.identity_attribute("id")) estate.add_identity_value(own, *slot, estate.identities[own].id);
    estate.add_identity_value(own, "email", record.mail);
    estate.add_identity_value(own, "employee_id", record.employee_id);
    if (!record.manager.empty()) builder_.add_manager(own, object_key(record.manager));
  }

  void apply_group(const Record& record) {
    context_.report.count_read("groups");
    GroupRecord group;
    group.name = record.name;
    if (record.privileged) group.sensitivity = kPrivilegedSensitivity;
    Index key = object_key(record.id, true);
    auto index = builder_.add_group(key, record.id, group);
    if (!index) return;
    for (std::string_view member : record.links) builder_.add_member(key, object_key(member));
    if (!record.owner.empty()) builder_.add_group_owner(*index, object_key(record.owner));
  }

  void apply_service_principal(const Record& record) {
    context_.report.count_read("servicePrincipals");
    if (record.id.empty()) return;
    std::string resource = lower_ascii(record.id);
    service_principal_names_[resource] = std::string(record.display_name);
    for (const auto& [role, name] : record.app_roles)
      role_names_[resource + "/" + lower_ascii(role)] = std::string(name);
  }

  struct AppRole {
    Index entitlement;
    std::string resource_id, role_id, resource_name;
  };

  // The entitlement of one app role of one application, made on its first assignment.
  Index app_role(const Assignment& assignment) {
    std::string key = lower_ascii(assignment.resource) + "/" + lower_ascii(assignment.role);
    auto found = app_roles_.find(key);
    if (found != app_roles_.end()) return found->second.entitlement;
    Estate& estate = context_.estate;
    EntitlementRecord record;
    record.id = estate.store(qualified_id(context_.config.system, "app:" + key));
    record.resource = estate.store(assignment.resource_name.empty() ? assignment.resource : assignment.resource_name);
    record.action = estate.store(assignment.role);
    record.system = context_.system;
    record.sensitivity = 1;
    Index entitlement = estate.add_entitlement(record);
    app_roles_.emplace(key, AppRole{entitlement, std::string(assignment.resource), std::string(assignment.role),
                                    std::string(assignment.resource_name)});
    context_.report.count_imported("entitlements");
    return entitlement;
  }

  void apply_assignment(const Assignment& assignment) {
    SourceReport& report = context_.report;
    report.count_read("appRoleAssignments");
    if (!assignment.id.empty() && !assignment_ids_.insert(std::string(assignment.id)).second) {
      report.duplicate("appRoleAssignments", assignment.id);
      return;
    }
    if (equals_ignoring_case(assignment.principal_type, "ServicePrincipal")) {
      report.skip("app role assignment to a service principal not imported", assignment.principal);
      return;
    }
    builder_.add_grant(object_key(assignment.principal), app_role(assignment), assignment.created);
  }

  // "APP / ROLE", with names from the service principals the export holds.
  void name_app_roles() {
    Estate& estate = context_.estate;
    for (const auto& [key, role] : app_roles_) {
      std::string resource = lower_ascii(role.resource_id);
      std::string app = role.resource_name;
      if (auto found = service_principal_names_.find(resource);
          found != service_principal_names_.end() && !found->second.empty())
        app = found->second;
      if (app.empty()) app = role.resource_id;
      std::string role_name = role.role_id == kDefaultAppRole ? "default access" : role.role_id;
      if (auto found = role_names_.find(key); found != role_names_.end() && !found->second.empty())
        role_name = found->second;
      EntitlementRecord& record = estate.entitlements[role.entitlement];
      record.name = estate.store(app + " / " + role_name);
      record.resource = estate.store(app);
      if (lower_ascii(role_name).find("admin") != std::string::npos) record.sensitivity = 2;
    }
  }

  const SourceContext& context_;
  SourceBuilder builder_;
  absl::flat_hash_map<std::string, AppRole> app_roles_;
  absl::flat_hash_set<std::string> assignment_ids_;
  absl::flat_hash_map<std::string, std::string> service_principal_names_;
  absl::flat_hash_map<std::string, std::string> role_names_;
};

}  // namespace

void import_entra(const SourceContext& context) {
  EntraFormat format(context);
  auto files = source_files(context.config.path, context.config.path.lexically_normal().string(),
                            {".json", ".jsonl", ".ndjson"});
  format.expect_bytes(total_bytes(files));
  for (const SourceFile& file : files) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    read_json_source(file, format);
  }
  format.finish();
}

}  // namespace accessgraph::importers
