// An ordinary shared library with no graphstat entry points.
extern "C" __attribute__((visibility("default"))) int not_a_plugin_answer() { return 42; }
