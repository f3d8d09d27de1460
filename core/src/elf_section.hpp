#pragma once
// Reads one section of an ELF shared library from its file, without loading it (internal to the
// core): the plugin ABI check must not run the plugin's static constructors.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace graphstat {

/// The contents of section `name` (at most `max_bytes` of it), or nothing when the file has no
/// such section. Throws graphstat::Error ("<file>: <problem>" without the file, see below) when the
/// file is not a 64-bit ELF shared object of this machine's byte order, or is truncated.
/// The message names only the problem; the caller adds the file.
std::optional<std::string> read_elf_section(const std::filesystem::path& file,
                                            std::string_view name, std::size_t max_bytes);

}  // namespace graphstat
