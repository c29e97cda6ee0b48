#!/bin/sh
# Installs the unpacked kvroute distribution: the launcher, jar, units, examples and docs under --prefix, the systemd
# units under --systemd-dir with their paths pointing at --prefix and --conf-dir, and the example env files as
# --conf-dir/agent.env and proxy.env unless those exist already (they are configuration: never overwritten).
# Then makes the agent's class-data archive, lib/agent.jsa, with the java the launcher will run.
# Idempotent: a second run changes nothing and says so. As root (without --no-systemctl) it also creates the
# system user kvroute and reloads systemd when a unit changed.
set -eu

usage() {
  cat <<USAGE
Usage: units/install.sh [--prefix DIR] [--systemd-dir DIR] [--conf-dir DIR] [--no-systemctl]
  --prefix DIR        where bin/, lib/, units/, examples/, docs/ go (default: /opt/kvroute)
  --systemd-dir DIR   where kvroute-agent.service and kvroute-proxy.service go (default: /etc/systemd/system)
  --conf-dir DIR      where agent.env and proxy.env go, if absent (default: /etc/kvroute)
  --no-systemctl      files only: no user creation, no systemctl (for tests and image builds)
USAGE
}

fail() {
  echo "install.sh: $*" >&2
  exit 2
}

prefix=/opt/kvroute
systemd_dir=/etc/systemd/system
conf_dir=/etc/kvroute
use_systemctl=yes
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || fail "--prefix needs a directory"; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --systemd-dir) [ $# -ge 2 ] || fail "--systemd-dir needs a directory"; systemd_dir=$2; shift 2 ;;
    --systemd-dir=*) systemd_dir=${1#*=}; shift ;;
    --conf-dir) [ $# -ge 2 ] || fail "--conf-dir needs a directory"; conf_dir=$2; shift 2 ;;
    --conf-dir=*) conf_dir=${1#*=}; shift ;;
    --no-systemctl) use_systemctl=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument '$1' (expected: one of the options above)" ;;
  esac
done
for dir in "$prefix" "$systemd_dir" "$conf_dir"; do
  case $dir in
    /*) ;;
    *) fail "'$dir' is not an absolute path (expected: --prefix, --systemd-dir and --conf-dir as /absolute/paths)" ;;
  esac
done

dist=$(cd "$(dirname "$0")/.." && pwd -P)
[ -f "$dist/lib/kvroute.jar" ] && [ -f "$dist/bin/kvroute" ] \
  || fail "$dist is not an unpacked kvroute distribution (expected: bin/kvroute and lib/kvroute.jar next to units/)"
if [ "$use_systemctl" = yes ] && [ "$(id -u)" != 0 ]; then
  fail "run as root to create the user and reload systemd, or add --no-systemctl to copy files only"
fi

changes=0
units_changed=no
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Puts $1 (a file) at $2 with mode $3 unless $2 already has exactly that content; sets placed=yes|no.
# (No status result: set -e does not apply inside functions called from if or ||.)
place() {
  placed=no
  if [ -f "$2" ] && cmp -s "$1" "$2"; then
    chmod "$3" "$2"
    return
  fi
  mkdir -p "$(dirname "$2")"
  if [ -f "$2" ]; then verb=updated; else verb=installed; fi
  cp "$1" "$2.kvroute-new"
  chmod "$3" "$2.kvroute-new"
  mv -f "$2.kvroute-new" "$2"
  echo "$verb $2"
  changes=$((changes + 1))
  placed=yes
}

# Escapes $1 for the replacement side of a sed s||| command.
sed_replacement() {
  printf '%s\n' "$1" | sed -e 's/[\\|&]/\\&/g'
}
prefix_replacement=$(sed_replacement "$prefix")
conf_replacement=$(sed_replacement "$conf_dir")

# Puts unit file $1 at $2 with /opt/kvroute and /etc/kvroute replaced by the chosen directories.
place_unit() {
  sed -e "s|/opt/kvroute|$prefix_replacement|g" -e "s|/etc/kvroute|$conf_replacement|g" "$1" > "$scratch/unit"
  place "$scratch/unit" "$2" 644
}

place "$dist/bin/kvroute" "$prefix/bin/kvroute" 755
place "$dist/lib/kvroute.jar" "$prefix/lib/kvroute.jar" 644
place "$dist/lib/kvroute-agent.jar" "$prefix/lib/kvroute-agent.jar" 644
place "$dist/lib/agent.classlist" "$prefix/lib/agent.classlist" 644
classlist_placed=$placed
place "$dist/README.md" "$prefix/README.md" 644
place "$dist/units/install.sh" "$prefix/units/install.sh" 755
place "$dist/units/README.md" "$prefix/units/README.md" 644
for doc in "$dist"/docs/*; do
  place "$doc" "$prefix/docs/$(basename "$doc")" 644
done
for example in "$dist"/examples/*; do
  place "$example" "$prefix/examples/$(basename "$example")" 644
done
for unit in "$dist"/units/systemd/*.service "$dist"/units/fleet/*.service; do
  kind=$(basename "$(dirname "$unit")")
  place_unit "$unit" "$prefix/units/$kind/$(basename "$unit")"
done
for unit in "$dist"/units/systemd/*.service; do
  place_unit "$unit" "$systemd_dir/$(basename "$unit")"
  [ "$placed" = no ] || units_changed=yes
done
for env in agent.env proxy.env; do
  if [ ! -f "$conf_dir/$env" ]; then
    place "$dist/examples/$env" "$conf_dir/$env" 640
  fi
done

# The agent's class-data archive: the JDK and jar classes the agent loads (lib/agent.classlist) dumped by the java the
# launcher finds (JAVA_HOME, else PATH), for the jar the launcher runs the agent from (lib/kvroute-agent.jar, else
# lib/kvroute.jar) at its resolved path; the launcher passes it to the agent, about 1.3 MiB less resident memory
# (docs/performance.md). Remade when the list changed or when this java cannot map it
# (another jar, another Java build: run install.sh again after a Java update; until then the agent starts without it).
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=$(command -v java || true); fi
archive="$prefix/lib/agent.jsa"
jar=$(cd "$prefix" && pwd -P)/lib/kvroute-agent.jar  # as the launcher names it
[ -f "$jar" ] || jar=$(cd "$prefix" && pwd -P)/lib/kvroute.jar
if [ -z "$java" ] || [ ! -x "$java" ]; then
  echo "note: no java (JAVA_HOME or PATH) to make $archive; the agent starts without it"
elif [ "$classlist_placed" = yes ] \
    || ! "$java" -Xshare:on -XX:SharedArchiveFile="$archive" -cp "$jar" -version >/dev/null 2>&1; then
  if "$java" -Xshare:dump -XX:SharedClassListFile="$prefix/lib/agent.classlist" \
      -XX:SharedArchiveFile="$archive.kvroute-new" -cp "$jar" >"$scratch/dump.log" 2>&1; then
    chmod 644 "$archive.kvroute-new"
    mv -f "$archive.kvroute-new" "$archive"
    echo "made $archive"
    changes=$((changes + 1))
  else
    rm -f "$archive.kvroute-new"
    echo "note: $java could not make $archive ($(tail -n 1 "$scratch/dump.log")); the agent starts without it"
  fi
fi

if [ "$use_systemctl" = yes ]; then
  if ! id kvroute >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin kvroute
    echo "created system user kvroute"
    changes=$((changes + 1))
  fi
  for env in agent.env proxy.env; do
    chown root:kvroute "$conf_dir/$env"
  done
  getent group docker >/dev/null 2>&1 \
    || echo "note: no group docker here; kvroute-agent.service needs it for --docker (SupplementaryGroups=docker)"
  if [ "$units_changed" = yes ]; then
    systemctl daemon-reload
    echo "reloaded systemd; edit $conf_dir/agent.env and proxy.env, then: systemctl enable --now kvroute-agent kvroute-proxy"
  fi
fi

if [ "$changes" = 0 ]; then
  echo "nothing to change: $prefix, $systemd_dir and $conf_dir are up to date"
else
  echo "$changes change(s) made"
fi
