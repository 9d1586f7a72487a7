// The chain walks over one group's entries as storage reads them from LMDB
// (storage/chunk_walk.hpp), on entries, sparse index records and log
// metadata all taken from the input: corrupt bytes on disk give
// storage_corrupt, never a crash or an endless walk.
//
// Input: first index, last index (int64), tail sequence (uint8), an index
// and an offset to look for (int64); then up to 16 entries, each a sequence
// (uint8), a length (uint8) and that many bytes of entry value; then up to 8
// sparse index records, each a database (uint8), a position (int64) and 16
// bytes of value. Each input is written in one transaction, then aborted.

#include <cstdlib>
#include <memory>

#include "storage/chunk_walk.hpp"
#include "storage/keys.hpp"
#include "tests/fuzz/support/byte_reader.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

using namespace strom::storage;

constexpr group_id group{1};
constexpr size_t entries_max = 16;
constexpr size_t index_records_max = 8;
// A walk reads no more entries than this per input, as a reader's byte
// budget bounds it in the product.
constexpr int visits_max = 256;

// The LMDB environment of the whole run, in a directory of its own.
env& lmdb() {
  static env* the_env = [] {
    char dir[] = "/tmp/strom-chunk-walk-fuzz-XXXXXX";
    require(::mkdtemp(dir) != nullptr, "a temporary directory");
    storage_config config;
    config.data_dir = dir;
    config.map_size_bytes = uint64_t{64} << 20;
    config.fsync = fsync_policy::never;
    auto opened = env::open(config);
    require(opened.has_value(), "the LMDB environment opens");
    return opened->release();
  }();
  return *the_env;
}

void put(MDB_txn* t, MDB_dbi db, std::string_view key, std::string_view value) {
  MDB_val k{key.size(), const_cast<char*>(key.data())};
  MDB_val v{value.size(), const_cast<char*>(value.data())};
  require(mdb_put(t, db, &k, &v, 0) == 0, "a fuzzed record is written");
}

void put_entries(byte_reader& in, MDB_txn* t) {
  size_t count = in.take<uint8_t>() % (entries_max + 1);
  for (size_t i = 0; i < count; ++i) {
    auto key = make_sequence_key(in.take<uint8_t>());
    auto value = in.take_bytes(in.take<uint8_t>());
    put(t, lmdb().dbs().entries, {reinterpret_cast<char*>(key.data()), key.size()}, value);
  }
}

void put_index_records(byte_reader& in, MDB_txn* t) {
  size_t count = in.take<uint8_t>() % (index_records_max + 1);
  for (size_t i = 0; i < count; ++i) {
    auto db = in.take<uint8_t>() % 2 ? lmdb().dbs().offset_index : lmdb().dbs().chunk_index;
    auto key = make_position_key(group, in.take<int64_t>());
    put(t, db, {reinterpret_cast<char*>(key.data()), key.size()}, in.take_bytes(16));
  }
}

void walk(MDB_txn* t, const group_log& log, raft_index index, record_offset offset) {
  const auto& dbs = lmdb().dbs();
  (void)spans_from(dbs, t, group, log, index);
  int visits = 0;
  (void)visit_entries(dbs, t, group, log, index, log.last_index,
                      [&](uint64_t, raft_index at, const MDB_val& value) -> result<bool> {
                        (void)decode_entry(group, at.value(), value);
                        return ++visits < visits_max;
                      });
  (void)first_reaching(dbs, t, group, log, offset);
}

std::string entry_seed(uint8_t seq, int64_t index, uint32_t chunk_pos, uint64_t prev_seq) {
  log_entry entry{raft_index{index}, term_id{1}, "x", record_offset{index}, 0, 1};
  std::string value(entry_header_bytes + 1, '\0');
  encode_entry(reinterpret_cast<uint8_t*>(value.data()), entry, 1,
               chain_link{chunk_pos, prev_seq, record_offset{index}});
  return std::string(1, static_cast<char>(seq)) +
         std::string(1, static_cast<char>(value.size())) + value;
}

} // namespace

// Indexes 1-3 at sequences 1-3, 4-5 at 6-7: two chunks, walked both ways.
std::vector<std::string> seeds() {
  std::string layout = bytes_of<int64_t>(1) + bytes_of<int64_t>(5) + bytes_of<uint8_t>(7) +
                       bytes_of<int64_t>(2) + bytes_of<int64_t>(4) + bytes_of<uint8_t>(5);
  std::string entries = entry_seed(1, 1, 0, 0) + entry_seed(2, 2, 1, 0) +
                        entry_seed(3, 3, 2, 0) + entry_seed(6, 4, 0, 3) + entry_seed(7, 5, 1, 3);
  // A chunk_index record for the chunk at index 4: the sequence before it,
  // 3, big-endian with the sign bit flipped (storage/keys.hpp).
  std::string prev_seq_3 = std::string(1, '\x80') + std::string(6, '\0') + "\x03";
  std::string record = bytes_of<uint8_t>(0) + bytes_of<int64_t>(4) + prev_seq_3 +
                       std::string(8, '\0');
  return {layout + entries + bytes_of<uint8_t>(0),
          layout + entries + bytes_of<uint8_t>(1) + record};
}

void run(const uint8_t* data, size_t size) {
  byte_reader in{data, size};
  group_log log;
  log.first_index = raft_index{in.take<int64_t>()};
  log.last_index = raft_index{in.take<int64_t>()};
  log.tail_seq = in.take<uint8_t>();
  auto index = raft_index{in.take<int64_t>()};
  auto offset = record_offset{in.take<int64_t>()};
  log.offset_max = offset;
  auto t = lmdb().begin_write();
  require(t.has_value(), "a write transaction");
  put_entries(in, t->handle());
  put_index_records(in, t->handle());
  // The callers' preconditions: a non-empty log holding the index.
  if (!log.empty() && log.first_index <= index && index <= log.last_index)
    walk(t->handle(), log, index, offset);
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  strom::fuzz::run(data, size);
  return 0;
}
