#include "importers/source_files.hpp"

#include <algorithm>
#include <string>

#include "core/common/error.hpp"
#include "importers/estate.hpp"

namespace accessgraph::importers {
namespace {

bool hidden(const std::filesystem::path& relative) {
  for (const auto& part : relative)
    if (!part.empty() && part.string()[0] == '.') return true;
  return false;
}

bool has_extension(const std::filesystem::path& path, std::initializer_list<std::string_view> extensions) {
  std::string extension = path.extension().string();
  for (std::string_view wanted : extensions)
    if (equals_ignoring_case(extension, wanted)) return true;
  return false;
}

}  // namespace

std::vector<SourceFile> source_files(const std::filesystem::path& path, std::string_view path_text,
                                     std::initializer_list<std::string_view> extensions) {
  namespace fs = std::filesystem;
  std::error_code error;
  auto status = fs::status(path, error);
  if (error || !fs::exists(status)) throw InputError(std::string(path_text), 0, "", "", "no such file or folder");
  if (!fs::is_directory(status)) return {{path, std::string(path_text), fs::file_size(path, error)}};

  std::vector<SourceFile> files;
  for (fs::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
    fs::path relative = fs::relative(it->path(), path);
    if (hidden(relative)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || !has_extension(it->path(), extensions)) continue;
    std::string label = (fs::path(path_text) / relative).string();
    files.push_back({it->path(), std::move(label), it->file_size()});
  }
  if (error) throw InputError(std::string(path_text), 0, "", "", "cannot list the folder: " + error.message());
  std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) { return a.label < b.label; });
  if (files.empty()) {
    std::string wanted;
    for (std::string_view extension : extensions) wanted += (wanted.empty() ? "" : " ") + std::string(extension);
    throw InputError(std::string(path_text), 0, "", "", "the folder holds no " + wanted + " file");
  }
  return files;
}

std::uint64_t total_bytes(const std::vector<SourceFile>& files) {
  std::uint64_t bytes = 0;
  for (const SourceFile& file : files) bytes += file.bytes;
  return bytes;
}

}  // namespace accessgraph::importers
