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

lines = []
w = lines.append

cpu = meta.get("cpu", "unknown")
mem_gib = int(meta.get("mem_kib", "0")) / 1024 / 1024
w("# kcred benchmark results")
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
if not listing:
    w("`kcred iam-key list`: not measured: command not available.")
if not kernel:
    w("The kernel keyring: not measured (no `keyctl`, or no kernel keyring).")
    w("")

# Keystone's side of the cold case: the access log's time for each POST /v3/auth/tokens, by
# client (its user agent). hyperfine runs a command's warm-ups, then its timed runs, so the
# last len(times) requests of a client pair with its timed runs: wall time minus Keystone's
# time is what the client itself costs, whatever Keystone's speed at that moment.
server = {"kcred": [], "curl": [], "openstack": []}
access = os.path.join(out, "access-cold.log")
if os.path.exists(access):
    pattern = re.compile(r'"POST /v3/auth/tokens[^"]*" (\d+) .*"([^"]*)" ([0-9.]+)$')
    with open(access) as f:
        for line in f:
            m = pattern.search(line.strip())
            if not m or m.group(1) != "201":
                continue
            agent = m.group(2)
            who = "kcred" if agent.startswith("kcred/") else "curl" if agent.startswith("curl/") else "openstack"
            server[who].append(float(m.group(3)))
own = {}
if all(len(server[who]) >= len(result["times"]) for who, result in
       [("kcred", cold[0]), ("curl", cold[1]), ("openstack", cold[2])]):
    w("Where the cold time goes. Keystone's own time for each `POST /v3/auth/tokens` comes from "
      "its access log (`%(L)s`; the user agent tells the clients apart) and is paired with the "
      "run it served; the rest of each run is the client's own cost (process start, keyring, HTTP "
      "set-up) plus what Keystone's timer does not see (accepting and parsing the request, "
      "loopback).")
    w("")
    w("| client | Keystone's time, median (Q1 – Q3) | wall time, median | client's own time, median |")
    w("|---|---|---|---|")
    for who, result in [("kcred", cold[0]), ("curl", cold[1]), ("openstack", cold[2])]:
        times = result["times"]
        paired = server[who][-len(times):]
        own[who] = statistics.median(t - k for t, k in zip(times, paired))
        k1, k3 = quartiles(paired)
        w(f"| {who} | {ms(statistics.median(paired))} ({ms(k1)} – {ms(k3)}) | "
          f"{ms(result['median'])} | **{ms(own[who])}** |")
    w("")
    both = server["kcred"][-len(cold[0]["times"]):] + server["curl"][-len(cold[1]["times"]):]
    keystone_median = statistics.median(both)
    own_ratio = (own["kcred"] + keystone_median) / (own["curl"] + keystone_median)
    w(f"With the same Keystone time for both ({ms(keystone_median)}, the median over both), "
      f"kcred's cold token costs **{own_ratio:.2f}×** curl's; kcred's own cost is "
      f"{ms(own['kcred'] - own['curl'])} more than curl's.")
    w("")

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
    w(row("the same, AppRole login on each run", shared["shared-approle"][0]))
    w(row("`kcred --version` (start-up, from the timings above)", startup[0]))
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
    w(f"N `kcred --profile ci token` on each of M machines (a HOME and XDG dirs each), all "
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
    ("kcred_version", "`kcred --version`"),
    ("kcred_shared_warm", "warm shared `kcred --profile ci token` (`VAULT_TOKEN`)"),
    ("kcred_shared_approle", "the same, AppRole login"),
    ("secret_tool", "`secret-tool lookup`"),
    ("curl", "`curl` POST /v3/auth/tokens"),
    ("openstack", "`openstack token issue`"),
]:
    if key in memory:
        w(f"| {label} | {memory[key] / 1024:.1f} MiB |")
w("")
size = int(meta["binary_bytes"])
w(f"`target/release/kcred`: {size / 1024 / 1024:.2f} MiB ({size} bytes; release profile: "
  "opt-level 3, LTO, one codegen unit, stripped).")

print("\n".join(lines))
