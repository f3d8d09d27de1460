#pragma once
// Turns an ONNX graph with inferred shapes into graphstat's IR: one op per compute node, plumbing
// (Constant, Shape, shape arithmetic on constants, Identity of an initializer) removed,
// initializers classified as parameters, buffers or constants by how the kept ops use them.

#include <filesystem>

#include "graphstat/graph.hpp"
#include "onnx_shapes.hpp"

namespace graphstat::frontends::onnxfe {

/// Throws graphstat::Error naming the file and node when a kept op's tensor has no concrete shape.
Graph build_graph(const InferredModel& model, const std::filesystem::path& file);

}  // namespace graphstat::frontends::onnxfe
