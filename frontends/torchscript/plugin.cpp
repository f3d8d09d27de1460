#include "torchscript_frontend.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::frontend, graphstat::frontends::TorchScriptFrontend,
                 "torchscript", "1.0",
                 "TorchScript archives (.pt) via libtorch 1.13, loaded only when one is read")
