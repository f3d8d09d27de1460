#include "zip_sniff.hpp"

#include <array>
#include <cstdint>

namespace graphstat::frontends::torchscript {
namespace {

std::uint16_t read_u16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at]) |
                                    (static_cast<unsigned char>(bytes[at + 1]) << 8));
}

std::uint32_t read_u32(std::string_view bytes, std::size_t at) {
  return read_u16(bytes, at) | (static_cast<std::uint32_t>(read_u16(bytes, at + 2)) << 16);
}

}  // namespace

bool looks_like_torch_archive(std::string_view head) {
  // Zip local file header: signature, then the name length at offset 26 and the name at 30.
  constexpr std::string_view kSignature("PK\x03\x04", 4);
  constexpr std::size_t kNameLengthAt = 26;
  constexpr std::size_t kNameAt = 30;
  if (head.size() < kNameAt || head.substr(0, kSignature.size()) != kSignature) return false;
  const std::size_t length = read_u16(head, kNameLengthAt);
  if (head.size() < kNameAt + length) return false;
  const std::string_view name = head.substr(kNameAt, length);
  // PyTorch writes every record under one top-level directory named after the archive.
  const std::size_t slash = name.find('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  const std::string_view record = name.substr(slash + 1);
  // torch.jit.save writes the tensors (data/0, ...) first, torch.save its data.pkl.
  constexpr std::array<std::string_view, 6> kFirstRecords = {"data/",   ".data/",        "data.pkl",
                                                             "version", "constants.pkl", "code/"};
  for (const std::string_view first : kFirstRecords) {
    if (record.substr(0, first.size()) == first) return true;
  }
  return false;
}

std::optional<std::uint16_t> local_header_method(std::string_view window, std::string_view name) {
  constexpr std::uint32_t kSignature = 0x04034b50;
  constexpr std::size_t kMethodAt = 8;
  constexpr std::size_t kNameLengthAt = 26;
  constexpr std::size_t kExtraLengthAt = 28;
  if (window.size() < kLocalHeaderSize) return std::nullopt;
  for (std::size_t at = window.size() - kLocalHeaderSize + 1; at-- > 0;) {
    if (read_u32(window, at) != kSignature) continue;
    const std::size_t name_length = read_u16(window, at + kNameLengthAt);
    const std::size_t extra_length = read_u16(window, at + kExtraLengthAt);
    // Compared as sizes, not pointers: a header near the end with long fields would point past it.
    if (window.size() - at - kLocalHeaderSize != name_length + extra_length) continue;
    // Names carry the archive's directory ("resnet50/data/0"); records are named without it.
    const std::string_view header_name = window.substr(at + kLocalHeaderSize, name_length);
    if (!header_name.ends_with(name)) continue;
    return read_u16(window, at + kMethodAt);
  }
  return std::nullopt;
}

}  // namespace graphstat::frontends::torchscript
