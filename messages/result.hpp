#pragma once
// result<T>: a value or a strom::error, for the layers that do not use CAF
// (storage, the raft core, the manifest parser). Like caf::expected, without CAF.

#include "messages/check.hpp"
#include <optional>
#include <utility>

#include "messages/errors.hpp"

namespace strom {

template <class T>
class result {
public:
  result(T value) : value_(std::move(value)) {}
  result(strom::error err) : error_(std::move(err)) { STROM_CHECK(error_); }
  result(errc code, std::string message = {}) : error_{code, std::move(message)} {
    STROM_CHECK(error_);
  }

  explicit operator bool() const { return value_.has_value(); }
  bool has_value() const { return value_.has_value(); }

  T& value() & { STROM_CHECK(value_); return *value_; }
  const T& value() const& { STROM_CHECK(value_); return *value_; }
  T&& value() && { STROM_CHECK(value_); return std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const strom::error& error() const { return error_; }

private:
  std::optional<T> value_;
  strom::error error_;
};

// For operations that return nothing but may fail.
template <>
class result<void> {
public:
  result() = default;
  result(strom::error err) : error_(std::move(err)) {}
  result(errc code, std::string message = {}) : error_{code, std::move(message)} {}

  explicit operator bool() const { return !error_; }
  bool has_value() const { return !error_; }
  const strom::error& error() const { return error_; }

private:
  strom::error error_;
};

} // namespace strom
