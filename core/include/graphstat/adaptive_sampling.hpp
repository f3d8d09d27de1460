#pragma once
/// roi_align with sampling_ratio <= 0 (ONNX RoiAlign's default, torchvision's when asked) samples
/// ceil(roi_h / output_height) x ceil(roi_w / output_width) points per bin: its arithmetic depends
/// on the boxes, which are data. No cost model may see it with a made-up ratio, nor fail the run
/// on it. This pass, run by the CLI after every frontend, makes each such op wait on the symbol
/// `<op name>.sampling_ratio` (unresolved, listed with the symbol), unless the user binds it
/// (`--dim '*.sampling_ratio=2'`): then the op takes that ratio and is priced as a fixed one.

#include "graphstat/frontend.hpp"
#include "graphstat/graph.hpp"

namespace graphstat {

/// Rewrites the adaptive roi_align / ps_roi_align ops of `graph` in place; records the bindings
/// used in graph.bindings.
void bind_adaptive_sampling(Graph& graph, const DimValues& dims);

}  // namespace graphstat
