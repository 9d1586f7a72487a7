// Opening the environment: the happy path and every unusable directory.

#include <gtest/gtest.h>

#include <fstream>

#include "storage/env.hpp"
#include "storage_test_util.hpp"

namespace strom::storage {
namespace {

using testing::config_for;
using testing::temp_dir;

TEST(env, opens_in_an_existing_directory_and_again_after_close) {
  temp_dir dir;
  auto config = config_for(dir);
  {
    auto first = env::open(config);
    ASSERT_TRUE(first) << first.error().describe();
  }
  auto second = env::open(config);
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_TRUE((*second)->sync());
}

TEST(env, missing_directory_is_unusable_and_named) {
  temp_dir dir;
  auto config = config_for(dir);
  config.data_dir = dir.path() + "/does-not-exist";
  auto opened = env::open(config);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, errc::data_dir_unusable);
  EXPECT_NE(opened.error().message.find(config.data_dir), std::string::npos)
    << opened.error().message;
}

TEST(env, a_file_in_place_of_the_directory_is_unusable) {
  temp_dir dir;
  auto config = config_for(dir);
  config.data_dir = dir.path() + "/plain-file";
  std::ofstream(config.data_dir) << "not a directory";
  auto opened = env::open(config);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, errc::data_dir_unusable);
  EXPECT_NE(opened.error().message.find(config.data_dir), std::string::npos);
}

TEST(env, unwritable_directory_is_unusable_and_named) {
  // /proc/self refuses new files even to root, which chmod would not stop.
  storage_config config;
  config.data_dir = "/proc/self";
  config.map_size_bytes = uint64_t{1} << 20;
  auto opened = env::open(config);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, errc::data_dir_unusable) << opened.error().describe();
  EXPECT_NE(opened.error().message.find("/proc/self"), std::string::npos);
}

TEST(env, garbage_data_file_is_reported_corrupt_with_the_directory) {
  temp_dir dir;
  auto config = config_for(dir);
  {
    std::ofstream out(dir.path() + "/data.mdb", std::ios::binary);
    for (int i = 0; i < 4 * 4096; ++i)
      out.put(static_cast<char>(i * 31 + 7));
  }
  auto opened = env::open(config);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, errc::storage_corrupt) << opened.error().describe();
  EXPECT_NE(opened.error().message.find(dir.path()), std::string::npos);
}

TEST(env, maps_lmdb_codes_to_typed_errors) {
  EXPECT_EQ(mdb_error(MDB_MAP_FULL, "x").code, errc::storage_full);
  EXPECT_EQ(mdb_error(MDB_CORRUPTED, "x").code, errc::storage_corrupt);
  EXPECT_EQ(mdb_error(MDB_NOTFOUND, "x").code, errc::not_found);
  EXPECT_EQ(mdb_error(EIO, "x").code, errc::storage_io);
  EXPECT_NE(mdb_error(EIO, "group 3").message.find("group 3"), std::string::npos);
}

} // namespace
} // namespace strom::storage
