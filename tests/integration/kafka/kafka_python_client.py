#!/usr/bin/python3
"""kafka-python (Debian's python3-kafka: a client that implements Kafka's
protocol itself, in Python) against strom's Kafka door: create a topic,
produce with keys, headers and gzip, consume in a group, commit, read the
commit back, find records by time, describe the group, alter and describe the
topic's configs. Prints one line per
step; any failure raises and exits non-zero.
Usage: kafka_python_client.py BOOTSTRAP TOPIC GROUP"""
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic

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
    admin.close()


if __name__ == "__main__":
    started = time.time()
    main(*sys.argv[1:4])
    print("done in %.1f s" % (time.time() - started))
