#pragma once
// Writes a file so that it either appears whole or not at all: never a half-written report.

#include <filesystem>
#include <string_view>

namespace graphstat {

/// Writes content to a temporary file beside path, then renames it over path. Throws
/// graphstat::Error naming path on failure, leaving path untouched.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace graphstat
