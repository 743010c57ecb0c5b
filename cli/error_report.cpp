#include "cli/error_report.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <string_view>

#include "accessgraph/client.hpp"
#include "cli/command.hpp"

namespace accessgraph::cli {
namespace {

using Json = nlohmann::ordered_json;

struct Failure {
  std::string kind;  // the JSON "error"
  int exit_status = kExitInternal;
  std::string message;
  Json details = Json::object();  // what the error carries, by name
};

void add_input_details(Failure& failure, const InputError& error) {
  if (!error.file().empty()) failure.details["file"] = error.file();
  if (error.line() > 0) failure.details["line"] = error.line();
  if (!error.column().empty()) failure.details["column"] = error.column();
  if (!error.value().empty()) failure.details["value"] = error.value();
  if (!error.reason().empty()) failure.details["reason"] = error.reason();
}

bool is_refused_access(const std::string& code) { return code == "Unauthenticated" || code == "Forbidden"; }

Failure classify(std::exception_ptr failure, std::string (*rename)(const std::string&)) {
  try {
    std::rethrow_exception(failure);
  } catch (const CLI::ParseError& error) {
    return {"bad_argument", kExitBadInput, error.what()};
  } catch (const ArgumentError& error) {
    const ArgumentError renamed = error.renamed(rename(error.argument()));
    Failure out{"bad_argument", kExitBadInput, renamed.what()};
    if (!renamed.argument().empty()) out.details["option"] = renamed.argument();
    if (!renamed.value().empty()) out.details["value"] = renamed.value();
    out.details["reason"] = renamed.reason();
    return out;
  } catch (const InputError& error) {
    Failure out{"bad_input", kExitBadInput, error.what()};
    add_input_details(out, error);
    return out;
  } catch (const StateError& error) {
    return {"state", kExitState, error.what()};
  } catch (const NotFoundError& error) {
    return {"not_found", kExitNotFound, error.what()};
  } catch (const ServerError& error) {
    Failure out = is_refused_access(error.code())
                      ? Failure{"not_authorised", kExitNotAuthorised, "not authorised: " + std::string(error.what())}
                      : Failure{"server", kExitInternal, "server refused: " + std::string(error.what())};
    out.details["code"] = error.code();
    return out;
  } catch (const Error& error) {
    return {"error", kExitInternal, error.what()};
  } catch (const std::exception& error) {
    return {"internal", kExitInternal, std::string("internal error: ") + error.what()};
  }
  return {};
}

}  // namespace

bool wants_json_errors(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return false;
    if (arg == "--json") return true;
  }
  return false;
}

int report_failure(std::exception_ptr failure, bool json, CLI::App& app,
                   std::string (*rename)(const std::string& argument)) {
  Failure report = classify(failure, rename);
  if (json) {
    Json out = {{"error", report.kind}, {"message", report.message}};
    out.update(report.details);
    std::cerr << out.dump() << "\n";
    return report.exit_status;
  }
  try {
    std::rethrow_exception(failure);
  } catch (const CLI::ParseError& error) {
    app.exit(error);  // CLI11's own text: the message and "Run with --help ..."
    return report.exit_status;
  } catch (...) {
  }
  std::cerr << "accessgraph: error: " << report.message << "\n";
  return report.exit_status;
}

}  // namespace accessgraph::cli
