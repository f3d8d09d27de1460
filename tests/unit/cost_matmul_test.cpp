#define BOOST_TEST_MODULE cost_matmul
#include <boost/test/unit_test.hpp>
#include <optional>

#include "matmul_cost_model.hpp"
#include "op_builder.hpp"

using graphstat::Error;
using graphstat::OpCost;
using graphstat::plugins::MatmulCostModel;
using graphstat::test::error_mentions;
using graphstat::test::OpBuilder;

namespace {

OpCost price(const OpBuilder& op) { return MatmulCostModel{}.cost(op.view()); }

// nn.MultiheadAttention(64, 8): in_proj_weight (3*64, 64), out_proj_weight (64, 64).
OpBuilder attention(const graphstat::Shape& query, const graphstat::Shape& key, bool biases,
                    std::int64_t batch_first, std::optional<std::int64_t> heads = 8) {
  OpBuilder op("multi_head_attention", "attn");
  op.input(query).input(key).input(key).weight({192, 64});
  if (biases) {
    op.weight({192});
  } else {
    op.absent();
  }
  op.weight({64, 64});
  if (biases) {
    op.weight({64});
  } else {
    op.absent();
  }
  op.output(query).attr("batch_first", batch_first);
  if (heads) op.attr("num_heads", *heads);
  return op;
}

OpBuilder einsum(const std::string& equation, std::vector<graphstat::Shape> operands) {
  OpBuilder op("einsum", "ein");
  for (auto& shape : operands) op.input(std::move(shape));
  op.output({1}).attr("equation", equation);
  return op;
}

}  // namespace

BOOST_AUTO_TEST_CASE(lists_exactly_the_documented_ops) {
  const std::vector<std::string> expected{
      "einsum", "gemm", "linear", "matmul", "multi_head_attention", "transformer_encoder_layer"};
  BOOST_TEST(graphstat::test::sorted(MatmulCostModel{}.ops()) == expected,
             boost::test_tools::per_element());
}

// ---- linear ----

BOOST_AUTO_TEST_CASE(resnet18_fc) {
  OpBuilder op("linear");
  op.input({1, 512}).weight({1000, 512}).weight({1000}).output({1, 1000});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 512000u);    // numel(Y) 1000 * W[-1] 512
  BOOST_TEST(cost.flops == 1025000u);  // 2*512000 + bias 1000
}

BOOST_AUTO_TEST_CASE(linear_over_a_sequence_without_bias) {
  // BERT-base intermediate dense: (8, 128, 768) -> (8, 128, 3072).
  OpBuilder op("linear");
  op.input({8, 128, 768}).weight({3072, 768}).absent().output({8, 128, 3072});
  const OpCost cost = price(op);
  // numel(Y) = 8*128*3072 = 3145728; 3145728 * 768 = 2415919104
  BOOST_TEST(cost.macs == 2415919104u);
  BOOST_TEST(cost.flops == 4831838208u);  // 2 * 2415919104
}

BOOST_AUTO_TEST_CASE(linear_with_mismatched_features_is_an_error) {
  OpBuilder op("linear", "fc");
  op.input({1, 256}).weight({1000, 512}).output({1, 1000});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("fc", "contraction sizes differ"));
}

BOOST_AUTO_TEST_CASE(linear_with_3d_weight_is_an_error) {
  OpBuilder op("linear", "fc");
  op.input({1, 512}).weight({2, 1000, 512}).output({1, 1000});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("fc", "must be (out, in)"));
}

// ---- gemm ----

BOOST_AUTO_TEST_CASE(gemm_trans_b_as_exported_fc) {
  // ONNX export of ResNet-18's fc: Gemm(A (1, 512), B (1000, 512), C (1000), transB=1).
  OpBuilder op("gemm");
  op.input({1, 512}).weight({1000, 512}).weight({1000}).output({1, 1000});
  op.attr("transB", std::int64_t{1});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 512000u);    // numel(Y) 1000 * K = A[1] 512
  BOOST_TEST(cost.flops == 1025000u);  // 2*512000 + C 1000
}

BOOST_AUTO_TEST_CASE(gemm_trans_a) {
  // A is (K, M) = (64, 32), B (K, N) = (64, 16), Y (32, 16), no C.
  OpBuilder op("gemm");
  op.input({64, 32}).input({64, 16}).output({32, 16}).attr("transA", std::int64_t{1});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 32768u);   // numel(Y) 512 * K = A[0] 64
  BOOST_TEST(cost.flops == 65536u);  // 2 * 32768
}

BOOST_AUTO_TEST_CASE(gemm_trans_a_and_b_with_c) {
  // A (K, M) = (64, 32), B (N, K) = (16, 64), C (16), Y (32, 16).
  OpBuilder op("gemm");
  op.input({64, 32}).input({16, 64}).input({16}).output({32, 16});
  op.attr("transA", std::int64_t{1}).attr("transB", std::int64_t{1});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 32768u);   // 512 * 64
  BOOST_TEST(cost.flops == 66048u);  // 2*32768 + numel(Y) 512
}

BOOST_AUTO_TEST_CASE(gemm_with_mismatched_k_is_an_error) {
  OpBuilder op("gemm", "g");
  op.input({4, 5}).input({6, 7}).output({4, 7});
  BOOST_CHECK_EXCEPTION(price(op), Error,
                        error_mentions("g", "differ: 5 in 'g.t0' (4, 5) vs 6 in 'g.t1' (6, 7)"));
}

BOOST_AUTO_TEST_CASE(gemm_of_non_matrices_is_an_error) {
  OpBuilder op("gemm", "g");
  op.input({2, 4, 5}).input({5, 7}).output({2, 4, 7});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("g", "two matrices"));
}

// ---- matmul ----

BOOST_AUTO_TEST_CASE(matmul_2d) {
  OpBuilder op("matmul");
  op.input({32, 64}).input({64, 16}).output({32, 16});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 32768u);   // numel(Y) 32*16 = 512; 512 * K 64
  BOOST_TEST(cost.flops == 65536u);  // 2 * 32768
}

BOOST_AUTO_TEST_CASE(batched_matmul_with_broadcasting) {
  // (8, 1, 64, 32) @ (4, 32, 16) broadcasts the batch to (8, 4).
  OpBuilder op("matmul");
  op.input({8, 1, 64, 32}).input({4, 32, 16}).output({8, 4, 64, 16});
  const OpCost cost = price(op);
  // numel(Y) = 8*4*64*16 = 32768; 32768 * K 32 = 1048576
  BOOST_TEST(cost.macs == 1048576u);
  BOOST_TEST(cost.flops == 2097152u);  // 2 * 1048576
}

BOOST_AUTO_TEST_CASE(matmul_with_bias_as_addmm) {
  OpBuilder op("matmul");
  op.input({32, 64}).input({64, 16}).weight({16}).output({32, 16});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 32768u);   // 512 * 64
  BOOST_TEST(cost.flops == 66048u);  // 2*32768 + numel(Y) 512
}

BOOST_AUTO_TEST_CASE(vector_times_matrix) {
  OpBuilder op("matmul");
  op.input({64}).input({64, 16}).output({16});
  BOOST_TEST(price(op).macs == 1024u);  // numel(Y) 16 * K 64
}

BOOST_AUTO_TEST_CASE(matmul_with_mismatched_k_is_an_error) {
  OpBuilder op("matmul", "mm");
  op.input({2, 3, 4}).input({5, 6}).output({2, 3, 6});
  BOOST_CHECK_EXCEPTION(price(op), Error,
                        error_mentions("mm", "differ: 4 in 'mm.t0' (2, 3, 4) vs 5"));
}

BOOST_AUTO_TEST_CASE(matmul_of_a_scalar_is_an_error) {
  OpBuilder op("matmul", "mm");
  op.input({}).input({5, 6}).output({5, 6});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("mm", "rank >= 1"));
}

BOOST_AUTO_TEST_CASE(matmul_without_second_operand_is_an_error) {
  OpBuilder op("matmul", "mm");
  op.input({5, 6}).output({5, 6});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("mm", "missing input 1"));
}

// ---- einsum ----

BOOST_AUTO_TEST_CASE(einsum_attention_scores) {
  const OpBuilder op = einsum("bhqd,bhkd->bhqk", {{2, 8, 128, 64}, {2, 8, 256, 64}});
  const OpCost cost = price(op);
  // b=2, h=8, q=128, d=64, k=256: 2*8*128*64*256 = 33554432
  BOOST_TEST(cost.macs == 33554432u);
  BOOST_TEST(cost.flops == 67108864u);  // 2 * 33554432
}

BOOST_AUTO_TEST_CASE(einsum_implicit_output_with_spaces) {
  const OpBuilder op = einsum(" ij , jk ", {{3, 4}, {4, 5}});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 60u);    // i=3, j=4, k=5: 3*4*5
  BOOST_TEST(cost.flops == 120u);  // 2 * 60
}

BOOST_AUTO_TEST_CASE(einsum_three_operands) {
  const OpBuilder op = einsum("ab,bc,cd->ad", {{2, 3}, {3, 4}, {4, 5}});
  BOOST_TEST(price(op).macs == 120u);  // a=2, b=3, c=4, d=5: 2*3*4*5
}

BOOST_AUTO_TEST_CASE(einsum_broadcasts_size_one) {
  const OpBuilder op = einsum("bij,bjk->bik", {{1, 3, 4}, {5, 4, 6}});
  BOOST_TEST(price(op).macs == 360u);  // b = max(1, 5) = 5, i=3, j=4, k=6: 5*3*4*6
}

BOOST_AUTO_TEST_CASE(einsum_one_operand_summing_costs_its_input) {
  const OpCost row_sum = price(einsum("ij->i", {{3, 4}}));
  BOOST_TEST(row_sum.macs == 0u);
  BOOST_TEST(row_sum.flops == 12u);  // numel(X) 3*4
  // Implicit "ii" is the trace: i occurs twice, so the output is empty and i is summed.
  BOOST_TEST(price(einsum("ii", {{3, 3}})).flops == 9u);  // numel(X) 3*3
}

BOOST_AUTO_TEST_CASE(einsum_one_operand_without_sum_is_free) {
  BOOST_TEST(price(einsum("ij->ji", {{3, 4}})).flops == 0u);
  BOOST_TEST(price(einsum("ji", {{3, 4}})).flops == 0u);     // Implicit output "ij": a transpose.
  BOOST_TEST(price(einsum("ii->i", {{3, 3}})).flops == 0u);  // The diagonal: no addition.
}

BOOST_AUTO_TEST_CASE(einsum_without_equation_is_an_error) {
  OpBuilder op("einsum", "ein");
  op.input({3, 4}).input({4, 5}).output({3, 5});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("ein", "no 'equation'"));
}

BOOST_AUTO_TEST_CASE(einsum_ellipsis_is_rejected) {
  const OpBuilder op = einsum("...ij,...jk->...ik", {{2, 3, 4}, {2, 4, 5}});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("ein", "ellipsis"));
}

BOOST_AUTO_TEST_CASE(einsum_term_not_matching_rank_is_an_error) {
  const OpBuilder op = einsum("ij,jk->ik", {{3, 4, 5}, {4, 5}});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("ein", "does not match the rank"));
}

BOOST_AUTO_TEST_CASE(einsum_operand_count_mismatch_is_an_error) {
  const OpBuilder op = einsum("ij,jk,kl->il", {{3, 4}, {4, 5}});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("ein", "names 3 operands"));
}

BOOST_AUTO_TEST_CASE(einsum_invalid_character_is_an_error) {
  const OpBuilder op = einsum("i1,jk", {{3, 4}, {4, 5}});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("ein", "invalid character '1'"));
}

BOOST_AUTO_TEST_CASE(einsum_output_index_not_in_operands_is_an_error) {
  const OpBuilder op = einsum("ij,jk->iz", {{3, 4}, {4, 5}});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("ein", "output index 'z'"));
}

BOOST_AUTO_TEST_CASE(einsum_index_with_two_sizes_is_an_error) {
  const OpBuilder op = einsum("ij,jk", {{3, 4}, {5, 6}});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("ein", "index 'j' has sizes 4 and 5"));
}

// ---- multi_head_attention ----

BOOST_AUTO_TEST_CASE(attention_with_biases) {
  // Sequence-first: query (Lq=10, B=2, E=64), key and value (Lk=20, B=2, E=64), H=8.
  const OpBuilder op = attention({10, 2, 64}, {20, 2, 64}, true, 0);
  const OpCost cost = price(op);
  // E*E = 4096. Per batch: Lq*E*E 40960 + 2*Lk*E*E 163840 + 2*Lq*Lk*E 25600 + Lq*E*E 40960
  // = 271360; times B=2: 542720
  BOOST_TEST(cost.macs == 542720u);
  // 2*542720 = 1085440; in-proj bias B*(Lq+2*Lk)*E = 2*50*64 = 6400; out-proj bias B*Lq*E = 1280;
  // scores B*H*Lq*Lk = 2*8*10*20 = 3200, scaled (3200) and softmaxed (5*3200 = 16000):
  // 1085440 + 6400 + 1280 + 3200 + 16000 = 1112320
  BOOST_TEST(cost.flops == 1112320u);
}

BOOST_AUTO_TEST_CASE(attention_without_biases) {
  const OpBuilder op = attention({10, 2, 64}, {20, 2, 64}, false, 0);
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 542720u);
  BOOST_TEST(cost.flops == 1104640u);  // 1085440 + 3200 + 16000
}

BOOST_AUTO_TEST_CASE(attention_batch_first_reads_the_same_sizes) {
  // (B=2, Lq=10, E=64) and (B=2, Lk=20, E=64): the numbers of the sequence-first case.
  const OpBuilder op = attention({2, 10, 64}, {2, 20, 64}, true, 1);
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 542720u);
  BOOST_TEST(cost.flops == 1112320u);
}

BOOST_AUTO_TEST_CASE(unbatched_attention_is_one_batch) {
  const OpBuilder op = attention({10, 64}, {20, 64}, false, 0);
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 271360u);  // B=1: the per-batch 271360
  // 2*271360 = 542720; scores 8*10*20 = 1600, +1600 scaling +5*1600 softmax: 542720 + 9600
  BOOST_TEST(cost.flops == 552320u);
}

BOOST_AUTO_TEST_CASE(attention_without_num_heads_is_an_error) {
  const OpBuilder op = attention({10, 2, 64}, {20, 2, 64}, false, 0, std::nullopt);
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("attn", "'num_heads'"));
}

BOOST_AUTO_TEST_CASE(attention_with_indivisible_heads_is_an_error) {
  const OpBuilder op = attention({10, 2, 64}, {20, 2, 64}, false, 0, 6);
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("attn", "not divisible"));
}

BOOST_AUTO_TEST_CASE(attention_with_mismatched_batches_is_an_error) {
  const OpBuilder op = attention({10, 2, 64}, {20, 3, 64}, false, 0);
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("attn", "do not fit together"));
}

BOOST_AUTO_TEST_CASE(attention_with_wrong_in_proj_weight_is_an_error) {
  OpBuilder op("multi_head_attention", "attn");
  op.input({10, 2, 64}).input({10, 2, 64}).input({10, 2, 64}).weight({64, 64}).absent();
  op.weight({64, 64}).output({10, 2, 64}).attr("num_heads", std::int64_t{8});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("attn", "to have shape (192, 64)"));
}

BOOST_AUTO_TEST_CASE(attention_of_rank_4_is_an_error) {
  const OpBuilder op = attention({1, 10, 2, 64}, {1, 20, 2, 64}, false, 0);
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("attn", "must be (L, E)"));
}

// ---- transformer_encoder_layer ----

namespace {

// nn.TransformerEncoderLayer(64, 8, dim_feedforward=256, batch_first=True) on X (B=2, L=10, E=64),
// with every bias and both norms.
OpBuilder encoder_layer(const std::string& activation) {
  OpBuilder op("transformer_encoder_layer", "enc");
  op.input({2, 10, 64}).weight({192, 64}).weight({192}).weight({64, 64}).weight({64});
  op.weight({64}).weight({64}).weight({64}).weight({64});  // norm1, norm2
  op.weight({256, 64}).weight({256}).weight({64, 256}).weight({64});
  op.output({2, 10, 64}).attr("num_heads", std::int64_t{8}).attr("batch_first", std::int64_t{1});
  op.attr("activation", activation);
  return op;
}

}  // namespace

BOOST_AUTO_TEST_CASE(encoder_layer_with_relu) {
  const OpCost cost = price(encoder_layer("relu"));
  // Attention: B*(4*L*E*E + 2*L*L*E) = 2*(4*10*4096 + 2*100*64) = 2*(163840 + 12800) = 353280.
  // Feed-forward: 2 linears of B*L*E*F = 20*64*256 = 327680 each: 655360. Sum 1008640.
  BOOST_TEST(cost.macs == 1008640u);
  // 2*1008640 = 2017280; biases: in-proj 3*20*64 = 3840, out-proj 1280, linear1 20*256 = 5120,
  // linear2 1280; scores B*H*L*L = 1600, scaled 1600 + softmax 8000; norms 2*5*1280 = 12800;
  // residual adds 2*1280 = 2560; relu 5120:
  // 2017280 + 3840 + 1280 + 5120 + 1280 + 9600 + 12800 + 2560 + 5120 = 2058880
  BOOST_TEST(cost.flops == 2058880u);
}

BOOST_AUTO_TEST_CASE(encoder_layer_with_gelu) {
  const OpCost cost = price(encoder_layer("gelu"));
  BOOST_TEST(cost.macs == 1008640u);
  BOOST_TEST(cost.flops == 2079360u);  // gelu costs 5 per element instead of 1: + 4*5120
}

BOOST_AUTO_TEST_CASE(encoder_layer_with_wrong_linear2_is_an_error) {
  OpBuilder op("transformer_encoder_layer", "enc");
  op.input({2, 10, 64}).weight({192, 64}).absent().weight({64, 64}).absent();
  op.absent().absent().absent().absent();
  op.weight({256, 64}).absent().weight({256, 64}).absent();
  op.output({2, 10, 64}).attr("num_heads", std::int64_t{8});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("enc", "to have shape (64, 256)"));
}
