#pragma once
// kcat's -f FORMAT for `strom consume`, so that its users keep their habits:
//   %t topic  %p partition  %o offset  %k key  %K key length  %s value
//   %S value length  %T timestamp (ms)  %h headers (k=v,k2=v2)  %% a percent
// and the escapes \n \r \t \\. A null key or value prints as nothing and its
// length as -1, as kcat does. An unknown %x or escape is refused at parse
// time, so that a typo is a usage error rather than odd output.

#include <string>
#include <vector>

#include "messages/partition_types.hpp"
#include "messages/record_batch.hpp"
#include "messages/result.hpp"

namespace strom {

class record_format {
public:
  static result<record_format> parse(const std::string& text);

  std::string render(const std::string& topic, partition_id partition,
                     const stored_record& r) const;

private:
  // A literal run (field == 0) or one field.
  struct piece {
    char field = 0;
    std::string literal;
  };

  std::vector<piece> pieces_;
};

// kcat's default without -f: the value and a newline.
inline constexpr const char* default_record_format = "%s\\n";

// kcat's -J envelope, one JSON object a line:
// {"topic":..,"partition":..,"offset":..,"ts":..,"key":..|null,
//  "payload":..|null,"headers":{"k":"v",..}}
std::string record_json(const std::string& topic, partition_id partition,
                        const stored_record& r);

} // namespace strom
