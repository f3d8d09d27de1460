#include "onnx_wire.hpp"

#include <fmt/format.h>

#include <cstring>
#include <string>

#include "graphstat/error.hpp"
#include "protobuf_scanner.hpp"

namespace graphstat::frontends::onnxfe {
namespace fs = std::filesystem;

namespace {

// Field numbers from onnx.proto, by message.
namespace model_field {
constexpr std::uint32_t kIrVersion = 1, kProducer = 2, kGraph = 7, kOpset = 8, kFunctions = 25;
}
namespace graph_field {
constexpr std::uint32_t kNode = 1, kName = 2, kInitializer = 5, kInput = 11, kOutput = 12,
                        kValueInfo = 13, kSparseInitializer = 15;
}
namespace node_field {
constexpr std::uint32_t kInput = 1, kOutput = 2, kName = 3, kOpType = 4, kAttribute = 5,
                        kDomain = 7;
}
namespace attr_field {
constexpr std::uint32_t kName = 1, kF = 2, kI = 3, kS = 4, kT = 5, kG = 6, kFloats = 7, kInts = 8,
                        kStrings = 9, kType = 20, kRefAttrName = 21;
}
namespace tensor_field {
constexpr std::uint32_t kDims = 1, kDataType = 2, kFloatData = 4, kInt32Data = 5, kStringData = 6,
                        kInt64Data = 7, kName = 8, kRawData = 9, kDoubleData = 10, kUint64Data = 11,
                        kDataLocation = 14;
}
namespace function_field {
constexpr std::uint32_t kName = 1, kInput = 4, kOutput = 5, kNode = 7, kDomain = 10;
}

// Type protos (sequences of maps of sequences ...) nested deeper than this are a corrupt file, not
// a model; the bound keeps a hostile file from exhausting the stack. Nested subgraphs have their
// own, configurable bound (limits.max_subgraph_depth).
constexpr int kMaxDepth = 64;

// Floating-point tensors up to this many elements keep their values (Resize scales, Constant
// fills); integer tensors up to kMaxFoldedElements (shape arithmetic).
constexpr std::size_t kMaxKeptFloats = 64;

bool is_payload_field(std::uint32_t number) {
  using namespace tensor_field;
  return number == kFloatData || number == kInt32Data || number == kStringData ||
         number == kInt64Data || number == kRawData || number == kDoubleData ||
         number == kUint64Data;
}

// Wire types of every ModelProto field: anything else means the file is not an ONNX model.
bool is_model_field(std::uint32_t number, std::uint32_t wire) {
  switch (number) {
    case 1:
    case 5:
      return wire == kVarint;
    case 2:
    case 3:
    case 4:
    case 6:
    case 7:
    case 8:
    case 14:
    case 20:
    case 25:
      return wire == kBytes;
    default:
      return false;
  }
}

std::string normalized_domain(std::string domain) {
  if (domain == "ai.onnx") domain.clear();
  return domain;
}

class Decoder {
 public:
  Decoder(ByteSource& file_source, const fs::path& file, const Limits& limits)
      : file_source_(file_source), file_(file), limits_(limits) {}

  Model model() {
    if (file_source_.size() == 0) {
      throw Error(fmt::format("{}: empty file, not an ONNX model", file_.string()));
    }
    Model m;
    bool has_graph = false;
    for (Scanner s(file_source_, 0, file_source_.size(), file_); !s.done();) {
      const Field f = s.next();
      if (!is_model_field(f.number, f.wire)) {
        s.fail(f.begin,
               fmt::format("unexpected field {} of wire type {} in ModelProto", f.number, f.wire));
      }
      switch (f.number) {
        case model_field::kIrVersion:
          m.ir_version = static_cast<std::int64_t>(f.scalar);
          break;
        case model_field::kProducer:
          m.producer = text(file_source_, f);
          break;
        case model_field::kGraph:
          m.graph = graph(file_source_, f, 0);
          has_graph = true;
          break;
        case model_field::kOpset: {
          auto [domain, version] = opset(small(file_source_, f));
          m.opsets[domain] = version;
          break;
        }
        case model_field::kFunctions:
          m.functions.push_back(function(small(file_source_, f)));
          break;
        default:
          break;
      }
    }
    if (!has_graph) {
      throw Error(fmt::format("{}: not an ONNX model (it holds no graph)", file_.string()));
    }
    if (!m.opsets.contains("")) m.opsets[""] = 1;
    return m;
  }

  // A whole file holding one serialized TensorProto (ONNX's backend test data).
  TensorData tensor_file() {
    Field whole;
    whole.wire = kBytes;
    whole.end = file_source_.size();
    return tensor(file_source_, whole);
  }

 private:
  [[noreturn]] void corrupt(std::string_view message, const Field& f) const {
    throw Error(fmt::format("{}: corrupt ONNX model (field {} of {} has wire type {}, at byte {})",
                            file_.string(), f.number, message, f.wire, f.begin));
  }

  void expect(const Field& f, std::uint32_t wire, std::string_view message) const {
    if (f.wire != wire) corrupt(message, f);
  }

  static std::string text(ByteSource& source, const Field& f) {
    return std::string(source.get(f.payload, static_cast<std::size_t>(f.end - f.payload)));
  }

  // A nested message's bytes, copied out so that decoding it may use the source again.
  std::string small(ByteSource& source, const Field& f) const {
    if (f.wire != kBytes) corrupt("a message", f);
    return text(source, f);
  }

  std::int64_t int_of(const Field& f, std::string_view message) const {
    expect(f, kVarint, message);
    return static_cast<std::int64_t>(f.scalar);
  }

  // A repeated integer field, packed (one kBytes field) or not (one kVarint per element).
  void ints_of(ByteSource& source, const Field& f, std::vector<std::int64_t>& out,
               std::string_view message) const {
    if (f.wire == kVarint) {
      out.push_back(static_cast<std::int64_t>(f.scalar));
      return;
    }
    expect(f, kBytes, message);
    if (!unpack_varints(source.get(f.payload, static_cast<std::size_t>(f.end - f.payload)), out)) {
      corrupt(message, f);
    }
  }

  std::pair<std::string, std::int64_t> opset(const std::string& bytes) const {
    MemorySource source(bytes);
    std::string domain;
    std::int64_t version = 0;
    for (Scanner s(source, 0, bytes.size(), file_); !s.done();) {
      const Field f = s.next();
      if (f.number == 1) domain = small(source, f);
      if (f.number == 2) version = int_of(f, "OperatorSetIdProto");
    }
    return {normalized_domain(domain), version};
  }

  OnnxGraph graph(ByteSource& source, const Field& at, int depth) {
    if (static_cast<std::uint64_t>(depth) > limits_.max_subgraph_depth) {
      throw_limit(file_, fmt::format("subgraphs (If/Loop/Scan bodies) nested {} deep", depth),
                  "max_subgraph_depth", limits_.max_subgraph_depth);
    }
    expect(at, kBytes, "ModelProto");
    OnnxGraph g;
    for (Scanner s(source, at.payload, at.end, file_); !s.done();) {
      const Field f = s.next();
      switch (f.number) {
        case graph_field::kNode:
          g.nodes.push_back(node(small(source, f), depth));
          break;
        case graph_field::kName:
          g.name = small(source, f);
          break;
        case graph_field::kInitializer:
          expect(f, kBytes, "GraphProto");
          g.initializers.push_back(tensor(source, f));
          break;
        case graph_field::kSparseInitializer:
          g.initializers.push_back(sparse_tensor(source, f));
          break;
        case graph_field::kInput:
          g.inputs.push_back(value_info(small(source, f)));
          break;
        case graph_field::kOutput:
          g.outputs.push_back(value_info(small(source, f)));
          break;
        case graph_field::kValueInfo:
          g.value_info.push_back(value_info(small(source, f)));
          break;
        default:
          break;
      }
    }
    return g;
  }

  Node node(const std::string& bytes, int depth) {
    MemorySource source(bytes);
    Node n;
    for (Scanner s(source, 0, bytes.size(), file_); !s.done();) {
      const Field f = s.next();
      switch (f.number) {
        case node_field::kInput:
          n.inputs.push_back(small(source, f));
          break;
        case node_field::kOutput:
          n.outputs.push_back(small(source, f));
          break;
        case node_field::kName:
          n.name = small(source, f);
          break;
        case node_field::kOpType:
          n.op_type = small(source, f);
          break;
        case node_field::kAttribute:
          n.attributes.push_back(attribute(small(source, f), depth));
          break;
        case node_field::kDomain:
          n.domain = normalized_domain(small(source, f));
          break;
        default:
          break;
      }
    }
    return n;
  }

  Attribute attribute(const std::string& bytes, int depth) {
    MemorySource source(bytes);
    Attribute a;
    for (Scanner s(source, 0, bytes.size(), file_); !s.done();) {
      const Field f = s.next();
      switch (f.number) {
        case attr_field::kName:
          a.name = small(source, f);
          break;
        case attr_field::kF: {
          expect(f, kFixed32, "AttributeProto");
          const auto bits = static_cast<std::uint32_t>(f.scalar);
          std::memcpy(&a.f, &bits, sizeof a.f);
          break;
        }
        case attr_field::kI:
          a.i = int_of(f, "AttributeProto");
          break;
        case attr_field::kS:
          a.s = small(source, f);
          break;
        case attr_field::kT:
          expect(f, kBytes, "AttributeProto");
          a.t = std::make_shared<TensorData>(tensor(source, f));
          break;
        case attr_field::kG:
          a.g = std::make_shared<OnnxGraph>(graph(source, f, depth + 1));
          break;
        case attr_field::kFloats:
          floats_of(source, f, a.floats);
          break;
        case attr_field::kInts:
          ints_of(source, f, a.ints, "AttributeProto");
          break;
        case attr_field::kStrings:
          a.strings.push_back(small(source, f));
          break;
        case attr_field::kType:
          a.type = static_cast<AttrType>(int_of(f, "AttributeProto"));
          break;
        case attr_field::kRefAttrName:
          a.ref_attr_name = small(source, f);
          break;
        default:
          break;
      }
    }
    return a;
  }

  void floats_of(ByteSource& source, const Field& f, std::vector<float>& out) const {
    auto push = [&out](std::uint32_t bits) {
      float v = 0;
      std::memcpy(&v, &bits, sizeof v);
      out.push_back(v);
    };
    if (f.wire == kFixed32) {
      push(static_cast<std::uint32_t>(f.scalar));
      return;
    }
    expect(f, kBytes, "a float list");
    const std::string_view payload =
        source.get(f.payload, static_cast<std::size_t>(f.end - f.payload));
    if (payload.size() % 4 != 0) corrupt("a float list", f);
    for (std::size_t k = 0; k < payload.size(); k += 4) {
      std::uint32_t bits = 0;
      std::memcpy(&bits, payload.data() + k, 4);
      push(bits);
    }
  }

  // Dims, type and name always; the values only when the payload is small and stored in the file
  // (external data is never opened: its file need not exist).
  TensorData tensor(ByteSource& source, const Field& at) {
    TensorData t;
    std::uint64_t payload_bytes = 0;
    bool external = false;
    for (Scanner s(source, at.payload, at.end, file_); !s.done();) {
      const Field f = s.next();
      if (is_payload_field(f.number)) payload_bytes += f.end - f.begin;
      switch (f.number) {
        case tensor_field::kDims:
          ints_of(source, f, t.dims, "TensorProto");
          break;
        case tensor_field::kDataType:
          t.elem = static_cast<std::int32_t>(int_of(f, "TensorProto"));
          break;
        case tensor_field::kName:
          t.name = small(source, f);
          break;
        case tensor_field::kDataLocation:
          external = int_of(f, "TensorProto") == 1;
          break;
        default:
          break;
      }
    }
    // Floats matter to shapes only as a few scales (Resize): the values of a batch norm's 1,024
    // weights would cost memory and page faults for nothing.
    const std::size_t limit = is_floating(t.elem) ? kMaxKeptFloats : kMaxFoldedElements;
    if (!external && payload_bytes <= kKeptPayloadBytes && element_count(t.dims) <= limit) {
      t.value = values(source, at, t);
    }
    return t;
  }

  std::optional<Value> values(ByteSource& source, const Field& at, const TensorData& t) {
    if (!has_value_type(t.elem)) return std::nullopt;
    Value v = Value::zeros(t.elem, t.dims);
    v.i.clear();
    v.f.clear();
    for (Scanner s(source, at.payload, at.end, file_); !s.done();) {
      const Field f = s.next();
      if (f.number == tensor_field::kRawData) {
        expect(f, kBytes, "TensorProto");
        raw_values(source.get(f.payload, static_cast<std::size_t>(f.end - f.payload)), t.elem, v);
      } else if (f.number == tensor_field::kInt64Data || f.number == tensor_field::kInt32Data) {
        ints_of(source, f, v.i, "TensorProto");
      } else if (f.number == tensor_field::kFloatData) {
        std::vector<float> fs;
        floats_of(source, f, fs);
        v.f.insert(v.f.end(), fs.begin(), fs.end());
      } else if (f.number == tensor_field::kDoubleData) {
        expect(f, kBytes, "TensorProto");
        raw_values(source.get(f.payload, static_cast<std::size_t>(f.end - f.payload)),
                   elem::float64, v);
      }
    }
    // int32_data holds int32 values sign-extended, as varints of int64.
    if (t.elem == elem::int32 || t.elem == elem::int16 || t.elem == elem::int8) {
      for (auto& x : v.i) x = static_cast<std::int32_t>(x);
    }
    // No data (a stripped weight) or a malformed payload: unknown, never guessed.
    if (v.size() != element_count(t.dims)) return std::nullopt;
    return v;
  }

  static void raw_values(std::string_view raw, std::int32_t type, Value& v) {
    auto read = [&]<typename T>(T /*tag*/) {
      for (std::size_t k = 0; k + sizeof(T) <= raw.size(); k += sizeof(T)) {
        T x{};
        std::memcpy(&x, raw.data() + k, sizeof(T));
        if constexpr (std::is_floating_point_v<T>) {
          v.f.push_back(static_cast<double>(x));
        } else {
          v.i.push_back(static_cast<std::int64_t>(x));
        }
      }
    };
    switch (type) {
      case elem::int64:
        read(std::int64_t{});
        break;
      case elem::int32:
        read(std::int32_t{});
        break;
      case elem::int16:
        read(std::int16_t{});
        break;
      case elem::int8:
        read(std::int8_t{});
        break;
      case elem::uint8:
      case elem::boolean:
        read(std::uint8_t{});
        break;
      case elem::float32:
        read(float{});
        break;
      case elem::float64:
        read(double{});
        break;
      default:
        break;
    }
  }

  // SparseTensorProto: values (a TensorProto whose name and type are the tensor's), indices, dims.
  TensorData sparse_tensor(ByteSource& source, const Field& at) {
    expect(at, kBytes, "GraphProto");
    TensorData t;
    for (Scanner s(source, at.payload, at.end, file_); !s.done();) {
      const Field f = s.next();
      if (f.number == 1) {
        expect(f, kBytes, "SparseTensorProto");
        TensorData values = tensor(source, f);
        t.name = values.name;
        t.elem = values.elem;
      } else if (f.number == 3) {
        ints_of(source, f, t.dims, "SparseTensorProto");
      }
    }
    return t;
  }

  ValueInfo value_info(const std::string& bytes) const {
    MemorySource source(bytes);
    ValueInfo vi;
    for (Scanner s(source, 0, bytes.size(), file_); !s.done();) {
      const Field f = s.next();
      if (f.number == 1) vi.name = small(source, f);
      if (f.number != 2) continue;
      type_proto(small(source, f), vi, 0);
    }
    return vi;
  }

  // TypeProto: tensor_type (1) has a shape graphstat can use; a sequence (4) or optional (9) of
  // tensors describes its element; a map (5) or anything else is only named as such.
  void type_proto(const std::string& type, ValueInfo& vi, int depth) const {
    if (depth > kMaxDepth) {
      throw Error(fmt::format("{}: corrupt ONNX model (types nested deeper than {})",
                              file_.string(), kMaxDepth));
    }
    MemorySource type_source(type);
    for (Scanner ts(type_source, 0, type.size(), file_); !ts.done();) {
      const Field tf = ts.next();
      if (tf.number == 1) {
        tensor_type(small(type_source, tf), vi);
      } else if (tf.number == 4 || tf.number == 9) {
        // Sequence / Optional { TypeProto elem_type = 1; }; an optional sequence stays a sequence.
        const ValueKind outer = tf.number == 4 ? ValueKind::sequence : ValueKind::optional;
        const std::string inner = small(type_source, tf);
        MemorySource inner_source(inner);
        for (Scanner is(inner_source, 0, inner.size(), file_); !is.done();) {
          const Field e = is.next();
          if (e.number == 1) type_proto(small(inner_source, e), vi, depth + 1);
        }
        if (vi.kind == ValueKind::tensor || outer == ValueKind::sequence) vi.kind = outer;
      } else if (tf.number == 5 || tf.number == 8) {
        vi.kind = ValueKind::other;
      }
    }
  }

  void tensor_type(const std::string& bytes, ValueInfo& vi) const {
    MemorySource source(bytes);
    for (Scanner s(source, 0, bytes.size(), file_); !s.done();) {
      const Field f = s.next();
      if (f.number == 1) vi.elem = static_cast<std::int32_t>(int_of(f, "TypeProto.Tensor"));
      if (f.number != 2) continue;
      vi.has_shape = true;
      const std::string shape = small(source, f);
      MemorySource shape_source(shape);
      for (Scanner ss(shape_source, 0, shape.size(), file_); !ss.done();) {
        const Field df = ss.next();
        if (df.number != 1) continue;
        const std::string dim = small(shape_source, df);
        MemorySource dim_source(dim);
        Dim d;
        for (Scanner ds(dim_source, 0, dim.size(), file_); !ds.done();) {
          const Field x = ds.next();
          if (x.number == 1) d.value = int_of(x, "TensorShapeProto.Dimension");
          if (x.number == 2) d.param = small(dim_source, x);
        }
        vi.dims.push_back(std::move(d));
      }
    }
  }

  Function function(const std::string& bytes) {
    MemorySource source(bytes);
    Function fn;
    for (Scanner s(source, 0, bytes.size(), file_); !s.done();) {
      const Field f = s.next();
      switch (f.number) {
        case function_field::kName:
          fn.name = small(source, f);
          break;
        case function_field::kInput:
          fn.inputs.push_back(small(source, f));
          break;
        case function_field::kOutput:
          fn.outputs.push_back(small(source, f));
          break;
        case function_field::kNode:
          fn.nodes.push_back(node(small(source, f), 1));
          break;
        case function_field::kDomain:
          fn.domain = normalized_domain(small(source, f));
          break;
        default:
          break;
      }
    }
    return fn;
  }

  ByteSource& file_source_;
  const fs::path& file_;
  const Limits& limits_;
};

}  // namespace

bool looks_like_onnx(std::string_view head) {
  // ir_version (field 1, varint) is written first; versions 1..20 are plausible.
  return head.size() >= 4 && head[0] == 0x08 && head[1] >= 1 && head[1] <= 20;
}

Model parse_model(std::string_view bytes, const fs::path& file, const Limits& limits) {
  MemorySource source(bytes);
  return Decoder(source, file, limits).model();
}

Model read_model(const fs::path& file, const Limits& limits) {
  FileSource source(file);
  return Decoder(source, file, limits).model();
}

TensorData read_tensor_file(const fs::path& file) {
  FileSource source(file);
  const Limits limits;
  return Decoder(source, file, limits).tensor_file();
}

}  // namespace graphstat::frontends::onnxfe
