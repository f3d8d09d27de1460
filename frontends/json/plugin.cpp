#include "json_frontend.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::frontend, graphstat::frontends::JsonFrontend, "json", "1.0",
                 "graphstat JSON graph, format version 1 (docs/json-graph.md)")
