#include "csv_formatter.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::formatter, graphstat::formatters::CsvFormatter, "csv",
                 "1.0", "One line per module and op, exact integers (.csv)");
