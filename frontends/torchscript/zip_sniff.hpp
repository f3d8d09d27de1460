#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace graphstat::frontends::torchscript {

/// True when `head` (the first bytes of a file) is a zip archive whose first entry is a PyTorch
/// archive record (`<archive>/data.pkl`, `<archive>/version`, ...). torch.save archives look the
/// same; the runtime tells them apart by their missing code/ records and says so.
bool looks_like_torch_archive(std::string_view head);

/// Zip local file header: the fixed part, and the most a PyTorch-written name plus extra field take
/// (the extra field pads payloads to 64 bytes, and may add a zip64 field).
inline constexpr std::size_t kLocalHeaderSize = 30;
inline constexpr std::size_t kMaxNameAndExtra = 512;

/// The compression method (0: stored) of the zip local file header that ends exactly where
/// `window` ends, i.e. right before a record's payload, and whose name ends with `name`; nullopt
/// when the window holds no such header (a record some zip tool rewrote). Searches back from the
/// end, so `window` is the up to kLocalHeaderSize + kMaxNameAndExtra bytes before the payload.
std::optional<std::uint16_t> local_header_method(std::string_view window, std::string_view name);

}  // namespace graphstat::frontends::torchscript
