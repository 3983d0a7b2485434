#!/usr/bin/env bash
# What ucwa-rs costs a downstream crate to build (issue 19, "a light build").
#
# Creates three tiny client crates in a temporary directory, each its own workspace with
# its own target directory and a copy of this workspace's Cargo.lock (same dependency
# versions, no network when the registry cache has them):
#   ucwa-client   depends on ucwa-codec and ucwa-schema (path, default features) and
#                 decodes one `Application` from JSON;
#   serde-twin    depends on serde (derive) and serde_json and decodes the same document
#                 into a hand-written struct with the same fields;
#   ucwa-registry decodes the same document through `ucwa_schema::registry().decode(...)`.
# Builds the first two clean in debug, back to back, with `cargo build --timings` and the
# same `-j`, and prints each wall time, their ratio, each crate's compile time and the
# critical path; then builds `ucwa-client` and `ucwa-registry` in release (cargo's default
# release profile: opt-level 3, no LTO) and prints their sizes unstripped and stripped
# (`strip = "symbols"`, as a user shipping a binary would).
#
# Usage: bench/build-cost.sh [-j N] [--keep] [--skip-release]
# Environment: BUILD_COST_DIR (work directory; default a fresh mktemp -d).
set -euo pipefail
ws=$(cd "$(dirname "$0")/.." && pwd)
jobs=2
keep=0
release=1
for arg in "$@"; do
  case "$arg" in
    -j*) jobs=${arg#-j}; [ -n "$jobs" ] || { echo "usage: -jN" >&2; exit 2; } ;;
    --keep) keep=1 ;;
    --skip-release) release=0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
dir=${BUILD_COST_DIR:-$(mktemp -d /tmp/ucwa-build-cost.XXXXXX)}
mkdir -p "$dir"
[ "$keep" = 1 ] || [ -n "${BUILD_COST_DIR:-}" ] || trap 'rm -rf "$dir"' EXIT
# Measuring the build as a user gets it: none of the caller's profile overrides.
unset CARGO_PROFILE_DEV_DEBUG CARGO_PROFILE_RELEASE_DEBUG CARGO_TARGET_DIR CARGO_BUILD_JOBS RUSTFLAGS

sample="$ws/tests/samples/application.get.response.json"

manifest() { # name, dependencies
  cat <<EOF
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
$2
EOF
}

new_crate() { # name, dependencies, main.rs
  mkdir -p "$dir/$1/src"
  manifest "$1" "$2" >"$dir/$1/Cargo.toml"
  printf '%s\n' "$3" >"$dir/$1/src/main.rs"
  cp "$ws/Cargo.lock" "$dir/$1/Cargo.lock"
  cp "$sample" "$dir/$1/src/application.json"
}

ucwa_deps="ucwa-codec = { path = \"$ws/codec\" }
ucwa-schema = { path = \"$ws/schema\" }"

new_crate ucwa-client "$ucwa_deps" '
fn main() {
    let app: ucwa_schema::Application =
        ucwa_codec::json::from_str(include_str!("application.json")).expect("an application");
    println!("{:?} {:?}", app.user_agent, app.self_link.map(|link| link.href));
}'

new_crate ucwa-registry "$ucwa_deps" '
fn main() {
    let decoded = ucwa_schema::registry()
        .decode(ucwa_codec::Format::Json, include_bytes!("application.json"))
        .expect("an application");
    println!("{decoded:?}");
}'

new_crate serde-twin 'serde = { version = "1", features = ["derive"] }
serde_json = "1"' '
#![allow(dead_code)] // read through `Debug` only
use serde::Deserialize;
use serde_json::{Map, Value};

/// A link: `href` and what else the server put beside it.
#[derive(Debug, Deserialize)]
struct Link {
    href: String,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Links {
    #[serde(rename = "self")]
    self_link: Option<Link>,
    batch: Option<Link>,
    events: Option<Link>,
    policies: Option<Link>,
    #[serde(rename = "reportMyNetwork")]
    report_my_network: Option<Link>,
    communication: Option<Link>,
    me: Option<Link>,
    #[serde(rename = "onlineMeetings")]
    online_meetings: Option<Link>,
    people: Option<Link>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// An embedded resource: its rel, self link and the rest kept as JSON.
#[derive(Debug, Deserialize)]
struct Embedded {
    rel: Option<String>,
    #[serde(rename = "_links", default)]
    links: Links,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EmbeddedResources {
    communication: Option<Embedded>,
    me: Option<Embedded>,
    #[serde(rename = "onlineMeetings")]
    online_meetings: Option<Embedded>,
    people: Option<Embedded>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// The `application` resource with the fields of `ucwa_schema::Application`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Application {
    rel: Option<String>,
    #[serde(rename = "type")]
    r#type: Option<String>,
    culture: Option<String>,
    endpoint_id: Option<String>,
    id: Option<String>,
    instance_id: Option<String>,
    user_agent: Option<String>,
    etag: Option<String>,
    #[serde(rename = "_links")]
    links: Links,
    #[serde(rename = "_embedded")]
    embedded: EmbeddedResources,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

fn main() {
    let app: Application =
        serde_json::from_str(include_str!("application.json")).expect("an application");
    println!("{:?} {:?}", app.user_agent, app.links.self_link.map(|link| link.href));
}'

# Prints each unit of a --timings report (seconds, name) sorted by time, then the critical
# path: from the unit that finished last, back through whichever dependency unlocked it last.
timings() { # html
  python3 - "$1" <<'EOF'
import json, re, sys
html = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
def label(u):
    t = u["target"].strip()
    return u["name"] + (t and " " + t) + ("" if u.get("mode", "todo") == "todo" else " (" + u["mode"] + ")")
print("  per crate (s, compile time of each unit; > 0.5 s):")
for u in sorted(units, key=lambda u: -u["duration"]):
    if u["duration"] > 0.5:
        print(f"    {u['duration']:7.2f}  {label(u)}")
by_index = {u["i"]: u for u in units}
unlocked_by = {}
for u in units:
    for k in u.get("unblocked_units", []):
        unlocked_by.setdefault(k, []).append((u["start"] + u["duration"], u["i"]))
    for k in u.get("unblocked_rmeta_units", []):
        unlocked_by.setdefault(k, []).append((u["start"] + (u.get("rmeta_time") or u["duration"]), u["i"]))
last = max(units, key=lambda u: u["start"] + u["duration"])
path = [last]
while path[-1]["i"] in unlocked_by:
    path.append(by_index[max(unlocked_by[path[-1]["i"]])[1]])
print("  critical path (start s, compile s):")
for u in reversed(path):
    print(f"    {u['start']:7.2f} {u['duration']:7.2f}  {label(u)}")
EOF
}

build_debug() { # crate
  local start end
  rm -rf "$dir/$1/target"
  start=$(date +%s.%N)
  (cd "$dir/$1" && cargo build --timings -j "$jobs" >"$dir/$1.log" 2>&1) || { cat "$dir/$1.log" >&2; exit 1; }
  end=$(date +%s.%N)
  [ -x "$dir/$1/target/debug/$1" ] || { echo "$1 did not build" >&2; exit 1; }
  python3 -c "print(f'{$end - $start:.1f}')"
}

# Fetch once before the clock starts, so neither build pays for downloads.
for crate in ucwa-client serde-twin ucwa-registry; do
  (cd "$dir/$crate" && cargo fetch -q)
done

echo "== clean debug builds, -j $jobs, back to back ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
twin=$(build_debug serde-twin)
ucwa=$(build_debug ucwa-client)
echo "serde-twin   ${twin} s"
echo "ucwa-client  ${ucwa} s"
python3 -c "print(f'ratio        {$ucwa / $twin:.2f}x')"
for crate in serde-twin ucwa-client; do
  echo "-- $crate"
  timings "$dir/$crate/target/cargo-timings/cargo-timing.html"
done

if [ "$release" = 1 ]; then
  echo "== release binaries (cargo's default release profile: opt-level 3, no LTO, 16 codegen units; stripped: strip --strip-all, as cargo's strip = \"symbols\")"
  for crate in ucwa-client ucwa-registry; do
    # One target directory for both: the same lock file and profile share every dependency.
    (cd "$dir/$crate" && CARGO_TARGET_DIR="$dir/release-target" cargo build -q --release -j "$jobs")
    bin="$dir/release-target/release/$crate"
    strip --strip-all -o "$bin.stripped" "$bin"
    python3 -c "print('$crate'.ljust(14) + f'{$(stat -c %s "$bin") / 1e6:.2f} MB unstripped, {$(stat -c %s "$bin.stripped") / 1e6:.2f} MB stripped')"
  done
fi
[ "$keep" = 1 ] && echo "kept: $dir"
