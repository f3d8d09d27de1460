// A minimal ELF64 section reader. Every offset and size read from the file is checked against the
// file's length before it is used: the file is as untrusted as any model.

#include "elf_section.hpp"

#include <elf.h>

#include <cstring>
#include <fstream>
#include <vector>

#include "graphstat/error.hpp"

namespace graphstat {
namespace {

class ElfFile {
 public:
  explicit ElfFile(const std::filesystem::path& file) : in_(file, std::ios::binary) {
    if (!in_) throw Error("cannot be read");
    in_.seekg(0, std::ios::end);
    size_ = static_cast<std::uint64_t>(in_.tellg());
  }

  // `count` bytes at `offset`, or an error when they are not all in the file.
  void read(std::uint64_t offset, void* out, std::uint64_t count) {
    if (offset > size_ || count > size_ - offset) throw Error("not a valid ELF file (truncated)");
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(static_cast<char*>(out), static_cast<std::streamsize>(count));
    if (!in_) throw Error("cannot be read");
  }

  std::string read_string(std::uint64_t offset, std::uint64_t count) {
    std::string out(count, '\0');
    read(offset, out.data(), count);
    return out;
  }

 private:
  std::ifstream in_;
  std::uint64_t size_ = 0;
};

constexpr unsigned char kHostData =
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;

}  // namespace

std::optional<std::string> read_elf_section(const std::filesystem::path& file,
                                            std::string_view name, std::size_t max_bytes) {
  ElfFile elf(file);
  Elf64_Ehdr header{};
  try {
    elf.read(0, &header, sizeof header);
  } catch (const Error&) {
    throw Error("not an ELF shared library");
  }
  if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) throw Error("not an ELF shared library");
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != kHostData) {
    throw Error("an ELF file of another word size or byte order than this machine's");
  }
  if (header.e_type != ET_DYN) throw Error("an ELF file that is not a shared library");
  if (header.e_shentsize != sizeof(Elf64_Shdr)) throw Error("not a valid ELF file (section size)");

  // Counts too large for the header live in section 0 (the ELF extended numbering).
  Elf64_Shdr first{};
  elf.read(header.e_shoff, &first, sizeof first);
  const std::uint64_t count = header.e_shnum != 0 ? header.e_shnum : first.sh_size;
  const std::uint64_t names_index =
      header.e_shstrndx == SHN_XINDEX ? first.sh_link : header.e_shstrndx;
  if (count > 1'000'000 || names_index >= count) throw Error("not a valid ELF file (sections)");
  std::vector<Elf64_Shdr> sections(count);
  elf.read(header.e_shoff, sections.data(), count * sizeof(Elf64_Shdr));

  const Elf64_Shdr& names = sections[names_index];
  const std::string table = elf.read_string(names.sh_offset, names.sh_size);
  for (const Elf64_Shdr& s : sections) {
    if (s.sh_name >= table.size()) continue;
    if (std::string_view(table.c_str() + s.sh_name) != name) continue;
    if (s.sh_type == SHT_NOBITS) return std::string();
    return elf.read_string(s.sh_offset, std::min<std::uint64_t>(s.sh_size, max_bytes));
  }
  return std::nullopt;
}

}  // namespace graphstat
