// graphstat: per-module parameters, MACs/FLOPs and memory traffic of a neural network.
// All the work is in graphstat_core (cli.hpp); this file only connects it to the process.

#include <iostream>

#include "graphstat/cli.hpp"

int main(int argc, char** argv) { return graphstat::run_cli(argc, argv, std::cout, std::cerr); }
