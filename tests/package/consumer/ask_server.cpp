// ask_server HOST PORT IDENTITY ENTITLEMENT: "has" or "lacks", through accessgraph::client.
#include <accessgraph/client.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  try {
    const accessgraph::Client client(argv[1], static_cast<std::uint16_t>(std::atoi(argv[2])));
    std::cout << (client.check(argv[3], argv[4]).has ? "has" : "lacks") << '\n';
  } catch (const accessgraph::Error& error) {
    std::cerr << error.what() << '\n';
    return 1;
  }
}
