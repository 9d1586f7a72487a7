// `make install` as a packager runs it: the build installed into a
// temporary DESTDIR at the configured prefix. Every file lands where
// deploy/README.md says; the headers an application includes need nothing
// that was not installed; and a program built against the staged package
// alone (find_package(strom), strom::client) writes records to a cluster of
// the installed binary, run under the unit's process restrictions, and
// reads them back.

#include <gtest/gtest.h>

#include <sys/prctl.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/integration/http/support/http_client.hpp"
#include "tests/integration/support/test_cluster.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr auto install_wait = 120s;
constexpr auto example_build_wait = 300s;
constexpr auto ready_wait = 60s;
constexpr int records_written = 20;

std::string lines_of(const run_result& r) {
  return "exit " + std::to_string(r.exit_status) + "\n--- out\n" + r.out + "--- err\n" + r.err;
}

// What the example's build and the file checks look for, under DESTDIR.
struct staged_install {
  std::string destdir;
  fs::path prefix; // DESTDIR + the configured prefix
  fs::path binary() const { return prefix / "bin/strom"; }
  fs::path includes() const { return prefix / "include/strom"; }
  fs::path package() const { return prefix / STROM_INSTALL_LIBDIR / "cmake/strom"; }
};

class install_test : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    stage_ = new staged_install{make_temp_dir("strom-install"), {}};
    stage_->prefix = fs::path{stage_->destdir + STROM_INSTALL_PREFIX};
    installed_ = new run_result{run_command(
      {"/usr/bin/env", "DESTDIR=" + stage_->destdir, STROM_CMAKE, "--install", STROM_BUILD_DIR},
      "", install_wait)};
  }
  static void TearDownTestSuite() {
    if (std::getenv("STROM_KEEP_TEST_DIRS") == nullptr)
      fs::remove_all(stage_->destdir);
    delete stage_;
    delete installed_;
  }
  void SetUp() override { ASSERT_EQ(installed_->exit_status, 0) << lines_of(*installed_); }

  static staged_install* stage_;
  static run_result* installed_;
};

staged_install* install_test::stage_ = nullptr;
run_result* install_test::installed_ = nullptr;

TEST_F(install_test, every_file_lands_under_the_prefix) {
  const auto& p = stage_->prefix;
  for (const auto& path :
       {stage_->binary(), stage_->includes() / "net/client/strom_client.hpp",
        stage_->includes() / "messages/types.hpp", stage_->package() / "strom-config.cmake",
        stage_->package() / "strom-config-version.cmake", stage_->package() / "FindCAF.cmake",
        stage_->package() / "strom-targets.cmake", p / STROM_INSTALL_LIBDIR / "libstrom_client.a",
        p / "lib/systemd/system/strom@.service", p / "lib/sysusers.d/strom.conf",
        p / "share/strom/cluster.yaml.example", p / "share/strom/kubernetes/statefulset.yaml",
        p / "share/doc/strom/README.md"})
    EXPECT_TRUE(fs::is_regular_file(path)) << path << " was not installed";
  EXPECT_NE(fs::status(stage_->binary()).permissions() & fs::perms::owner_exec, fs::perms::none);
  EXPECT_FALSE(fs::exists(stage_->includes() / "actors/group/service"))
    << "the coordinator actor is not the client's";
}

TEST_F(install_test, installed_headers_include_only_installed_headers) {
  std::regex quoted_include{R"re(#include "([^"]+)")re"};
  int headers = 0;
  for (const auto& entry : fs::recursive_directory_iterator(stage_->includes())) {
    if (!entry.is_regular_file())
      continue;
    ++headers;
    std::ifstream in{entry.path()};
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
      if (std::regex_search(line, m, quoted_include)) {
        EXPECT_TRUE(fs::exists(stage_->includes() / m[1].str()))
          << entry.path() << " includes " << m[1] << ", which was not installed";
      }
    }
  }
  EXPECT_GT(headers, 0);
}

TEST_F(install_test, the_unit_runs_the_installed_binary) {
  auto unit = read_file((stage_->prefix / "lib/systemd/system/strom@.service").string());
  std::string exec = "ExecStart=" STROM_INSTALL_PREFIX "/bin/strom node --manifest ";
  EXPECT_NE(unit.find(exec), std::string::npos) << unit;
  EXPECT_EQ(unit.find('@' + std::string{"STROM"}), std::string::npos) << "left unfilled";
}

// systemd's own checks, run on the unit as installed but for ExecStart, which
// names the staged binary (verify wants it executable): every line parses,
// and its exposure stays at hardened_exposure_max (tenths, 100 the worst).
TEST_F(install_test, systemd_accepts_the_unit_and_rates_it_hardened) {
  constexpr int hardened_exposure_max = 20;
  auto unit = read_file((stage_->prefix / "lib/systemd/system/strom@.service").string());
  auto at = unit.find("ExecStart=") + std::string{"ExecStart="}.size();
  std::string prefix = STROM_INSTALL_PREFIX;
  unit.replace(at, prefix.size(), stage_->destdir + prefix);
  auto instance = stage_->destdir + "/strom@1.service";
  std::ofstream{instance} << unit;
  auto verified = run_command({STROM_SYSTEMD_ANALYZE, "verify", instance});
  EXPECT_EQ(verified.exit_status, 0) << lines_of(verified);
  EXPECT_EQ(verified.err, "") << "systemd ignores what it cannot parse, saying so";
  auto rated = run_command({STROM_SYSTEMD_ANALYZE, "security", "--offline=yes",
                            "--threshold=" + std::to_string(hardened_exposure_max), instance});
  EXPECT_EQ(rated.exit_status, 0) << lines_of(rated);
}

// systemd-sysusers reads the installed entry and makes the unit's user.
TEST_F(install_test, systemd_sysusers_makes_the_units_user) {
  auto root = stage_->destdir + "/sysusers-root";
  fs::create_directories(root + "/etc");
  fs::create_directories(root + STROM_INSTALL_PREFIX "/lib");
  fs::copy(stage_->prefix / "lib/sysusers.d", root + STROM_INSTALL_PREFIX "/lib/sysusers.d");
  auto made = run_command({STROM_SYSTEMD_SYSUSERS, "--root=" + root});
  ASSERT_EQ(made.exit_status, 0) << lines_of(made);
  EXPECT_NE(read_file(root + "/etc/passwd").find("strom:x:"), std::string::npos)
    << read_file(root + "/etc/passwd");
}

// The kernel's PR_SET_MDWE (6.3 on), which hardened_exec sets on the nodes.
bool kernel_denies_write_execute() {
  constexpr int get_mdwe = 66; // PR_GET_MDWE
  return prctl(get_mdwe, 0, 0, 0, 0) >= 0;
}

// The example, configured with the staged prefix as its only strom.
run_result build_example(const staged_install& stage, const std::string& build_dir) {
  auto configured = run_command({STROM_CMAKE, "-S", STROM_EXAMPLE_DIR, "-B", build_dir,
                                 "-DCMAKE_CXX_COMPILER=" STROM_CXX,
                                 "-DCMAKE_PREFIX_PATH=" + stage.prefix.string()},
                                "", example_build_wait);
  if (configured.exit_status != 0)
    return configured;
  return run_command({STROM_CMAKE, "--build", build_dir}, "", example_build_wait);
}

TEST_F(install_test, a_program_built_against_the_package_writes_and_reads_a_cluster) {
  auto built = build_example(*stage_, stage_->destdir + "/example-build");
  ASSERT_EQ(built.exit_status, 0) << lines_of(built);

  test_cluster cluster{3, "defaults:\n  replication_factor: 3\n"};
  if (kernel_denies_write_execute())
    cluster.set_binary({STROM_HARDENED_EXEC, stage_->binary().string()});
  else
    std::cout << "this kernel has no PR_SET_MDWE: nodes run without it\n";
  cluster.open_door_ports(test_cluster::door::http);
  cluster.start_all();
  for (int n = 1; n <= 3; ++n)
    ASSERT_TRUE(eventually([&] {
      return http_call(cluster.door_port_of(test_cluster::door::http, node_id{n}), "GET",
                       "/readyz", "", 2s).status == 200;
    }, ready_wait)) << "node " << n << " never ready\n" << cluster.logs();

  std::string bootstrap = "127.0.0.1:" + std::to_string(cluster.endpoint_of(node_id{1}).port);
  auto tool = [&](std::vector<std::string> args) {
    args.insert(args.begin(), stage_->binary().string());
    args.insert(args.end(), {"-b", bootstrap});
    return run_command(args, "", 30s);
  };
  auto created = tool({"topic", "create", "installed", "--partitions", "1", "--replication", "3"});
  ASSERT_EQ(created.exit_status, 0) << lines_of(created);
  ASSERT_TRUE(eventually([&] {
    auto described = tool({"topic", "describe", "installed"});
    return described.exit_status == 0 && described.out.find("none") == std::string::npos;
  }, ready_wait)) << "no leader for the topic\n" << cluster.logs();

  auto ran = run_command({stage_->destdir + "/example-build/round_trip", bootstrap, "installed",
                          std::to_string(records_written)},
                         "", 90s);
  ASSERT_EQ(ran.exit_status, 0) << lines_of(ran) << cluster.logs();
  std::ostringstream expected;
  for (int i = 0; i < records_written; ++i)
    expected << i << " key-" << i << "=value-" << i << "\n";
  expected << "read " << records_written << " of " << records_written << "\n";
  EXPECT_EQ(ran.out, expected.str());

  for (int n = 1; n <= 3; ++n) {
    auto status = cluster.stop(node_id{n}, 10s);
    ASSERT_TRUE(status.has_value()) << "node " << n << " did not stop";
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << "node " << n << " ended with wait status " << *status << "\n" << cluster.logs();
  }
}

} // namespace
} // namespace strom::testing
