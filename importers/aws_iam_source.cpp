#include "importers/aws_iam_source.hpp"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include <algorithm>
#include <string>
#include <vector>

#include "importers/aws_policy_sensitivity.hpp"
#include "importers/bundle_ids.hpp"
#include "importers/json_attributes.hpp"
#include "importers/json_fields.hpp"
#include "importers/json_pipeline.hpp"
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

struct InlinePolicy {
  std::string_view name;
  std::uint8_t sensitivity;
};
struct AttachedPolicy {
  std::string_view arn, name;
};

// What one user, group, role or policy says, extracted on any thread.
struct AwsRecord {
  enum class Kind : std::uint8_t { kUser, kGroup, kRole, kPolicy, kSkipped };
  Kind kind = Kind::kSkipped;
  std::string_view native, name;  // the ARN (or the name), and the user, group, role or policy name
  Date created, last_used;
  AttributeValues values;
  std::vector<std::string_view> groups;  // a user's GroupList
  std::vector<AttachedPolicy> attached;
  std::vector<InlinePolicy> inline_policies;
  bool document_seen = false;  // a policy: its default version was in the export
  std::uint8_t sensitivity = 0;
  std::vector<std::pair<std::string, std::string_view>> skips;  // (reason, example)
};

class AwsIamFormat {
 public:
  struct Context {};
  using Record = AwsRecord;
  using Extraction = JsonExtraction<Record>;

  explicit AwsIamFormat(const SourceContext& context)
      : context_(context),
        builder_(context) {}

  JsonLayout layout() const { return {{"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"}, false}; }
  void note_member(std::string_view, dom::element, const JsonSite&, Context&) const {}
  void end_document(const Context&, std::uint64_t, const std::string&) {}

  void extract(std::string_view collection, dom::element value, const JsonSite& site, const Context&,
               Extraction& out) const {
    JsonObject object(value, site);
    Record& record = out.records.emplace_back();
    if (collection == "UserDetailList")
      extract_principal(object, Record::Kind::kUser, "UserName", "UserPolicyList", record, out);
    else if (collection == "RoleDetailList")
      extract_principal(object, Record::Kind::kRole, "RoleName", "RolePolicyList", record, out);
    else if (collection == "GroupDetailList")
      extract_principal(object, Record::Kind::kGroup, "GroupName", "GroupPolicyList", record, out);
    else if (collection == "Policies")
      extract_policy(object, record, out);
  }

  void apply(const Record& record) {
    SourceReport& report = context_.report;
    for (const auto& [reason, example] : record.skips) report.skip(reason, example);
    switch (record.kind) {
      case Record::Kind::kUser:
        apply_user(record);
        break;
      case Record::Kind::kRole:
        apply_role(record);
        break;
      case Record::Kind::kGroup:
        apply_group(record);
        break;
      case Record::Kind::kPolicy:
        apply_policy(record);
        break;
      case Record::Kind::kSkipped:
        break;
    }
  }

  void expect_bytes(std::uint64_t bytes) { builder_.expect_bytes(bytes); }
  void finish() { builder_.finish(); }

 private:
  static std::uint8_t document_sensitivity(const JsonObject& holder, std::string_view key) {
    auto document = holder.field(key);
    if (!document || document->is_null()) return 0;
    std::string_view encoded;
    if (document->get_string().get(encoded)) return policy_document_sensitivity(*document);
    thread_local dom::parser parser;  // extraction runs on any thread
    dom::element decoded;
    simdjson::padded_string text(url_decoded(encoded));
    if (parser.parse(text).get(decoded)) holder.fail(key, *document, "policy document is not JSON");
    return policy_document_sensitivity(decoded);
  }

  void extract_principal(const JsonObject& principal, Record::Kind kind, std::string_view name_key,
                         std::string_view inline_key, Record& record, Extraction& out) const {
    auto name = principal.text(name_key);
    auto arn = principal.text("Arn");
    if (!name && !arn) {
      record.skips.emplace_back(std::string(name_key) + " and Arn missing", out.keep(principal.site().path()));
      return;
    }
    record.kind = kind;
    record.native = out.keep(arn.value_or(*name));
    record.name = name ? out.keep(*name) : record.native;
    record.created = date_from_iso_text(principal.text("CreateDate").value_or(""));
    if (auto used = principal.text("PasswordLastUsed")) record.last_used = date_from_iso_text(*used);
    if (auto last = principal.object("RoleLastUsed"))
      if (auto used = last->text("LastUsedDate")) record.last_used = date_from_iso_text(*used);
    if (auto groups = principal.array("GroupList"))
      for (dom::element group : *groups) {
        std::string_view group_name;
        if (!group.get_string().get(group_name)) record.groups.push_back(out.keep(group_name));
      }
    if (auto list = principal.array("AttachedManagedPolicies")) {
      std::size_t position = 0;
      for (dom::element entry : *list) {
        JsonObject policy(entry, principal.site(),
                          principal.path() + ".AttachedManagedPolicies[" + std::to_string(position++) + "]");
        auto policy_arn = policy.text("PolicyArn");
        if (!policy_arn) {
          record.skips.emplace_back("attached policy without PolicyArn", record.native);
          continue;
        }
        record.attached.push_back({out.keep(*policy_arn), out.keep(policy.text("PolicyName").value_or(""))});
      }
    }
    if (auto list = principal.array(inline_key)) {
      std::size_t position = 0;
      for (dom::element entry : *list) {
        JsonObject policy(entry, principal.site(),
                          principal.path() + "." + std::string(inline_key) + "[" + std::to_string(position++) + "]");
        auto policy_name = policy.text("PolicyName");
        if (!policy_name) {
          record.skips.emplace_back("inline policy without PolicyName", record.native);
          continue;
        }
        record.inline_policies.push_back({out.keep(*policy_name), document_sensitivity(policy, "PolicyDocument")});
      }
    }
    if (kind == Record::Kind::kGroup) return;
    AttributeCollector values(context_.estate.account_attribute_names(), out.arena, record.values);
    values.add_named(principal);  // UserName, UserId, Arn, RoleName... as named
    const auto& names = context_.estate.account_attribute_names();
    if (auto tags = principal.array("Tags"))
      for (dom::element entry : *tags) {
        if (!entry.is_object()) continue;
        JsonObject tag(entry, principal.site(), principal.path() + ".Tags");
        auto key = tag.text("Key");
        auto value = tag.text("Value");
        if (!key || !value) continue;
        for (std::size_t slot = 0; slot < names.size(); ++slot)
          if (equals_ignoring_case(names[slot], *key)) values.add(static_cast<std::uint16_t>(slot), *value);
        if (equals_ignoring_case(*key, "email") || equals_ignoring_case(*key, "mail")) {
          values.add_canonical(equals_ignoring_case(*key, "email") ? "mail" : "email", *value);
        }
      }
    values.add_canonical("username", record.name);
  }

  static void extract_policy(const JsonObject& policy, Record& record, Extraction& out) {
    auto arn = policy.text("Arn");
    if (!arn) {
      record.skips.emplace_back("policy without Arn", out.keep(policy.site().path()));
      return;
    }
    record.kind = Record::Kind::kPolicy;
    record.native = out.keep(*arn);
    record.name = out.keep(policy.text("PolicyName").value_or(""));
    auto versions = policy.array("PolicyVersionList");
    if (!versions) return;
    std::string_view default_version = policy.text("DefaultVersionId").value_or("");
    std::size_t position = 0;
    for (dom::element entry : *versions) {
      JsonObject version(entry, policy.site(),
                         policy.path() + ".PolicyVersionList[" + std::to_string(position++) + "]");
      bool is_default = version.boolean("IsDefaultVersion").value_or(false) ||
                        (!default_version.empty() && version.text("VersionId").value_or("") == default_version);
      if (!is_default) continue;
      record.sensitivity = document_sensitivity(version, "Document");
      if (equals_ignoring_case(record.name, "AdministratorAccess")) record.sensitivity = 3;
      record.document_seen = true;
      break;
    }
  }

  struct ManagedPolicy {
    Index entitlement;
    bool document_seen = false;
  };

  // The entitlement of a managed policy, made on first mention (attachment or listing);
  // until its document is seen, its sensitivity is what its name suggests.
  ManagedPolicy& managed_policy(std::string_view arn, std::string_view name) {
    auto found = managed_policies_.find(arn);
    if (found != managed_policies_.end()) return found->second;
    Estate& estate = context_.estate;
    EntitlementRecord record;
    record.id = estate.store(qualified_id(context_.config.system, arn));
    record.name = estate.store(name.empty() ? arn.substr(arn.rfind('/') + 1) : name);
    record.resource = estate.store(arn);
    record.action = "managed policy";
    record.system = context_.system;
    record.sensitivity = policy_name_sensitivity(record.name);
    Index entitlement = estate.add_entitlement(record);
    context_.report.count_imported("entitlements");
    return managed_policies_.emplace(record.resource, ManagedPolicy{entitlement}).first->second;
  }

  // Each inline policy is an entitlement of its own, granted by `grant`.
  template <class Grant>
  void add_policies(const Record& record, Grant grant) {
    for (const AttachedPolicy& policy : record.attached) grant(managed_policy(policy.arn, policy.name).entitlement);
    Estate& estate = context_.estate;
    for (const InlinePolicy& policy : record.inline_policies) {
      EntitlementRecord entitlement;
      entitlement.id = estate.store(
          qualified_id(context_.config.system, std::string(record.native) + "#" + std::string(policy.name)));
      if (!inline_ids_.insert(entitlement.id).second) {
        context_.report.duplicate("inline policies", entitlement.id);
        continue;
      }
      entitlement.name = estate.store(policy.name);
      entitlement.resource = estate.store(record.native);
      entitlement.action = "inline policy";
      entitlement.system = context_.system;
      entitlement.sensitivity = policy.sensitivity;
      grant(estate.add_entitlement(entitlement));
      context_.report.count_imported("entitlements");
    }
  }

  std::optional<Index> add_principal(const Record& record, std::string_view kind) {
    context_.report.count_read(kind);
    AccountRecord account;
    account.username = record.name;
    account.created = record.created;
    account.last_used = record.last_used;
    auto index = builder_.add_account(builder_.key(record.native, false), record.native, account);
    if (!index) return std::nullopt;
    Estate& estate = context_.estate;
    for (const auto& [slot, value] : record.values) estate.add_account_value(*index, slot, value);
    add_policies(record, [&](Index entitlement) { estate.account_grants.push_back({*index, entitlement, Date()}); });
    return index;
  }

  void apply_user(const Record& record) {
    auto account = add_principal(record, "users");
    if (!account) return;
    Index user_key = builder_.key(record.native, false);
    for (std::string_view group : record.groups)
      builder_.add_member(builder_.key("group:" + std::string(group)), user_key);
    if (context_.config.identities) {
      IdentityRecord identity;
      identity.display_name = record.name;
      builder_.add_own_identity(*account, identity);
    }
  }

  void apply_role(const Record& record) {
    auto account = add_principal(record, "roles");
    if (!account) return;
    // A role is a machine identity: whoever assumes it acts as it.
    IdentityRecord identity;
    identity.display_name = record.name;
    identity.kind = IdentityKind::kService;
    builder_.add_own_identity(*account, identity);
  }

  void apply_group(const Record& record) {
    context_.report.count_read("groups");
    GroupRecord group;
    group.name = record.name;
    group.membership_entitlement = false;  // an IAM group grants its policies, nothing more
    auto index = builder_.add_group(builder_.key("group:" + std::string(record.name), false), record.native, group);
    if (!index) return;
    Estate& estate = context_.estate;
    add_policies(record, [&](Index entitlement) { estate.group_grants.push_back({*index, entitlement}); });
  }

  void apply_policy(const Record& record) {
    context_.report.count_read("policies");
    bool known = managed_policies_.contains(record.native);
    ManagedPolicy& policy = managed_policy(record.native, record.name);
    if (known && policy.document_seen) {
      context_.report.duplicate("policies", record.native);
      return;
    }
    if (!record.document_seen) return;
    context_.estate.entitlements[policy.entitlement].sensitivity = record.sensitivity;
    policy.document_seen = true;
  }

  const SourceContext& context_;
  SourceBuilder builder_;
  absl::flat_hash_map<std::string_view, ManagedPolicy, TextHash> managed_policies_;  // keyed by the stored ARN
  absl::flat_hash_set<std::string_view, TextHash> inline_ids_;
};

}  // namespace

void import_aws_iam(const SourceContext& context) {
  AwsIamFormat format(context);
  auto files = source_files(context.config.path, context.config.path.lexically_normal().string(), {".json"});
  format.expect_bytes(total_bytes(files));
  for (const SourceFile& file : files) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    read_json_source(file, format);
  }
  format.finish();
}

}  // namespace accessgraph::importers
