// ask_engine BUNDLE AS_OF IDENTITY ENTITLEMENT: "has" or "lacks", from an Engine in process.
#include <accessgraph/engine.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  try {
    accessgraph::OpenOptions options;
    options.as_of = *accessgraph::Date::parse(argv[2]);
    const auto engine = accessgraph::Engine::open_bundle(argv[1], options);
    std::cout << (engine.check(argv[3], argv[4]).has ? "has" : "lacks") << '\n';
  } catch (const accessgraph::Error& error) {
    std::cerr << error.what() << '\n';
    return 1;
  }
}
