// A node refuses TLS files it cannot use with a message that names the
// file and the fault, instead of letting CAF's module end the process; the
// development CA's certificates pass the same checks.

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "net/tls/cert_authority.hpp"
#include "net/tls/tls_check.hpp"
#include "tests/unit/tls/tls_test_dir.hpp"

namespace strom {
namespace {

constexpr int days = 30;

class tls_check_test : public ::testing::Test {
protected:
  std::string write(const std::string& name, const std::string& text, mode_t mode) {
    return dir_.write(name, text, mode);
  }

  // A CA and a node certificate it issued, written out: CA, cert, key.
  tls_files issued(const std::string& prefix, const cert_authority& ca) {
    auto pem = ca.issue(cert_request{prefix, {"127.0.0.1", "localhost"}, true, days});
    EXPECT_TRUE(pem) << pem.error().message;
    return {write(prefix + "-ca.crt", ca.pem().cert, 0644),
            write(prefix + ".crt", pem->cert, 0644), write(prefix + ".key", pem->key, 0600)};
  }

  static std::string joined(const std::vector<std::string>& problems) {
    std::string out;
    for (const auto& p : problems)
      out += p + "\n";
    return out;
  }

  tls_test_dir dir_;
};

TEST_F(tls_check_test, issued_files_pass) {
  auto ca = cert_authority::create("test CA", days);
  ASSERT_TRUE(ca);
  auto files = issued("node-1", *ca);
  EXPECT_TRUE(check_tls_files(files, "node 1").empty())
    << joined(check_tls_files(files, "node 1"));
}

TEST_F(tls_check_test, a_key_others_may_read_is_refused_naming_the_file_not_its_content) {
  auto ca = cert_authority::create("test CA", days);
  ASSERT_TRUE(ca);
  auto files = issued("node-1", *ca);
  ::chmod(files.key_file.c_str(), 0644);
  auto problems = joined(check_tls_files(files, "node 1"));
  EXPECT_NE(problems.find(files.key_file + " may be read by others (mode 0644)"),
            std::string::npos) << problems;
  std::ifstream in{files.key_file};
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("-----") == std::string::npos) {
      EXPECT_EQ(problems.find(line), std::string::npos) << "the key's content is in a message";
    }
  }
}

TEST_F(tls_check_test, a_key_its_group_may_read_passes) {
  auto ca = cert_authority::create("test CA", days);
  ASSERT_TRUE(ca);
  auto files = issued("node-1", *ca);
  ::chmod(files.key_file.c_str(), 0640);
  EXPECT_TRUE(check_tls_files(files, "node 1").empty())
    << joined(check_tls_files(files, "node 1"));
}

TEST_F(tls_check_test, a_certificate_of_another_ca_is_refused) {
  auto ca = cert_authority::create("test CA", days);
  auto other = cert_authority::create("other CA", days);
  ASSERT_TRUE(ca && other);
  auto files = issued("node-1", *other);
  files.ca_file = write("ca.crt", ca->pem().cert, 0644);
  auto problems = joined(check_tls_files(files, "node 1"));
  EXPECT_NE(problems.find("is not valid under CA " + files.ca_file), std::string::npos)
    << problems;
}

TEST_F(tls_check_test, a_key_of_another_certificate_is_refused) {
  auto ca = cert_authority::create("test CA", days);
  ASSERT_TRUE(ca);
  auto one = issued("node-1", *ca);
  auto two = issued("node-2", *ca);
  one.key_file = two.key_file;
  auto problems = joined(check_tls_files(one, "node 1"));
  EXPECT_NE(problems.find("is not the key of " + one.cert_file), std::string::npos) << problems;
}

TEST_F(tls_check_test, a_missing_or_garbled_file_is_named) {
  auto ca = cert_authority::create("test CA", days);
  ASSERT_TRUE(ca);
  auto files = issued("node-1", *ca);
  auto missing = files;
  missing.cert_file = dir_.path() + "/absent.crt";
  EXPECT_NE(joined(check_tls_files(missing, "node 1")).find("cannot read " + missing.cert_file),
            std::string::npos);
  auto garbled = files;
  garbled.ca_file = write("garbage.crt", "not a certificate\n", 0644);
  EXPECT_NE(joined(check_tls_files(garbled, "node 1")).find("holds no certificate"),
            std::string::npos) << joined(check_tls_files(garbled, "node 1"));
}

TEST_F(tls_check_test, a_ca_round_trips_through_pem) {
  auto ca = cert_authority::create("test CA", days);
  ASSERT_TRUE(ca);
  auto pem = ca->pem();
  auto loaded = cert_authority::load(pem.cert, pem.key);
  ASSERT_TRUE(loaded) << loaded.error().message;
  auto files = issued("node-1", *loaded);
  files.ca_file = write("ca.crt", pem.cert, 0644);
  EXPECT_TRUE(check_tls_files(files, "node 1").empty());
  auto other = cert_authority::create("other CA", days);
  EXPECT_FALSE(cert_authority::load(pem.cert, other->pem().key));
}

} // namespace
} // namespace strom
