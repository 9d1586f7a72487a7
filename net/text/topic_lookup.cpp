#include "net/text/topic_lookup.hpp"

#include "messages/error_category.hpp"
#include "net/text/text_atoms.hpp"

namespace strom {

namespace {

constexpr std::chrono::milliseconds retry_interval_ms{50};

void finish(topic_lookup_ptr self, caf::expected<topic_metadata> outcome) {
  if (outcome)
    self->state.promise.deliver(std::move(*outcome));
  else
    self->state.promise.deliver(std::move(outcome.error()));
  self->quit();
}

void ask(topic_lookup_ptr self) {
  const auto& s = self->state.settings;
  self->request(s.broker, s.request_timeout_ms, metadata_atom::value,
                std::vector<std::string>{s.topic})
    .then(
      [self](cluster_metadata& md) {
        for (auto& t : md.topics)
          if (t.name == self->state.settings.topic)
            return finish(self, std::move(t));
        finish(self, make_error(errc::unknown_topic, self->state.settings.topic));
      },
      [self](caf::error& err) {
        auto later = std::chrono::steady_clock::now() + retry_interval_ms;
        if (code_of(err) == errc::unknown_topic && later < self->state.deadline)
          return self->delayed_send(self, retry_interval_ms, text_retry_atom::value);
        finish(self, std::move(err));
      });
}

} // namespace

caf::behavior topic_lookup(topic_lookup_ptr self, topic_lookup_settings settings) {
  self->state.settings = std::move(settings);
  return {
    [self](text_find_atom) {
      self->state.deadline = std::chrono::steady_clock::now() + self->state.settings.wait_ms;
      self->state.promise = self->make_response_promise<topic_metadata>();
      ask(self);
      return self->state.promise;
    },
    [self](text_retry_atom) { ask(self); },
  };
}

} // namespace strom
