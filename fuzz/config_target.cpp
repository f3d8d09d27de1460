// Fuzz target: a YAML config, read as `graphstat --config run.yaml` would.
#include "fuzz_support.hpp"
#include "graphstat/options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static graphstat::fuzz::ScratchFile scratch("run.yaml");
  const auto& file = scratch.write(data, size);
  graphstat::fuzz::refuse_cleanly([&] { (void)graphstat::load_config(file); });
  return 0;
}
