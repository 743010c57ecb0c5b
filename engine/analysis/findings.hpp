#pragma once
// Findings (SPEC section 3, plus nhi_expired): per account and per identity, from the
// access index and the peer index. The same evaluation serves findings.csv, the
// per-identity/account/type queries and, later, the risk factors.
#include <absl/functional/function_ref.h>

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/analysis/fraction.hpp"
#include "engine/analysis/peer_index.hpp"

namespace accessgraph {

// In the byte order of their names, which is the order of findings.csv.
enum class FindingType : std::uint8_t {
  kDormantAccount,
  kLeaverAccess,
  kMissingAccess,
  kNhiExpired,
  kNhiNoOwner,
  kNhiOwnerTerminated,
  kOrphanAccount,
  kSodViolation,
  kUnjustifiedAccess,
};
inline constexpr std::array<std::string_view, 9> kFindingTypeNames = {
    "dormant_account", "leaver_access",        "missing_access", "nhi_expired",       "nhi_no_owner",
    "nhi_owner_terminated", "orphan_account", "sod_violation",  "unjustified_access"};
inline constexpr std::string_view finding_type_name(FindingType type) {
  return kFindingTypeNames[static_cast<std::size_t>(type)];
}
std::optional<FindingType> parse_finding_type(std::string_view name);
inline constexpr bool has_account_subject(FindingType type) {
  return type == FindingType::kDormantAccount || type == FindingType::kLeaverAccess ||
         type == FindingType::kOrphanAccount;
}

// Classes of unjustified access, first that applies.
enum class UnjustifiedClass : std::uint8_t { kMoverResidue, kNoPeers, kPeerOutlier, kPeerCommon };
std::string_view unjustified_class_name(UnjustifiedClass value);

struct FindingsPolicy {
  int dormant_days = 90;
  Fraction outlier_threshold{1, 10};
};

// One finding on dense ids; `related` is text because an orphan's identity cell may
// name nobody, and a rule id is not an entitlement.
struct FindingRecord {
  FindingType type;
  std::uint32_t subject;  // AccountId or IdentityId value, by type
  std::string_view related;
  std::string_view detail;
  // The related entitlement's (or SoD rule's) dense id, for ordering without strings.
  std::uint32_t related_index = 0;
};

using FindingSink = absl::FunctionRef<void(const FindingRecord&)>;

class FindingsEvaluator {
 public:
  FindingsEvaluator(const AccessIndex& index, const PeerIndex& peers, FindingsPolicy policy);

  // Per-thread working sets; one per concurrent caller.
  struct Scratch {
    MarkedUnion<EntitlementId> actual, expected, residue;
    std::vector<EntitlementId> sorted;
  };
  Scratch make_scratch() const;

  void account_findings(AccountId account, FindingSink sink) const;
  // Emits per type in a fixed order, related ids in dense-id order.
  void identity_findings(IdentityId identity, Scratch& scratch, FindingSink sink) const;
  // The class of one unjustified (not expected) access; reads scratch.residue, which
  // add_mover_residue filled. `identity_has_it` false classifies a grant not yet made.
  UnjustifiedClass classify(IdentityId identity, EntitlementId entitlement, const Scratch& scratch,
                            bool identity_has_it = true) const;
  // What roles revoked at or before as_of (role_history) would grant.
  void add_mover_residue(IdentityId identity, MarkedUnion<EntitlementId>& residue) const;

  const AccessIndex& index() const { return index_; }

 private:
  const AccessIndex& index_;
  const PeerIndex& peers_;
  FindingsPolicy policy_;
  Date dormant_before_;
  Csr<EntitlementId, SodRuleId> rules_by_first_entitlement_;
};

}  // namespace accessgraph
