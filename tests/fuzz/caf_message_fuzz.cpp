// What a broker accepts on its CAF port: arbitrary bytes through CAF's
// binary deserializer, in an actor system configured as a node's
// (net/cluster/system_config). The first byte picks the way in: 0, a whole
// caf::message, whose types are named inside the bytes (as BASP hands a
// node its payloads); any other, one of strom's registered types by name.
// A value that loads saves to bytes that load and save to the same bytes.
//
// Only strom's types: CAF's own builtin types are CAF's to fuzz, and one of
// them throws on bad bytes (a config_value's variant index out of range;
// tests/fuzz/README.md), which would stop every run at once.

#include <algorithm>
#include <memory>

#include <caf/actor_system.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/message.hpp>
#include <caf/type_erased_value.hpp>

#include "net/cluster/system_config.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

bool is_stroms(std::string_view type_name) {
  return type_name.substr(0, 6) == "strom.";
}

// True when the type token at the start of a saved message ("@<>+a+b")
// names strom's types alone.
bool names_stroms_types_only(std::string_view bytes, caf::actor_system& system) {
  caf::binary_deserializer source{system, bytes.data(), bytes.size()};
  uint16_t zero = 0;
  std::string token;
  if (source(zero, token) || token.substr(0, 3) != "@<>")
    return true; // CAF refuses it before reading any value
  for (size_t at = token.find('+'); at != std::string::npos; at = token.find('+', at + 1))
    if (!is_stroms(std::string_view{token}.substr(at + 1)))
      return false;
  return true;
}

// One actor system for the whole run, as a node has: never destroyed, so
// that no input pays for its start and its threads outlive every input.
struct node_world {
  strom_config config;
  caf::actor_system system{config};
  std::vector<std::string> type_names; // strom's registered types, sorted

  node_world() {
    for (const auto& entry : config.value_factories_by_name)
      if (is_stroms(entry.first))
        type_names.push_back(entry.first);
    std::sort(type_names.begin(), type_names.end());
  }
};

node_world& world() {
  static auto* the_world = new node_world;
  return *the_world;
}

std::vector<char> saved_message(caf::message& message) {
  std::vector<char> bytes;
  caf::binary_serializer sink{world().system, bytes};
  require(!sink(message), "a loaded message saves");
  return bytes;
}

std::vector<char> saved_erased(const caf::type_erased_value& value) {
  std::vector<char> bytes;
  caf::binary_serializer sink{world().system, bytes};
  require(!value.save(sink), "a loaded value saves");
  return bytes;
}

void load_message(std::string_view bytes) {
  if (!names_stroms_types_only(bytes, world().system))
    return;
  caf::binary_deserializer source{world().system, bytes.data(), bytes.size()};
  caf::message message;
  if (source(message))
    return;
  (void)to_string(message);
  auto first = saved_message(message);
  caf::binary_deserializer again{world().system, first.data(), first.size()};
  caf::message reloaded;
  require(!again(reloaded), "a saved message loads");
  require(saved_message(reloaded) == first, "a message saves the same after a round trip");
}

void load_value(const std::string& type_name, std::string_view bytes) {
  auto value = world().system.types().make_value(type_name);
  require(value != nullptr, "a registered type has a factory");
  caf::binary_deserializer source{world().system, bytes.data(), bytes.size()};
  if (value->load(source))
    return;
  (void)value->stringify();
  auto first = saved_erased(*value);
  auto reloaded = world().system.types().make_value(type_name);
  caf::binary_deserializer again{world().system, first.data(), first.size()};
  require(!reloaded->load(again), "a saved value loads");
  require(saved_erased(*reloaded) == first, "a value saves the same after a round trip");
}

// The layout of CAF 0.17's message::save for one element: a zero, the type
// token "@<>+" plus the element's name, then the element.
std::vector<char> saved_as_message(const std::string& type_name,
                                   const caf::type_erased_value& value) {
  std::vector<char> bytes;
  caf::binary_serializer sink{world().system, bytes};
  uint16_t zero = 0;
  std::string token = "@<>+" + type_name;
  require(!sink(zero, token) && !value.save(sink), "a message saves");
  return bytes;
}

std::string with_selector(char selector, const std::vector<char>& bytes) {
  return std::string(1, selector) + std::string(bytes.begin(), bytes.end());
}

} // namespace

// Each registered type's default value, alone and as a message.
std::vector<std::string> seeds() {
  std::vector<std::string> out;
  const auto& names = world().type_names;
  for (size_t i = 0; i < names.size(); ++i) {
    auto value = world().system.types().make_value(names[i]);
    out.push_back(with_selector(static_cast<char>(i + 1), saved_erased(*value)));
    out.push_back(with_selector(0, saved_as_message(names[i], *value)));
  }
  return out;
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strom::fuzz;
  if (size == 0)
    return 0;
  auto rest = as_text(data + 1, size - 1);
  const auto& names = world().type_names;
  if (data[0] == 0)
    load_message(rest);
  else
    load_value(names[(data[0] - 1u) % names.size()], rest);
  return 0;
}
