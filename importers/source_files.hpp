#pragma once
// The files of a source: its path is one file (read whatever its name) or a folder,
// whose files with the format's extensions are read in byte order of their relative
// paths, subfolders included, hidden entries skipped. Same config, same order, same
// bundle.
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace accessgraph::importers {

struct SourceFile {
  std::filesystem::path path;
  std::string label;  // for messages: the path as the config wrote it, plus the file inside a folder
  std::uintmax_t bytes = 0;
};

// Throws InputError when the path does not exist or a folder holds no such file.
std::vector<SourceFile> source_files(const std::filesystem::path& path, std::string_view path_text,
                                     std::initializer_list<std::string_view> extensions);

// The files' sizes added up.
std::uint64_t total_bytes(const std::vector<SourceFile>& files);

}  // namespace accessgraph::importers
