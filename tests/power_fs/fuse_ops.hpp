#pragma once
// The FUSE (libfuse3, high-level API) operations of strom-power-fs: each one
// locks the power_state passed as the file system's private data and maps
// the call onto it or, for names and directories, straight onto the
// backing directory (durable at once).

#define FUSE_USE_VERSION 35
#include <fuse.h>

namespace strom::power_fs {

fuse_operations operations();

} // namespace strom::power_fs
