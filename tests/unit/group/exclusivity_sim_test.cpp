// A group's one promise, checked against the faults that broke it: no
// partition is consumed by two members at once, in any generation. One
// coordinator (group_state behind a log whose writes land late, and which
// fails over to a new coordinator restored from what landed) and clients
// driven by the consumer's own membership (consumer_membership: leases,
// rejoins, KIP-394 ids, retries; eager or cooperative), over a network that
// delays and drops messages, cuts a client off for a while, and with
// clients that crash, freeze, leave and arrive. Virtual time; every run is one
// seed (STROM_SEED replays it; STROM_GROUP_SIM_RUNS sets how many runs,
// STROM_SIM_TRACE prints each run's events). After each step, what every
// live client hands out is compared; after the faults stop, every
// partition must be owned again.

#include <algorithm>
#include <deque>
#include <functional>
#include <random>
#include <sstream>

#include "actors/group/consumer_membership.hpp"
#include "tests/support/test_seed.hpp"
#include "tests/unit/group/group_fixtures.hpp"

namespace strom {
namespace {

constexpr int32_t partition_count = 12;
constexpr int64_t step_ms = 20;
constexpr int64_t coordinator_tick_ms = 100;
constexpr int64_t heartbeat_interval_ms = 1'000;
constexpr int64_t request_timeout_ms = 5'000;
constexpr int64_t retry_backoff_ms = 200;

// What a client asks; the coordinator's answer goes back to `request_id`.
struct request {
  enum class kind { join, sync, heartbeat, leave } what = kind::heartbeat;
  size_t client = 0;
  uint64_t request_id = 0;
  uint64_t coordinator_epoch = 0; // the coordinator it was sent to
  join_request join;
  member_id member;
  generation_id generation;
};

struct answer {
  size_t client = 0;
  uint64_t request_id = 0;
  errc code = errc::ok;
  std::optional<join_response> joined;
  std::optional<sync_response> synced;
};

struct in_flight {
  int64_t at_ms = 0;
  std::variant<request, answer> message;
};

struct sim_client {
  std::string name;
  bool cooperative = false;
  int32_t session_timeout_ms = 10'000;
  int32_t rebalance_timeout_ms = 30'000;
  bool alive = true;
  bool frozen = false;
  bool cut_off = false; // every message to and from it is lost
  consumer_membership membership;
  partition_set owned; // what it hands out records of
  // The request of each kind in flight, the id its answer comes back
  // with (unique among all clients', as the coordinator parks by it), and
  // its deadline.
  struct outstanding {
    membership_request request;
    uint64_t id = 0;
    int64_t deadline_ms = 0;
  };
  std::optional<outstanding> joining_or_syncing;
  std::optional<outstanding> heartbeat;
};

struct sim_options {
  uint64_t seed = 1;
  bool clients_check_leases = true; // false: a broken client, for the test of the test
};

class exclusivity_sim {
public:
  explicit exclusivity_sim(sim_options options)
    : options_(options), random_(options.seed), group_("g", test::quick_limits()) {
    group_.topic_partitions_changed(counts(), now_);
  }

  // The fault phase, then the healed phase; the first violation, or "".
  std::string run(int64_t fault_ms, int64_t heal_budget_ms) {
    for (int i = 0; i < 3; ++i)
      add_client();
    for (; now_ < fault_ms && violation_.empty(); now_ += step_ms) {
      inject_faults();
      step();
    }
    heal();
    auto healed_at = now_;
    for (; violation_.empty(); now_ += step_ms) {
      step();
      if (fully_owned())
        return "";
      if (now_ - healed_at > heal_budget_ms)
        return "liveness: " + std::to_string(heal_budget_ms) +
               " ms after the heal the live clients do not own every partition once; " +
               ownership();
    }
    return violation_;
  }

  std::string trace() const { return trace_.str(); }

private:
  static partition_counts counts() { return {{"t", partition_count}}; }

  bool chance(int percent) { return std::uniform_int_distribution<int>(0, 99)(random_) < percent; }
  int64_t between(int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(random_);
  }

  void note(const std::string& line) { trace_ << now_ << " ms: " << line << "\n"; }

  // ---- the world ----------------------------------------------------------

  void add_client() {
    sim_client c;
    c.name = "c" + std::to_string(clients_.size());
    c.cooperative = cooperative_;
    c.session_timeout_ms = static_cast<int32_t>(between(6'000, 12'000));
    // Kafka allows a rebalance timeout below the session timeout: then a
    // member dropped at the join deadline may still hold its partitions.
    c.rebalance_timeout_ms = static_cast<int32_t>(between(3'000, 20'000));
    c.membership =
      consumer_membership{{c.session_timeout_ms, heartbeat_interval_ms, retry_backoff_ms}};
    clients_.push_back(std::move(c));
    note("client " + clients_.back().name + " starts");
  }

  void inject_faults() {
    if (chance(1) && chance(20))
      failover();
    if (chance(1) && chance(30))
      add_client();
    auto pick = static_cast<size_t>(between(0, static_cast<int64_t>(clients_.size()) - 1));
    auto& c = clients_[pick];
    if (!c.alive)
      return;
    if (chance(1) && chance(10)) {
      c.cut_off = !c.cut_off;
      note(c.name + (c.cut_off ? " is cut off from the coordinator" : " reaches it again"));
    } else if (chance(1) && chance(10)) {
      c.frozen = !c.frozen;
      note(c.name + (c.frozen ? " freezes" : " thaws"));
    } else if (chance(1) && chance(5) && live_clients() > 1) {
      c.alive = false; // a crash: no leave, nothing more handed out
      note(c.name + " crashes");
    } else if (chance(1) && chance(5) && live_clients() > 1
               && !c.membership.member().value().empty()) {
      send(pick, request{request::kind::leave, pick, ++request_ids_, epoch_, {},
                         c.membership.member(), {}});
      c.alive = false;
      note(c.name + " leaves");
    }
  }

  size_t live_clients() const {
    return static_cast<size_t>(
      std::count_if(clients_.begin(), clients_.end(), [](const sim_client& c) { return c.alive; }));
  }

  void heal() {
    note("heal");
    for (auto& c : clients_)
      c.cut_off = c.frozen = false;
    loss_percent_ = 0;
  }

  // The coordinator moves: what did not land in the log is lost; the new
  // one restores the group from what did. The old one either lets the group
  // go (its parked joins and syncs are told not_coordinator) or its node
  // dies (they are never answered; a client may see the connection drop).
  void failover() {
    auto old_node = coordinator_node();
    bool died = chance(50);
    ++epoch_;
    pending_writes_.clear();
    group_ = landed_ ? group_state::restore(*landed_, now_, test::quick_limits())
                     : group_state("g", test::quick_limits());
    group_.topic_partitions_changed(counts(), now_);
    if (!died)
      for (auto& [key, client] : pending_answers_)
        deliver(client, answer{client, key, errc::not_coordinator, {}, {}});
    pending_answers_.clear();
    note("the coordinator fails over (epoch " + std::to_string(epoch_) + ")"
         + (died ? ": its node died" : ""));
    if (died)
      for (auto& c : clients_)
        if (c.alive && !c.frozen && !c.cut_off && chance(50))
          after(c, c.membership.on_connection_lost(old_node, now_), errc::unreachable);
  }

  node_id coordinator_node() const { return node_id{static_cast<int32_t>(epoch_)}; }

  void step() {
    deliver_due();
    if (now_ % coordinator_tick_ms == 0) {
      group_.tick(now_);
      flush();
    }
    land_writes();
    for (size_t i = 0; i < clients_.size(); ++i)
      step_client(i);
    check_exclusive();
  }

  // ---- the network ----------------------------------------------------------

  void send(size_t client, request r) {
    if (clients_[client].cut_off || chance(loss_percent_))
      return;
    network_.push_back({now_ + between(0, 60), std::move(r)});
  }

  void deliver(size_t client, answer a) {
    if (clients_[client].cut_off || chance(loss_percent_))
      return;
    network_.push_back({now_ + between(0, 60), std::move(a)});
  }

  void deliver_due() {
    std::vector<in_flight> due;
    for (auto it = network_.begin(); it != network_.end();) {
      if (it->at_ms <= now_) {
        due.push_back(std::move(*it));
        it = network_.erase(it);
      } else {
        ++it;
      }
    }
    std::shuffle(due.begin(), due.end(), random_);
    for (auto& m : due) {
      if (auto* r = std::get_if<request>(&m.message))
        serve(*r);
      else
        on_answer(std::get<answer>(m.message));
    }
  }

  // ---- the coordinator ------------------------------------------------------

  void serve(const request& r) {
    if (r.coordinator_epoch != epoch_) // sent to a coordinator that is gone
      return deliver(r.client, answer{r.client, r.request_id, errc::not_coordinator, {}, {}});
    switch (r.what) {
      case request::kind::join: {
        auto reply = group_.join(r.join, now_);
        answer_or_park(r, reply, [](const join_reply& x, answer& a) {
          if (auto* done = std::get_if<join_response>(&x))
            a.joined = *done;
          return std::holds_alternative<join_response>(x);
        });
        break;
      }
      case request::kind::sync: {
        auto reply = group_.sync(r.member, r.generation, now_);
        answer_or_park(r, reply, [](const sync_reply& x, answer& a) {
          if (auto* done = std::get_if<sync_response>(&x))
            a.synced = *done;
          return std::holds_alternative<sync_response>(x);
        });
        break;
      }
      case request::kind::heartbeat: {
        auto beat = group_.heartbeat(r.member, r.generation, now_);
        deliver(r.client, answer{r.client, r.request_id, beat ? errc::ok : beat.error().code, {}, {}});
        break;
      }
      case request::kind::leave: (void)group_.leave(r.member, now_); break;
    }
    flush();
  }

  template <class Reply, class Fill>
  void answer_or_park(const request& r, const result<Reply>& reply, Fill fill) {
    answer a{r.client, r.request_id, errc::ok, {}, {}};
    if (!reply) {
      a.code = reply.error().code;
      return deliver(r.client, a);
    }
    if (fill(*reply, a))
      return deliver(r.client, a);
    // A newer request of the member replaces the parked one, as the service's.
    for (auto it = pending_answers_.begin(); it != pending_answers_.end();) {
      if (it->second != r.client) {
        ++it;
        continue;
      }
      parked_member_.erase(it->first);
      it = pending_answers_.erase(it);
    }
    pending_answers_.emplace(r.request_id, r.client);
    parked_member_[r.request_id] = r.what == request::kind::join ? r.join.member : r.member;
  }

  void flush() {
    auto done = group_.take_completed();
    for (const auto& j : done.joins)
      complete(j.member, j.response ? errc::ok : j.response.error().code,
               j.response ? std::optional<join_response>{*j.response} : std::nullopt, {});
    for (const auto& s : done.syncs)
      complete(s.member, s.response ? errc::ok : s.response.error().code, {},
               s.response ? std::optional<sync_response>{*s.response} : std::nullopt);
    for (auto& w : group_.take_writes())
      pending_writes_.push_back({now_ + between(5, 200), std::move(w)});
  }

  // A parked request of `member` is answered.
  void complete(const member_id& member, errc code, std::optional<join_response> joined,
                std::optional<sync_response> synced) {
    for (auto it = pending_answers_.begin(); it != pending_answers_.end(); ++it) {
      if (parked_member_[it->first] != member)
        continue;
      deliver(it->second, answer{it->second, it->first, code, std::move(joined), std::move(synced)});
      parked_member_.erase(it->first);
      pending_answers_.erase(it);
      return;
    }
  }

  void land_writes() {
    while (!pending_writes_.empty() && pending_writes_.front().first <= now_) {
      landed_ = pending_writes_.front().second;
      auto generation = landed_->generation;
      pending_writes_.pop_front();
      group_.assignment_persisted(generation, now_);
      flush();
    }
  }

  // ---- the clients (the consumer's rules) -----------------------------------

  void step_client(size_t i) {
    auto& c = clients_[i];
    if (!c.alive || c.frozen)
      return;
    expire_requests(i);
    check_lease(c);
    if (c.membership.heartbeat_due(now_, !c.owned.empty()))
      send_heartbeat(i);
    if (c.membership.may_join(now_))
      send_join(i);
  }

  void check_lease(sim_client& c) {
    if (!options_.clients_check_leases || c.owned.empty() || c.membership.lease_held(now_))
      return;
    note(c.name + "'s lease ended: it gives up " + std::to_string(c.owned.size()));
    c.owned.clear();
    c.membership.lease_lost(now_);
  }

  sim_client::outstanding start(const membership_request& sent, int64_t timeout_ms) {
    return {sent, ++request_ids_, now_ + timeout_ms};
  }

  void send_join(size_t i) {
    auto& c = clients_[i];
    if (!c.cooperative)
      c.owned.clear(); // eager: everything is given up before the join
    const auto& m = c.membership;
    note(c.name + " joins as '" + m.member().value() + "', claiming " +
         std::to_string(c.owned.size()));
    c.joining_or_syncing = start(c.membership.join_sent(now_, coordinator_node()),
                                 c.rebalance_timeout_ms + request_timeout_ms);
    request r{request::kind::join, i, c.joining_or_syncing->id, epoch_, {}, m.member(),
              m.generation()};
    r.join = test::join_as(c.name, {"t"}, {c.cooperative ? "cooperative_sticky" : "range"});
    r.join.member = m.member();
    r.join.session_timeout_ms = c.session_timeout_ms;
    r.join.rebalance_timeout_ms = c.rebalance_timeout_ms;
    r.join.owned = c.owned;
    r.join.owned_generation = m.generation();
    send(i, std::move(r));
  }

  void send_sync(size_t i) {
    auto& c = clients_[i];
    c.joining_or_syncing = start(c.membership.sync_sent(now_, coordinator_node()),
                                 c.rebalance_timeout_ms + request_timeout_ms);
    send(i, request{request::kind::sync, i, c.joining_or_syncing->id, epoch_, {},
                    c.membership.member(), c.membership.generation()});
  }

  void send_heartbeat(size_t i) {
    auto& c = clients_[i];
    c.heartbeat = start(c.membership.heartbeat_sent(now_, coordinator_node()),
                        request_timeout_ms);
    send(i, request{request::kind::heartbeat, i, c.heartbeat->id, epoch_, {},
                    c.membership.member(), c.membership.generation()});
  }

  // A request without an answer by its deadline failed (a timeout).
  void expire_requests(size_t i) {
    auto& c = clients_[i];
    if (c.heartbeat && now_ >= c.heartbeat->deadline_ms) {
      auto sent = c.heartbeat->request;
      c.heartbeat.reset();
      (void)c.membership.on_heartbeat_failed(sent, errc::timeout, now_);
    }
    if (c.joining_or_syncing && now_ >= c.joining_or_syncing->deadline_ms) {
      auto sent = c.joining_or_syncing->request;
      c.joining_or_syncing.reset();
      after(c, c.membership.on_failed(sent, errc::timeout, now_), errc::timeout);
    }
  }

  void on_answer(const answer& a) {
    auto& c = clients_[a.client];
    if (!c.alive || c.frozen) // a frozen client reads it when it thaws: lost here
      return;
    if (c.heartbeat && c.heartbeat->id == a.request_id) {
      auto sent = c.heartbeat->request;
      c.heartbeat.reset();
      return on_heartbeat(a.client, sent, a.code);
    }
    if (!c.joining_or_syncing || c.joining_or_syncing->id != a.request_id)
      return; // an answer to a request given up
    auto sent = c.joining_or_syncing->request;
    c.joining_or_syncing.reset();
    if (a.code != errc::ok)
      return after(c, c.membership.on_failed(sent, a.code, now_), a.code);
    if (a.joined)
      return on_joined(a.client, sent, *a.joined);
    if (a.synced && c.membership.on_synced(sent, a.synced->generation, now_)) {
      c.owned = a.synced->assignment;
      note(c.name + " owns " + std::to_string(c.owned.size()) + " in generation " +
           std::to_string(a.synced->generation.value()));
    }
  }

  void on_joined(size_t i, const membership_request& sent, const join_response& r) {
    auto& c = clients_[i];
    switch (c.membership.on_joined(sent, r.member, r.generation, r.member_id_required)) {
      case after_join::stale: return;
      case after_join::join_again: return send_join(i);
      case after_join::sync:
        note(c.name + " joined generation " + std::to_string(r.generation.value()));
        return send_sync(i);
    }
  }

  void on_heartbeat(size_t i, const membership_request& sent, errc code) {
    auto& c = clients_[i];
    if (code == errc::ok)
      return c.membership.on_heartbeat_ok(sent, now_);
    auto next = c.membership.on_heartbeat_failed(sent, code, now_);
    after(c, next, code);
    if (next != after_failure::nothing && c.membership.may_join(now_))
      send_join(i);
  }

  // What the membership asks after a failure, done as the consumer does it.
  void after(sim_client& c, after_failure next, errc code) {
    if (next == after_failure::nothing)
      return;
    note(c.name + " is told " + std::string{to_string(code)});
    if (next == after_failure::lose_everything)
      c.owned.clear();
  }

  // ---- the checks -----------------------------------------------------------

  void check_exclusive() {
    std::map<topic_partition, std::string> owner;
    for (const auto& c : clients_) {
      if (!c.alive || c.frozen)
        continue;
      for (const auto& tp : c.owned) {
        auto [it, fresh] = owner.emplace(tp, c.name);
        if (!fresh && violation_.empty()) {
          violation_ = "at " + std::to_string(now_) + " ms " + to_text(tp) + " is consumed by " +
                       it->second + " and " + c.name;
          note(violation_);
        }
      }
    }
  }

  static std::string to_text(const topic_partition& tp) {
    std::ostringstream out;
    out << tp;
    return out.str();
  }

  bool fully_owned() const {
    size_t total = 0;
    partition_set all;
    for (const auto& c : clients_) {
      if (!c.alive)
        continue;
      total += c.owned.size();
      all.insert(c.owned.begin(), c.owned.end());
    }
    return all.size() == static_cast<size_t>(partition_count) && total == all.size();
  }

  std::string ownership() const {
    std::ostringstream out;
    for (const auto& c : clients_)
      out << c.name << (c.alive ? "" : " (gone)") << " owns " << c.owned.size() << "; ";
    out << "group " << to_string(group_.phase()) << " generation "
        << group_.generation().value() << ", held " << group_.held().size();
    return out.str();
  }

  sim_options options_;
  std::mt19937_64 random_;
  bool cooperative_ = std::uniform_int_distribution<int>(0, 1)(random_) == 1;
  int loss_percent_ = std::uniform_int_distribution<int>(0, 5)(random_);
  int64_t now_ = 0;
  group_state group_;
  uint64_t epoch_ = 0;
  uint64_t request_ids_ = 0;
  std::vector<sim_client> clients_;
  std::vector<in_flight> network_;
  // request id -> client, for joins and syncs the group answers later.
  std::map<uint64_t, size_t> pending_answers_;
  std::map<uint64_t, member_id> parked_member_;
  std::deque<std::pair<int64_t, group_snapshot>> pending_writes_;
  std::optional<group_snapshot> landed_;
  std::string violation_;
  std::ostringstream trace_;
};

constexpr int64_t fault_ms = 120'000;
// After the heal: a session timeout for leases and members to expire, a
// rebalance timeout for a join phase, a hold, and a follow-up rebalance.
constexpr int64_t heal_budget_ms = 80'000;
// STROM_GROUP_SIM_RUNS widens a run, as STROM_SIM_SEEDS does the raft simulator's.
uint64_t runs() {
  const char* text = std::getenv("STROM_GROUP_SIM_RUNS");
  return text != nullptr ? std::strtoull(text, nullptr, 10) : 200;
}

TEST(group_exclusivity, no_partition_is_consumed_by_two_members_under_faults) {
  auto first = testing::test_seed();
  testing::seed_trace trace{first};
  for (uint64_t k = 0; k < runs(); ++k) {
    sim_options options;
    options.seed = first + k;
    exclusivity_sim sim(options);
    auto failure = sim.run(fault_ms, heal_budget_ms);
    if (std::getenv("STROM_SIM_TRACE") != nullptr)
      std::cout << sim.trace();
    ASSERT_TRUE(failure.empty()) << "run " << k << " (seed " << options.seed << "): " << failure
                                 << "\nthis run alone: STROM_SEED=" << options.seed
                                 << " STROM_GROUP_SIM_RUNS=1\n" << sim.trace();
  }
}

// The test of the test: clients that hand out records past their lease
// (the consumer before its lease existed) break exclusivity in these runs.
TEST(group_exclusivity, clients_that_ignore_their_lease_are_caught) {
  auto first = testing::test_seed();
  testing::seed_trace trace{first};
  size_t caught = 0;
  for (uint64_t k = 0; k < runs(); ++k) {
    sim_options options;
    options.seed = first + k;
    options.clients_check_leases = false;
    exclusivity_sim sim(options);
    auto failure = sim.run(fault_ms, heal_budget_ms);
    caught += failure.find("is consumed by") != std::string::npos;
  }
  EXPECT_GT(caught, 0u) << "no run of " << runs() << " caught a client past its lease";
  std::printf("%zu of %llu runs caught a client past its lease\n", caught,
              static_cast<unsigned long long>(runs()));
}

} // namespace
} // namespace strom
