# Every dependency comes from a Debian 12 package; the Makefile installs them.
find_package(Threads REQUIRED)

# libcaf-dev 0.17.6 ships no CMake config: FindCAF.cmake finds it by hand.
list(APPEND CMAKE_MODULE_PATH ${CMAKE_CURRENT_LIST_DIR})
find_package(CAF REQUIRED)

find_path(LMDB_INCLUDE_DIR lmdb.h)
find_library(LMDB_LIBRARY NAMES lmdb)
if(NOT LMDB_INCLUDE_DIR OR NOT LMDB_LIBRARY)
  message(FATAL_ERROR "LMDB not found: apt-get install liblmdb-dev")
endif()
add_library(lmdb::lmdb UNKNOWN IMPORTED)
set_target_properties(lmdb::lmdb PROPERTIES
  IMPORTED_LOCATION "${LMDB_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${LMDB_INCLUDE_DIR}")

# libedit: the console's line editor (BSD licence, readline-compatible API).
find_path(EDIT_INCLUDE_DIR editline/readline.h)
find_library(EDIT_LIBRARY NAMES edit)
if(NOT EDIT_INCLUDE_DIR OR NOT EDIT_LIBRARY)
  message(FATAL_ERROR "libedit not found: apt-get install libedit-dev")
endif()
add_library(edit::edit UNKNOWN IMPORTED)
set_target_properties(edit::edit PROPERTIES
  IMPORTED_LOCATION "${EDIT_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${EDIT_INCLUDE_DIR}")

find_package(spdlog REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(Protobuf REQUIRED)
# The record compression codecs, from Debian's zlib1g-dev, libsnappy-dev,
# liblz4-dev and libzstd-dev (messages/, and the installed package again).
set(STROM_CODEC_MODULES zlib snappy liblz4 libzstd)
find_package(PkgConfig REQUIRED)
pkg_check_modules(STROM_CODECS REQUIRED IMPORTED_TARGET ${STROM_CODEC_MODULES})
# GoogleTest is looked for only when the tests are built: `make run` builds
# the node alone (STROM_BUILD_TESTS=OFF) and needs no libgtest-dev.
option(STROM_BUILD_TESTS "Build the tests (needs GoogleTest)" ON)
if(STROM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
find_package(nlohmann_json 3 REQUIRED)

# The HTTP/WebSocket door: Boost.Beast over Boost.Asio (headers only).
find_package(Boost 1.74 REQUIRED)
# The gRPC door: Debian's grpc++ and its protoc plugin.
find_package(gRPC CONFIG REQUIRED)
find_program(GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)
