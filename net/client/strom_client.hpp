#pragma once
// The client library in one include. Link the CMake target strom::client.
//
//   strom::client_runtime runtime;                      // or your own system
//   auto bootstrap = strom::parse_bootstrap("127.0.0.1:9301,127.0.0.1:9302");
//   strom::producer p{runtime.system(), *bootstrap};     // acks=all, idempotent
//   p.send("orders", {std::string{"k"}, std::string{"v"}}).get();
//   strom::consumer c{runtime.system(), *bootstrap, config};  // config.group_id
//   c.subscribe({"orders"}); for (auto& r : c.poll(500ms)) ...
//   strom::admin_client admin{runtime.system(), *bootstrap, 3s};
//   admin.create_topic({"orders", 6, 3});
//
// Every call that can fail answers a caf::expected or a delivery_report
// whose errc (messages/errors.hpp) says what went wrong; describe(error)
// gives the one-line text. is_retriable(error) tells what retrying may cure.

#include "messages/error_category.hpp"
#include "net/client/admin_client.hpp"
#include "net/client/client_runtime.hpp"
#include "net/client/consumer.hpp"
#include "net/client/endpoint.hpp"
#include "net/client/producer.hpp"
