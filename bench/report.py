"""Turns scripts/bench's measurements (target/bench/*.json, *.txt) into a Markdown report.

Usage: python3 bench/report.py target/bench
"""

import json
import os
import re
import statistics
import sys

out = sys.argv[1]


def read_pairs(name):
    pairs = {}
    with open(os.path.join(out, name)) as f:
        for line in f:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                pairs[key] = value
    return pairs


meta = read_pairs("meta.txt")


def case(name):
    """The hyperfine results of one case, or None when it was not measured."""
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)["results"]


def quartiles(times):
    q = statistics.quantiles(times, n=4, method="inclusive")
    return q[0], q[2]


def ms(seconds):
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.3f} s"


def row(label, result):
    times = result["times"]
    q1, q3 = quartiles(times)
    return (
        f"| {label} | **{ms(result['median'])}** | {ms(q1)} – {ms(q3)} | "
        f"{ms(result['stddev'])} | {ms(result['min'])} – {ms(result['max'])} | {len(times)} |"
    )


def ratio(a, b):
    """a's median over b's, and a conservative range: a's quartiles over b's opposite ones."""
    a1, a3 = quartiles(a["times"])
    b1, b3 = quartiles(b["times"])
    return a["median"] / b["median"], a1 / b3, a3 / b1


def fmt_ratio(r):
    mid, low, high = r
    return f"{mid:.2f}× ({low:.2f}–{high:.2f})"


def verdict(ok):
    return "met" if ok else "**not met**"


warm = case("warm")
cold = case("cold")
startup = case("startup")
listing = case("listing")
kernel = case("kernel")
registry = case("registry")
cold_tls = case("cold-tls")
shared_tls = case("shared-tls")
before_after = case("before-after")
after_before = case("after-before")

lines = []
w = lines.append

cpu = meta.get("cpu", "unknown")
mem_gib = int(meta.get("mem_kib", "0")) / 1024 / 1024
w("# kcred benchmark results")
w("")
if meta.get("build") == "debug":
    w("**Debug build (`KCRED_BENCH_PROFILE=debug`): a check of the script, not a benchmark. "
      "Every number below is meaningless; every verdict is of an unoptimised binary.**")
    w("")
w(f"- date: {meta['date']} (UTC); kcred {meta['kcred'].split()[-1]} at {meta['commit']}")
w(f"- machine: {meta['nproc']} CPUs (`nproc`), {cpu}, {mem_gib:.1f} GiB memory; "
  f"{meta['os']}, {meta['kernel']}")
w(f"- load average (1, 5, 15 min) before the timings: {meta['load_before']}; "
  f"after: {meta['load_after']}")
w(f"- versions: {meta['rustc']}; {meta['hyperfine']}; {meta['curl']}; {meta['libsecret']}; "
  f"{meta['gnome_keyring']}; {meta['keystone']}; {meta['openstackclient']}; {meta['python']}")
w(f"- method: hyperfine, 3 warm-up runs and {meta['runs']} timed runs a command, no shell "
  "(`-N`); the commands of one case are measured one after the other in the same run. "
  "Keystone on 127.0.0.1 (SQLite, Fernet tokens, one sync gunicorn worker), gnome-keyring "
  "in a private D-Bus session.")
if cold_tls or shared_tls:
    w(f"- TLS: two CAs (Keystone's, Vault's) and an RSA 2048 server certificate of each, made by "
      f"the run ({meta.get('openssl', 'openssl')}); "
      "Keystone's HTTPS listener is a second gunicorn (one sync worker) of the same Keystone, "
      "OpenBao's a second listener of the same dev server. kcred trusts the CA through "
      "`SSL_CERT_FILE` (Keystone) and `VAULT_CACERT` (Vault), curl through `--cacert`; "
      f"the bundle is the system's plus Keystone's CA ({meta.get('tls_bundle_certs', '?')} "
      "certificates).")
w("")
w("## Timings")
w("")
w("| command | median | middle half (Q1 – Q3) | σ | min – max | runs |")
w("|---|---|---|---|---|---|")
w(row("warm `kcred token` (cached)", warm[0]))
w(row("floor: `secret-tool lookup service kcred-bench username profile/bench/access-key-secret`", warm[1]))
w(row("cold `kcred token --no-cache` (issuance)", cold[0]))
w(row("`curl` POST /v3/auth/tokens, same body", cold[1]))
w(row("`openstack token issue`", cold[2]))
w(row("`kcred --version`", startup[0]))
w(row("`true`", startup[1]))
if listing:
    w(row("`kcred iam-key list`", listing[0]))
    w(row("`openstack application credential list`", listing[1]))
if kernel:
    w(row("`env kcred token`, token in the kernel keyring", kernel[0]))
    w(row("`env KCRED_TOKEN_CACHE=store kcred token`, token in the Secret Service", kernel[1]))
    w(row("`env kcred --version`", kernel[2]))
    w(row("`env keyctl pipe KEY` (the same token)", kernel[3]))
if cold_tls:
    w(row("cold `kcred token --no-cache`, plain HTTP, `SSL_CERT_FILE`=bundle", cold_tls[0]))
    w(row("cold `kcred token --no-cache` over TLS (`SSL_CERT_FILE`=bundle)", cold_tls[1]))
    w(row("`curl` POST /v3/auth/tokens, plain HTTP", cold_tls[2]))
    w(row("`curl --cacert bundle` POST /v3/auth/tokens over TLS", cold_tls[3]))
if registry:
    w(row("`sh -c 'printf HOST | docker-credential-kcred get'`", registry[0]))
    w(row("`sh -c 'kcred --version'`", registry[1]))
    w(row("`sh -c 'printf HOST | docker-credential-secretservice get'` (the same secret)",
          registry[2]))
w("")
if registry:
    against_start = ratio(registry[0], registry[1])
    against_peer = ratio(registry[0], registry[2])
    w(f"Registry helper: `get` takes {fmt_ratio(against_start)} the time of `kcred --version` "
      f"(target ≤ 2×: {verdict(against_start[0] <= 2)}) and {fmt_ratio(against_peer)} that of "
      f"`docker-credential-secretservice get` (target < 1×: {verdict(against_peer[0] < 1)}).")
    w("")
else:
    w("`docker-credential-kcred get`: not measured (no docker-credential-secretservice).")
    w("")
if before_after and after_before:
    w(f"Before and after: this build against the one at {meta.get('before', '?')}, "
      "measured in the same stretch of the run twice, this build first and then the earlier "
      "one first; the last column is the geometric mean of the two orders' ratios of medians.")
    w("")
    w("| path | before | after | after ÷ before, this build first | the earlier first | mean |")
    w("|---|---|---|---|---|---|")
    for label, i in [
        ("warm `kcred token`", 0),
        ("`kcred --version`", 2),
        ("`docker-credential-kcred get`", 4),
    ]:
        now1, then1 = before_after[i], before_after[i + 1]
        then2, now2 = after_before[i], after_before[i + 1]
        first, second = ratio(now1, then1), ratio(now2, then2)
        mean = (first[0] * second[0]) ** 0.5
        w(f"| {label} | {ms(then2['median'])} | {ms(now1['median'])} | {fmt_ratio(first)} | "
          f"{fmt_ratio(second)} | {mean:.2f}× |")
    w("")
if not listing:
    w("`kcred iam-key list`: not measured: command not available.")
if not kernel:
    w("The kernel keyring: not measured (no `keyctl`, or no kernel keyring).")
    w("")

# Keystone's side of the cold case: the access log's time for each POST /v3/auth/tokens, by
# client (its user agent). hyperfine runs a command's warm-ups, then its timed runs, so the
# last len(times) requests of a client pair with its timed runs: wall time minus Keystone's
# time is what the client itself costs, whatever Keystone's speed at that moment.
def keystone_times(name):
    """Keystone's time of each issued token in an access-log slice, by client."""
    server = {"kcred": [], "curl": [], "openstack": []}
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return server
    pattern = re.compile(r'"POST /v3/auth/tokens[^"]*" (\d+) .*"([^"]*)" ([0-9.]+)$')
    with open(path) as f:
        for line in f:
            m = pattern.search(line.strip())
            if not m or m.group(1) != "201":
                continue
            agent = m.group(2)
            who = "kcred" if agent.startswith("kcred/") else "curl" if agent.startswith("curl/") else "openstack"
            server[who].append(float(m.group(3)))
    return server


def own_costs(clients):
    """clients: (label, hyperfine result, Keystone's times of that client). For each, the
    paired Keystone times and the client's own time (median of wall minus Keystone), or None
    when the log has fewer requests than runs."""
    paired = {}
    for label, result, times in clients:
        runs = result["times"]
        if len(times) < len(runs):
            return None
        server_times = times[-len(runs):]
        paired[label] = (server_times, statistics.median(t - k for t, k in zip(runs, server_times)))
    return paired


def own_table(clients, paired):
    w("| client | Keystone's time, median (Q1 – Q3) | wall time, median | client's own time, median |")
    w("|---|---|---|---|")
    for label, result, _ in clients:
        server_times, own_time = paired[label]
        k1, k3 = quartiles(server_times)
        w(f"| {label} | {ms(statistics.median(server_times))} ({ms(k1)} – {ms(k3)}) | "
          f"{ms(result['median'])} | **{ms(own_time)}** |")
    w("")


def same_keystone_ratio(paired, a, b):
    """a's cost over b's with the same Keystone time for both (the median over both)."""
    keystone_median = statistics.median(paired[a][0] + paired[b][0])
    return (paired[a][1] + keystone_median) / (paired[b][1] + keystone_median), keystone_median


server = keystone_times("access-cold.log")
cold_clients = [("kcred", cold[0], server["kcred"]), ("curl", cold[1], server["curl"]),
                ("openstack", cold[2], server["openstack"])]
own = own_costs(cold_clients)
if own:
    w("Where the cold time goes. Keystone's own time for each `POST /v3/auth/tokens` comes from "
      "its access log (`%(L)s`; the user agent tells the clients apart) and is paired with the "
      "run it served; the rest of each run is the client's own cost (process start, keyring, HTTP "
      "set-up) plus what Keystone's timer does not see (accepting and parsing the request, "
      "loopback).")
    w("")
    own_table(cold_clients, own)
    own_ratio, keystone_median = same_keystone_ratio(own, "kcred", "curl")
    w(f"With the same Keystone time for both ({ms(keystone_median)}, the median over both), "
      f"kcred's cold token costs **{own_ratio:.2f}×** curl's; kcred's own cost is "
      f"{ms(own['kcred'][1] - own['curl'][1])} more than curl's.")
    w("")

# The same over TLS: the plain twins' requests are in the plain listener's log, the others in
# the HTTPS listener's. Keystone's timer starts after the handshake, so the TLS connection
# (both ends of it, on this machine's CPUs) is in the client's own time.
own_tls = None
if cold_tls:
    plain_server = keystone_times("access-cold-tls-plain.log")
    tls_server = keystone_times("access-cold-tls.log")
    tls_clients = [("kcred, plain HTTP", cold_tls[0], plain_server["kcred"]),
                   ("kcred over TLS", cold_tls[1], tls_server["kcred"]),
                   ("curl, plain HTTP", cold_tls[2], plain_server["curl"]),
                   ("curl over TLS", cold_tls[3], tls_server["curl"])]
    own_tls = own_costs(tls_clients)
    if own_tls:
        w("The cold token over TLS, next to its plain-HTTP twin (one hyperfine run, every command "
          "with the same bundle in `SSL_CERT_FILE`), Keystone's time taken out the same way. "
          "Keystone's timer starts after the TLS handshake, so the handshake (both ends, on this "
          "machine's CPUs) is in the client's own time.")
        w("")
        own_table(tls_clients, own_tls)
        own_tls_ratio, tls_keystone = same_keystone_ratio(own_tls, "kcred over TLS", "curl over TLS")
        kcred_tls_extra = own_tls["kcred over TLS"][1] - own_tls["kcred, plain HTTP"][1]
        curl_tls_extra = own_tls["curl over TLS"][1] - own_tls["curl, plain HTTP"][1]
        w(f"Over TLS, with the same Keystone time for both ({ms(tls_keystone)}), kcred's cold "
          f"token costs **{own_tls_ratio:.2f}×** curl's; kcred's own cost is "
          f"{ms(own_tls['kcred over TLS'][1] - own_tls['curl over TLS'][1])} more than curl's "
          f"(own cost alone: {own_tls['kcred over TLS'][1] / own_tls['curl over TLS'][1]:.2f}× "
          f"curl's). TLS adds {ms(kcred_tls_extra)} to kcred's own cost and "
          f"{ms(curl_tls_extra)} to curl's.")
        w("")

# The stampede (stampede.txt): a line a round, "TRANSPORT MACHINES PER_MACHINE ROUND POSTS
# WALL_MS FAILED DISTINCT" and the audit counts; the wall-time medians by transport and machines.
stampedes = {}
stampede_ratio = {}
stampede_path = os.path.join(out, "stampede.txt")
if os.path.exists(stampede_path):
    with open(stampede_path) as f:
        for line in f:
            fields = line.split()
            transport, machines, per = fields[0], int(fields[1]), int(fields[2])
            posts, wall, failed, distinct = int(fields[4]), float(fields[5]), int(fields[6]), int(fields[7])
            counts = list(map(int, fields[8:16]))
            proofs = int(fields[16]) if len(fields) > 16 else 0
            proof_ms = float(fields[17]) if len(fields) > 17 else 0.0
            stampedes.setdefault((transport, machines, per), []).append(
                (posts, wall, failed, distinct, counts, proofs, proof_ms))
    for (transport, machines, _), rs in stampedes.items():
        stampede_ratio.setdefault(transport, {})[machines] = statistics.median(r[1] for r in rs)
    # The same less Keystone's own time for the round's proofs: the bench's Keystone serves them
    # one at a time (one sync worker), a real identity service side by side.
    stampede_less_proofs = {}
    for (transport, machines, _), rs in stampedes.items():
        stampede_less_proofs.setdefault(transport, {})[machines] = statistics.median(
            r[1] - r[6] for r in rs)

w("## Targets")
w("")
w("Ratios are of medians; in brackets, the range from one command's lower quartile over the "
  "other's upper quartile to the reverse.")
w("")
w("| target | measured | |")
w("|---|---|---|")
warm_floor = ratio(warm[0], warm[1])
w(f"| warm `kcred token` within 2× of the `secret-tool lookup` floor | {fmt_ratio(warm_floor)} "
  f"| {verdict(warm_floor[0] <= 2)} |")
osc_warm = ratio(cold[2], warm[0])
w(f"| warm `kcred token` ≥ 50× faster than `openstack token issue` | "
  f"{osc_warm[0]:.0f}× faster ({osc_warm[1]:.0f}–{osc_warm[2]:.0f}) | {verdict(osc_warm[0] >= 50)} |")
cold_curl = ratio(cold[0], cold[1])
w(f"| cold `kcred token --no-cache` within 1.2× of curl | {fmt_ratio(cold_curl)} "
  f"| {verdict(cold_curl[0] <= 1.2)} |")
if own:
    w(f"| the same, with Keystone's time taken out of the noise (see above) | {own_ratio:.2f}× "
      f"| {verdict(own_ratio <= 1.2)} |")
if own_tls:
    w(f"| cold `kcred token --no-cache` over TLS within 1.2× of curl over TLS, Keystone's time "
      f"taken out | {own_tls_ratio:.2f}× | {verdict(own_tls_ratio <= 1.2)} |")
    own_alone = own_tls["kcred over TLS"][1] / own_tls["curl over TLS"][1]
    w(f"| (no target) the same, own costs alone (kcred's over curl's, no Keystone time) | "
      f"{own_alone:.2f}× | |")
    raw_tls = ratio(cold_tls[1], cold_tls[3])
    w(f"| (no target) the same, wall times | {fmt_ratio(raw_tls)} | |")
elif cold_tls:
    w("| cold `kcred token --no-cache` over TLS within 1.2× of curl over TLS | not measured: "
      "the access log had fewer requests than runs | |")
if shared_tls:
    # The server's own floor (its TLS handshake and two audited reads) is above 2× start-up:
    # the target is that floor, one curl making the same two Vault reads on one connection.
    floor = ratio(shared_tls[1], shared_tls[5])
    w(f"| warm shared `kcred --profile ci-tls token` over TLS (`VAULT_TOKEN`) within 1× of "
      f"`curl` making its two Vault reads (one connection) | {fmt_ratio(floor)} "
      f"| {verdict(floor[0] <= 1)} |")
    shared_tls_start = ratio(shared_tls[1], shared_tls[4])
    w(f"| (no target) the same against `kcred --version` (both through `env`) | "
      f"{fmt_ratio(shared_tls_start)} | |")
    approle_tls_start = ratio(shared_tls[3], shared_tls[4])
    w(f"| (no target) the same with the AppRole login kept on the machine | "
      f"{fmt_ratio(approle_tls_start)} | |")
    approle_token = ratio(shared_tls[3], shared_tls[1])
    w(f"| (no target) over TLS, kept AppRole login against `VAULT_TOKEN` (should be 1×) | "
      f"{fmt_ratio(approle_token)} | |")
    tls_plain = ratio(shared_tls[1], shared_tls[0])
    w(f"| (no target) warm shared token, TLS against plain HTTP | {fmt_ratio(tls_plain)} | |")
if len(stampede_ratio.get("tls", {})) == 2:
    by_machines = stampede_ratio["tls"]
    spread_out = by_machines[max(by_machines)] / by_machines[min(by_machines)]
    less = stampede_less_proofs.get("tls", {})
    if len(less) == 2 and less[min(less)] > 0:
        # The token proofs the hardening requires (one a machine that did not issue) are
        # Keystone's time, served one at a time by the bench's one-worker Keystone.
        spread_less = less[max(less)] / less[min(less)]
        w(f"| a stampede over TLS on {max(by_machines)} machines within 1.5× of one machine, "
          f"Keystone's time for the token proofs taken out (medians; see below) | "
          f"{spread_less:.2f}× | {verdict(spread_less <= 1.5)} |")
    w(f"| (no target) the same, wall time | {spread_out:.2f}× | |")
version_ms = startup[0]["median"] * 1000
w(f"| `kcred --version` under 5 ms | {version_ms:.2f} ms | {verdict(version_ms < 5)} |")
if kernel:
    kernel_start = ratio(kernel[0], kernel[2])
    w(f"| warm `kcred token` (kernel keyring) within 2× of `kcred --version` | "
      f"{fmt_ratio(kernel_start)} | {verdict(kernel_start[0] <= 2)} |")
    kernel_ss = ratio(kernel[1], kernel[0])
    w(f"| (no target) kernel keyring vs Secret Service, warm `kcred token` | "
      f"{kernel_ss[0]:.1f}× faster | |")
    kernel_keyctl = ratio(kernel[0], kernel[3])
    w(f"| (no target) warm `kcred token` (kernel keyring) vs `keyctl pipe` | "
      f"{fmt_ratio(kernel_keyctl)} | |")
osc_cold = ratio(cold[2], cold[0])
w(f"| (no target) cold `kcred token --no-cache` vs `openstack token issue` | "
  f"{osc_cold[0]:.0f}× faster | |")
if listing:
    osc_list = ratio(listing[1], listing[0])
    w(f"| (no target) `kcred iam-key list` vs `openstack application credential list` | "
      f"{osc_list[0]:.0f}× faster | |")
else:
    w("| (no target) `kcred iam-key list` vs `openstack application credential list` | "
      "not measured: command not available | |")
w("")

w("## Contention")
w("")
w(f"N `kcred token` started together on an empty cache (`kcred token forget` first), "
  f"{meta['contention_rounds']} rounds each. Issuances are the `POST /v3/auth/tokens` lines "
  "in Keystone's access log; there must be exactly 1 a round.")
w("")
w("| N | POST /v3/auth/tokens a round | failed processes | distinct tokens printed "
  "| wall time, median (min – max) | |")
w("|---|---|---|---|---|---|")
rounds = {}
with open(os.path.join(out, "contention.txt")) as f:
    for line in f:
        n, _, posts, wall, failed, distinct = line.split()
        rounds.setdefault(int(n), []).append((int(posts), float(wall), int(failed), int(distinct)))
for n, rs in sorted(rounds.items()):
    posts = [r[0] for r in rs]
    walls = [r[1] for r in rs]
    failed = sum(r[2] for r in rs)
    distinct = sorted({r[3] for r in rs})
    ok = all(p == 1 for p in posts) and failed == 0 and distinct == [1]
    w(f"| {n} | {', '.join(map(str, posts))} | {failed} | {', '.join(map(str, distinct))} | "
      f"{statistics.median(walls):.0f} ms ({min(walls):.0f} – {max(walls):.0f}) | "
      f"{verdict(ok)} |")
w("")

shared = {name: case(name) for name in ("shared-keyring", "shared-token", "shared-approle")}
# kcred's own log (-v) of each Vault request of a warm shared token: "GET URL -> 200 OK (N ms)".
vault_reads = {"profile": [], "token": []}
requests_log = os.path.join(out, "shared-requests.log")
if os.path.exists(requests_log):
    with open(requests_log) as f:
        for line in f:
            m = re.search(r"GET \S+/kcred/(profiles|cache)/\S+ -> 200 .*\((\d+) ms\)", line)
            if m:
                vault_reads["profile" if m.group(1) == "profiles" else "token"].append(int(m.group(2)) / 1000)
if all(shared.values()):
    keyring_warm = shared["shared-keyring"][0]
    shared_warm = shared["shared-token"][0]
    w("## Shared profiles on OpenBao")
    w("")
    w(f"A local OpenBao dev server ({meta.get('openbao', 'OpenBao')}, in memory, 127.0.0.1, "
      "KV version 2), kcred's runner policy; the shared profile `ci` and its cached token are "
      "in Vault, the machine has no config, keyring entry or secret. Measured one after the "
      f"other; load average {meta.get('shared_load_before', '?')} before, "
      f"{meta.get('shared_load_after', '?')} after.")
    w("")
    w("| command | median | middle half (Q1 – Q3) | σ | min – max | runs |")
    w("|---|---|---|---|---|---|")
    w(row("warm `kcred token`, OS keyring", keyring_warm))
    w(row("warm `kcred --profile ci token`, shared (`VAULT_TOKEN`)", shared_warm))
    w(row("the same, AppRole login (kept on the machine)", shared["shared-approle"][0]))
    w(row("`kcred --version` (start-up, from the timings above)", startup[0]))
    w("")
    if shared_tls:
        w("Over TLS (OpenBao's HTTPS listener, `VAULT_CACERT`), next to the plain-HTTP twins, "
          "in one run; every command through `env` (the address differs), all with the same "
          "`VAULT_CACERT` and `SSL_CERT_FILE`:")
        w("")
        w("| command | median | middle half (Q1 – Q3) | σ | min – max | runs |")
        w("|---|---|---|---|---|---|")
        w(row("warm `kcred --profile ci token`, plain HTTP, `VAULT_TOKEN`", shared_tls[0]))
        w(row("warm `kcred --profile ci-tls token` over TLS, `VAULT_TOKEN`", shared_tls[1]))
        w(row("warm `kcred --profile ci token`, plain HTTP, AppRole (kept login)", shared_tls[2]))
        w(row("warm `kcred --profile ci-tls token` over TLS, AppRole (kept login)", shared_tls[3]))
        w(row("`env kcred --version`", shared_tls[4]))
        w(row("floor: `env curl` making the same two Vault reads over TLS, one connection",
              shared_tls[5]))
        w("")
    if vault_reads["profile"] and vault_reads["token"]:
        read = statistics.median(vault_reads["profile"] + vault_reads["token"])
        w(f"kcred's request log (`-v`, whole milliseconds) over {len(vault_reads['profile'])} "
          "warm shared tokens: reading the profile took "
          f"{ms(statistics.median(vault_reads['profile']))} (median), reading the cached token "
          f"{ms(statistics.median(vault_reads['token']))}.")
        w("")
        # A local copy would be the keyring's warm path plus the HTTP client and one Vault read
        # of the profile: the shared warm token less its start-up and its second read.
        copy = keyring_warm["median"] + shared_warm["median"] - startup[0]["median"] - read
        w(f"A local copy of the shared token (in the OS keyring, plus one Vault read of the "
          f"profile to see a rotation) would cost about the keyring's warm token "
          f"({ms(keyring_warm['median'])}) plus the shared token less its start-up "
          f"({ms(startup[0]['median'])}) and less one read ({ms(read)}): **{ms(copy)}**, "
          f"against **{ms(shared_warm['median'])}** for the shared token as it is "
          f"({ratio(shared_warm, keyring_warm)[0]:.2f}× the keyring's warm token).")
        w("")

fleet = os.path.join(out, "contention-vault.txt")
if os.path.exists(fleet):
    w("### A fleet on an empty shared cache")
    w("")
    w(f"N `kcred --profile ci token` on each of M machines (a HOME, XDG dirs and keyring "
      f"service name each), all "
      f"started together after the operator's `kcred --profile ci token forget`, "
      f"{meta['contention_rounds']} rounds each. Issuances are Keystone's "
      "`POST /v3/auth/tokens`.")
    w("")
    w("| N × M | processes | POST /v3/auth/tokens a round | failed | distinct tokens "
      "| wall time, median (min – max) | |")
    w("|---|---|---|---|---|---|---|")
    fleet_rounds = {}
    with open(fleet) as f:
        for line in f:
            n, m, _, posts, wall, failed, distinct = line.split()
            fleet_rounds.setdefault((int(n), int(m)), []).append(
                (int(posts), float(wall), int(failed), int(distinct)))
    for (n, m), rs in sorted(fleet_rounds.items()):
        posts = [r[0] for r in rs]
        walls = [r[1] for r in rs]
        failed = sum(r[2] for r in rs)
        distinct = sorted({r[3] for r in rs})
        ok = all(p == 1 for p in posts) and failed == 0 and distinct == [1]
        w(f"| {n} × {m} | {n * m} | {', '.join(map(str, posts))} | {failed} | "
          f"{', '.join(map(str, distinct))} | {statistics.median(walls):.0f} ms "
          f"({min(walls):.0f} – {max(walls):.0f}) | {verdict(ok)} |")
    w("")

if stampedes:
    w("### A stampede: one machine against many")
    w("")
    w(f"{meta.get('stampede_processes', '32')} `kcred token` of a shared profile started "
      f"together on an empty shared cache, all on one machine (they queue on its lock file) or "
      f"{int(meta.get('stampede_processes', '32')) // int(meta.get('stampede_machines', '8'))} "
      f"on each of {meta.get('stampede_machines', '8')} machines (they queue on Vault's lock "
      f"record), runner tokens in `VAULT_TOKEN`; {meta['contention_rounds']} rounds of each, "
      "the cases alternating in every round. Issuances are Keystone's `POST /v3/auth/tokens`; "
      "Vault's requests come from its audit log (a file audit device in the dev server's "
      "config), each entry of type `request`.")
    w("")
    w("| transport | machines × processes | issuances a round | failed | distinct tokens "
      "| wall time, median (min – max) | Vault requests a round: total (logins; lock reads / "
      "writes; cache reads / writes; profile reads; other) | token proofs a round "
      "(Keystone's `GET /v3/auth/tokens`) | |")
    w("|---|---|---|---|---|---|---|---|---|")
    order = {"tls": 0, "plain": 1}
    for (transport, machines, per), rs in sorted(stampedes.items(), key=lambda kv: (order.get(kv[0][0], 2), kv[0][1])):
        posts = [r[0] for r in rs]
        walls = [r[1] for r in rs]
        failed = sum(r[2] for r in rs)
        distinct = sorted({r[3] for r in rs})
        ok = all(p == 1 for p in posts) and failed == 0 and distinct == [1]
        def spread(i):
            values = [r[4][i] for r in rs]
            return str(values[0]) if min(values) == max(values) else f"{min(values)}–{max(values)}"
        vault = (f"{spread(0)} ({spread(1)}; {spread(2)} / {spread(3)}; {spread(4)} / {spread(5)}; "
                 f"{spread(6)}; {spread(7)})")
        label = "TLS" if transport == "tls" else "plain HTTP"
        w(f"| {label} | {machines} × {per} | {', '.join(map(str, posts))} | {failed} | "
          f"{', '.join(map(str, distinct))} | {statistics.median(walls):.0f} ms "
          f"({min(walls):.0f} – {max(walls):.0f}) | {vault} | "
          f"{', '.join(str(r[5]) for r in rs)} ({statistics.median(r[6] for r in rs):.0f} ms of "
          f"Keystone's time, median) | {verdict(ok)} |")
    w("")
    for transport, by_machines in sorted(stampede_ratio.items(), key=lambda kv: order.get(kv[0], 2)):
        if len(by_machines) == 2:
            one, many = by_machines[min(by_machines)], by_machines[max(by_machines)]
            target = ""
            w(f"{'Over TLS' if transport == 'tls' else 'Over plain HTTP'}, {max(by_machines)} "
              f"machines take **{many / one:.2f}×** the wall time of one machine "
              f"({many:.0f} against {one:.0f} ms, medians){target}.")
            w("")
            less = stampede_less_proofs.get(transport, {})
            if len(less) == 2 and less[max(less)] > 0:
                w(f"The same less Keystone's own time for the round's token proofs (one a "
                  f"machine that did not issue; this Keystone serves them one at a time): "
                  f"{less[max(less)]:.0f} against {less[min(less)]:.0f} ms, "
                  f"**{less[max(less)] / less[min(less)]:.2f}×**"
                  + (f" (target ≤ 1.5×: {verdict(less[max(less)] / less[min(less)] <= 1.5)})"
                     if transport == "tls" else "") + ".")
                w("")

w("## Peak memory and size")
w("")
memory = {}
with open(os.path.join(out, "memory.txt")) as f:
    for line in f:
        name, kib = line.split()
        memory[name] = int(kib)
w("Maximum resident set size (`/usr/bin/time -v`), median of 5 runs:")
w("")
w("| command | peak RSS |")
w("|---|---|")
for key, label in [
    ("kcred_warm", "warm `kcred token`"),
    ("kcred_cold", "cold `kcred token --no-cache`"),
    ("kcred_cold_tls", "cold `kcred token --no-cache` over TLS"),
    ("kcred_version", "`kcred --version`"),
    ("kcred_shared_warm", "warm shared `kcred --profile ci token` (`VAULT_TOKEN`)"),
    ("kcred_shared_approle", "the same, AppRole login"),
    ("kcred_shared_warm_tls", "warm shared `kcred --profile ci-tls token` over TLS (`VAULT_TOKEN`)"),
    ("secret_tool", "`secret-tool lookup`"),
    ("curl", "`curl` POST /v3/auth/tokens"),
    ("curl_tls", "`curl` POST /v3/auth/tokens over TLS"),
    ("openstack", "`openstack token issue`"),
]:
    if key in memory:
        w(f"| {label} | {memory[key] / 1024:.1f} MiB |")
w("")
size = int(meta["binary_bytes"])
if meta.get("build") == "debug":
    w(f"`target/debug/kcred`: {size / 1024 / 1024:.2f} MiB ({size} bytes; a debug build).")
else:
    w(f"`target/release/kcred`: {size / 1024 / 1024:.2f} MiB ({size} bytes; release profile: "
      "opt-level 3, LTO, one codegen unit, stripped).")

print("\n".join(lines))
