// The check of every output folder option (--out): a path that is a file, or a folder
// that cannot be created or written, is refused while the arguments are parsed, so
// before any work and with exit status 2, rather than failing after a long load with
// an internal error. Nothing is created here: a failed command still writes nothing.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "cli/command.hpp"

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

}  // namespace accessgraph::cli
