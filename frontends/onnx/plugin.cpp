#include "onnx_frontend.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::frontend, graphstat::frontends::OnnxFrontend, "onnx", "1.0",
                 "ONNX models, opsets 7-17 (weights are never read)")
