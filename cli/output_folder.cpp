// The check of every output folder option (--out): a path that is a file, or a folder
// that cannot be created or written, is refused while the arguments are parsed, so
// before any work and with exit status 2, rather than failing after a long load with
// an internal error. Nothing is created here: a failed command still writes nothing.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "cli/command.hpp"
#include "core/common/error.hpp"
#include "core/schema/bundle_schema.hpp"

namespace accessgraph::cli {
namespace {

namespace fs = std::filesystem;

// Whether a file can be made in `folder`: a probe, created and removed at once. Asking
// access(2) would not do: root passes it even on a read-only file system.
std::string cannot_write_in(const fs::path& folder) {
  std::string probe = (folder / ".accessgraph-probe-XXXXXX").string();
  const int descriptor = ::mkstemp(probe.data());
  if (descriptor < 0) return std::strerror(errno);
  ::close(descriptor);
  ::unlink(probe.c_str());
  return "";
}

// Why `text` cannot be an output folder, or "" when it can.
std::string output_folder_problem(const std::string& text) {
  if (text.empty()) return "an empty path is not a folder";
  std::error_code error;
  fs::path path = fs::absolute(text, error);
  if (error) return error.message();
  // The folder, or its nearest ancestor that exists (the command creates the rest).
  for (fs::path existing = path;; existing = existing.parent_path()) {
    const fs::file_status status = fs::status(existing, error);
    if (error && error != std::errc::no_such_file_or_directory) return existing.string() + ": " + error.message();
    if (fs::exists(status)) {
      if (!fs::is_directory(status))
        return existing == path ? "exists and is not a folder" : existing.string() + " exists and is not a folder";
      const std::string problem = cannot_write_in(existing);
      if (problem.empty()) return "";
      return existing == path ? "cannot write in this folder: " + problem
                              : "cannot create the folder in " + existing.string() + ": " + problem;
    }
    if (existing == existing.parent_path()) return "no existing folder above it";
  }
}

}  // namespace

CLI::Validator output_folder() {
  return CLI::Validator(
      [](std::string& text) {
        const std::string problem = output_folder_problem(text);
        return problem.empty() ? problem : problem + " (value \"" + text + "\")";
      },
      "FOLDER", "output folder");
}

CLI::Validator number_between(double min, double max) {
  std::ostringstream from, to;
  from << min;
  to << max;
  return CLI::Validator(
      [min, max, expected = "expected a number from " + from.str() + " to " + to.str()](std::string& text) {
        double value = 0;
        if (!CLI::detail::lexical_cast(text, value) || !(value >= min && value <= max))
          return expected + " (value \"" + text + "\")";
        return std::string();
      },
      "NUMBER in [" + from.str() + " - " + to.str() + "]", "number between");
}

CLI::Validator whole_number_between(std::uint64_t min, std::uint64_t max) {
  const std::string expected = "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  return CLI::Validator(
      [min, max, expected](std::string& text) {
        std::uint64_t value = 0;
        const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || !CLI::detail::lexical_cast(text, value) || value < min || value > max)
          return expected + " (value \"" + text + "\")";
        return std::string();
      },
      "N in [" + std::to_string(min) + " - " + std::to_string(max) + "]", "whole number between");
}

StagedFolder staged_output(const std::string& out, std::vector<std::string> owned) {
  const std::size_t plain = owned.size();
  for (std::size_t i = 0; i < plain; ++i)
    if (owned[i].ends_with(".csv")) owned.push_back(owned[i] + ".zst");
  try {
    return StagedFolder(out, std::move(owned));
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw ArgumentError("--out", out, e.what());
  }
}

std::vector<std::string> bundle_entries() {
  std::vector<std::string> names;
  for (const bundle::FileSchema& file : bundle::kFiles) names.emplace_back(file.name);
  names.emplace_back(bundle::HrEvents::kFileName);
  names.emplace_back("decisions.csv");
  names.emplace_back(bundle::kHistoryFolder);
  return names;
}

fs::path staged_path(const StagedFolder& out, const fs::path& path) {
  std::error_code error;
  const fs::path resolved = fs::weakly_canonical(fs::absolute(path, error), error);
  if (error) return path;
  const fs::path inside = resolved.lexically_relative(out.target());
  if (inside.empty() || inside == "." || *inside.begin() == "..") return path;
  return out.path() / inside;
}

}  // namespace accessgraph::cli
