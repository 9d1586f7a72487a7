#!/usr/bin/python3
"""One table of strom against the peers, from strom.raw (bench_compare.sh)
and the peers' bench.raw: medians over runs, and strom's ratio to each peer
next to the target issue 8 sets. Usage: bench_compare.py STROM_RAW PEERS_RAW"""
import statistics
import sys
from collections import defaultdict


def parse(path):
    rows = []
    try:
        lines = open(path).read().splitlines()
    except OSError:
        return rows
    for line in lines:
        if not line.startswith("RESULT "):
            continue
        rows.append(dict(tok.split("=", 1) for tok in line.split()[1:] if "=" in tok))
    return rows


def medians(rows, key_of):
    """{(target, size, mode): {field: median}} over the runs."""
    groups = defaultdict(list)
    for r in rows:
        key = key_of(r)
        if key:
            groups[key].append(r)
    out = {}
    for key, rs in groups.items():
        fields = {}
        for f in ("rec_s", "records_per_s", "MB_s", "mb_per_s", "p50_us", "p99_us", "p999_us"):
            values = [float(r[f]) for r in rs if f in r]
            if values:
                fields[f] = statistics.median(values)
        fields["runs"] = len(rs)
        out[key] = fields
    return out


def peer_key(r):
    label = r.get("label", "")
    if not label.startswith("main:"):
        return None
    _, target, size, _run = label.split(":")
    return (target, size[1:], r["mode"])


def strom_key(r):
    if r["mode"] in ("idle", "rss", "scale"):
        return None
    target, size, _run = r["label"].split(":")
    return (target, size[1:], r["mode"])


def node_figures(rows):
    """Idle CPU and peak RSS of each node, per fsync policy."""
    out = defaultdict(list)
    for r in rows:
        if r["mode"] == "idle":
            out[(r["label"].split("-")[1], "idle CPU % of a core")].append(int(r["cpu_pct"]))
        elif r["mode"] == "rss":
            out[(r["label"].split("-")[1], "peak RSS MB")].append(int(r["peak_rss_mb"]))
    return out


def rate(m, key):
    f = m.get(key, {})
    return f.get("rec_s", f.get("records_per_s"))


def p99(m, key):
    return m.get(key, {}).get("p99_us")


def show(v, digits=0):
    return "n/a" if v is None else f"{v:,.{digits}f}"


def ratio(a, b):
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def main():
    strom_rows = parse(sys.argv[1])
    strom = medians(strom_rows, strom_key)
    peers = medians(parse(sys.argv[2]), peer_key)
    sizes = sorted({k[1] for k in strom}, key=int)
    print("### strom against NATS JetStream and Redis Streams, one machine, medians\n")
    print("strom: 3 local nodes, 3 partitions, fsync always unless said; peers as ../shared/peers.\n")
    print("| figure | size | strom | peer | peer figure | ratio | target |")
    print("|---|---|---|---|---|---|---|")
    for s in sizes:
        rows = [
            ("produce rec/s, R3 acks=all", rate(strom, ("strom-always-r3", s, "produce")),
             "JetStream R3", rate(peers, ("js-r3", s, "produce")), ">= 3x"),
            ("produce rec/s, R1 acks=1", rate(strom, ("strom-always-r1", s, "produce")),
             "Redis XADD", rate(peers, ("redis", s, "produce")), ">= 2x"),
            ("consume rec/s, R3", rate(strom, ("strom-always-r3", s, "consume")),
             "JetStream R3", rate(peers, ("js-r3", s, "consume")), ">= 3x"),
            ("consume rec/s, R3", rate(strom, ("strom-always-r3", s, "consume")),
             "Redis XREAD", rate(peers, ("redis", s, "consume")), ">= 1x"),
            ("publish-to-ack p99 us, W=1, R3", p99(strom, ("strom-always-r3", s, "latency")),
             "JetStream R3", p99(peers, ("js-r3", s, "latency")), "< 1x"),
            ("produce rec/s R3, fsync always", rate(strom, ("strom-always-r3", s, "produce")),
             "strom fsync interval", rate(strom, ("strom-interval-r3", s, "produce")),
             ">= 0.5x"),
        ]
        rows += kafka_rows(strom, s)
        for name, mine, peer, theirs, target in rows:
            print(f"| {name} | {s} B | {show(mine)} | {peer} | {show(theirs)} | "
                  f"{ratio(mine, theirs)} | {target} |")
    print("\nstrom's own figures (median of runs):\n")
    print("| workload | size | mode | rec/s | MB/s | p50 us | p99 us | p999 us | runs |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (target, s, mode), f in sorted(strom.items()):
        print(f"| {target} | {s} B | {mode} | {show(f.get('records_per_s'))} | "
              f"{show(f.get('mb_per_s'), 1)} | {show(f.get('p50_us'))} | {show(f.get('p99_us'))} | "
              f"{show(f.get('p999_us'))} | {f['runs']} |")
    print_nodes(strom_rows)
    print_scale(strom_rows)


def kafka_rows(strom, s):
    """strom through its Kafka door (librdkafka) against strom's own client,
    on the same workloads and cluster; none when the Kafka runs were off."""
    out = []
    for kind, what in (("r3", "R3 acks=all"), ("r1", "R1 acks=1")):
        for mode in ("produce", "consume"):
            door = rate(strom, (f"strom-kafka-always-{kind}", s, mode))
            if door is None:
                continue
            own = rate(strom, (f"strom-always-{kind}", s, mode))
            out.append((f"Kafka door {mode} rec/s, {what}, librdkafka", door,
                        "strom's own client", own, ">= 0.8x"))
    return out


def print_nodes(rows):
    figures = node_figures(rows)
    if not figures:
        return
    print("\nstrom's nodes (one figure per node):\n")
    print("| cluster | figure | nodes |")
    print("|---|---|---|")
    for (policy, name), values in sorted(figures.items()):
        print(f"| fsync {policy} | {name} | {' / '.join(str(v) for v in values)} |")


def print_scale(rows):
    """strom bench idle's figures: one row per node."""
    for r in rows:
        if r["mode"] != "scale":
            continue
        print(f"\nstrom with {r.get('partitions')} idle partitions (R{r.get('replication')}), "
              f"all leaders elected after {r.get('leaders_elected_s')} s:\n")
        print("| node | idle CPU % of a core | RSS MB | peak RSS MB | replicas |")
        print("|---|---|---|---|---|")
        nodes = sorted({k.split("_")[0] for k in r if k.startswith("node")})
        for n in nodes:
            print(f"| {n[4:]} | {r.get(n + '_idle_cpu_pct')} | {r.get(n + '_rss_mb')} | "
                  f"{r.get(n + '_peak_rss_mb')} | {r.get(n + '_replicas')} |")


if __name__ == "__main__":
    main()
