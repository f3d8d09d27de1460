#pragma once
// Where graphstat finds what it ships: plugins and the zoo's configs. The build tree and the
// install tree share one layout (bin/, lib/graphstat/plugins/), so the same lookup works in both.

#include <filesystem>
#include <string_view>

namespace graphstat {

/// <dir of the executable>/../<libdir>/graphstat/plugins
std::filesystem::path builtin_plugin_dir();

/// configs/<subdir>/<name>.yaml: the installed copy, else the source tree's. Throws
/// graphstat::Error "<what> <name>: no such <noun> (known: ...)", `what` being the option that
/// named it.
std::filesystem::path shipped_config(std::string_view subdir, std::string_view name,
                                     std::string_view what, std::string_view noun);

/// configs/<name>.yaml of the shipped zoo: the installed copy, else the source tree's. Throws
/// graphstat::Error listing the known names when there is none.
std::filesystem::path zoo_config(std::string_view name);

}  // namespace graphstat
