#pragma once
// A whole small file as bytes (a policy, a tokens file, an events file, a log): one
// way to read it. Only regular files are read (core/io/input_file.hpp): a FIFO or a
// device is refused with an InputError naming it, never waited on.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace accessgraph {

// Files people write by hand and the CLI or the server reads whole: a policy, a tokens
// file. Far above any real one; a bigger file is a mistake (or an attack).
constexpr std::uint64_t kSmallInputFileLimit = 16u << 20;

// The file's bytes; throws InputError(label, 0, ...) when it is missing, not a regular
// file, unreadable or larger than `max_bytes`.
std::string read_input_file(const std::filesystem::path& path, const std::string& label,
                            std::uint64_t max_bytes = kSmallInputFileLimit);

// nullopt when the file does not exist or cannot be opened (each caller says what that
// means); throws InputError when it is not a regular file or cannot be read.
std::optional<std::string> read_file_text(const std::filesystem::path& path);

}  // namespace accessgraph
