#include "launcher/bench/proposer.hpp"

#include <memory>

#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "messages/atoms.hpp"
#include "messages/types.hpp"

namespace strom::bench {

namespace {

using clock = std::chrono::steady_clock;
using done_atom = caf::atom_constant<caf::atom("done")>;

struct proposer_state {
  static inline const char* name = "strom.bench.proposer";
  proposer_options options;
  caf::actor target;
  request_factory make_request = nullptr;
  caf::actor report_to;
  std::string payload;
  uint64_t sent = 0;
  uint64_t answered = 0;
  clock::time_point started;
  // Shared with run_proposer, which reads it after `done`.
  std::shared_ptr<proposer_result> result;
};

using proposer_ptr = caf::stateful_actor<proposer_state>*;

void send_one(proposer_ptr self);

void on_answer(proposer_ptr self, clock::time_point sent_at, bool ok) {
  auto& st = self->state;
  ++st.answered;
  if (ok) {
    st.result->committed_entries += st.options.batch;
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - sent_at);
    st.result->latency.record(static_cast<uint64_t>(us.count()));
  } else {
    ++st.result->failed;
  }
  if (st.sent < st.options.proposals)
    send_one(self);
  else if (st.answered == st.sent) {
    st.result->seconds = std::chrono::duration<double>(clock::now() - st.started).count();
    self->send(st.report_to, done_atom::value);
  }
}

void send_one(proposer_ptr self) {
  auto& st = self->state;
  ++st.sent;
  std::vector<std::string> payloads(st.options.batch, st.payload);
  auto sent_at = clock::now();
  self->request(st.target, st.options.request_timeout_ms, st.make_request(std::move(payloads)))
    .then([=](raft_index) { on_answer(self, sent_at, true); },
          [=](caf::error&) { on_answer(self, sent_at, false); });
}

caf::behavior proposer(proposer_ptr self, proposer_options options, caf::actor target,
                       request_factory make_request, std::shared_ptr<proposer_result> result) {
  auto& st = self->state;
  st.options = options;
  st.target = std::move(target);
  st.make_request = make_request;
  st.payload.assign(options.payload_bytes, 'x');
  st.result = std::move(result);
  return {
    [=](caf::actor& report_to) {
      auto& st = self->state;
      st.report_to = report_to;
      st.started = clock::now();
      for (size_t i = 0; i < st.options.window && st.sent < st.options.proposals; ++i)
        send_one(self);
    },
  };
}

} // namespace

proposer_result run_proposer(caf::actor_system& sys, const caf::actor& target,
                             request_factory make_request, const proposer_options& options) {
  auto result = std::make_shared<proposer_result>();
  auto worker = sys.spawn(proposer, options, target, make_request, result);
  caf::scoped_actor self{sys};
  self->send(worker, caf::actor{self});
  self->receive([](done_atom) {});
  self->send_exit(worker, caf::exit_reason::user_shutdown);
  return *result;
}

} // namespace strom::bench
