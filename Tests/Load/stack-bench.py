#!/usr/bin/env python3
"""Load run of the whole stack (not a test): hss-sim, ocs-sim, charging-agent, aaa-core and one
radius-frontend as release processes on loopback, ue-sim as phones + AP with accounting.

Reports sessions/s, authentication and accounting latency, and the CPU each process spent per
session (from /proc/<pid>/stat, which stays meaningful on a noisy machine where rates do not),
including ue-sim's own CPU so a load generator at its limit shows. With charging on, it also waits
until charging-agent has closed every Gy session (CCR-T answered) and counts that time in.

    swift build -c release
    python3 Tests/Load/stack-bench.py --mode online --concurrency 64 --seconds 10
    python3 Tests/Load/stack-bench.py --mode off --concurrency 1 --seconds 10
    python3 Tests/Load/stack-bench.py --mode off --concurrency 256 --hold-ms 2000 --interim-ms 50   # accounting-heavy
    python3 Tests/Load/stack-bench.py --mode off --concurrency 1 --postgres   # the store on a private PostgreSQL
"""
import argparse
import json
import os
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TICKS = os.sysconf("SC_CLK_TCK")


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def machine_ticks():
    """The machine's CPU time from /proc/stat: (steal, total) ticks, all CPUs."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return fields[7] if len(fields) > 7 else 0, sum(fields[:8])


def seed(path, count):
    """`count` ended sessions (the services created the schema), in one transaction."""
    import sqlite3
    db = sqlite3.connect(path, timeout=30)
    now = time.strftime("%Y-%m-%d %H:%M:%S.000", time.gmtime())
    rows = ((f"seed:{i:012x}", f"00101{i % 10**10:010d}", f"0{i}@wlan.mnc001.mcc001.3gppnetwork.org",
             "02-00-00-00-00-01", "AA-BB-CC-DD-EE-FF:OpenTWAG", "127.0.0.1", "seed-ap", "127.0.0.1", "seed",
             "none", now, now, now, "User-Request", 600, 10_000_000, 1_000_000) for i in range(count))
    db.executemany("""INSERT INTO sessions (session_class, imsi, user_name, calling_station_id, called_station_id, nas_ip,
        nas_identifier, client_ip, frontend_id, registration, accepted_at, started_at, ended_at, end_cause, session_time,
        output_octets, input_octets) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
    db.commit()
    db.close()


def start_postgres(work, synchronous_commit):
    """A private PostgreSQL cluster in `work` (Debian's server binaries; as user postgres when root),
    default durability unless told otherwise. Returns (url, postmaster pid, stop function)."""
    import glob
    bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))[-1]
    data = os.path.join(work, "pg")
    os.makedirs(data)
    as_pg = []
    if os.getuid() == 0:
        os.chmod(work, 0o755)  # mkdtemp's 0700 keeps the postgres user out
        subprocess.run(["chown", "-R", "postgres", data], check=True)
        as_pg = ["runuser", "-u", "postgres", "--"]
    subprocess.run(as_pg + [f"{bindir}/initdb", "-D", data + "/data", "-A", "trust", "-U", "twag", "-E", "UTF8"],
                   check=True, capture_output=True)
    port = free_port()
    subprocess.run(as_pg + [f"{bindir}/pg_ctl", "-D", data + "/data", "-l", data + "/server.log", "-w", "-o",
                            f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=100 "
                            f"-c synchronous_commit={synchronous_commit}", "start"], check=True, capture_output=True)
    with open(data + "/data/postmaster.pid") as f:
        pid = int(f.readline())

    def stop():
        subprocess.run(as_pg + [f"{bindir}/pg_ctl", "-D", data + "/data", "-m", "fast", "-w", "stop"], capture_output=True)
    return f"postgres://twag@127.0.0.1:{port}/postgres?sslmode=disable", pid, stop


def server_cpu_seconds(pid):
    """CPU of a server and its children, living (their stat) or reaped (its cutime/cstime)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    total = sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICKS
    for child in os.listdir("/proc"):
        if not child.isdigit():
            continue
        try:
            with open(f"/proc/{child}/stat") as f:
                stat = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[1]) == pid:
            total += (int(stat[11]) + int(stat[12])) / TICKS
    return total


# Frontend histograms reported as p99 next to the generator's latency.
SERVED = {
    "acct_served": ("radius_request_duration_seconds", ('type="accounting"',)),
    "acct_commit": ("radius_accounting_commit_duration_seconds", ()),
}


def inside_times(ports):
    """Cumulative sums (seconds) and counts of the frontend's Access-Request durations and aaa-core's MARs."""
    return {
        "access_sum": metric(ports["m_fe"], "radius_request_duration_seconds_sum", 'type="access"') or 0,
        "access_count": metric(ports["m_fe"], "radius_request_duration_seconds_count", 'type="access"') or 0,
        "mar_sum": metric(ports["m_core"], "diameter_request_duration_seconds_sum", 'command="MAR"') or 0,
        "mar_count": metric(ports["m_core"], "diameter_request_duration_seconds_count", 'command="MAR"') or 0,
    }


def buckets(port, name, *labels):
    """Cumulative histogram buckets {le: count} of `name` (lines with every label fragment)."""
    try:
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        if line.startswith(name + "_bucket{") and all(l in line for l in labels):
            le = line.split('le="', 1)[1].split('"', 1)[0]
            out[float("inf") if le == "+Inf" else float(le)] = float(line.rsplit(" ", 1)[1])
    return out


def quantile_ms(before, after, q):
    """Upper bound (ms) of the bucket holding quantile `q` of the observations between two snapshots."""
    delta = sorted((le, after[le] - before.get(le, 0)) for le in after)
    if not delta or delta[-1][1] <= 0:
        return None
    for le, count in delta:
        if count >= q * delta[-1][1]:
            return None if le == float("inf") else round(le * 1000, 3)
    return None


def shares_within_ms(before, after):
    """{bound in ms: share of the observations between two snapshots at or under it} up to 100 ms."""
    delta = sorted((le, after[le] - before.get(le, 0)) for le in after)
    if not delta or delta[-1][1] <= 0:
        return {}
    total = delta[-1][1]
    return {round(le * 1000, 3): round(count / total, 5) for le, count in delta if le <= 0.1}


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


def metric(port, name, *labels):
    """Sum of the samples of `name` whose line has every label fragment; None when unreachable."""
    try:
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    except OSError:
        return None
    total = None
    for line in text.splitlines():
        if (line.startswith(name + " ") or line.startswith(name + "{")) and all(l in line for l in labels):
            total = (total or 0) + float(line.rsplit(" ", 1)[1])
    return total


def wire_times(pcap, process, port):
    """Accounting-Response times on the wire from a capture: tshark pairs each answer with its
    request (radius.time), so neither ue-sim's scheduling nor the frontend's own clock is in it."""
    process.wait()
    out = subprocess.run(["tshark", "-r", pcap, "-d", f"udp.port=={port},radius", "-Y", "radius.code==5",
                          "-T", "fields", "-e", "radius.time"], capture_output=True, text=True).stdout
    times = sorted(float(x) for x in out.split() if x)
    if not times:
        return {"acct_wire_responses": 0}
    n = len(times)
    return {"acct_wire_responses": n, "acct_wire_p50_ms": round(times[n // 2] * 1e3, 3),
            "acct_wire_p99_ms": round(times[min(n - 1, int(n * 0.99))] * 1e3, 3),
            "acct_wire_share_over_10ms": round(sum(t > 0.010 for t in times) / n, 5)}


def wait_for(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    sys.exit(f"stack-bench: {what} did not happen within {timeout} s")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mode", choices=["off", "authorize_only", "online"], default="online")
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--subscribers", type=int, default=128)
    p.add_argument("--bin", default=os.path.join(ROOT, ".build/release"))
    p.add_argument("--log-level", default="notice")
    p.add_argument("--method", choices=["aka", "aka-prime"], default="aka", help="EAP method the phones use")
    p.add_argument("--no-accounting", action="store_true", help="authentications only")
    p.add_argument("--hold-ms", type=int, default=0, help="session hold between Start and Stop (accounting-heavy runs)")
    p.add_argument("--interim-ms", type=int, default=0, help="Interim-Update period during the hold")
    p.add_argument("--spread-interims", action="store_true",
                   help="each session's first Interim-Update at a random point of the period (no bursts)")
    p.add_argument("--ramp-up-ms", type=int, default=0,
                   help="phones start their first authentication spread over this many milliseconds, not all at once")
    p.add_argument("--spread-sessions", action="store_true",
                   help="each session's hold drawn between 0.5 and 1.5 times --hold-ms (phones do not all stop and "
                        "re-authenticate together at every hold)")
    p.add_argument("--synchronous", choices=["normal", "full"], default="normal", help="database_synchronous")
    p.add_argument("--seed-sessions", type=int, default=0,
                   help="insert this many ended session rows into the store before the run (memory with a large store)")
    p.add_argument("--abandon-at-challenge", action="store_true",
                   help="phones never answer the challenge: aaa-core holds every conversation (capacity / memory)")
    p.add_argument("--config", default=os.path.join(ROOT, "config/twag.yaml"),
                   help="configuration file (an A/B run gives the older build the file of its own commit)")
    p.add_argument("--glibc-tunables", default="glibc.malloc.tcache_count=2000",
                   help="GLIBC_TUNABLES of the services, as compose, systemd and twag up set it ('' for glibc's defaults)")
    p.add_argument("--postgres", action="store_true",
                   help="the store on a private PostgreSQL cluster (database_url) instead of the SQLite file; its CPU is reported too")
    p.add_argument("--pg-synchronous-commit", choices=["on", "off"], default="on",
                   help="the cluster's synchronous_commit (on: a commit is on disk before the answer, PostgreSQL's default)")
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    p.add_argument("--capture-seconds", type=float, default=0,
                   help="capture the accounting port on loopback (dumpcap) for this long from 2 s into the load and "
                        "report the server's response time on the wire (tshark's radius.time), independent of ue-sim")
    a = p.parse_args()

    work = tempfile.mkdtemp(prefix="twag-bench-")
    subs = os.path.join(work, "subscribers.yaml")
    balances = os.path.join(work, "balances.yaml")
    imsis = [f"00101{9000000000 + i:010d}" for i in range(a.subscribers)]
    with open(subs, "w") as f:
        f.write("subscribers:\n")
        for imsi in imsis:
            f.write(f'  - imsi: "{imsi}"\n    k: "{secrets.token_hex(16)}"\n    opc: "{secrets.token_hex(16)}"\n'
                    '    amf: "8000"\n    sqn: 0\n')
    with open(balances, "w") as f:
        f.write("subscribers:\n")
        for imsi in imsis:
            f.write(f'  - imsi: "{imsi}"\n    balance_octets: 1000000000000000\n')

    ports = {k: free_port() for k in ["hss", "ocs", "ocs_control", "core_diameter", "m_core", "m_fe", "m_agent"]}
    auth, acct = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_DGRAM)
    env = dict(os.environ)
    env.update({
        "TWAG_RUNTIME_DIR": os.path.join(work, "run"), "TWAG_DATABASE_PATH": os.path.join(work, "twag.sqlite"),
        "TWAG_LOGGING__LEVEL": a.log_level, "TWAG_PROMETHEUS__BIND": "127.0.0.1",
        "TWAG_CHARGING__MODE": a.mode, "TWAG_CHARGING__PEERS__0__PORT": str(ports["ocs"]),
        "TWAG_DIAMETER__PEERS__0__PORT": str(ports["hss"]), "TWAG_DIAMETER__LISTEN_PORT": str(ports["core_diameter"]),
        "TWAG_RADIUS__AUTH_PORT": str(auth), "TWAG_RADIUS__ACCT_PORT": str(acct),
        "TWAG_DATABASE_SYNCHRONOUS": a.synchronous,
    })
    postgres = None
    if a.postgres:
        url, pg_pid, pg_stop = start_postgres(work, a.pg_synchronous_commit)
        env["TWAG_DATABASE_URL"] = url
        postgres = (pg_pid, pg_stop)
    env.pop("GLIBC_TUNABLES", None)
    if a.glibc_tunables:
        env["GLIBC_TUNABLES"] = a.glibc_tunables
    os.makedirs(env["TWAG_RUNTIME_DIR"])
    config = a.config
    procs = {}

    def start(name, args, metrics_port=None):
        e = dict(env)
        if metrics_port:
            e["TWAG_PROMETHEUS__PORT"] = str(metrics_port)
        log = open(os.path.join(work, name + ".log"), "w")
        procs[name] = subprocess.Popen([os.path.join(a.bin, name)] + args, env=e, stdout=log, stderr=log)

    start("hss-sim", ["--listen", f"127.0.0.1:{ports['hss']}", "--origin-host", "hss.lab.twag", "--origin-realm",
                      "lab.twag", "--subscribers", subs, "--state", os.path.join(work, "hss-state.json"),
                      "--log-level", a.log_level])
    if a.mode != "off":
        start("ocs-sim", ["--listen", f"127.0.0.1:{ports['ocs']}", "--balances", balances, "--ledger",
                          os.path.join(work, "ledger.json"), "--control", f"127.0.0.1:{ports['ocs_control']}",
                          "--ledger-flush-ms", "10000", "--max-events", "1000", "--log-level", a.log_level])
        time.sleep(0.3)
        start("charging-agent", ["--config", config], ports["m_agent"])
        wait_for(lambda: metric(ports["m_agent"], "diameter_peer_state") is not None, 30, "charging-agent metrics")
    start("aaa-core", ["--config", config], ports["m_core"])
    wait_for(lambda: os.path.exists(os.path.join(env["TWAG_RUNTIME_DIR"], "aaa-core.sock")), 30, "aaa-core socket")
    start("radius-frontend", ["--config", config, "--instance-id", "bench-fe"], ports["m_fe"])
    time.sleep(1.5)

    if a.seed_sessions and a.postgres:
        sys.exit("stack-bench: --seed-sessions is for the SQLite store")
    if a.seed_sessions:
        seed(env["TWAG_DATABASE_PATH"], a.seed_sessions)

    ue_args = [os.path.join(a.bin, "ue-sim"), "--server", f"127.0.0.1:{auth}", "--secret", "testing123",
               "--subscribers", subs, "--method", a.method, "--json", "--allow-failures"]
    if not a.no_accounting:
        ue_args += ["--accounting", "--acct-port", str(acct)]
    warm = subprocess.run(ue_args + ["--count", "200", "--concurrency", "8"], capture_output=True, text=True)
    if a.hold_ms:
        ue_args += ["--session-hold-ms", str(a.hold_ms)]
    if a.interim_ms:
        ue_args += ["--interim-ms", str(a.interim_ms)]
    if a.spread_interims:
        ue_args += ["--spread-interims"]
    if a.spread_sessions:
        ue_args += ["--spread-sessions"]
    if a.ramp_up_ms:
        ue_args += ["--ramp-up-ms", str(a.ramp_up_ms)]
    if a.abandon_at_challenge:
        ue_args += ["--abandon-at-challenge"]
    if '"successes":200' not in warm.stdout.replace(" ", ""):
        sys.exit(f"stack-bench: warm-up failed:\n{warm.stdout}\n{warm.stderr}\nlogs in {work}")

    def closed():
        return metric(ports["m_agent"], "charging_sessions_open") in (0, 0.0, None)

    if a.mode != "off":
        wait_for(closed, 60, "the warm-up's Gy sessions closing")
    before = {n: cpu_seconds(pr.pid) for n, pr in procs.items()}
    if postgres:
        before["postgres"] = server_cpu_seconds(postgres[0])
    acct_before = metric(ports["m_fe"], "radius_accounting_responses_total") or 0
    inside_before = inside_times(ports)
    served_before = {k: buckets(ports["m_fe"], n, *l) for k, (n, l) in SERVED.items()}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    capture = None
    if a.capture_seconds > 0:
        pcap = os.path.join(work, "accounting.pcap")
        capture = (pcap, subprocess.Popen(
            ["sh", "-c", f"sleep 2; exec dumpcap -q -i lo -f 'udp port {acct}' -s 256 "
                         f"-a duration:{a.capture_seconds:g} -w {pcap}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    ticks_before = machine_ticks()
    t0 = time.time()
    generator = subprocess.Popen(ue_args + ["--count", "100000000", "--duration", str(a.seconds), "--concurrency",
                                            str(a.concurrency)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The accounting rate in the steady middle of the run as well: the phones' first authentications
    # and their last sessions draining (which --spread-sessions lengthens) are not the rate held.
    steady = None
    if not a.no_accounting and a.seconds > 3:
        time.sleep(max(0.0, t0 + 2 - time.time()))
        steady_from = (time.time(), metric(ports["m_fe"], "radius_accounting_responses_total") or 0)
        time.sleep(max(0.0, t0 + a.seconds - 0.5 - time.time()))
        steady = (steady_from, (time.time(), metric(ports["m_fe"], "radius_accounting_responses_total") or 0))
    out, err = generator.communicate()
    run = subprocess.CompletedProcess(generator.args, generator.returncode, out, err)
    t1 = time.time()
    ticks_after = machine_ticks()
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Waited for after ue-sim's CPU is read: dumpcap's own CPU is not the generator's.
    wire = wire_times(capture[0], capture[1], acct) if capture else None
    drained = t1
    if a.mode != "off":
        wait_for(closed, 120, "every Gy session closing")
        drained = time.time()
    after = {n: cpu_seconds(pr.pid) for n, pr in procs.items()}
    if postgres:
        after["postgres"] = server_cpu_seconds(postgres[0])
    acct_done = (metric(ports["m_fe"], "radius_accounting_responses_total") or 0) - acct_before
    inside_after = inside_times(ports)
    served_after = {k: buckets(ports["m_fe"], n, *l) for k, (n, l) in SERVED.items()}
    report = json.loads(run.stdout[run.stdout.index("{"):])
    sessions = report["successes"]
    ue_cpu = (after_children.ru_utime + after_children.ru_stime) - (children.ru_utime + children.ru_stime)
    cpu_us = {n: round((after[n] - before[n]) / max(sessions, 1) * 1e6) for n in after}
    cpu_us["ue-sim"] = round(ue_cpu / max(sessions, 1) * 1e6)
    result = {
        "store": "postgresql" if a.postgres else "sqlite", "mode": a.mode, "concurrency": a.concurrency, "sessions": sessions, "authentications": report.get("authentications"),
        "failures": report["failures"], "sessions_per_s": round(sessions / (drained - t0), 1),
        "load_seconds": round(t1 - t0, 2), "drain_seconds": round(drained - t1, 2),
        "auth_p50_ms": report["latency_ms"]["p50"], "auth_p99_ms": report["latency_ms"]["p99"],
        "cpu_us_per_session": cpu_us,
        # CPU time the hypervisor gave to others while this guest wanted it: a noisy neighbour shows here.
        "steal_share": round((ticks_after[0] - ticks_before[0]) / max(1, ticks_after[1] - ticks_before[1]), 4),
    }
    if report.get("accounting"):
        result["acct_p50_ms"] = report["accounting"]["latency_ms"]["p50"]
        result["acct_p99_ms"] = report["accounting"]["latency_ms"]["p99"]
        result["acct_failures"] = report["accounting"]["failures"]
        # Every Accounting-Response follows a commit: durable accounting requests per second.
        result["acct_requests_per_s"] = round(acct_done / (t1 - t0), 1)
        if steady:
            (s0, n0), (s1, n1) = steady
            result["acct_steady_requests_per_s"] = round((n1 - n0) / (s1 - s0), 1)
        # The frontend's own view (received to answered; the commit alone), bucket upper bounds:
        # what the generator adds on top is its own scheduling on the same cores.
        for k in SERVED:
            result[k + "_p99_ms"] = quantile_ms(served_before[k], served_after[k], 0.99)
        if wire:
            result.update(wire)
        result["acct_served_share_within_ms"] = shares_within_ms(served_before["acct_served"],
                                                                 served_after["acct_served"])
        result["frontend_cpu_us_per_acct_request"] = round((after["radius-frontend"] - before["radius-frontend"])
                                                           / max(acct_done, 1) * 1e6)
    result["rss_mib"] = {n: rss_mib(pr.pid) for n, pr in procs.items()}
    # Time inside the TWAG per authentication: both Access-Requests (received to answered, from the
    # frontend's histogram) minus the HSS's MAR round trip (aaa-core's), as means over the run.
    d = {k: inside_after[k] - inside_before[k] for k in inside_after}
    if d["access_count"] > 0 and d["mar_count"] > 0:
        per_request = d["access_sum"] / d["access_count"]
        mar = d["mar_sum"] / d["mar_count"]
        result["inside_ms_per_auth"] = round((2 * per_request - mar) * 1000, 3)
        result["mar_ms"] = round(mar * 1000, 3)
    if a.abandon_at_challenge:
        time.sleep(1.5)  # aaa-core samples its conversation count every second
        result["conversations_held"] = metric(ports["m_core"], "eap_aka_conversations")
    if a.mode != "off":
        result["ccr_t_ok"] = metric(ports["m_agent"], "charging_ccr_total", 'type="CCR-T"', 'result="2001"')
    print(json.dumps(result, indent=1))
    for pr in procs.values():
        pr.terminate()
    for pr in procs.values():
        pr.wait(timeout=15)
    if postgres:
        postgres[1]()
    if not a.keep:
        subprocess.run(["rm", "-rf", work])
    else:
        print(f"work directory: {work}", file=sys.stderr)


if __name__ == "__main__":
    main()
