#pragma once
/// A small hand-built Report shared by the formatter tests: a ResNet-like stem and one residual
/// block, with figures that add up the way the core aggregates them.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "graphstat/report.hpp"

namespace graphstat::testing {

struct RowFigures {
  std::uint64_t params = 0, macs = 0, flops = 0, input_bytes = 0, output_bytes = 0,
                weight_bytes = 0, op_count = 0;
};

inline ModuleStats make_row(std::string name, RowKind kind, int depth, const RowFigures& f) {
  ModuleStats row;
  row.name = std::move(name);
  row.kind = kind;
  row.depth = depth;
  row.params = f.params;
  row.macs = f.macs;
  row.flops = f.flops;
  row.input_bytes = f.input_bytes;
  row.output_bytes = f.output_bytes;
  row.weight_bytes = f.weight_bytes;
  row.op_count = f.op_count;
  return row;
}

inline ParamRow make_param(std::string name, Shape shape) {
  std::uint64_t numel = 1;
  for (std::int64_t dim : shape) numel *= static_cast<std::uint64_t>(dim);
  return {std::move(name), std::move(shape), numel};
}

/// model
///   conv1                 (param conv1.weight)
///   layer1
///     layer1.0
///       layer1.0.conv1    (param layer1.0.conv1.weight)
///       layer1.0.bn1      (params layer1.0.bn1.weight, layer1.0.bn1.bias)
///       layer1.0.add      (op: no params, no MACs)
/// with MaxPool and Resize unsupported.
inline Report sample_report(Metric metric = Metric::macs) {
  ModuleStats conv1 = make_row("conv1", RowKind::module, 1,
                               {9408, 118013952, 236027904, 602112, 3211264, 37632, 1});
  conv1.param_rows.push_back(make_param("conv1.weight", {64, 3, 7, 7}));
  // Peak live activations: while conv1 runs, its input and output (602,112 + 3,211,264).
  conv1.peak_live_bytes = 3813376;

  ModuleStats block_conv = make_row("layer1.0.conv1", RowKind::module, 3,
                                    {36864, 115605504, 231211008, 802816, 802816, 147456, 1});
  block_conv.param_rows.push_back(make_param("layer1.0.conv1.weight", {64, 64, 3, 3}));
  ModuleStats block_bn =
      make_row("layer1.0.bn1", RowKind::module, 3, {128, 0, 1003520, 802816, 802816, 1024, 1});
  block_bn.param_rows.push_back(make_param("layer1.0.bn1.weight", {64}));
  block_bn.param_rows.push_back(make_param("layer1.0.bn1.bias", {64}));
  ModuleStats block_add =
      make_row("layer1.0.add", RowKind::op, 3, {0, 0, 200704, 1605632, 802816, 0, 1});
  // The block's input stays alive for the add: 2 then 3 tensors of 802,816 bytes.
  block_conv.peak_live_bytes = 1605632;
  block_bn.peak_live_bytes = 2408448;
  block_add.peak_live_bytes = 2408448;

  const RowFigures block_figures{36992, 115605504, 232415232, 3211264, 2408448, 148480, 3};
  ModuleStats block = make_row("layer1.0", RowKind::module, 2, block_figures);
  block.children = {block_conv, block_bn, block_add};
  block.peak_live_bytes = 2408448;  // The largest of its children's, not their sum.
  ModuleStats layer1 = make_row("layer1", RowKind::module, 1, block_figures);
  layer1.children = {block};
  layer1.peak_live_bytes = 2408448;

  Report report;
  report.model = "tiny-resnet";
  report.source = "models/tiny-resnet.onnx";
  report.frontend = "onnx";
  report.metric = metric;
  report.root = make_row("model", RowKind::model, 0,
                         {46400, 233619456, 468443136, 3813376, 5619712, 186112, 4});
  report.root.children = {conv1, layer1};
  report.root.peak_live_bytes = 3813376;
  report.unsupported_ops = {{"MaxPool", 1}, {"Resize", 2}};
  return report;
}

}  // namespace graphstat::testing
