#pragma once
// Small helpers over the LMDB C API used by the stores.

#include <lmdb.h>

#include <cstdint>
#include <string>

#include "messages/result.hpp"
#include "storage/env.hpp"

namespace strom::storage {

template <class Bytes>
MDB_val as_val(Bytes& bytes) {
  return MDB_val{bytes.size(), const_cast<void*>(static_cast<const void*>(bytes.data()))};
}

inline const uint8_t* val_bytes(const MDB_val& val) {
  return static_cast<const uint8_t*>(val.mv_data);
}

// A cursor closed when it goes out of scope (before its transaction ends).
class cursor {
public:
  static result<cursor> open(MDB_txn* t, MDB_dbi db) {
    MDB_cursor* handle = nullptr;
    if (int rc = mdb_cursor_open(t, db, &handle); rc != 0)
      return mdb_error(rc, "open cursor");
    return cursor{handle};
  }
  cursor(cursor&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
  cursor(const cursor&) = delete;
  cursor& operator=(const cursor&) = delete;
  cursor& operator=(cursor&&) = delete;
  ~cursor() {
    if (handle_ != nullptr)
      mdb_cursor_close(handle_);
  }

  // Returns 0, MDB_NOTFOUND or another LMDB error code.
  int get(MDB_val& key, MDB_val& value, MDB_cursor_op op) {
    return mdb_cursor_get(handle_, &key, &value, op);
  }
  int del() { return mdb_cursor_del(handle_, 0); }

private:
  explicit cursor(MDB_cursor* handle) : handle_(handle) {}
  MDB_cursor* handle_ = nullptr;
};

} // namespace strom::storage
