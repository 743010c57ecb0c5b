#include "core/io/file_text.hpp"

#include <limits>

#include "core/common/error.hpp"
#include "core/io/input_file.hpp"

namespace accessgraph {

std::string read_input_file(const std::filesystem::path& path, const std::string& label, std::uint64_t max_bytes) {
  return InputFile::open(path, label).read_all(max_bytes);
}

std::optional<std::string> read_file_text(const std::filesystem::path& path) {
  std::optional<InputFile> file;
  try {
    file = InputFile::open_if_exists(path, path.string());
  } catch (const InputError& error) {
    // Not a regular file is a defect to report; a file we may not open is the caller's "missing".
    if (error.reason().starts_with("not a regular file")) throw;
    return std::nullopt;
  }
  if (!file) return std::nullopt;
  return file->read_all(std::numeric_limits<std::uint64_t>::max() - 1);
}

}  // namespace accessgraph
