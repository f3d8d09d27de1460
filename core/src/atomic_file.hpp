#pragma once
// Writes the report to --output so that nothing is lost: a regular file appears whole or not at
// all, and what the path names keeps its kind (a symlink stays a link, /dev/null stays a device).

#include <filesystem>
#include <string_view>

namespace graphstat {

/// Writes content to path. A regular file (through any symlinks) is replaced atomically by a
/// temporary file renamed over it, keeping its mode and owner; a hard-linked file is written
/// through so its links stay one file; a device, FIFO or socket is written in place. Every write
/// error is a graphstat::Error naming path; a failed run leaves a regular file untouched.
void write_output_file(const std::filesystem::path& path, std::string_view content);

}  // namespace graphstat
