#pragma once
/// The plugin ABI. Stable API: a plugin built against one kPluginAbiVersion is refused, with an
/// error naming its file, by a graphstat of another.
///
/// A plugin is a shared library holding one class derived from Frontend, CostModel or Formatter,
/// and one line:
///
///     GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, MyCostModel, "my-ops", "1.0",
///                      "Prices com.example::FancyConv");
///
/// The macro also places the plugin's ABI key (GRAPHSTAT_ABI_KEY) in an ELF section of its own,
/// `.graphstat_abi`. The host reads that section from the file, without loading it, and refuses a
/// plugin whose key differs before the loader runs a single static constructor of it.
///
/// The macro exports two entry points. `graphstat_plugin_info` is extern "C" and noexcept and
/// returns a plain struct, so the host can check the ABI version and the compiler/standard-library
/// build id before it makes a single C++ call into the library. `graphstat_create_plugin` (a
/// BOOST_DLL_ALIAS) then creates the object. The host wraps every object so that it holds its
/// library loaded: no object outlives the code that implements it.

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>
#include <boost/preprocessor/stringize.hpp>
#include <memory>

namespace graphstat {

/// Bump on any change to the interfaces in plugin.hpp, frontend.hpp, cost_model.hpp, formatter.hpp,
/// or to the types they pass (graph.hpp, report.hpp).
#define GRAPHSTAT_PLUGIN_ABI_VERSION 4
inline constexpr int kPluginAbiVersion = GRAPHSTAT_PLUGIN_ABI_VERSION;

/// Name of the ELF section that holds a plugin's ABI key.
inline constexpr const char* kPluginAbiSection = ".graphstat_abi";

enum class PluginKind : int { frontend = 1, cost = 2, formatter = 3 };

/// Plain-C description of a plugin, safe to read before any C++ call.
struct PluginInfo {
  int abi_version;
  PluginKind kind;
  const char* name;         ///< Short unique name: "onnx", "conv", "markdown".
  const char* version;      ///< The plugin's own version.
  const char* description;  ///< One line, shown by `graphstat --list-plugins`.
  const char* build_id;     ///< GRAPHSTAT_BUILD_ID of the plugin's compiler; must equal the host's.
};

/// Common base of all plugin objects, so one factory signature serves every kind.
class BOOST_SYMBOL_VISIBLE Plugin {
 public:
  virtual ~Plugin();
};

}  // namespace graphstat

/// Boost.DLL promises nothing across compilers or standard libraries; this id makes the host refuse
/// a plugin built by another toolchain instead of crashing in it.
#define GRAPHSTAT_BUILD_ID \
  "gcc " __VERSION__ " cxx11abi=" BOOST_PP_STRINGIZE(_GLIBCXX_USE_CXX11_ABI)

/// The ABI key: "graphstat-plugin-abi <version> <build id>".
#define GRAPHSTAT_ABI_KEY(VERSION, BUILD_ID) \
  "graphstat-plugin-abi " BOOST_PP_STRINGIZE(VERSION) " " BUILD_ID

/// Places `KEY` in the plugin's `.graphstat_abi` section (used by GRAPHSTAT_PLUGIN; written out
/// only by test plugins that pretend to be of another ABI).
#define GRAPHSTAT_PLUGIN_ABI_NOTE(KEY)                                                       \
  namespace {                                                                                \
  [[gnu::used, gnu::section(".graphstat_abi")]] const char graphstat_plugin_abi_key[] = KEY; \
  }

#define GRAPHSTAT_PLUGIN(KIND, CLASS, NAME, VERSION, DESCRIPTION)                                \
  GRAPHSTAT_PLUGIN_ABI_NOTE(GRAPHSTAT_ABI_KEY(GRAPHSTAT_PLUGIN_ABI_VERSION, GRAPHSTAT_BUILD_ID)) \
  extern "C" BOOST_SYMBOL_EXPORT graphstat::PluginInfo graphstat_plugin_info() noexcept {        \
    return {graphstat::kPluginAbiVersion, KIND, NAME, VERSION, DESCRIPTION, GRAPHSTAT_BUILD_ID}; \
  }                                                                                              \
  namespace {                                                                                    \
  std::unique_ptr<graphstat::Plugin> graphstat_make_plugin_object() {                            \
    return std::make_unique<CLASS>();                                                            \
  }                                                                                              \
  }                                                                                              \
  BOOST_DLL_ALIAS(graphstat_make_plugin_object, graphstat_create_plugin)
