// Hardware profiles (configs/hardware/*.yaml, docs/config.md "Hardware profiles") and --dtype.

#include "graphstat/hardware.hpp"

#include <array>

#include "paths.hpp"
#include "yaml_reader.hpp"

namespace graphstat {
namespace fs = std::filesystem;
namespace {

// Spec sheets give TFLOPS/TOPS and GB/s (decimal units); the profile keeps the sheet's numbers so
// that each can be checked against the cited source by eye.
constexpr double kTera = 1e12;
constexpr double kGiga = 1e9;

constexpr std::array<std::string_view, 5> kPrecisions{"fp32", "tf32", "fp16", "bf16", "int8"};

}  // namespace

bool names_profile_file(std::string_view text) {
  return text.find('/') != std::string_view::npos || text.ends_with(".yaml") ||
         text.ends_with(".yml");
}

HardwareProfile load_hardware_profile(std::string_view name_or_path) {
  const fs::path file =
      names_profile_file(name_or_path)
          ? fs::path(name_or_path)
          : shipped_config("hardware", name_or_path, "--hardware", "shipped hardware profile");
  const YamlReader yaml(file);
  const YAML::Node root = yaml.load_mapping("hardware profile", "empty hardware profile");
  yaml.check_keys(root, {"name", "memory_bandwidth_gb_s", "peak_tflops"});

  HardwareProfile profile;
  profile.file = file;
  profile.name = file.stem().string();
  if (auto n = root["name"]) profile.name = yaml.scalar(n, "name");
  const auto bandwidth = root["memory_bandwidth_gb_s"];
  if (!bandwidth) yaml.fail(root, "missing required key 'memory_bandwidth_gb_s'");
  profile.memory_bytes_per_s = yaml.positive_number(bandwidth, "memory_bandwidth_gb_s") * kGiga;
  const auto peaks = root["peak_tflops"];
  if (!peaks) yaml.fail(root, "missing required key 'peak_tflops'");
  yaml.mapping(peaks, "peak_tflops");
  yaml.check_keys(peaks,
                  {kPrecisions[0], kPrecisions[1], kPrecisions[2], kPrecisions[3], kPrecisions[4]});
  for (const auto& kv : peaks) {
    const std::string precision = kv.first.Scalar();
    profile.peak_ops_per_s[precision] =
        yaml.positive_number(kv.second, "peak_tflops." + precision) * kTera;
  }
  if (!profile.peak_ops_per_s.contains("fp32")) {
    yaml.fail(peaks, "'peak_tflops' needs at least 'fp32' (the precision models are exported in)");
  }
  return profile;
}

DType precision_dtype(std::string_view precision) {
  if (precision == "fp32" || precision == "tf32") return DType::float32;
  if (precision == "fp16") return DType::float16;
  if (precision == "bf16") return DType::bfloat16;
  if (precision == "int8") return DType::int8;
  throw Error(fmt::format("--dtype '{}': must be one of fp32, tf32, fp16, bf16, int8", precision));
}

void cast_float_tensors(Graph& graph, DType dtype) {
  for (TensorId id = 0; id < graph.tensor_count(); ++id) {
    Tensor& t = graph.tensor(id);
    switch (t.dtype) {
      case DType::float32:
      case DType::float16:
      case DType::bfloat16:
      case DType::float64:
        t.dtype = dtype;
        break;
      default:
        break;
    }
  }
}

}  // namespace graphstat
