#include "json_formatter.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::formatter, graphstat::formatters::JsonFormatter, "json",
                 "1.0", "The full module tree and totals as JSON (.json)");
