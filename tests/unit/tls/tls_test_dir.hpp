#pragma once
// A temporary folder for the TLS tests' files, removed with the test:
// certificates and keys written with the mode the test asks for.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace strom {

class tls_test_dir {
public:
  tls_test_dir() {
    char pattern[] = "/tmp/strom-tls-XXXXXX";
    EXPECT_NE(::mkdtemp(pattern), nullptr);
    path_ = pattern;
  }
  ~tls_test_dir() { std::system(("rm -rf " + path_).c_str()); }
  tls_test_dir(const tls_test_dir&) = delete;
  tls_test_dir& operator=(const tls_test_dir&) = delete;

  const std::string& path() const { return path_; }

  std::string write(const std::string& name, const std::string& text, mode_t mode) {
    auto path = path_ + "/" + name;
    std::ofstream{path} << text;
    ::chmod(path.c_str(), mode);
    return path;
  }

private:
  std::string path_;
};

} // namespace strom
