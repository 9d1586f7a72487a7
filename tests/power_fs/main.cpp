// strom-power-fs BACKING_DIR MOUNTPOINT [SEED]: mounts a file system whose
// unsynced writes live only in this process (README.md). Prints "ready" once
// mounted, then takes commands on stdin, one a line:
//   cut drop | cut torn     the power goes: exit at once, nothing flushed
//                           (torn: a sector-cut prefix of the last unsynced
//                           write reaches the platter)
//   fsync eio on|off        fsync and fdatasync answer EIO, writing nothing
//   fsync eio once          the next fsync fails as Linux's does: the file's
//                           dirty pages are lost though reads still see them,
//                           and each open handle hears of it once
//   fsync delay_ms N        each fsync waits N ms first
//   stop (or end of input)  a clean shutdown: flush, unmount, exit
// Every other command is answered "ok" or "error: ...".

#include <sys/mount.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include "tests/power_fs/fuse_ops.hpp"
#include "tests/power_fs/power_state.hpp"

using strom::power_fs::cut_mode;
using strom::power_fs::power_state;

namespace {

void say(const std::string& line) {
  std::string out = line + "\n";
  if (::write(STDOUT_FILENO, out.data(), out.size()) < 0)
    std::_Exit(3);
}

// Runs one command that does not end the process; returns its answer.
std::string answer(power_state& state, const std::string& line) {
  std::istringstream in(line);
  std::string verb, what, value;
  in >> verb >> what >> value;
  std::lock_guard<std::mutex> lock(state.mutex());
  using fault = power_state::fsync_fault;
  if (verb == "fsync" && what == "eio" && (value == "on" || value == "off" || value == "once")) {
    state.set_fsync_fault(value == "on" ? fault::eio_on
                                        : value == "off" ? fault::none : fault::eio_once);
    return "ok";
  }
  if (verb == "fsync" && what == "delay_ms" && !value.empty()) {
    state.set_fsync_delay_ms(static_cast<uint32_t>(std::strtoul(value.c_str(), nullptr, 10)));
    return "ok";
  }
  return "error: unknown command '" + line + "'";
}

[[noreturn]] void control(power_state& state, const std::string& mountpoint) {
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line == "cut drop" || line == "cut torn") {
      // The lock is never released: no operation runs after the cut.
      state.mutex().lock();
      auto what = state.cut(line == "cut torn" ? cut_mode::torn : cut_mode::drop);
      std::fprintf(stderr, "strom-power-fs %s: %s\n", mountpoint.c_str(), what.c_str());
      std::_Exit(0);
    }
    if (line == "stop")
      break;
    say(answer(state, line));
  }
  state.mutex().lock();
  state.flush_all();
  ::umount2(mountpoint.c_str(), MNT_DETACH);
  std::_Exit(0);
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: %s BACKING_DIR MOUNTPOINT [SEED]\n", argv[0]);
    return 2;
  }
  std::string mountpoint = argv[2];
  power_state state(argv[1], argc == 4 ? std::strtoull(argv[3], nullptr, 10) : 1);
  fuse_args args = FUSE_ARGS_INIT(0, nullptr);
  fuse_opt_add_arg(&args, argv[0]);
  fuse_opt_add_arg(&args, "-ofsname=strom-power-fs");
  auto ops = strom::power_fs::operations();
  fuse* fs = fuse_new(&args, &ops, sizeof ops, &state);
  if (fs == nullptr || fuse_mount(fs, mountpoint.c_str()) != 0) {
    std::fprintf(stderr, "strom-power-fs: cannot mount %s (needs /dev/fuse and root)\n",
                 mountpoint.c_str());
    return 1;
  }
  say("ready");
  std::thread([&] { control(state, mountpoint); }).detach();
  // One thread serves every request, so operations never interleave.
  int rc = fuse_loop(fs);
  fuse_unmount(fs);
  fuse_destroy(fs);
  return rc == 0 ? 0 : 1;
}
