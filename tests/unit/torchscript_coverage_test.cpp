#define BOOST_TEST_MODULE torchscript_coverage
#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_graphstat.hpp"

// TorchScript files of real-model shapes give a report, the same as their ONNX export: module
// paths through nn.ModuleList, upsampling priced by its mode, torchvision ops loaded without
// torchvision, data-dependent lengths as named symbols, dict / Optional / tuple plumbing, and
// token ids read as int64. Fixtures: tools/make_torchscript_coverage.py.

using graphstat::test::run_graphstat;

namespace {

const std::string kData = std::string(GRAPHSTAT_TEST_DATA_DIR) + "/torchscript_coverage/";

graphstat::test::RunResult run(const std::string& file, const std::string& args) {
  return run_graphstat("'" + kData + file + "' " + args);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The CSV report's rows reduced to "module,kind,depth,parent,params,macs".
std::vector<std::string> rows(const std::string& csv) {
  std::vector<std::string> out;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    std::size_t cut = 0;
    for (int field = 0; field < 6 && cut != std::string::npos; ++field) {
      cut = line.find(',', cut == 0 ? 0 : cut + 1);
    }
    out.push_back(line.substr(0, cut));
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(module_list_blocks_match_the_onnx_export_row_for_row) {
  const auto pt = run("blocks.pt", "-i 1x16x32 --format csv");
  const auto onnx = run("blocks.onnx", "--format csv");
  BOOST_TEST_REQUIRE(pt.exit_code == 0, pt.err);
  BOOST_TEST_REQUIRE(onnx.exit_code == 0, onnx.err);
  BOOST_TEST(rows(pt.out) == rows(onnx.out), boost::test_tools::per_element());
  // Per block (dim 32, 2 heads of 16, 16 tokens): qkv 16*96*32 = 49,152; q@k^T 2*16*16*16 =
  // 8,192; attn@v 8,192; proj 16*32*32 = 16,384; mlp 16*64*32 + 16*32*64 = 65,536: 147,456 MACs.
  // Params: 2 LayerNorms 128 + qkv 3,168 + proj 1,056 + mlp 2,112 + 2,080 = 8,544.
  BOOST_TEST(has(pt.out, "\nblocks.0,module,2,blocks,8544,147456,"), pt.out);
  BOOST_TEST(has(pt.out, "\nblocks.1,module,2,blocks,8544,147456,"), pt.out);
  BOOST_TEST(has(pt.out, "\nblocks.1.mlp.0,module,4,blocks.1.mlp,2112,32768,"), pt.out);
  // Model: 2 * 147,456 + head 16*10*32 = 5,120 -> 300,032 MACs; 2 * 8,544 + 330 = 17,418 params.
  BOOST_TEST(has(pt.out, "\nmodel,model,0,,17418,300032,"), pt.out);
}

BOOST_AUTO_TEST_CASE(bilinear_and_bicubic_upsampling_are_priced_by_mode) {
  // (1,3,8,8) -> bilinear x2 (1,3,16,16) = 768 outputs * 4 = 3,072 FLOPs; bicubic to 12x12:
  // 432 outputs * 16 = 6,912 FLOPs. Total 9,984 (nearest would be 0).
  const auto r = run("upsample.pt", "-i 1x3x8x8 --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(has(r.out, "Total FLOPs: 9.984K (9,984)"), r.out);
}

BOOST_AUTO_TEST_CASE(nms_length_is_a_named_symbol_and_dim_binds_it) {
  const auto open = run("nms_roi.pt", "-i 1x3x8x8 -i 3x4 -i 3");
  BOOST_TEST_REQUIRE(open.exit_code == 0, open.err);
  BOOST_TEST(has(open.out, "roi_align (torchvision::roi_align) in model: waits on nms.keep"),
             open.out);
  BOOST_TEST(has(open.out, "head/linear (aten::linear) in head: waits on nms.keep"), open.out);
  // Only the backbone conv is priced: 4*8*8 outputs * 27 = 6,912 MACs.
  BOOST_TEST(has(open.out, "Total MACs: ≥ 6.912K (6,912)"), open.out);

  const auto bound = run("nms_roi.pt", "-i 1x3x8x8 -i 3x4 -i 3 --dim nms.keep=2");
  BOOST_TEST_REQUIRE(bound.exit_code == 0, bound.err);
  // conv 6,912 MACs, 2*6,912 + 256 bias = 14,080 FLOPs; roi_align (2,4,2,2) = 32 bins * 5 * 2^2
  // samples = 640 FLOPs; head 2*5 outputs * 16 = 160 MACs, 2*160 + 10 = 330 FLOPs.
  BOOST_TEST(has(bound.out, "Total MACs: 7.072K (7,072)"), bound.out);
  BOOST_TEST(has(bound.out, "Total FLOPs: 15.050K (15,050)"), bound.out);
  BOOST_TEST(has(bound.out, "Dims: nms.keep=2"), bound.out);
  BOOST_TEST(!has(bound.out, "Unresolved"), bound.out);
  // Memory, in bytes (float32 unless said): conv 768 in + 1,024 out + 112 weights * 4 = 2,240;
  // nms boxes 48 + scores 12 + keep 2 int64 16 = 76; boxes[keep] (gather) 48 + the index 16 +
  // 32 out = 96; kept[:, :1] 32 + 8 = 40; cat 8 + 32 + 40 = 80; roi_align reads the features,
  // not the rois alone: 1,024 + rois 40 + out (2,4,2,2) 128 = 1,192; flatten 128 + 128 = 256;
  // head 128 + 40 + 85 weights * 4 = 508. Total 4,488.
  BOOST_TEST(has(bound.out, "Total memory: 4.49KB (4,488 bytes)"), bound.out);
}

BOOST_AUTO_TEST_CASE(dict_outputs_are_the_model_outputs) {
  // 1x1 conv 3->4 on 4x4: 64 outputs * 3 = 192 MACs; FLOPs 384 + 64 bias + relu 64 = 512.
  const auto text = run("dict_output.pt", "-i 1x3x4x4 --strict");
  BOOST_TEST_REQUIRE(text.exit_code == 0, text.err);
  BOOST_TEST(has(text.out, "Total MACs: 192 (192)"), text.out);
  BOOST_TEST(has(text.out, "Total FLOPs: 512 (512)"), text.out);
}

BOOST_AUTO_TEST_CASE(optional_input_and_if_over_tuples) {
  // bias None: fc 2*4 outputs * 8 = 64 MACs, 128 + 8 bias FLOPs, then one loop pass y*1.0: 8.
  const auto none = run("optional_if.pt", "-i 2x8 --strict");
  BOOST_TEST_REQUIRE(none.exit_code == 0, none.err);
  BOOST_TEST(has(none.out, "Total FLOPs: 144 (144)"), none.out);
  // bias given: + 8 for the add, and the loop runs twice: 136 + 8 + 16 = 160.
  const auto given = run("optional_if.pt", "-i x=2x8 -i bias=2x4 --strict");
  BOOST_TEST_REQUIRE(given.exit_code == 0, given.err);
  BOOST_TEST(has(given.out, "Total FLOPs: 160 (160)"), given.out);
}

BOOST_AUTO_TEST_CASE(token_ids_are_int64_without_being_told) {
  // ids (1,16) -> embedding (1,16,32), no FLOPs -> fc 16*8 outputs * 32 = 4,096 MACs.
  // Params: 1000*32 + 32*8 + 8 = 32,264.
  const auto r = run("embedding.pt", "-i 1x16 --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(has(r.out, "Total MACs: 4.096K (4,096)"), r.out);
  BOOST_TEST(has(r.out, "Total parameters: 32.264K (32,264)"), r.out);
  const auto hint = run("embedding.pt", "");
  BOOST_TEST(hint.exit_code == 1);
  BOOST_TEST(has(hint.err, "--input-shape input=1x128"), hint.err);
  BOOST_TEST(!has(hint.err, "1x3x224x224"), hint.err);
}

BOOST_AUTO_TEST_CASE(script_class_objects_hold_fields_and_warn_is_a_no_op) {
  // object_warn.pt: a script class object (as torchvision's ImageList) created in forward, its
  // fields rewritten after creation, one of them with the boxes NMS keeps; and a warnings.warn on
  // a branch that runs (the image is 8 < 16 rows).
  //   backbone conv 3->4, 3x3, pad 1, on 8x8: 4*64 outputs * 27 = 6,912 MACs;
  //   fc 4->2 on the pooled (1, 4): 8 MACs;  box_fc 4->3: 12 MACs per kept box.
  const auto open = run("object_warn.pt", "-i 1x3x8x8 -i 3x4 -i 3");
  BOOST_TEST_REQUIRE(open.exit_code == 0, open.err);
  BOOST_TEST(has(open.out, "Total MACs: ≥ 6.920K (6,920)"), open.out);
  BOOST_TEST(has(open.out, "box_fc/linear (aten::linear) in box_fc: waits on nms.keep"), open.out);
  BOOST_TEST(!has(open.out, "fc/linear (aten::linear) in fc:"), open.out);
  // 3 boxes kept: 6,920 + 36 = 6,956.
  const auto bound = run("object_warn.pt", "-i 1x3x8x8 -i 3x4 -i 3 --dim nms.keep=3");
  BOOST_TEST_REQUIRE(bound.exit_code == 0, bound.err);
  BOOST_TEST(has(bound.out, "Total MACs: 6.956K (6,956)"), bound.out);
  BOOST_TEST(!has(bound.out, "Unresolved"), bound.out);
}

BOOST_AUTO_TEST_CASE(traced_same_padding_is_a_conv_with_its_pads) {
  // A traced conv with padding='same' records aten::_convolution_mode. Conv 3->4, 5x5 on 8x8:
  // 4*64 outputs * 75 = 19,200 MACs; FLOPs 2*19,200 + 256 bias = 38,656; params 300 + 4 = 304;
  // memory 768 in + 1,024 out + 1,216 weights = 3,008 bytes.
  const auto r = run("same_padding.pt", "-i 1x3x8x8 --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(has(r.out, "Total parameters: 304 (304)"), r.out);
  BOOST_TEST(has(r.out, "Total MACs: 19.200K (19,200)"), r.out);
  BOOST_TEST(has(r.out, "Total FLOPs: 38.656K (38,656)"), r.out);
  BOOST_TEST(has(r.out, "Total memory: 3.01KB (3,008 bytes)"), r.out);
  // The kernel's 4 rows of padding split 2 before, 2 after, as ONNX's Conv would carry them.
  const auto json = run_graphstat("convert '" + kData + "same_padding.pt' -i 1x3x8x8");
  BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
  BOOST_TEST(has(json.out, R"("pads":[2,2,2,2])"), json.out);
  BOOST_TEST(has(json.out, R"("kernel_shape":[5,5])"), json.out);
}

BOOST_AUTO_TEST_CASE(grid_sample_is_priced_by_its_integer_mode) {
  // (1,3,8,8) sampled at a (1,6,6,2) grid: 108 outputs per mode. bilinear 4 FLOPs each = 432,
  // nearest 0, bicubic 16 = 1,728: 2,160. Memory per op 768 + grid 288 + 432 out = 1,488; x3.
  const auto r = run("grid_sample_modes.pt", "-i 1x3x8x8 -i 1x6x6x2 --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(has(r.out, "Total FLOPs: 2.160K (2,160)"), r.out);
  BOOST_TEST(has(r.out, "Total memory: 4.46KB (4,464 bytes)"), r.out);
}

BOOST_AUTO_TEST_CASE(graph_inputs_are_found_through_if_results_and_appended_lists) {
  // x (2,4): the If returns x itself (2 > 1 rows), xs gets x appended. mul 8 + add 8 = 16 FLOPs.
  // Memory: mul 32 + 32, cat 32 + 32 (x, read through the list), add 96, and counts (3 int64,
  // made int64 without being told: they are repeat_interleave's repeats) 24 + 8 * length.
  const auto open = run("input_plumbing.pt", "-i 2x4 -i 3");
  BOOST_TEST_REQUIRE(open.exit_code == 0, open.err);
  BOOST_TEST(has(open.out, "Total FLOPs: ≥ 16 (16)"), open.out);
  // The repeated length is the counts' sum: data, so a named symbol, not the 0 of zeros.
  BOOST_TEST(has(open.out,
                 "tile (aten::repeat_interleave) in model: waits on "
                 "repeat_interleave.length"),
             open.out);
  const auto bound = run("input_plumbing.pt", "-i 2x4 -i 3 --dim repeat_interleave.length=5");
  BOOST_TEST_REQUIRE(bound.exit_code == 0, bound.err);
  BOOST_TEST(has(bound.out, "Total memory: 288B (288 bytes)"), bound.out);  // 224 + 24 + 40
  // One row: the If takes the relu branch, 4 more FLOPs (relu 4, mul 4, add 4 = 12).
  const auto one_row = run("input_plumbing.pt", "-i 1x4 -i 3 --dim repeat_interleave.length=5");
  BOOST_TEST_REQUIRE(one_row.exit_code == 0, one_row.err);
  BOOST_TEST(has(one_row.out, "Total FLOPs: 12 (12)"), one_row.out);
}

BOOST_AUTO_TEST_CASE(fused_encoder_layer_keeps_norm_first) {
  // TransformerEncoderLayer(32, 2 heads, 64, norm_first=True), traced for inference: one fused
  // op. MACs on 8 tokens: in-proj 8*96*32 = 24,576; q@k^T and attn@v 2 * 2*8*8*16 = 4,096;
  // out-proj 8*32*32 = 8,192; ffn 2 * 8*64*32 = 32,768: 69,632.
  const auto r = run("encoder_norm_first.pt", "-i 1x8x32 --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(has(r.out, "Total MACs: 69.632K (69,632)"), r.out);
  const auto json = run_graphstat("convert '" + kData + "encoder_norm_first.pt' -i 1x8x32");
  BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
  BOOST_TEST(has(json.out, R"("norm_first":1)"), json.out);
}

BOOST_AUTO_TEST_CASE(deform_conv_is_a_conv_with_bilinear_samples_and_checks_its_ranks) {
  // offset conv 4->18, 3x3 pad 1 on 8x8: 18*64 outputs * 36 = 41,472 MACs, FLOPs 82,944 + 1,152
  // bias = 84,096. deform_conv2d 4->6, 3x3: 6*64 * 36 = 13,824 MACs; FLOPs 27,648 + 2,304
  // bilinear samples * 4 = 36,864, + 384 for the zero bias torchvision passes when there is none
  // (the traced op adds it). Params 648 + 18 + 216 = 882. Memory: offset conv 1,024 in + 4,608
  // out + 2,664 weights = 8,296; deform x 1,024 + offsets 4,608 + weight 864 + zero bias 24 +
  // out 1,536 = 8,056. Total 16,352.
  const auto r = run("deform_conv.pt", "-i 1x4x8x8 --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(has(r.out, "Total parameters: 882 (882)"), r.out);
  BOOST_TEST(has(r.out, "Total MACs: 55.296K (55,296)"), r.out);
  BOOST_TEST(has(r.out, "Total FLOPs: 121.344K (121,344)"), r.out);
  BOOST_TEST(has(r.out, "Total memory: 16.35KB (16,352 bytes)"), r.out);
  // A 3-d input (a wrong --input-shape) is refused by the op's own rank check, named.
  const auto wrong = run("deform_conv.pt", "-i 1x4x8");
  BOOST_TEST(wrong.exit_code == 1);
  BOOST_TEST(has(wrong.err,
                 "cannot infer the shapes of torchvision::deform_conv2d in module "
                 "'deform': expected 4-d input and weight"),
             wrong.err);
}

BOOST_AUTO_TEST_CASE(fused_attention_returns_per_head_weights_of_query_by_key_length) {
  // nn.MultiheadAttention(8, 2 heads), batch 2, 5 tokens, need_weights, not averaged. MACs:
  // in-proj 2*5*24*8 = 1,920; q@k^T and attn@v 2 * 2*2*5*5*4 = 800; out-proj 2*5*8*8 = 640:
  // 3,360. FLOPs 6,720 + biases 240 + 80 + scale and softmax 6 * 100 scores = 7,640.
  // Memory: q, k, v (the same x) 3 * 320 = 960 in; out 320 + weights (2, 2, 5, 5) 400 = 720;
  // params 288 * 4 = 1,152.
  const auto r = run("attention_weights.pt", "-i 2x5x8 --strict --format csv");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(has(r.out, "\nmodel,model,0,,288,3360,"), r.out);
  const auto text = run("attention_weights.pt", "-i 2x5x8 --strict --columns input,output");
  BOOST_TEST_REQUIRE(text.exit_code == 0, text.err);
  BOOST_TEST(has(text.out, "| mha    | 960B  | 720B   |"), text.out);
  BOOST_TEST(has(text.out, "Total FLOPs: 7.640K (7,640)"), text.out);
  BOOST_TEST(has(text.out, "Total memory: 2.83KB (2,832 bytes)"), text.out);
}

BOOST_AUTO_TEST_CASE(traced_size_arithmetic_is_not_an_op) {
  // x.reshape(x.size(0) * 2, x.size(1) // 2) * 2.0 on (4, 6): the trace computes the sizes with
  // aten::mul and aten::floor_divide on 0-d tensors. Only the reshape and the multiply by 2.0
  // are the model's: 24 FLOPs, memory 96 + 96 twice = 384.
  const auto r = run("size_arithmetic.pt", "-i 4x6 --strict --by-op");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(has(r.out, "| mul     | 1     |      | 24    | 192B   |"), r.out);
  BOOST_TEST(has(r.out, "| reshape | 1     |      |       | 192B   |"), r.out);
  BOOST_TEST(!has(r.out, "floor"), r.out);
  BOOST_TEST(has(r.out, "Total FLOPs: 24 (24)"), r.out);
  BOOST_TEST(has(r.out, "Total memory: 384B (384 bytes)"), r.out);
}

BOOST_AUTO_TEST_CASE(a_number_read_out_of_an_activation_is_a_named_symbol) {
  // k = int(x.median()); relu(x[:k]). The median of an activation is data: without --dim the
  // slice and the relu wait on median.value (they used to be priced with the zeros' k = 0).
  const auto open = run("size_from_data.pt", "-i 6x4");
  BOOST_TEST_REQUIRE(open.exit_code == 0, open.err);
  BOOST_TEST(has(open.out, "- slice (aten::slice) in model: waits on median.value"), open.out);
  BOOST_TEST(has(open.out, "- relu (aten::relu) in model: waits on median.value"), open.out);
  // k = 3: relu on (3, 4), 12 FLOPs. Memory: median 96 + 4, slice 96 + 48, relu 48 + 48 = 340.
  const auto bound = run("size_from_data.pt", "-i 6x4 --dim median.value=3");
  BOOST_TEST_REQUIRE(bound.exit_code == 0, bound.err);
  BOOST_TEST(has(bound.out, "Total FLOPs: 12 (12)"), bound.out);
  BOOST_TEST(has(bound.out, "Total memory: 340B (340 bytes)"), bound.out);
  BOOST_TEST(!has(bound.out, "Unresolved"), bound.out);
}
