// Out-of-line destructors make these the key functions of the plugin interfaces, so their typeinfo
// lives once, in the core, and dynamic_cast from Plugin works on objects made inside plugins.

#include <fmt/format.h>

#include "graphstat/cost_model.hpp"
#include "graphstat/error.hpp"
#include "graphstat/formatter.hpp"
#include "graphstat/frontend.hpp"

namespace graphstat {

Error::~Error() = default;
Plugin::~Plugin() = default;
CostModel::~CostModel() = default;
Frontend::~Frontend() = default;
Formatter::~Formatter() = default;

void Formatter::render_comparison(const Comparison&, std::ostream&) const {
  throw Error(fmt::format("this output format ({}) cannot show a comparison of models",
                          fmt::join(extensions(), ", ")));
}

namespace {

const Tensor& required(const std::vector<const Tensor*>& tensors, std::size_t i, const OpNode& node,
                       std::string_view what) {
  if (i >= tensors.size() || tensors[i] == nullptr) {
    throw Error(fmt::format("op '{}' ({}): missing {} {}", node.name,
                            node.source_op.empty() ? node.op : node.source_op, what, i));
  }
  return *tensors[i];
}

}  // namespace

const Tensor& OpView::required_input(std::size_t i) const {
  return required(inputs, i, node, "input");
}

const Tensor& OpView::required_output(std::size_t i) const {
  return required(outputs, i, node, "output");
}

}  // namespace graphstat
