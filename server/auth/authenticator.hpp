#pragma once
// Who may ask what. With a token table, every request must carry a known token and
// apply needs the admin scope. Without one, only loopback clients are served, with
// every scope: the operator on the same machine.
#include <optional>
#include <string>
#include <string_view>

#include "server/auth/token_table.hpp"
#include "server/protocol/framing.hpp"

namespace accessgraph::server {

struct AuthDecision {
  bool allowed = false;
  wire::ErrorCode code = wire::ErrorCode::Unauthenticated;  // when refused
  std::string message;
};

class Authenticator {
 public:
  explicit Authenticator(std::optional<TokenTable> tokens) : tokens_(std::move(tokens)) {}

  bool requires_tokens() const { return tokens_.has_value(); }
  // Whether a client from this address may be served at all.
  bool admits(bool loopback_client) const { return tokens_.has_value() || loopback_client; }
  AuthDecision authorize(std::string_view token, wire::RequestBody body, bool loopback_client) const;

 private:
  std::optional<TokenTable> tokens_;
};

// Requests that change state and so need the admin scope.
bool needs_admin(wire::RequestBody body);

}  // namespace accessgraph::server
