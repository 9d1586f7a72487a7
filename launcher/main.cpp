// strom: one binary, one subcommand per job, in the manner of rpk; the
// commands are in command_table.cpp.

#include "launcher/command_table.hpp"

int main(int argc, char** argv) {
  return strom::run_strom(strom::args_list(argv + 1, argv + argc));
}
