#pragma once
// Every name a node reads must be given by something: a graph input, an initializer, a node of the
// same graph or, inside an If/Loop/Scan body, of an enclosing graph. A name nothing gives is a
// broken file (the ONNX checker refuses it too), not a shape to wait on: refuse it up front, so it
// is never mistaken for a data-dependent dim.
#include <filesystem>

#include "onnx_model.hpp"

namespace graphstat::frontends::onnxfe {

/// Throws graphstat::Error naming `file`, the node and the name when a node input or a graph output
/// refers to a name no input, initializer or node in scope gives. Run after inline_functions, so
/// function bodies are already expanded in place.
void check_references(const Model& model, const std::filesystem::path& file);

}  // namespace graphstat::frontends::onnxfe
