#include "html_formatter.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::formatter, graphstat::formatters::HtmlFormatter, "html",
                 "1.0", "Self-contained HTML page with totals and per-module bars (.html, .htm)");
