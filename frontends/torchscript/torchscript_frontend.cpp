#include "torchscript_frontend.hpp"

#include "runtime_library.hpp"
#include "zip_sniff.hpp"

namespace graphstat::frontends {

std::vector<std::string> TorchScriptFrontend::extensions() const {
  return {".pt", ".pth", ".torchscript"};
}

bool TorchScriptFrontend::sniff(std::string_view head) const {
  return torchscript::looks_like_torch_archive(head);
}

Graph TorchScriptFrontend::load(const std::filesystem::path& file,
                                const LoadOptions& options) const {
  return torchscript::RuntimeLibrary::instance().load(file, options);
}

}  // namespace graphstat::frontends
