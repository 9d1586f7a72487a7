#pragma once
// A topic's partitions as `watch topic` shows them: leader, replicas, the
// log end (the high watermark) and how many entries each replica lacks
// against its leader's log, asked of each replica's own node.

#include <map>
#include <memory>
#include <ostream>
#include <string>

#include "net/client/admin_client.hpp"

namespace strom {

// One admin client per node, made once and kept while a watch runs, each
// bound to its node (a replica's status is the node's own).
class node_clients {
public:
  explicit node_clients(admin_client& any) : any_(any) {}
  admin_client& of(const node_address& node);

private:
  admin_client& any_;
  std::map<int32_t, std::unique_ptr<admin_client>> clients_;
};

// Writes the view; the exit status (a failure reported on `err`).
int render_topic_lag(admin_client& client, node_clients& nodes, const std::string& topic,
                     std::ostream& out, std::ostream& err);

} // namespace strom
