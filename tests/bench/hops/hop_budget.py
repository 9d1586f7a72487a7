#!/usr/bin/env python3
"""Where a window-1 write's time goes, from a STROM_HOP_TRACE file.

Usage: hop_budget.py TRACE

TRACE holds the marks of a client and the nodes (messages/hop_trace.hpp)
while `strom bench produce -w 1` ran. Each write is the span from one
client.send to the next client.reply; inside it every mark is named by the
role of its process (client; leader: the one that took the produce; a
follower by its pid), and only the first of each name counts. Broker and
replica marks of other groups than the write's are left out, and of raft
messages only appends and their answers (heartbeats run on their own clock).
The writer's and syncer's marks name no group: they may be another group's. Prints each name's median offset from
client.send over the writes that have it, in order, and the step from the
name before: the budget of one write.
"""
import statistics
import sys
from collections import defaultdict

RAFT_TYPES = {"4": "append", "5": "append_response"}


def read(path):
    marks = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 6:
                ns, pid, tid, hop, a, b = parts
                marks.append((int(ns), int(pid), int(tid), hop, a, b))
    marks.sort()
    return marks


def writes(marks):
    span = None
    for m in marks:
        if m[3] == "client.send":
            span = [m]
        elif span is not None:
            span.append(m)
            if m[3] == "client.reply":
                yield span
                span = None


def named(span):
    client_pid = span[0][1]
    group = span[0][4]
    leader = next((m[1] for m in span if m[3] == "replica.produce"), None)
    first = {}
    for ns, pid, _tid, hop, a, b in span:
        if hop.startswith(("replica.send", "replica.step", "broker.raft")):
            if b not in RAFT_TYPES:
                continue
            hop = hop + "." + RAFT_TYPES[b]
        if hop.startswith(("replica.", "broker.")) and a != group:
            continue  # another group's work
        role = "client" if pid == client_pid else "leader" if pid == leader else f"node-{pid}"
        first.setdefault(role + " " + hop, ns - span[0][0])
    return first


def main():
    marks = read(sys.argv[1])
    offsets = defaultdict(list)
    total = 0
    for span in writes(marks):
        total += 1
        for name, at in named(span).items():
            offsets[name].append(at)
    rows = sorted((statistics.median(v), name, len(v)) for name, v in offsets.items())
    print(f"{total} writes; median offset from client.send, in microseconds")
    print(f"{'mark':44} {'at_us':>8} {'step_us':>8} {'writes':>7}")
    before = 0.0
    for at, name, count in rows:
        if count < total / 2:
            continue  # marks of other work that fell into some spans
        print(f"{name:44} {at / 1000:8.0f} {(at - before) / 1000:8.0f} {count:7}")
        before = at


if __name__ == "__main__":
    main()
