#!/usr/bin/python3
"""kafka-python (Debian's python3-kafka: a client that implements Kafka's
protocol itself, in Python) against strom's Kafka door: create a topic,
produce with keys, headers and gzip, consume in a group, commit, read the
commit back, find records by time, describe the group, alter and describe the
topic's configs; then a compacted topic (cleanup.policy=compact): a record
without a key is refused, and once the log compacted, a consumer from the
start reads each key's last value (k0's a tombstone, the log's last record),
moving past the offsets compaction removed to the end of the log. Prints one line per
step; any failure raises and exits non-zero.
Usage: kafka_python_client.py BOOTSTRAP TOPIC GROUP"""
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic
from kafka.errors import KafkaError

RECORDS = 60
PARTITIONS = 3
BASE_MS = 1_700_000_000_000


def main(bootstrap, topic, group):
    servers = bootstrap.split(",")
    admin = KafkaAdminClient(bootstrap_servers=servers, request_timeout_ms=30000)
    admin.create_topics([NewTopic(topic, PARTITIONS, 3)])
    print("created", topic)

    producer = KafkaProducer(bootstrap_servers=servers, acks="all", compression_type="gzip",
                             retries=10)
    for i in range(RECORDS):
        producer.send(topic, key=b"k%d" % i, value=b"v%d" % i, partition=i % PARTITIONS,
                      headers=[("h", b"x%d" % i)], timestamp_ms=BASE_MS + i)
    producer.flush(timeout=60)
    print("produced", RECORDS)

    consumer = KafkaConsumer(topic, bootstrap_servers=servers, group_id=group,
                             auto_offset_reset="earliest", enable_auto_commit=False,
                             consumer_timeout_ms=60000)
    seen = {}
    for m in consumer:
        assert m.key == b"k" + m.value[1:], m
        assert m.headers == [("h", b"x" + m.value[1:])], m.headers
        assert m.timestamp == BASE_MS + int(m.value[1:]), m.timestamp
        seen[m.value] = (m.partition, m.offset)
        if len(seen) == RECORDS:
            break
    assert len(seen) == RECORDS, len(seen)
    print("consumed", len(seen))
    consumer.commit()
    committed = {p: consumer.committed(TopicPartition(topic, p)) for p in range(PARTITIONS)}
    assert all(c == RECORDS // PARTITIONS for c in committed.values()), committed
    print("committed", sorted(committed.values()))

    by_time = consumer.offsets_for_times({TopicPartition(topic, 0): BASE_MS + 30})
    found = by_time[TopicPartition(topic, 0)]
    assert found is not None and found.offset == 10, found  # record 30 is offset 10 of p0
    print("offset for time", found.offset)
    consumer.close()

    described = admin.describe_consumer_groups([group])[0]
    assert described.group == group and described.protocol_type == "consumer", described
    print("described", described.state)

    altered = admin.alter_configs(
        [ConfigResource(ConfigResourceType.TOPIC, topic, configs={"retention.ms": "3600000"})])
    assert all(r[0] == 0 for r in altered.resources), altered.resources
    # Another node may answer the describe: it shows the change once it applied it.
    deadline = time.time() + 10
    while True:
        shown = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
        entries = {e[0]: e[1] for r in shown[0].resources for e in r[4]}
        if entries.get("retention.ms") == "3600000" or time.time() > deadline:
            break
        time.sleep(0.1)
    assert entries["retention.ms"] == "3600000", entries
    print("configs altered", entries["retention.ms"])
    compacted(admin, servers, topic + "-changelog")
    admin.close()


KEYS = 10
UPDATES = 400


def compacted(admin, servers, topic):
    admin.create_topics([NewTopic(topic, 1, 3, topic_configs={"cleanup.policy": "compact",
                                                               "delete.retention.ms": "0"})])
    producer = KafkaProducer(bootstrap_servers=servers, acks="all", retries=10,
                             compression_type="gzip", linger_ms=5)
    try:
        producer.send(topic, value=b"no key").get(timeout=30)
        raise AssertionError("a record without a key went into a compacted topic")
    except KafkaError as refused:
        print("keyless refused", type(refused).__name__)
    last = {}
    for i in range(UPDATES):
        sent = producer.send(topic, key=b"k%d" % (i % KEYS), value=b"v%d" % i)
        last[b"k%d" % (i % KEYS)] = (b"v%d" % i, sent)
        if i % 50 == 49:
            producer.flush()  # batches of 50: all but the last lose every record
    last[b"k0"] = (None, producer.send(topic, key=b"k0", value=None))
    producer.flush(timeout=60)
    expected = {k: (v, f.get(timeout=1).offset) for k, (v, f) in last.items()}
    deadline = time.time() + 60
    while True:
        seen = read_from_start(servers, topic)
        if len(seen) == KEYS or time.time() > deadline:
            break
        time.sleep(0.5)
    assert len(seen) == KEYS, "%d records after compaction, not %d" % (len(seen), KEYS)
    for key, (value, offset) in seen.items():
        assert expected[key] == (value, offset), (key, value, offset, expected[key])
    print("compacted to", len(seen))
    producer.close()


# Every record of the one partition from offset 0 to its end, by key.
def read_from_start(servers, topic):
    consumer = KafkaConsumer(bootstrap_servers=servers, enable_auto_commit=False,
                             consumer_timeout_ms=5000)
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    consumer.seek_to_beginning(tp)
    end = consumer.end_offsets([tp])[tp]
    seen, count, reached = {}, 0, False
    for m in consumer:
        seen[m.key] = (m.value, m.offset)
        count += 1
        if m.offset + 1 >= end:
            reached = True
            break
    consumer.close()
    return seen if reached and count == len(seen) else {}


if __name__ == "__main__":
    started = time.time()
    main(*sys.argv[1:4])
    print("done in %.1f s" % (time.time() - started))
