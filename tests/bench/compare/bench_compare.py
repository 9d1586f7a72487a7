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
        rows.append(with_cpu_per_record(
            dict(tok.split("=", 1) for tok in line.split()[1:] if "=" in tok)))
    return rows


def with_cpu_per_record(row):
    """Adds server_us_rec and client_us_rec, CPU-us per record of the run:
    server_cpu_s (the nodes' or the peer's servers') and the client's own
    CPU (strom bench's cpu_seconds, the peers' loadgen's client_cpu_s)."""
    records = float(row.get("records", row.get("n", 0)))
    if records <= 0:
        return row
    if "server_cpu_s" in row:
        row["server_us_rec"] = float(row["server_cpu_s"]) * 1e6 / records
    client = row.get("cpu_seconds", row.get("client_cpu_s"))
    if client is not None:
        row["client_us_rec"] = float(client) * 1e6 / records
    return row


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
        for f in ("rec_s", "records_per_s", "MB_s", "mb_per_s", "p50_us", "p99_us", "p999_us",
                  "raw_mb_per_s", "bytes_per_commit", "server_us_rec", "client_us_rec"):
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


def big_target(target):
    """The big workload's produce and its raw-disk measurement are tabled
    apart from the workloads the peers ran too."""
    return target.endswith(("-big", "-raw"))


def show(v, digits=0):
    return "n/a" if v is None else f"{v:,.{digits}f}"


def ratio(a, b):
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def r3_produce_target(size):
    """Issue 28: 5x JetStream R3 at 100 B, 4x from 1 KB on."""
    return ">= 5x" if int(size) < 1024 else ">= 4x"


def main():
    strom_rows = parse(sys.argv[1])
    strom = medians(strom_rows, strom_key)
    peers = medians(parse(sys.argv[2]), peer_key)
    sizes = sorted({k[1] for k in strom if not big_target(k[0])}, key=int)
    print("### strom against NATS JetStream and Redis Streams, one machine, medians\n")
    print("strom: 3 local nodes, 3 partitions, fsync always unless said; "
          "peers as ../shared/peers.\n")
    print("| figure | size | strom | peer | peer figure | ratio | target |")
    print("|---|---|---|---|---|---|---|")
    for s in sizes:
        rows = [
            ("produce rec/s, R3 acks=all", rate(strom, ("strom-always-r3", s, "produce")),
             "JetStream R3", rate(peers, ("js-r3", s, "produce")), r3_produce_target(s)),
            ("produce rec/s, R1 acks=1", rate(strom, ("strom-always-r1", s, "produce")),
             "Redis XADD", rate(peers, ("redis", s, "produce")), ">= 2x"),
            ("consume rec/s, R3", rate(strom, ("strom-always-r3", s, "consume")),
             "JetStream R3", rate(peers, ("js-r3", s, "consume")), ">= 3x"),
            ("consume rec/s, R3", rate(strom, ("strom-always-r3", s, "consume")),
             "Redis XREAD", rate(peers, ("redis", s, "consume")), ">= 1x"),
            ("publish-to-ack p99 us, W=1, R3", p99(strom, ("strom-always-r3", s, "latency")),
             "JetStream R3", p99(peers, ("js-r3", s, "latency")), "< 1x"),
            # Issue 28: interval acks once written, so it is never the slower.
            ("produce rec/s R3 acks=all, fsync interval",
             rate(strom, ("strom-interval-r3", s, "produce")),
             "strom fsync always", rate(strom, ("strom-always-r3", s, "produce")),
             ">= 1x"),
            ("produce rec/s R1 acks=1, fsync interval",
             rate(strom, ("strom-interval-r1", s, "produce")),
             "strom fsync always", rate(strom, ("strom-always-r1", s, "produce")),
             ">= 1x"),
        ]
        rows += kafka_rows(strom, s)
        for name, mine, peer, theirs, target in rows:
            print(f"| {name} | {s} B | {show(mine)} | {peer} | {show(theirs)} | "
                  f"{ratio(mine, theirs)} | {target} |")
    print_big(strom, strom_rows)
    print_latency(strom, peers, sizes)
    print_cpu(strom, peers, sizes)
    print("\nstrom's own figures (median of runs):\n")
    print("| workload | size | mode | rec/s | MB/s | p50 us | p99 us | p999 us | "
          "nodes' CPU us/rec | runs |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (target, s, mode), f in sorted(strom.items()):
        if mode == "raw":
            continue
        print(f"| {target} | {s} B | {mode} | {show(f.get('records_per_s'))} | "
              f"{show(f.get('mb_per_s'), 1)} | {show(f.get('p50_us'))} | {show(f.get('p99_us'))} | "
              f"{show(f.get('p999_us'))} | {show(f.get('server_us_rec'), 1)} | {f['runs']} |")
    print_nodes(strom_rows)
    print_scale(strom_rows)
    print_metrics_cost(strom_rows)
    print_tls_cost(strom_rows)


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


def big_runs(rows):
    """{(policy, size): {run: {"mb": produce MB/s, "raw": the disk's raw MB/s}}}."""
    out = defaultdict(lambda: defaultdict(dict))
    for r in rows:
        if r["mode"] not in ("produce", "raw"):
            continue
        target, size, run = r["label"].split(":")
        if not big_target(target):
            continue
        policy = target.split("-")[1]
        field = "raw" if r["mode"] == "raw" else "mb"
        value = r.get("raw_mb_per_s" if field == "raw" else "mb_per_s")
        if value is not None:
            out[(policy, size[1:])][run][field] = float(value)
    return out


def print_big(strom, rows):
    """The big rows of the main table: R3 acks=all produce MB/s against a
    third of the disk's raw rate (three replicas write the one disk), the
    ratio the median of each run's, as the disk's speed drifts between runs."""
    for (policy, s), runs in sorted(big_runs(rows).items()):
        mb = strom.get((f"strom-{policy}-big", s, "produce"), {}).get("mb_per_s")
        disk = strom.get((f"strom-{policy}-raw", s, "raw"), {})
        raw = disk.get("raw_mb_per_s")
        chunk_kib = show(disk.get("bytes_per_commit") and disk["bytes_per_commit"] / 1024)
        paired = [r["mb"] / (r["raw"] / 3) for r in runs.values() if r.get("mb") and r.get("raw")]
        share = f"{statistics.median(paired):.2f}x" if paired else "n/a"
        print(f"| produce MB/s R3 acks=all, fsync {policy} | {s} B | {show(mb, 1)} | "
              f"disk raw / 3 ({chunk_kib} KiB writes + fdatasync: {show(raw, 1)} MB/s) | "
              f"{show(raw and raw / 3, 1)} | {share} | "
              ">= 0.5x |")


def print_cost(rows, prefix, title, target, on="on"):
    """A feature's cost: each run produced on a cluster with the feature on
    (state `on`), then on one with it off (labels PREFIX{on,off}-KIND:sSIZE:runN);
    the ratio is the median of the runs' on / off."""
    runs = defaultdict(dict)
    for r in rows:
        if r["mode"] != "produce" or not r["label"].startswith(prefix):
            continue
        name, size, run = r["label"].split(":")
        state, kind = name[len(prefix):].split("-")
        value = r.get("records_per_s", r.get("rec_s"))
        if value is not None:
            runs[(kind, int(size[1:]))].setdefault(run, {})[state] = float(value)
    if not runs:
        return
    print(f"\n{title}, fresh fsync-always clusters in turn, medians of runs:\n")
    print("| workload | size | on | off | on / off | target |")
    print("|---|---|---|---|---|---|")
    for (kind, s), by_run in sorted(runs.items()):
        pairs = [v for v in by_run.values() if v.get(on) and v.get("off")]
        if not pairs:
            continue
        on_value = statistics.median([v[on] for v in pairs])
        off = statistics.median([v["off"] for v in pairs])
        share = statistics.median([v[on] / v["off"] for v in pairs])
        name = "R3 acks=all" if kind == "r3" else "R1 acks=1"
        print(f"| {name} | {s} B | {show(on_value)} | {show(off)} | "
              f"{'n/a' if share is None else f'{share:.3f}x'} | >= {target} |")


def print_metrics_cost(rows):
    """Issue 29: counting for /metrics costs under 2% of produce throughput."""
    print_cost(rows, "strom-mcost", "What counting for /metrics costs: produce rec/s with it "
               "on and off (STROM_METRICS=off)", "0.98x")


def print_tls_cost(rows):
    """Issue 30: security (TLS between nodes and for the client) keeps at
    least 80% of the plaintext produce throughput."""
    print_cost(rows, "strom-tcost", "What security costs: produce rec/s with mutual TLS between "
               "nodes and for the client (on) and in plaintext (off)", "0.80x")
    print_cost(rows, "strom-tcost", "What security costs a user: produce rec/s through the "
               "client doors with TLS and SCRAM, every call authorized (on), and in plaintext "
               "(off)", "0.80x", on="scram")


# (label, strom's target or the peers', which strom row it is set against).
LATENCY_ROWS = (
    ("strom R3 acks=all", "strom-always-r3", None),
    ("JetStream R3", "js-r3", "strom-always-r3"),
    ("strom R1 acks=1", "strom-always-r1", None),
    ("JetStream R1", "js-r1", "strom-always-r1"),
    ("Redis XADD", "redis", "strom-always-r1"),
)


def print_latency(strom, peers, sizes):
    print("\nPublish-to-ack latency, window 1 (fsync always), medians of runs; the peers "
          "leave out\ntheir first 1,000 samples as warm-up, strom bench keeps all:\n")
    print("| size | target | p50 us | p99 us | p999 us | strom / it, p50 / p99 / p999 |")
    print("|---|---|---|---|---|---|")
    pcts = ("p50_us", "p99_us", "p999_us")
    for s in sizes:
        for name, target, versus in LATENCY_ROWS:
            f = (peers if versus else strom).get((target, s, "latency"))
            if not f:
                continue
            mine = strom.get((versus, s, "latency"), {}) if versus else {}
            ratios = " / ".join(ratio(mine.get(p), f.get(p)) for p in pcts) if versus else ""
            print(f"| {s} B | {name} | {show(f.get('p50_us'))} | {show(f.get('p99_us'))} | "
                  f"{show(f.get('p999_us'))} | {ratios} |")


CPU_ROWS = (
    ("strom R3 acks=all, fsync always", "strom-always-r3", None),
    ("strom R3 acks=all, fsync interval", "strom-interval-r3", None),
    ("JetStream R3", "js-r3", "strom-always-r3"),
    ("strom R1 acks=1, fsync always", "strom-always-r1", None),
    ("strom R1 acks=1, fsync interval", "strom-interval-r1", None),
    ("JetStream R1", "js-r1", "strom-always-r1"),
    ("Redis XADD", "redis", "strom-always-r1"),
)


def cpu_line(size, name, f, mine):
    server, client = f.get("server_us_rec"), f.get("client_us_rec")
    total = None if server is None or client is None else server + client
    versus = ""
    if mine is not None:
        versus = " / ".join(ratio(mine.get(k), f.get(k))
                            for k in ("server_us_rec", "client_us_rec"))
    print(f"| {size} B | {name} | {show(server, 1)} | {show(client, 1)} | {show(total, 1)} | "
          f"{versus} |")


def print_cpu(strom, peers, sizes):
    print("\nCPU-us per record produced, medians of runs: server is the three strom nodes "
          "(utime+stime\nfrom /proc) or the peer's server processes; client is the load "
          "generator's own CPU over\nits produce phase, all its threads "
          "(strom bench: utime+stime of /proc/self/stat):\n")
    print("| size | target | server | client | both | strom / it, server / client |")
    print("|---|---|---|---|---|---|")
    for s in sizes:
        for name, target, versus in CPU_ROWS:
            f = (peers if versus else strom).get((target, s, "produce"))
            if f:
                cpu_line(s, name, f, strom.get((versus, s, "produce"), {}) if versus else None)
    for (target, s, mode), f in sorted(strom.items()):
        if mode == "produce" and target.endswith("-big"):
            cpu_line(s, f"strom R3 acks=all, fsync {target.split('-')[1]}, BIG", f, None)


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
