// A small program against a running server:
//   accessgraph serve --bundle datasets/sample --as-of 2026-11-01 --listen 127.0.0.1:7878 &
//   build/server/accessgraph_client_example 127.0.0.1 7878 u-alice ent-ad-vpn
#include <cstdlib>
#include <iostream>

#include "accessgraph/client.hpp"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: accessgraph_client_example HOST PORT IDENTITY ENTITLEMENT\n";
    return 2;
  }
  try {
    const accessgraph::Client client(argv[1], static_cast<std::uint16_t>(std::atoi(argv[2])));
    const auto health = client.health();
    std::cout << "server " << health.status << ", version " << health.version << ", as of " << health.as_of << "\n";
    const auto check = client.check(argv[3], argv[4]);
    std::cout << check.identity << (check.has ? " has " : " does not have ") << check.entitlement
              << (check.has ? (check.justified ? " (justified)" : " (not justified)") : "") << "\n";
    const auto access = client.access(argv[3]);
    std::cout << access.identity << " holds " << access.entitlements.size() << " entitlements\n";
    for (const auto& node : client.explain(argv[3], argv[4]).actual) std::cout << "  " << node.kind << " " << node.id << "\n";
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
