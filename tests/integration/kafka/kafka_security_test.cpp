// The Kafka door with security on, through librdkafka as an application
// uses it: TLS with the node's client-facing certificate, SASL PLAIN and
// SCRAM (SASL_SSL) or a client certificate (SSL), and every API asking the
// authorizer. For produce, fetch, a group's join and commit, topic create
// and delete, only a principal with the ACL succeeds; a valid user without
// the ACL gets Kafka's *_AUTHORIZATION_FAILED, and a client without
// credentials, with a wrong password, a certificate of another CA or in
// plaintext gets nowhere while the node goes on. An ACL removed takes
// effect at once.

#include <gtest/gtest.h>

#include "tests/integration/kafka/rdkafka_client.hpp"
#include "tests/integration/support/secure_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

const std::string security_yaml =
  security_section("    kafka: [mtls, plain, scram-sha-256, scram-sha-512]");

// A bound on each wait, never a claim about speed; a client that cannot
// authenticate spends all of it.
constexpr auto wait_ms = std::chrono::milliseconds{8000};

// What an operation came to: "OK", "DENIED" (an authorization error) or
// "FAILED" (anything else: no connection, no authentication).
std::string outcome_of(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR_NO_ERROR: return "OK";
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED: return "DENIED";
    default: return "FAILED";
  }
}

// A client of `type` with `settings`, whose first refusal (authentication,
// TLS, every broker down) goes to `refusal`; nothing when librdkafka
// refuses the settings.
rd_kafka_t* new_client(rd_kafka_type_t type, const std::string& bootstrap,
                       const kafka_settings& settings, std::string* refusal) {
  std::string error;
  auto* conf = rdkafka_configure(bootstrap, settings, error);
  if (conf == nullptr)
    return nullptr;
  rd_kafka_conf_set_opaque(conf, refusal);
  rd_kafka_conf_set_error_cb(conf, [](rd_kafka_t*, int err, const char* reason, void* opaque) {
    auto* first = static_cast<std::string*>(opaque);
    if (first->empty() && is_refusal(static_cast<rd_kafka_resp_err_t>(err)))
      *first = reason;
  });
  char text[512];
  return rd_kafka_new(type, conf, text, sizeof text);
}

// Asks for a topic's creation or deletion.
void admin_ask(rd_kafka_t* rk, rd_kafka_queue_t* queue, const std::string& topic, bool create) {
  char text[512];
  auto* options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_ANY);
  rd_kafka_AdminOptions_set_request_timeout(options, static_cast<int>(wait_ms.count()), text,
                                            sizeof text);
  if (create) {
    auto* t = rd_kafka_NewTopic_new(topic.c_str(), 1, 1, text, sizeof text);
    rd_kafka_CreateTopics(rk, &t, 1, options, queue);
    rd_kafka_NewTopic_destroy(t);
  } else {
    auto* t = rd_kafka_DeleteTopic_new(topic.c_str());
    rd_kafka_DeleteTopics(rk, &t, 1, options, queue);
    rd_kafka_DeleteTopic_destroy(t);
  }
  rd_kafka_AdminOptions_destroy(options);
}

// The one topic's result of an admin answer.
rd_kafka_resp_err_t admin_result(rd_kafka_event_t* event, bool create) {
  size_t count = 0;
  const rd_kafka_topic_result_t** topics =
    create ? rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event),
                                                 &count)
           : rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event),
                                                 &count);
  return count == 1 ? rd_kafka_topic_result_error(topics[0]) : rd_kafka_event_error(event);
}

// An admin call's one topic result, on a client of its own; the client's
// refusal ends the wait (as RD_KAFKA_RESP_ERR__AUTHENTICATION).
rd_kafka_resp_err_t admin_call(const std::string& bootstrap, const kafka_settings& settings,
                               const std::string& topic, bool create) {
  std::string refusal;
  auto* rk = new_client(RD_KAFKA_PRODUCER, bootstrap, settings, &refusal);
  if (rk == nullptr)
    return RD_KAFKA_RESP_ERR__INVALID_ARG;
  auto* queue = rd_kafka_queue_new(rk);
  admin_ask(rk, queue, topic, create);
  auto result = RD_KAFKA_RESP_ERR__TIMED_OUT;
  auto deadline = std::chrono::steady_clock::now() + 2 * wait_ms;
  while (result == RD_KAFKA_RESP_ERR__TIMED_OUT && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_poll(rk, 0); // serves the error callback
    if (!refusal.empty())
      result = RD_KAFKA_RESP_ERR__AUTHENTICATION;
    else if (auto* event = rd_kafka_queue_poll(queue, 100)) {
      result = admin_result(event, create);
      rd_kafka_event_destroy(event);
    }
  }
  rd_kafka_queue_destroy(queue);
  rd_kafka_destroy(rk);
  return result;
}

// The first record of partition 0, through the legacy consumer: its error.
rd_kafka_resp_err_t fetch_first(const std::string& bootstrap, const kafka_settings& settings,
                                const std::string& topic) {
  std::string refusal;
  auto* rk = new_client(RD_KAFKA_CONSUMER, bootstrap, settings, &refusal);
  if (rk == nullptr)
    return RD_KAFKA_RESP_ERR__INVALID_ARG;
  auto* t = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  rd_kafka_consume_start(t, 0, RD_KAFKA_OFFSET_BEGINNING);
  auto result = RD_KAFKA_RESP_ERR__TIMED_OUT;
  auto deadline = std::chrono::steady_clock::now() + wait_ms;
  while (result == RD_KAFKA_RESP_ERR__TIMED_OUT && std::chrono::steady_clock::now() < deadline)
    if (auto* m = rd_kafka_consume(t, 0, 500)) {
      if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
        result = m->err;
      rd_kafka_message_destroy(m);
    }
  rd_kafka_consume_stop(t, 0);
  rd_kafka_topic_destroy(t);
  rd_kafka_destroy(rk);
  return result;
}

class kafka_security_test : public secure_door_test {
protected:
  void SetUp() override { start(test_cluster::door::kafka, security_yaml); }

  std::string bootstrap() const {
    return "127.0.0.1:" +
           std::to_string(cluster_->door_port_of(test_cluster::door::kafka, node_id{1}));
  }

  // librdkafka's settings for `who`: SASL over TLS with a password, else
  // TLS with the client's certificate (or none), else plaintext.
  static kafka_settings settings_of(const door_caller& who, const std::string& mechanism) {
    kafka_settings s{{"socket.timeout.ms", "5000"},
                     {"message.timeout.ms", std::to_string(wait_ms.count())},
                     {"reconnect.backoff.max.ms", "500"},
                     {"auto.offset.reset", "earliest"}};
    if (who.ca.empty())
      return s;
    s["ssl.ca.location"] = who.ca;
    s["security.protocol"] = who.user.empty() ? "SSL" : "SASL_SSL";
    if (!who.cert.empty()) {
      s["ssl.certificate.location"] = who.cert;
      s["ssl.key.location"] = who.key;
    }
    if (!who.user.empty()) {
      s["sasl.mechanisms"] = mechanism;
      s["sasl.username"] = who.user;
      s["sasl.password"] = who.password;
    }
    return s;
  }

  std::string produce(const kafka_settings& s, const std::string& topic) {
    rdkafka_producer producer{bootstrap(), s};
    if (!producer)
      return "FAILED";
    std::vector<kafka_record> records(1);
    records[0].value = "hello";
    records[0].partition = 0;
    auto errors = producer.send(topic, records, 2 * wait_ms, true);
    if (errors.empty())
      return "OK";
    return errors[0].find("authorization failed") != std::string::npos ? "DENIED" : "FAILED";
  }

  std::string join(const kafka_settings& s, const std::string& topic, const std::string& group) {
    rdkafka_group_consumer consumer{bootstrap(), group, {topic}, s};
    auto deadline = std::chrono::steady_clock::now() + wait_ms;
    while (consumer && consumer.read().empty() && consumer.errors().empty() &&
           std::chrono::steady_clock::now() < deadline)
      consumer.poll(200ms);
    for (const auto& e : consumer.errors())
      if (e.find("authorization failed") != std::string::npos)
        return "DENIED";
    if (!consumer.errors().empty())
      ADD_FAILURE() << consumer.errors().front();
    if (consumer.read().empty())
      return "FAILED";
    return outcome_of(consumer.commit());
  }

  // The outcomes of produce, fetch, join and commit, create, delete.
  std::vector<std::string> every_operation(const door_caller& who, const std::string& suffix,
                                           const std::string& mechanism = "SCRAM-SHA-256") {
    auto s = settings_of(who, mechanism);
    return {produce(s, "orders"), outcome_of(fetch_first(bootstrap(), s, "orders")),
            join(s, "orders", "billing"),
            outcome_of(admin_call(bootstrap(), s, "made-" + suffix, true)),
            outcome_of(admin_call(bootstrap(), s, "doomed-" + suffix, false))};
  }

  bool create(const std::string& topic) {
    auto s = settings_of(admin_certificate(), "");
    return admin_call(bootstrap(), s, topic, true) == RD_KAFKA_RESP_ERR_NO_ERROR;
  }
};

std::vector<std::string> all(const std::string& outcome) {
  return std::vector<std::string>(5, outcome);
}

TEST_F(kafka_security_test, only_a_principal_with_the_acl_gets_through) {
  for (auto topic : {"orders", "doomed-alice", "doomed-plain", "doomed-bob"})
    ASSERT_TRUE(eventually([&] { return create(topic); }, 30s)) << cluster_->logs();
  grant_alice_the_test_acls();
  // Bob may see topic orders and group billing, so that it is the data
  // APIs themselves (Fetch, JoinGroup) that refuse him, not Metadata.
  admin({"acl", "add", "--principal", "bob", "--topic", "orders", "--operation", "describe"});
  admin({"acl", "add", "--principal", "bob", "--group", "billing", "--operation", "describe"});
  EXPECT_EQ(every_operation(user("alice", "alice-pw"), "alice"), all("OK"));
  EXPECT_EQ(every_operation(user("alice", "alice-pw"), "plain", "PLAIN"), all("OK"));
  EXPECT_EQ(every_operation(user("bob", "bob-pw"), "bob"), all("DENIED"));
  auto s = settings_of(user("alice", "wrong"), "SCRAM-SHA-512");
  EXPECT_EQ(produce(s, "orders"), "FAILED");
  EXPECT_EQ(outcome_of(admin_call(bootstrap(), s, "made-wrong", true)), "FAILED");
  for (const auto& stranger : {nobody(), other_ca_certificate(), door_caller{}}) {
    auto t = settings_of(stranger, "");
    EXPECT_EQ(produce(t, "orders"), "FAILED") << t["security.protocol"];
    EXPECT_EQ(outcome_of(admin_call(bootstrap(), t, "made-stranger", true)), "FAILED");
  }
  // The node went on through all of that, and took the super user's certificate.
  EXPECT_EQ(produce(settings_of(admin_certificate(), ""), "orders"), "OK") << cluster_->logs();
}

TEST_F(kafka_security_test, an_acl_removed_takes_effect_without_a_restart) {
  ASSERT_TRUE(eventually([&] { return create("orders"); }, 30s)) << cluster_->logs();
  admin({"acl", "add", "--principal", "alice", "--topic", "orders", "--operation", "write"});
  admin({"user", "create", "alice", "--mechanism", "SCRAM-SHA-512"}, "alice-pw\n");
  auto s = settings_of(user("alice", "alice-pw"), "SCRAM-SHA-512");
  ASSERT_TRUE(eventually([&] { return produce(s, "orders") == "OK"; }, 30s)) << cluster_->logs();
  admin({"acl", "remove", "--principal", "alice"});
  EXPECT_TRUE(eventually([&] { return produce(s, "orders") == "DENIED"; }, 30s));
}

} // namespace
} // namespace strom::testing
