#include "markdown_formatter.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::formatter, graphstat::formatters::MarkdownFormatter,
                 "markdown", "1.0", "fvcore-style Markdown table with totals (.md, .markdown)");
