#include "datasets/generator/names.hpp"

#include <array>

#include "datasets/generator/ids.hpp"
#include "datasets/generator/prng.hpp"
#include "datasets/generator/vocabulary.hpp"

namespace accessgraph::datasets {
namespace {

constexpr std::array<std::string_view, 8> kNicknames{"Bob", "Liz", "Kate", "Sam",
                                                     "Alex", "Max", "DJ", "Jo"};

}  // namespace

PersonName person_name(std::uint64_t seed, std::uint64_t index) {
  Rng rng = Rng::for_stream(seed, "person.name", index);
  const NamePart& first = first_names()[rng.below(first_names().size())];
  const NamePart& last = last_names()[rng.below(last_names().size())];
  PersonName name{{}, first.ascii, last.ascii};
  const std::uint64_t style = rng.below(10'000);
  if (style < 300) {  // "Last, First" from HR systems that sort by surname: needs quoting
    name.display = std::string(last.display) + ", " + std::string(first.display);
  } else if (style < 360) {  // a nickname in double quotes: doubled quotes in CSV
    name.display = std::string(first.display) + " \"" +
                   std::string(kNicknames[rng.below(kNicknames.size())]) + "\" " +
                   std::string(last.display);
  } else if (style < 900) {
    name.display = std::string(first.display) + " " + static_cast<char>('A' + rng.below(26)) +
                   ". " + std::string(last.display);
  } else {
    name.display = std::string(first.display) + " " + std::string(last.display);
  }
  return name;
}

std::string non_human_name(IdentityKind kind, std::string_view system_code,
                           std::string_view system_name, std::uint64_t index) {
  const auto words = resource_words();
  const std::string_view word = words[index % words.size()];
  std::string name;
  switch (kind) {
    case IdentityKind::kService:
      name = "svc-" + std::string(system_code) + "-" + std::string(word) + "-";
      append_number(name, index % 10'000, 4);
      break;
    case IdentityKind::kBot:
      name = std::string(system_name) + " " + std::string(word) + " bot " + std::to_string(index % 1000);
      break;
    default:
      name = "API key - " + std::string(system_name) + " - " + std::string(word) + " " +
             std::to_string(index % 1000);
      break;
  }
  return name;
}

std::string directory_login(const PersonName& name, std::uint64_t index) {
  std::string login;
  login.push_back(name.ascii_first.empty() ? 'x' : name.ascii_first.front());
  login.append(name.ascii_last);
  if (index % 3 == 0) {
    login += std::to_string(index % 97);
  }
  return login;
}

std::string email_login(const PersonName& name) {
  return std::string(name.ascii_first) + "." + std::string(name.ascii_last) + "@example.com";
}

}  // namespace accessgraph::datasets
