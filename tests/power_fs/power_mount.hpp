#pragma once
// A strom-power-fs mount for tests: mounts it, cuts its power, mounts the
// platter again. Whatever runs on the mount must be SIGKILLed before cut().
// Throws std::runtime_error, with what to do, when FUSE is missing (a test
// that needs it fails; it is never skipped).

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace strom::testing {

enum class power_cut { drop, torn };

const char* to_string(power_cut mode);

class power_mount {
public:
  // Makes both directories if needed and mounts; `seed` picks torn prefixes.
  power_mount(std::string platter_dir, std::string mountpoint, uint64_t seed);
  // A clean shutdown: flushes and unmounts.
  ~power_mount();
  power_mount(const power_mount&) = delete;
  power_mount& operator=(const power_mount&) = delete;

  const std::string& path() const { return mountpoint_; }

  // The power goes: the daemon exits without flushing; the dead mount is
  // detached. mount() brings up what the platter kept.
  void cut(power_cut mode);
  void mount(uint64_t seed);
  // Sends one fault command ("fsync eio on", "fsync delay_ms 50": main.cpp).
  void command(const std::string& line);

private:
  std::string read_line();

  std::string platter_dir_;
  std::string mountpoint_;
  pid_t pid_ = -1;
  int control_ = -1; // the daemon's stdin
  int answers_ = -1; // its stdout
};

} // namespace strom::testing
