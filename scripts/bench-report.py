"""Turns scripts/bench's measurements (target/bench/*.json and *.txt) into a Markdown report."""

import json
import os
import platform
import subprocess
import sys
from datetime import date

out, runs = sys.argv[1], sys.argv[2]


def case(name):
    with open(os.path.join(out, name + ".json")) as f:
        return json.load(f)["results"]


def ms(seconds):
    return seconds * 1000


def row(label, result):
    times = sorted(result["times"])
    q1, q3 = times[len(times) // 4], times[(3 * len(times)) // 4]
    return f"| {label} | {ms(result['median']):.2f} ms | {ms(q1):.2f}–{ms(q3):.2f} ms | {len(times)} |"


def cpu():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_gib():
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])
    return kib / 1024 / 1024


warm_kcred, warm_floor = case("warm")
cold_kcred, cold_curl = case("cold")
(osc_token,) = case("osc_token")
start_kcred, start_true = case("startup")
list_kcred, list_osc = case("listing")
contention = [line.split() for line in open(os.path.join(out, "contention.txt"))]
memory = dict(line.split() for line in open(os.path.join(out, "memory.txt")))
size = int(open(os.path.join(out, "size.txt")).read())
version = subprocess.run(["hyperfine", "--version"], capture_output=True, text=True).stdout.strip()


def ratio(a, b):
    return a["median"] / b["median"]


def verdict(ok):
    return "met" if ok else "**missed**"


print(f"""# kcred benchmarks

Measured {date.today().isoformat()} on {os.cpu_count()} cores ({cpu()}), {mem_gib():.0f} GiB,
{platform.system()} {platform.release()}; {version}, {runs} runs a case after 3 warm-ups (10 for
the OpenStack client). Keystone 30.x on
127.0.0.1 (SQLite, Fernet, one gunicorn worker), the real Secret Service (gnome-keyring) in a
private D-Bus session. Reproduce with `scripts/bench`.

| case | median | middle half | runs |
|---|---|---|---|
{row("warm `kcred token` (cached)", warm_kcred)}
{row("floor: `secret-tool lookup` of one item", warm_floor)}
{row("cold `kcred token --no-cache` (issuance)", cold_kcred)}
{row("`curl` POST /auth/tokens, same body", cold_curl)}
{row("`openstack token issue`", osc_token)}
{row("`kcred --version`", start_kcred)}
{row("`true`", start_true)}
{row("`kcred iam-key list`", list_kcred)}
{row("`openstack application credential list`", list_osc)}

| target | measured | |
|---|---|---|
| warm `kcred token` within 2× of the `secret-tool lookup` floor | {ratio(warm_kcred, warm_floor):.2f}× | {verdict(ratio(warm_kcred, warm_floor) <= 2)} |
| warm `kcred token` ≥ 50× faster than `openstack token issue` | {ratio(osc_token, warm_kcred):.0f}× | {verdict(ratio(osc_token, warm_kcred) >= 50)} |
| cold `kcred token --no-cache` within 1.2× of curl | {ratio(cold_kcred, cold_curl):.2f}× | {verdict(ratio(cold_kcred, cold_curl) <= 1.2)} |
| `kcred --version` under 5 ms | {ms(start_kcred["median"]):.2f} ms | {verdict(ms(start_kcred["median"]) < 5)} |
| `kcred iam-key list` vs `openstack application credential list` | {ratio(list_osc, list_kcred):.0f}× faster | |

Contention, on an empty cache (issuances counted in Keystone's access log):

| parallel `kcred token` | POST /auth/tokens seen | wall time |
|---|---|---|
""" + "\n".join(f"| {n} | {posts} | {wall} ms |" for n, posts, wall in contention) + f"""

Peak memory (maximum resident set size): warm `kcred token` {int(memory["warm"]) / 1024:.1f} MiB,
cold {int(memory["cold"]) / 1024:.1f} MiB, curl {int(memory["curl"]) / 1024:.1f} MiB. Release binary:
{size / 1024 / 1024:.1f} MiB (stripped, LTO, one codegen unit).
""")
