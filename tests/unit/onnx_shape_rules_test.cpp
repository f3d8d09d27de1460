#define BOOST_TEST_MODULE onnx_shape_rules
#include "onnx_shape_rules.hpp"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "conv_cost_model.hpp"
#include "op_builder.hpp"

// graphstat's own ONNX shape rules, one operator at a time, against shapes worked out by hand from
// the ONNX operator spec (and, for the ceil-mode pool, PyTorch's rule).

namespace onnxfe = graphstat::frontends::onnxfe;
using Dims = std::vector<std::int64_t>;

namespace {

// One node with typed inputs and optionally known input values.
struct NodeCase {
  onnxfe::Node node;
  std::vector<onnxfe::TensorType> types;
  std::vector<std::optional<onnxfe::Value>> values;
  std::int64_t opset = 17;

  explicit NodeCase(const std::string& op, std::size_t outputs = 1) {
    node.op_type = op;
    node.name = "n";
    for (std::size_t k = 0; k < outputs; ++k) node.outputs.push_back("y" + std::to_string(k));
  }
  NodeCase& in(Dims dims, std::int32_t elem = onnxfe::elem::float32) {
    node.inputs.push_back("x" + std::to_string(types.size()));
    types.push_back({elem, std::move(dims)});
    values.emplace_back();
    return *this;
  }
  NodeCase& ints_in(const Dims& v) {
    in({static_cast<std::int64_t>(v.size())}, onnxfe::elem::int64);
    onnxfe::Value value = onnxfe::Value::zeros(onnxfe::elem::int64, types.back().dims.value());
    value.i = v;
    values.back() = value;
    return *this;
  }
  NodeCase& floats_in(const std::vector<double>& v) {
    in({static_cast<std::int64_t>(v.size())}, onnxfe::elem::float32);
    onnxfe::Value value = onnxfe::Value::zeros(onnxfe::elem::float32, types.back().dims.value());
    value.f = v;
    values.back() = value;
    return *this;
  }
  NodeCase& absent() {
    node.inputs.emplace_back();
    types.emplace_back();
    values.emplace_back();
    return *this;
  }
  NodeCase& attr(const std::string& name, std::int64_t v) {
    return add_attr(name, onnxfe::AttrType::i, [v](onnxfe::Attribute& a) { a.i = v; });
  }
  NodeCase& attr(const std::string& name, const Dims& v) {
    return add_attr(name, onnxfe::AttrType::ints, [&v](onnxfe::Attribute& a) { a.ints = v; });
  }
  NodeCase& attr(const std::string& name, const std::string& v) {
    return add_attr(name, onnxfe::AttrType::s, [&v](onnxfe::Attribute& a) { a.s = v; });
  }
  template <typename Set>
  NodeCase& add_attr(const std::string& name, onnxfe::AttrType type, Set set) {
    onnxfe::Attribute a;
    a.name = name;
    a.type = type;
    set(a);
    node.attributes.push_back(a);
    return *this;
  }

  std::vector<onnxfe::TensorType> infer() const {
    onnxfe::NodeInputs inputs;
    for (std::size_t k = 0; k < types.size(); ++k) {
      inputs.types.push_back(node.inputs[k].empty() ? nullptr : &types[k]);
      inputs.values.push_back(values[k] ? &*values[k] : nullptr);
    }
    std::vector<onnxfe::TensorType> out;
    BOOST_REQUIRE(onnxfe::infer_node(node, opset, inputs, out) == onnxfe::RuleResult::inferred);
    return out;
  }
  Dims dims(std::size_t k = 0) const {
    const auto out = infer();
    BOOST_REQUIRE(out.at(k).dims.has_value());
    return *out.at(k).dims;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(conv_resnet_stem) {
  // (224 + 3 + 3 - 7) / 2 + 1 = 112.
  NodeCase c("Conv");
  c.in({1, 3, 224, 224})
      .in({64, 3, 7, 7})
      .attr("strides", Dims{2, 2})
      .attr("pads", Dims{3, 3, 3, 3});
  BOOST_TEST(c.dims() == (Dims{1, 64, 112, 112}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(conv_same_upper_and_grouped_depthwise) {
  NodeCase c("Conv");
  c.in({1, 32, 15, 15}).in({32, 1, 3, 3}).attr("group", 32).attr("strides", Dims{2, 2});
  c.attr("auto_pad", std::string("SAME_UPPER"));
  BOOST_TEST(c.dims() == (Dims{1, 32, 8, 8}), boost::test_tools::per_element());  // ceil(15/2)
}

BOOST_AUTO_TEST_CASE(conv_with_mismatched_channels_names_the_problem) {
  NodeCase c("Conv");
  c.in({1, 3, 8, 8}).in({16, 4, 3, 3});
  BOOST_CHECK_THROW(c.infer(), onnxfe::ShapeError);
}

BOOST_AUTO_TEST_CASE(conv_transpose_doubles) {
  // 2 * (7 - 1) + 1 * (4 - 1) + 1 - 1 - 1 = 14.
  NodeCase c("ConvTranspose");
  c.in({1, 64, 7, 7}).in({64, 32, 4, 4}).attr("strides", Dims{2, 2}).attr("pads", Dims{1, 1, 1, 1});
  BOOST_TEST(c.dims() == (Dims{1, 32, 14, 14}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(conv_dilation_shrinks_the_output_and_the_macs) {
  // Dilation 2 spreads a 3x3 kernel over 2*(3-1)+1 = 5 pixels: (32 - 5)/1 + 1 = 28, not 30.
  NodeCase c("Conv");
  c.in({1, 3, 32, 32}).in({8, 3, 3, 3}).attr("dilations", Dims{2, 2});
  const Dims out = c.dims();
  BOOST_TEST(out == (Dims{1, 8, 28, 28}), boost::test_tools::per_element());
  // The conv cost prices that output: numel(Y) 8*28*28 = 6272 times C_in*kH*kW 3*9 = 27 gives
  // 169,344 MACs. Ignoring the dilation would give 8*30*30*27 = 194,400.
  graphstat::test::OpBuilder op("conv");
  op.input({1, 3, 32, 32}).weight({8, 3, 3, 3}).output(graphstat::Shape(out.begin(), out.end()));
  BOOST_TEST(graphstat::plugins::ConvCostModel{}.cost(op.view()).macs == 169344u);
}

BOOST_AUTO_TEST_CASE(conv_same_lower_keeps_ceil_of_input_over_stride) {
  // SAME_LOWER pads like SAME_UPPER, the odd pixel at the start: ceil(15/2) = 8 for a 4x4 kernel
  // at stride 2 (total pad (8-1)*2 + 4 - 15 = 3). Without the auto_pad it would be
  // (15 - 4)/2 + 1 = 6.
  NodeCase c("Conv");
  c.in({1, 1, 15, 15}).in({2, 1, 4, 4}).attr("strides", Dims{2, 2});
  c.attr("auto_pad", std::string("SAME_LOWER"));
  BOOST_TEST(c.dims() == (Dims{1, 2, 8, 8}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(conv_transpose_output_padding_and_same_lower) {
  // stride*(in-1) + output_padding + (k-1)*d + 1 - pads = 2*6 + 1 + 2 + 1 - 2 = 14 (13 without
  // the output padding).
  NodeCase c("ConvTranspose");
  c.in({1, 4, 7, 7}).in({4, 2, 3, 3}).attr("strides", Dims{2, 2}).attr("pads", Dims{1, 1, 1, 1});
  c.attr("output_padding", Dims{1, 1});
  BOOST_TEST(c.dims() == (Dims{1, 2, 14, 14}), boost::test_tools::per_element());
  // SAME_LOWER on a transpose: the output is exactly in*stride = 7*2 = 14 whatever the kernel.
  NodeCase s("ConvTranspose");
  s.in({1, 4, 7, 7}).in({4, 2, 5, 5}).attr("strides", Dims{2, 2});
  s.attr("auto_pad", std::string("SAME_LOWER"));
  BOOST_TEST(s.dims() == (Dims{1, 2, 14, 14}), boost::test_tools::per_element());
  // Dilation 3 on a transpose: 2*6 + 0 + 3*(3-1) + 1 - 0 = 19.
  NodeCase d("ConvTranspose");
  d.in({1, 4, 7, 7}).in({4, 2, 3, 3}).attr("strides", Dims{2, 2}).attr("dilations", Dims{3, 3});
  BOOST_TEST(d.dims() == (Dims{1, 2, 19, 19}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(det_drops_the_square_matrix_dims) {
  // Det: [*, M, M] -> [*]: (2, 5, 3, 3) -> (2, 5).
  NodeCase c("Det");
  c.in({2, 5, 3, 3});
  BOOST_TEST(c.dims() == (Dims{2, 5}), boost::test_tools::per_element());
  NodeCase bad("Det");
  bad.in({2, 3, 4});
  BOOST_CHECK_THROW(bad.infer(), onnxfe::ShapeError);
  // Input of unknown rank: the output is of unknown shape but still typed, as output 0.
  NodeCase unknown("Det");
  unknown.in({1}, onnxfe::elem::float64);
  unknown.types[0].dims.reset();
  const auto out = unknown.infer();
  BOOST_REQUIRE(out.size() == 1u);
  BOOST_TEST(!out[0].dims.has_value());
  BOOST_TEST(out[0].elem == onnxfe::elem::float64);
}

BOOST_AUTO_TEST_CASE(max_pool_ceil_mode_as_googlenet) {
  // GoogLeNet's maxpool1: ceil((112 - 3) / 2) + 1 = 56. A ceil-mode window that would start in
  // the right padding is dropped (PyTorch's rule): kernel 2, stride 2, padding 1 on 6 gives
  // ceil((6 + 2 - 2) / 2) + 1 = 4 windows, the last starting at 6 < 6 + 1, kept; on 5 it gives
  // ceil((5 + 2 - 2) / 2) + 1 = 4, the last starting at 6 >= 5 + 1, dropped: 3.
  NodeCase a("MaxPool", 2);
  a.in({1, 64, 112, 112}).attr("kernel_shape", Dims{3, 3}).attr("strides", Dims{2, 2});
  a.attr("ceil_mode", 1);
  BOOST_TEST(a.dims() == (Dims{1, 64, 56, 56}), boost::test_tools::per_element());
  BOOST_TEST(a.infer()[1].elem == onnxfe::elem::int64);  // Indices.
  NodeCase b("MaxPool");
  b.in({1, 1, 6, 5}).attr("kernel_shape", Dims{2, 2}).attr("strides", Dims{2, 2});
  b.attr("pads", Dims{1, 1, 1, 1}).attr("ceil_mode", 1);
  BOOST_TEST(b.dims() == (Dims{1, 1, 4, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(global_pool_gemm_and_matmul) {
  NodeCase g("GlobalAveragePool");
  g.in({2, 512, 7, 7});
  BOOST_TEST(g.dims() == (Dims{2, 512, 1, 1}), boost::test_tools::per_element());
  NodeCase fc("Gemm");
  fc.in({2, 512}).in({1000, 512}).in({1000}).attr("transB", 1);
  BOOST_TEST(fc.dims() == (Dims{2, 1000}), boost::test_tools::per_element());
  NodeCase mm("MatMul");
  mm.in({8, 1, 197, 64}).in({12, 64, 197});  // Batch dims broadcast: (8, 1) x (12) -> (8, 12).
  BOOST_TEST(mm.dims() == (Dims{8, 12, 197, 197}), boost::test_tools::per_element());
  NodeCase vec("MatMul");
  vec.in({3, 4}).in({4});
  BOOST_TEST(vec.dims() == (Dims{3}), boost::test_tools::per_element());
  NodeCase bad("MatMul");
  bad.in({3, 4}).in({5, 6});
  BOOST_CHECK_THROW(bad.infer(), onnxfe::ShapeError);
}

BOOST_AUTO_TEST_CASE(einsum_explicit_implicit_and_ellipsis) {
  // MaxViT's attention: bhqd,bhkd->bhqk (libonnx 1.12 gave no shape for it).
  NodeCase a("Einsum");
  a.in({1, 8, 49, 32}).in({1, 8, 49, 32}).attr("equation", std::string("bhqd, bhkd -> bhqk"));
  BOOST_TEST(a.dims() == (Dims{1, 8, 49, 49}), boost::test_tools::per_element());
  NodeCase implicit("Einsum");  // "ij,jk": j repeats, so the output is "ik".
  implicit.in({2, 3}).in({3, 5}).attr("equation", std::string("ij,jk"));
  BOOST_TEST(implicit.dims() == (Dims{2, 5}), boost::test_tools::per_element());
  NodeCase ellipsis("Einsum");
  ellipsis.in({4, 6, 2, 3}).in({3, 7}).attr("equation", std::string("...ij,jk->...ik"));
  BOOST_TEST(ellipsis.dims() == (Dims{4, 6, 2, 7}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reshape_copies_zeros_and_infers_minus_one) {
  NodeCase r("Reshape");
  r.in({2, 197, 768}).ints_in({0, -1, 12, 64});
  BOOST_TEST(r.dims() == (Dims{2, 197, 12, 64}), boost::test_tools::per_element());
  NodeCase bad("Reshape");
  bad.in({2, 3}).ints_in({4, 2});
  BOOST_CHECK_THROW(bad.infer(), onnxfe::ShapeError);
  NodeCase unknown("Reshape");  // Target not known statically: the output shape is unknown.
  unknown.in({2, 3}).in({2}, onnxfe::elem::int64);
  BOOST_TEST(!unknown.infer()[0].dims.has_value());
}

BOOST_AUTO_TEST_CASE(opset18_reduce_axes_input_and_split_num_outputs) {
  NodeCase mean("ReduceMean");
  mean.opset = 18;
  mean.in({1, 64, 56, 56}).ints_in({2, 3}).attr("keepdims", 0);
  BOOST_TEST(mean.dims() == (Dims{1, 64}), boost::test_tools::per_element());
  NodeCase attr_axes("ReduceMean");  // Opset 13: axes as an attribute, keepdims by default.
  attr_axes.opset = 13;
  attr_axes.in({1, 64, 56, 56}).attr("axes", Dims{-1, -2});
  BOOST_TEST(attr_axes.dims() == (Dims{1, 64, 1, 1}), boost::test_tools::per_element());
  NodeCase split("Split", 3);  // 10 into 3 parts: ceil(10 / 3) = 4, 4, 2.
  split.opset = 18;
  split.in({2, 10}).attr("axis", 1).attr("num_outputs", 3);
  BOOST_TEST(split.dims(0) == (Dims{2, 4}), boost::test_tools::per_element());
  BOOST_TEST(split.dims(2) == (Dims{2, 2}), boost::test_tools::per_element());
  NodeCase sizes("Split", 2);
  sizes.in({6, 4}).ints_in({2, 4});
  BOOST_TEST(sizes.dims(1) == (Dims{4, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(slice_unsqueeze_squeeze_and_pad) {
  NodeCase s("Slice");  // Every other row from 1 to the end: (7 - 1) / 2 = 3; last 2 columns.
  s.in({7, 5}).ints_in({1, -2}).ints_in({INT64_MAX, INT64_MAX}).ints_in({0, 1}).ints_in({2, 1});
  BOOST_TEST(s.dims() == (Dims{3, 2}), boost::test_tools::per_element());
  NodeCase reverse("Slice");  // Step -1 over everything.
  reverse.in({5}).ints_in({-1}).ints_in({INT64_MIN}).ints_in({0}).ints_in({-1});
  BOOST_TEST(reverse.dims() == (Dims{5}), boost::test_tools::per_element());
  NodeCase u("Unsqueeze");
  u.in({3, 4}).ints_in({0, 3});
  BOOST_TEST(u.dims() == (Dims{1, 3, 4, 1}), boost::test_tools::per_element());
  NodeCase sq("Squeeze");
  sq.in({1, 3, 1, 4});
  BOOST_TEST(sq.dims() == (Dims{3, 4}), boost::test_tools::per_element());
  NodeCase p("Pad");  // Opset 18 axes: pad only the last axis by 1 and 2.
  p.opset = 18;
  p.in({1, 3, 8}).ints_in({1, 2}).absent().ints_in({-1});
  BOOST_TEST(p.dims() == (Dims{1, 3, 11}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(resize_by_scales_and_sizes) {
  NodeCase s("Resize");  // Opset 13: X, roi, scales.
  s.in({1, 256, 14, 14}).absent().floats_in({1, 1, 2, 2});
  BOOST_TEST(s.dims() == (Dims{1, 256, 28, 28}), boost::test_tools::per_element());
  NodeCase z("Resize");
  z.in({1, 3, 10, 10}).absent().absent().ints_in({1, 3, 15, 7});
  BOOST_TEST(z.dims() == (Dims{1, 3, 15, 7}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(gather_concat_expand_and_broadcast) {
  NodeCase g("Gather");  // Class token: x[:, 0] of (N, 197, 768).
  g.in({2, 197, 768}).in({}, onnxfe::elem::int64).attr("axis", 1);
  BOOST_TEST(g.dims() == (Dims{2, 768}), boost::test_tools::per_element());
  NodeCase c("Concat");
  c.in({1, 1, 768}).in({1, 196, 768}).attr("axis", 1);
  BOOST_TEST(c.dims() == (Dims{1, 197, 768}), boost::test_tools::per_element());
  NodeCase e("Expand");
  e.in({1, 1, 768}).ints_in({4, 1, 1});
  BOOST_TEST(e.dims() == (Dims{4, 1, 768}), boost::test_tools::per_element());
  NodeCase add("Add");
  add.in({8, 1, 6}).in({7, 1});
  BOOST_TEST(add.dims() == (Dims{8, 7, 6}), boost::test_tools::per_element());
  NodeCase eq("Equal");
  eq.in({3}).in({3});
  BOOST_TEST(eq.infer()[0].elem == onnxfe::elem::boolean);
  NodeCase bad("Mul");
  bad.in({3, 4}).in({5});
  BOOST_CHECK_THROW(bad.infer(), onnxfe::ShapeError);
}

BOOST_AUTO_TEST_CASE(normalizations_keep_the_shape_and_layer_norm_stats_reduce) {
  NodeCase ln("LayerNormalization", 3);
  ln.in({1, 197, 768}).in({768}).in({768});
  BOOST_TEST(ln.dims(0) == (Dims{1, 197, 768}), boost::test_tools::per_element());
  BOOST_TEST(ln.dims(1) == (Dims{1, 197, 1}), boost::test_tools::per_element());
  NodeCase gn("GroupNormalization");  // Opset 18's op.
  gn.opset = 18;
  gn.in({2, 32, 8, 8}).in({32}).in({32}).attr("num_groups", 4);
  BOOST_TEST(gn.dims() == (Dims{2, 32, 8, 8}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(custom_domains_have_no_rule) {
  onnxfe::Node node;
  node.op_type = "FusedConv";
  node.domain = "com.microsoft";
  node.outputs = {"y"};
  std::vector<onnxfe::TensorType> out;
  BOOST_TEST((onnxfe::infer_node(node, 1, {}, out) == onnxfe::RuleResult::no_rule));
}

BOOST_AUTO_TEST_CASE(space_to_depth_needs_both_spatial_dims_divisible) {
  // (1, 3, 4, 6), blocksize 2: (1, 3·4, 4/2, 6/2) = (1, 12, 2, 3). A width of 5 is refused even
  // though the height divides.
  NodeCase c("SpaceToDepth");
  c.in({1, 3, 4, 6}).attr("blocksize", 2);
  BOOST_TEST(c.dims() == (Dims{1, 12, 2, 3}), boost::test_tools::per_element());
  NodeCase bad("SpaceToDepth");
  bad.in({1, 3, 4, 5}).attr("blocksize", 2);
  BOOST_CHECK_THROW(bad.infer(), onnxfe::ShapeError);
}

BOOST_AUTO_TEST_CASE(opset1_topk_takes_k_from_its_attribute) {
  // TopK-1 on (2, 10), k = 3 as an attribute, the last axis: values and indices are (2, 3).
  NodeCase c("TopK", 2);
  c.opset = 1;
  c.in({2, 10}).attr("k", 3);
  BOOST_TEST(c.dims(0) == (Dims{2, 3}), boost::test_tools::per_element());
  BOOST_TEST(c.dims(1) == (Dims{2, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(constant_strings_are_a_vector_of_their_count) {
  NodeCase c("Constant");
  c.add_attr("value_strings", onnxfe::AttrType::strings, [](onnxfe::Attribute& a) {
    a.strings = {"cat", "dog", "eel"};
  });
  BOOST_TEST(c.dims() == (Dims{3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(einsum_with_an_unknown_operand_gives_an_unknown_output) {
  // Nothing can be said of "ij,jk->ik" when the second operand's shape is unknown.
  NodeCase c("Einsum");
  c.in({2, 3}).attr("equation", std::string("ij,jk->ik"));
  c.node.inputs.push_back("unknown");
  c.types.push_back(onnxfe::TensorType{onnxfe::elem::float32, std::nullopt});
  c.values.emplace_back();
  const auto out = c.infer();
  BOOST_REQUIRE(out.size() == 1u);
  BOOST_TEST(!out[0].dims.has_value());
  BOOST_TEST(out[0].elem == onnxfe::elem::float32);
}

BOOST_AUTO_TEST_CASE(reshape_with_allowzero_keeps_a_literal_zero) {
  // allowzero = 1: a 0 in the target is a dim of 0, not "copy the input's": (0, 3) -> (3, 0).
  NodeCase r("Reshape");
  r.in({0, 3}).ints_in({3, 0}).attr("allowzero", 1);
  BOOST_TEST(r.dims() == (Dims{3, 0}), boost::test_tools::per_element());
}
