#include "importers/aws_iam_source.hpp"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include <algorithm>
#include <string>

#include "importers/aws_policy_sensitivity.hpp"
#include "importers/bundle_ids.hpp"
#include "importers/json_fields.hpp"
#include "importers/json_stream.hpp"
#include "importers/source_builder.hpp"
#include "importers/source_dates.hpp"
#include "importers/text_hash.hpp"

namespace accessgraph::importers {
namespace {

namespace dom = simdjson::dom;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The IAM API returns policy documents URL-encoded; the AWS CLI decodes them, raw API
// dumps do not.
std::string url_decoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

class AwsIamImporter : public JsonDocumentHandler {
 public:
  explicit AwsIamImporter(const SourceContext& context)
      : context_(context),
        builder_(context.estate, context.report, context.source, context.system, context.config.system) {}

  void read_file(const SourceFile& file) {
    read_json_file(file, JsonLayout{{"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"}, false},
                   *this);
  }

  void finish() {
    // Managed policies whose document the export lacks (AWS-managed ones, unless the
    // export asked for them) are judged by name.
    Estate& estate = context_.estate;
    for (auto& [arn, policy] : managed_policies_)
      if (!policy.document_seen)
        estate.entitlements[policy.entitlement].sensitivity = policy_name_sensitivity(policy.name);
    builder_.finish();
  }

  void on_element(std::string_view collection, dom::element value, const JsonSite& site) override {
    JsonObject object(value, site);
    if (collection == "UserDetailList") on_user(object);
    else if (collection == "GroupDetailList") on_group(object);
    else if (collection == "RoleDetailList") on_role(object);
    else if (collection == "Policies") on_policy(object);
  }

 private:
  struct ManagedPolicy {
    Index entitlement;
    std::string name;
    bool document_seen = false;
  };

  // The entitlement of a managed policy, made on first mention (attachment or listing).
  Index managed_policy(std::string_view arn, std::string_view name) {
    auto found = managed_policies_.find(arn);
    if (found != managed_policies_.end()) return found->second.entitlement;
    Estate& estate = context_.estate;
    EntitlementRecord record;
    record.id = estate.store(qualified_id(context_.config.system, arn));
    record.name = estate.store(name.empty() ? arn.substr(arn.rfind('/') + 1) : name);
    record.resource = estate.store(arn);
    record.action = "managed policy";
    record.system = context_.system;
    record.sensitivity = policy_name_sensitivity(record.name);
    Index entitlement = estate.add_entitlement(record);
    managed_policies_.emplace(record.resource, ManagedPolicy{entitlement, std::string(record.name)});
    context_.report.count_imported("entitlements");
    return entitlement;
  }

  std::uint8_t document_sensitivity(const JsonObject& holder, std::string_view key) {
    auto document = holder.field(key);
    if (!document || document->is_null()) return 0;
    std::string_view encoded;
    if (document->get_string().get(encoded)) return policy_document_sensitivity(*document);
    dom::element decoded;
    simdjson::padded_string text(url_decoded(encoded));
    if (documents_.parse(text).get(decoded)) holder.fail(key, *document, "policy document is not JSON");
    return policy_document_sensitivity(decoded);
  }

  // The principal's inline policies: one entitlement each, granted by `grant`.
  template <class Grant>
  void inline_policies(const JsonObject& principal, std::string_view list_key, std::string_view principal_arn,
                       Grant grant) {
    auto list = principal.array(list_key);
    if (!list) return;
    std::size_t position = 0;
    for (dom::element entry : *list) {
      JsonObject policy(entry, principal.site(),
                        principal.path() + "." + std::string(list_key) + "[" + std::to_string(position++) + "]");
      auto name = policy.text("PolicyName");
      if (!name) {
        context_.report.skip("inline policy without PolicyName", principal_arn);
        continue;
      }
      Estate& estate = context_.estate;
      EntitlementRecord record;
      record.id = estate.store(qualified_id(context_.config.system, std::string(principal_arn) + "#" + std::string(*name)));
      record.name = estate.store(*name);
      record.resource = estate.store(principal_arn);
      record.action = "inline policy";
      record.system = context_.system;
      record.sensitivity = document_sensitivity(policy, "PolicyDocument");
      if (!inline_ids_.emplace(record.id).second) {
        context_.report.duplicate("inline policies", record.id);
        continue;
      }
      grant(estate.add_entitlement(record));
      context_.report.count_imported("entitlements");
    }
  }

  template <class Grant>
  void attached_policies(const JsonObject& principal, Grant grant) {
    auto list = principal.array("AttachedManagedPolicies");
    if (!list) return;
    std::size_t position = 0;
    for (dom::element entry : *list) {
      JsonObject policy(entry, principal.site(),
                        principal.path() + ".AttachedManagedPolicies[" + std::to_string(position++) + "]");
      auto arn = policy.text("PolicyArn");
      if (!arn) {
        context_.report.skip("attached policy without PolicyArn", principal.path());
        continue;
      }
      grant(managed_policy(*arn, policy.text("PolicyName").value_or("")));
    }
  }

  void grant_to_account(Index account, Index entitlement) {
    context_.estate.account_grants.push_back({account, entitlement, Date()});
  }

  std::optional<Index> add_principal_account(const JsonObject& principal, std::string_view name_key,
                                             std::string_view kind) {
    context_.report.count_read(kind);
    auto name = principal.text(name_key);
    auto arn = principal.text("Arn");
    if (!name && !arn) {
      context_.report.skip(std::string(kind) + " without name or Arn", principal.site().path());
      return std::nullopt;
    }
    std::string native(arn.value_or(*name));
    AccountRecord account;
    account.username = name.value_or(native);
    account.created = date_from_iso_text(principal.text("CreateDate").value_or(""));
    if (auto used = principal.text("PasswordLastUsed")) account.last_used = date_from_iso_text(*used);
    if (auto last = principal.object("RoleLastUsed"))
      if (auto used = last->text("LastUsedDate")) account.last_used = date_from_iso_text(*used);
    return builder_.add_account(builder_.key(native, false), native, account);
  }

  // Tags by key, and the canonical names, for correlation.
  void add_correlation_values(const JsonObject& principal, Index account, std::string_view username) {
    Estate& estate = context_.estate;
    std::uint64_t found = 0;
    if (auto tags = principal.array("Tags"))
      for (dom::element entry : *tags) {
        if (!entry.is_object()) continue;
        JsonObject tag(entry, principal.site(), principal.path() + ".Tags");
        auto key = tag.text("Key");
        auto value = tag.text("Value");
        if (!key || !value) continue;
        if (auto slot = estate.account_attribute(*key)) {
          estate.add_account_value(account, *slot, *value);
          if (*slot < 64) found |= std::uint64_t{1} << *slot;
        }
        if (equals_ignoring_case(*key, "email") || equals_ignoring_case(*key, "mail")) {
          for (std::string_view alias : {"mail", "email"})
            if (auto slot = estate.account_attribute(alias); slot && !equals_ignoring_case(*key, alias))
              estate.add_account_value(account, *slot, *value);
        }
      }
    for (std::string_view field : {"UserName", "UserId", "Arn", "RoleName", "RoleId"})
      if (auto slot = estate.account_attribute(field))
        if (auto value = principal.text(field)) estate.add_account_value(account, *slot, *value);
    if (auto slot = estate.account_attribute("username"); slot && !(*slot < 64 && (found >> *slot & 1)))
      estate.add_account_value(account, *slot, username);
  }

  void on_user(const JsonObject& user) {
    auto account = add_principal_account(user, "UserName", "users");
    if (!account) return;
    Estate& estate = context_.estate;
    std::string arn(user.text("Arn").value_or(user.text("UserName").value_or("")));
    Index user_key = builder_.key(arn);
    add_correlation_values(user, *account, estate.accounts[*account].username);
    if (auto groups = user.array("GroupList"))
      for (dom::element group : *groups) {
        std::string_view name;
        if (!group.get_string().get(name)) builder_.add_member(builder_.key("group:" + std::string(name)), user_key);
      }
    attached_policies(user, [&](Index entitlement) { grant_to_account(*account, entitlement); });
    inline_policies(user, "UserPolicyList", arn, [&](Index entitlement) { grant_to_account(*account, entitlement); });
    if (context_.config.identities) {
      IdentityRecord identity;
      identity.display_name = estate.accounts[*account].username;
      builder_.add_own_identity(*account, identity);
    }
  }

  void on_role(const JsonObject& role) {
    auto account = add_principal_account(role, "RoleName", "roles");
    if (!account) return;
    Estate& estate = context_.estate;
    std::string arn(role.text("Arn").value_or(role.text("RoleName").value_or("")));
    add_correlation_values(role, *account, estate.accounts[*account].username);
    attached_policies(role, [&](Index entitlement) { grant_to_account(*account, entitlement); });
    inline_policies(role, "RolePolicyList", arn, [&](Index entitlement) { grant_to_account(*account, entitlement); });
    // A role is a machine identity: whoever assumes it acts as it.
    IdentityRecord identity;
    identity.display_name = estate.accounts[*account].username;
    identity.kind = IdentityKind::kService;
    builder_.add_own_identity(*account, identity);
  }

  void on_group(const JsonObject& group) {
    context_.report.count_read("groups");
    auto name = group.text("GroupName");
    if (!name) {
      context_.report.skip("group without GroupName", group.site().path());
      return;
    }
    std::string native(group.text("Arn").value_or(*name));
    GroupRecord record;
    record.name = *name;
    record.membership_entitlement = false;  // an IAM group grants its policies, nothing more
    auto index = builder_.add_group(builder_.key("group:" + std::string(*name), false), native, record);
    if (!index) return;
    Estate& estate = context_.estate;
    auto grant = [&](Index entitlement) { estate.group_grants.push_back({*index, entitlement}); };
    attached_policies(group, grant);
    inline_policies(group, "GroupPolicyList", native, grant);
  }

  void on_policy(const JsonObject& policy) {
    context_.report.count_read("policies");
    auto arn = policy.text("Arn");
    if (!arn) {
      context_.report.skip("policy without Arn", policy.site().path());
      return;
    }
    bool known = managed_policies_.contains(*arn);
    Index entitlement = managed_policy(*arn, policy.text("PolicyName").value_or(""));
    ManagedPolicy& entry = managed_policies_.find(*arn)->second;
    if (known && entry.document_seen) {
      context_.report.duplicate("policies", *arn);
      return;
    }
    auto versions = policy.array("PolicyVersionList");
    if (!versions) return;
    std::string_view default_version = policy.text("DefaultVersionId").value_or("");
    std::size_t position = 0;
    for (dom::element entry_value : *versions) {
      JsonObject version(entry_value, policy.site(), policy.path() + ".PolicyVersionList[" + std::to_string(position++) + "]");
      bool is_default = version.boolean("IsDefaultVersion").value_or(false) ||
                        (!default_version.empty() && version.text("VersionId").value_or("") == default_version);
      if (!is_default) continue;
      std::uint8_t level = document_sensitivity(version, "Document");
      if (equals_ignoring_case(entry.name, "AdministratorAccess")) level = 3;
      context_.estate.entitlements[entitlement].sensitivity = level;
      entry.document_seen = true;
      break;
    }
  }

  const SourceContext& context_;
  SourceBuilder builder_;
  absl::flat_hash_map<std::string_view, ManagedPolicy, TextHash> managed_policies_;  // keyed by the stored ARN
  absl::flat_hash_set<std::string_view, TextHash> inline_ids_;
  dom::parser documents_;  // URL-encoded documents, parsed apart from the element being read
};

}  // namespace

void import_aws_iam(const SourceContext& context) {
  AwsIamImporter importer(context);
  for (const SourceFile& file :
       source_files(context.config.path, context.config.path.lexically_normal().string(), {".json"})) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    importer.read_file(file);
  }
  importer.finish();
}

}  // namespace accessgraph::importers
