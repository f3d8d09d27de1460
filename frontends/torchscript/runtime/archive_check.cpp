#include "archive_check.hpp"

#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/versions.h>
#include <fmt/format.h>
#include <torch/csrc/jit/serialization/import.h>

#include <algorithm>
#include <memory>
#include <regex>

#include "graphstat/error.hpp"
#include "shape_only_reader.hpp"

namespace graphstat::frontends::torchscript {

namespace fs = std::filesystem;
namespace serialize = caffe2::serialize;

std::string first_line(std::string_view message) {
  // Some messages start with a blank line before the text.
  while (!message.empty() && (message.front() == '\n' || message.front() == ' ')) {
    message.remove_prefix(1);
  }
  const std::size_t end = message.find('\n');
  std::string line(message.substr(0, end));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line;
}

namespace {

// Which PyTorch releases write the file format versions this libtorch reads, for the error text.
std::string readable_versions() {
  return fmt::format("libtorch 1.13 reads file format versions {} to {}",
                     serialize::kMinSupportedFileFormatVersion,
                     serialize::kMaxSupportedFileFormatVersion);
}

std::unique_ptr<serialize::PyTorchStreamReader> open_zip(
    const fs::path& file, const std::shared_ptr<ShapeOnlyReader>& source) {
  try {
    return std::make_unique<serialize::PyTorchStreamReader>(source);
  } catch (const c10::Error& e) {
    const std::string message = first_line(e.what_without_backtrace());
    // The reader refuses a newer format in its constructor; its message carries the version.
    static const std::regex kNewer("PyTorch file with version (\\d+)");
    std::smatch match;
    if (std::regex_search(message, match, kNewer)) {
      throw Error(fmt::format(
          "{}: TorchScript file format version {} is newer than this graphstat reads ({}); "
          "re-export the model with torch.jit.save from PyTorch 1.13 or older",
          file.string(), match[1].str(), readable_versions()));
    }
    throw Error(fmt::format("{}: not a TorchScript file (not a PyTorch zip archive: {})",
                            file.string(), message));
  }
}

}  // namespace

torch::jit::Module load_archive(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    throw Error(fmt::format("{}: no such file", file.string()));
  }
  const auto source = std::make_shared<ShapeOnlyReader>(file);
  {
    const auto reader = open_zip(file, source);
    const std::vector<std::string> records = reader->getAllRecords();
    const bool has_code = std::any_of(records.begin(), records.end(), [](const std::string& r) {
      return r.rfind("code/", 0) == 0;
    });
    if (!has_code) {
      throw Error(fmt::format(
          "{}: a PyTorch archive without TorchScript code (written by torch.save, not "
          "torch.jit.save); export the model with torch.jit.trace(model, example).save(path)",
          file.string()));
    }
    source->skip_payloads(tensor_payloads(*reader, *source));
  }
  try {
    return torch::jit::load(source, c10::Device(c10::kCPU));
  } catch (const c10::Error& e) {
    throw Error(fmt::format(
        "{}: cannot load the TorchScript code ({}); files from a newer PyTorch may use operators "
        "this graphstat's libtorch 1.13 lacks",
        file.string(), first_line(e.what_without_backtrace())));
  }
}

}  // namespace graphstat::frontends::torchscript
