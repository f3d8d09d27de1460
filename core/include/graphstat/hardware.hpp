#pragma once
/// Hardware profiles and the roofline estimate built on them (docs/cost-model.md, "Roofline").
///
/// A profile gives a target's peak arithmetic rate per precision and its memory bandwidth. Each op
/// then takes max(FLOPs / peak, bytes / bandwidth): the time of a kernel that is either compute- or
/// memory-bound. A module's time is the sum of its ops' times.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "graphstat/dtype.hpp"
#include "graphstat/graph.hpp"

namespace graphstat {

struct HardwareProfile {
  std::string name;            ///< As shown in the report: "NVIDIA A100 SXM4 80GB".
  std::filesystem::path file;  ///< The YAML it came from.
  /// Peak operations per second by precision name (fp32, tf32, fp16, bf16, int8), dense.
  std::map<std::string, double, std::less<>> peak_ops_per_s;
  double memory_bytes_per_s = 0;  ///< Sustained peak DRAM bandwidth.
};

/// Reads a profile: a path to a YAML file, or the name of a shipped one
/// (configs/hardware/NAME.yaml). Throws graphstat::Error naming the file and the problem; an
/// unknown name lists the known ones.
HardwareProfile load_hardware_profile(std::string_view name_or_path);

/// True when `text` is a path to a profile rather than a shipped profile's name (it has a '/' or a
/// .yaml/.yml extension).
bool names_profile_file(std::string_view text);

/// The precisions --dtype accepts, and the element type each re-prices floating tensors to.
/// Throws graphstat::Error for anything else.
DType precision_dtype(std::string_view precision);

/// Re-prices every floating-point tensor (activations, weights, buffers) as `dtype`: what the model
/// moves when run at that precision. Integer tensors (token ids, indices) keep their type.
void cast_float_tensors(Graph& graph, DType dtype);

}  // namespace graphstat
