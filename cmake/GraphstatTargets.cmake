# Flags and helpers shared by every graphstat target.

# Warnings and sanitizers apply to project code only, through this interface target.
add_library(graphstat_build_flags INTERFACE)
target_compile_options(graphstat_build_flags INTERFACE -Wall -Wextra -Wpedantic)
if(GRAPHSTAT_ENABLE_WERROR)
  target_compile_options(graphstat_build_flags INTERFACE -Werror)
endif()
# GCC 12 at -O3 reports -Wrestrict on plain std::string concatenation inside libstdc++ (GCC bug
# 105329), which would make Release builds fail under -Werror; the warning stays on elsewhere.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(graphstat_build_flags INTERFACE $<$<CONFIG:Release>:-Wno-restrict>)
endif()
# float-cast-overflow is named explicitly: GCC's -fsanitize=undefined leaves it out (clang's does
# not), so an out-of-range double->int64 conversion passed the asan tests and was found only by the
# clang fuzzers.
if(GRAPHSTAT_ENABLE_SANITIZERS)
  target_compile_options(
    graphstat_build_flags INTERFACE -fsanitize=address,undefined,float-cast-overflow
                                    -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(graphstat_build_flags INTERFACE
                      -fsanitize=address,undefined,float-cast-overflow)
endif()
# Fuzzing (clang only): every project target gets libFuzzer's coverage instrumentation; the fuzz
# executables alone link the fuzzer's main (fuzz/CMakeLists.txt).
if(GRAPHSTAT_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "GRAPHSTAT_BUILD_FUZZERS needs clang (cmake --preset fuzz)")
  endif()
  target_compile_options(graphstat_build_flags INTERFACE -fsanitize=fuzzer-no-link)
endif()

# graphstat_add_plugin(<name> KIND frontend|cost|formatter IMPL <sources> [LIBRARIES <libs>])
#
# A plugin is two targets:
#  - graphstat_<kind>_<name>_impl, a static library with the plugin's class, which unit tests link
#    directly so they test formulas without dlopen;
#  - graphstat_<kind>_<name>, the loadable module libgraphstat_<kind>_<name>.so in the plugin
#    directory, which adds only <dir>/plugin.cpp (the GRAPHSTAT_PLUGIN export line).
# Symbols are hidden by default so two plugins' internals never collide; only the entry points the
# export macro marks are visible.
function(graphstat_add_plugin name)
  cmake_parse_arguments(P "" "KIND" "IMPL;LIBRARIES" ${ARGN})
  set(target graphstat_${P_KIND}_${name})
  add_library(${target}_impl STATIC ${P_IMPL})
  target_link_libraries(${target}_impl PUBLIC graphstat::core ${P_LIBRARIES}
                                       PRIVATE graphstat_build_flags)
  target_include_directories(${target}_impl PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  set_target_properties(${target}_impl PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)

  add_library(${target} MODULE ${CMAKE_CURRENT_SOURCE_DIR}/plugin.cpp)
  target_link_libraries(${target} PRIVATE ${target}_impl graphstat_build_flags)
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${GRAPHSTAT_PLUGIN_OUTPUT_DIR}"
    INSTALL_RPATH "$ORIGIN/../..")
  install(TARGETS ${target} LIBRARY DESTINATION ${GRAPHSTAT_PLUGIN_SUBDIR})
  set_property(GLOBAL APPEND PROPERTY GRAPHSTAT_PLUGIN_TARGETS ${target})
endfunction()
