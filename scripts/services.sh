#!/usr/bin/env bash
# Test services for the realm migration service: PostgreSQL, Redis, Neo4j, Qdrant.
# Used by developers and by CI (.ci/run). See test/services/README.md.
#
#   scripts/services.sh up     [postgres|redis|neo4j|qdrant ...]   start (idempotent), wait until answering
#   scripts/services.sh down   [names ...]                          stop what `up` started
#   scripts/services.sh status [names ...]                          exit 0 only if all named are answering
#   scripts/services.sh env                                         print the `export` lines
#   scripts/services.sh restart [names ...]
#
# No names = all four. Progress goes to stderr and the env block to stdout, so
#   eval "$(scripts/services.sh up)"
# starts everything and exports DATABASE_URL, REDIS_URL, NEO4J_URI, QDRANT_URL, ...
# (in scripts, `scripts/services.sh up >/dev/null && eval "$(scripts/services.sh env)"`
# keeps a failed `up` from being hidden by eval's exit status).
# Everything listens on 127.0.0.1 only. State, logs and pid files live under
# ${SERVICES_DIR:-/tmp/realm-services}.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES_DIR="${SERVICES_DIR:-/tmp/realm-services}"
mkdir -p "$SERVICES_DIR"
SERVICES_DIR="$(cd "$SERVICES_DIR" && pwd)"

HOST=127.0.0.1
PG_PORT="${PG_PORT:-5432}"
PG_USER=realm
PG_PASSWORD=realm
PG_DB=realm_test
PG_CLUSTER="${PG_CLUSTER:-main}"
PG_FAST="${PG_FAST:-1}"        # fsync/synchronous_commit/full_page_writes off when we start the cluster
REDIS_PORT="${REDIS_PORT:-6379}"
NEO4J_BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
NEO4J_PASSWORD="${NEO4J_PASSWORD:-testpassword}"
NEO4J_AUTH_MODE="${NEO4J_AUTH_MODE:-password}"   # password | none
NEO4J_PAGECACHE_MB="${NEO4J_PAGECACHE_MB:-128}"
NEO4J_HEAP="${NEO4J_HEAP:-512m}"
NEO4J_CDS="${NEO4J_CDS:-0}"    # 1 = JVM class-data-sharing archive (~2 s faster start after the first)
QDRANT_PORT="${QDRANT_PORT:-6333}"
PYTHON="${PYTHON:-python3}"
WAIT_PG="${WAIT_PG:-60}"
WAIT_REDIS="${WAIT_REDIS:-20}"
WAIT_NEO4J="${WAIT_NEO4J:-180}"
WAIT_QDRANT="${WAIT_QDRANT:-60}"

NEO4J_SRC="$ROOT/test/services/neo4j"
NEO4J_BUILD="$SERVICES_DIR/neo4j-launcher"   # Maven output, kept out of the work tree
NEO4J_JAR="$NEO4J_BUILD/realm-neo4j-launcher.jar"
QDRANT_SRC="$ROOT/test/services/qdrant"
QDRANT_VENV="$SERVICES_DIR/qdrant-venv"

ALL=(postgres redis neo4j qdrant)

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
secs_since() { local s=$1; local e; e=$(now_ms); printf '%d.%01d' $(((e - s) / 1000)) $((((e - s) % 1000) / 100)); }

show_log() { # file [lines]
  local f=$1 n=${2:-40}
  if [[ -s $f ]]; then
    printf -- '----- last %s lines of %s -----\n' "$n" "$f" >&2
    tail -n "$n" "$f" >&2 || true
    printf -- '-----\n' >&2
  else
    printf '[services] (no log at %s)\n' "$f" >&2
  fi
}

# probe KIND PORT : does a server of that kind answer on 127.0.0.1:PORT?
probe() {
  "$PYTHON" - "$1" "$HOST" "$2" <<'PY' 2>/dev/null
import socket, sys
kind, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    s = socket.create_connection((host, port), timeout=2)
    s.settimeout(3)
    if kind == "tcp":
        sys.exit(0)
    if kind == "bolt":
        # Bolt handshake: magic + 4 proposals (5.0-5.8, 4.4, 4.0, 3.0)
        s.sendall(bytes.fromhex("6060b017" "00080805" "00000404" "00000004" "00000003"))
        r = s.recv(4)
        sys.exit(0 if len(r) == 4 and r != b"\0\0\0\0" else 1)
    if kind == "redis":
        s.sendall(b"*1\r\n$4\r\nPING\r\n")
        sys.exit(0 if s.recv(64).startswith(b"+PONG") else 1)
    if kind == "http":  # Qdrant: GET /readyz
        s.sendall(("GET /readyz HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n" % (host, port)).encode())
        sys.exit(0 if s.recv(64).startswith(b"HTTP/1.1 200") else 1)
except Exception:
    sys.exit(1)
sys.exit(1)
PY
}

pid_alive() { # pidfile expected-cmdline-substring
  local f=$1 want=$2 pid
  [[ -s $f ]] || return 1
  pid=$(cat "$f" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$want"
}

stop_pid() { # pidfile expected-cmdline name [timeout]
  local f=$1 want=$2 name=$3 t=${4:-30} pid i
  if ! pid_alive "$f" "$want"; then
    rm -f "$f"
    return 1
  fi
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < t * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) did not stop within ${t}s; killing"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
  return 0
}

# ------------------------------------------------------------------ PostgreSQL

pg_version() {
  if [[ -n ${PG_VERSION:-} ]]; then echo "$PG_VERSION"; return; fi
  local v
  v=$(pg_lsclusters -h 2>/dev/null | awk -v c="$PG_CLUSTER" '$2 == c {print $1}' | sort -V | tail -n1)
  [[ -n $v ]] || v=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n1)
  echo "$v"
}

pg_admin() { # psql as the postgres superuser over the unix socket
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- psql -X -p "$PG_PORT" -v ON_ERROR_STOP=1 -qAt "$@"
  else
    sudo -n -u postgres psql -X -p "$PG_PORT" -v ON_ERROR_STOP=1 -qAt "$@"
  fi
}

pg_provision() {
  pg_admin -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB')
\gexec
SQL
}

pg_answers() {
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=3 psql -X -h "$HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -qAt -c 'SELECT 1' >/dev/null 2>&1
}

up_postgres() {
  command -v pg_ctlcluster >/dev/null || die "postgres: pg_ctlcluster not found (apt-get install -y postgresql)"
  local v logf i
  v=$(pg_version)
  [[ -n $v ]] || die "postgres: no PostgreSQL installation found (apt-get install -y postgresql)"
  logf="/var/log/postgresql/postgresql-$v-$PG_CLUSTER.log"
  if ! pg_lsclusters -h 2>/dev/null | awk -v v="$v" -v c="$PG_CLUSTER" '$1 == v && $2 == c {f=1} END {exit !f}'; then
    log "postgres: creating cluster $v/$PG_CLUSTER on port $PG_PORT"
    pg_createcluster "$v" "$PG_CLUSTER" --port "$PG_PORT" >&2
  fi
  local cport
  cport=$(pg_lsclusters -h | awk -v v="$v" -v c="$PG_CLUSTER" '$1 == v && $2 == c {print $3}')
  [[ $cport == "$PG_PORT" ]] || die "postgres: cluster $v/$PG_CLUSTER is configured for port $cport, not $PG_PORT"

  if pg_isready -q -h "$HOST" -p "$PG_PORT" -t 2; then
    log "postgres: already running on $HOST:$PG_PORT"
  else
    local opts="-c listen_addresses=$HOST"
    [[ $PG_FAST == 1 ]] && opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    log "postgres: starting cluster $v/$PG_CLUSTER"
    if ! pg_ctlcluster "$v" "$PG_CLUSTER" start -- -o "$opts" >&2 9>&-; then
      show_log "$logf"
      die "postgres: pg_ctlcluster $v $PG_CLUSTER start failed"
    fi
    touch "$SERVICES_DIR/postgres.started"
  fi
  for ((i = 0; i < WAIT_PG * 4; i++)); do
    pg_isready -q -h "$HOST" -p "$PG_PORT" -t 1 && break
    sleep 0.25
  done
  if ! pg_isready -q -h "$HOST" -p "$PG_PORT" -t 1; then
    show_log "$logf"
    die "postgres: not accepting connections on $HOST:$PG_PORT after ${WAIT_PG}s"
  fi
  pg_provision || { show_log "$logf"; die "postgres: could not create role $PG_USER / database $PG_DB"; }
  pg_answers || { show_log "$logf"; die "postgres: cannot log in as $PG_USER to $PG_DB on $HOST:$PG_PORT"; }
}

down_postgres() {
  local v
  v=$(pg_version)
  if [[ -f $SERVICES_DIR/postgres.started ]]; then
    log "postgres: stopping cluster $v/$PG_CLUSTER"
    pg_ctlcluster "$v" "$PG_CLUSTER" stop -m fast >&2 9>&- || true
    rm -f "$SERVICES_DIR/postgres.started"
  elif pg_isready -q -h "$HOST" -p "$PG_PORT" -t 1 2>/dev/null; then
    log "postgres: left running (it was not started by services.sh)"
  else
    log "postgres: not running"
  fi
}

status_postgres() {
  if pg_answers; then
    echo "postgres  up    $HOST:$PG_PORT db=$PG_DB user=$PG_USER$([[ -f $SERVICES_DIR/postgres.started ]] && echo ' (started by services.sh)')"
  elif pg_isready -q -h "$HOST" -p "$PG_PORT" -t 1 2>/dev/null; then
    echo "postgres  up    $HOST:$PG_PORT but role $PG_USER / db $PG_DB not usable (run: scripts/services.sh up postgres)"
    return 1
  else
    echo "postgres  down"
    return 1
  fi
}

# ------------------------------------------------------------------ Redis

REDIS_DIR="$SERVICES_DIR/redis"
REDIS_PID="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"

up_redis() {
  if probe redis "$REDIS_PORT"; then
    log "redis: already running on $HOST:$REDIS_PORT"
    return
  fi
  command -v redis-server >/dev/null || die "redis: redis-server not found (apt-get install -y redis-server)"
  mkdir -p "$REDIS_DIR"
  : >"$REDIS_LOG"
  log "redis: starting"
  redis-server --bind "$HOST" --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --dir "$REDIS_DIR" --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" >&2 9>&- ||
    { show_log "$REDIS_LOG"; die "redis: redis-server failed to start"; }
  local i
  for ((i = 0; i < WAIT_REDIS * 10; i++)); do
    probe redis "$REDIS_PORT" && return
    sleep 0.1
  done
  show_log "$REDIS_LOG"
  die "redis: no PONG on $HOST:$REDIS_PORT after ${WAIT_REDIS}s"
}

down_redis() {
  if stop_pid "$REDIS_PID" redis-server redis 15; then
    log "redis: stopped"
  elif probe redis "$REDIS_PORT"; then
    log "redis: left running (it was not started by services.sh)"
  else
    log "redis: not running"
  fi
}

status_redis() {
  if probe redis "$REDIS_PORT"; then
    echo "redis     up    $HOST:$REDIS_PORT$(pid_alive "$REDIS_PID" redis-server && echo " (pid $(cat "$REDIS_PID"), started by services.sh)")"
  else
    echo "redis     down"
    return 1
  fi
}

# ------------------------------------------------------------------ Neo4j

NEO4J_DIR="$SERVICES_DIR/neo4j"
NEO4J_PID="$NEO4J_DIR/neo4j.pid"
NEO4J_LOG="$NEO4J_DIR/neo4j.log"
NEO4J_READY="$NEO4J_DIR/ready"

neo4j_stamp() {
  { cat "$NEO4J_SRC/pom.xml"; find "$NEO4J_SRC/src" -type f -name '*.java' -print0 | sort -z | xargs -0 cat; } |
    sha256sum | cut -d' ' -f1
}

neo4j_lib_count() { find "$NEO4J_BUILD/lib" -maxdepth 1 -name '*.jar' 2>/dev/null | wc -l; }

build_neo4j() {
  local stamp_file="$NEO4J_BUILD/.build-stamp" want
  want=$(neo4j_stamp)
  # the stamp also records how many jars were copied, so a damaged lib/ is rebuilt
  if [[ -f $NEO4J_JAR && -f $stamp_file && $(cat "$stamp_file") == "$want $(neo4j_lib_count)" ]]; then
    return
  fi
  command -v java >/dev/null || die "neo4j: java not found (Java 17+ is needed; apt-get install -y openjdk-17-jre-headless)"
  command -v mvn >/dev/null || die "neo4j: mvn not found (apt-get install -y maven)"
  mkdir -p "$NEO4J_DIR"
  local t0
  t0=$(now_ms)
  log "neo4j: building launcher (mvn package; the first build downloads Neo4j from Maven Central)"
  rm -rf "$NEO4J_BUILD"
  if ! mvn -q -B -f "$NEO4J_SRC/pom.xml" -Dlauncher.buildDirectory="$NEO4J_BUILD" package \
    >"$NEO4J_DIR/build.log" 2>&1 9>&-; then
    show_log "$NEO4J_DIR/build.log" 60
    die "neo4j: maven build failed (full log: $NEO4J_DIR/build.log)"
  fi
  echo "$want $(neo4j_lib_count)" >"$stamp_file"
  log "neo4j: built in $(secs_since "$t0")s"
}

up_neo4j() {
  if pid_alive "$NEO4J_PID" realm-neo4j-launcher && [[ -f $NEO4J_READY ]] && probe bolt "$NEO4J_BOLT_PORT"; then
    log "neo4j: already running on $HOST:$NEO4J_BOLT_PORT (pid $(cat "$NEO4J_PID"))"
    return
  fi
  if ! pid_alive "$NEO4J_PID" realm-neo4j-launcher && probe bolt "$NEO4J_BOLT_PORT"; then
    log "neo4j: something already answers Bolt on $HOST:$NEO4J_BOLT_PORT (not started by services.sh); using it"
    return
  fi
  build_neo4j
  mkdir -p "$NEO4J_DIR"
  if ! pid_alive "$NEO4J_PID" realm-neo4j-launcher; then
    if probe tcp "$NEO4J_BOLT_PORT"; then
      die "neo4j: port $NEO4J_BOLT_PORT is taken by something that does not speak Bolt"
    fi
    local auth="neo4j/$NEO4J_PASSWORD"
    [[ $NEO4J_AUTH_MODE == none ]] && auth=none
    local jopts=(
      "-Xms$NEO4J_HEAP" "-Xmx$NEO4J_HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError
      -XX:+UnlockDiagnosticVMOptions -XX:-OmitStackTraceInFastThrow
      --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
      --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
      -Dio.netty.tryReflectionSetAccessible=true -Djdk.nio.maxCachedBufferSize=1024
      -Dfile.encoding=UTF-8
    )
    if [[ $NEO4J_CDS == 1 ]]; then
      local jsa="$NEO4J_BUILD/launcher.jsa"
      if [[ -f $jsa ]]; then jopts+=("-XX:SharedArchiveFile=$jsa"); else jopts+=("-XX:ArchiveClassesAtExit=$jsa"); fi
    fi
    local extra=()
    read -r -a extra <<<"${NEO4J_JAVA_OPTS:-}"
    jopts+=("${extra[@]}")
    rm -f "$NEO4J_READY"
    : >"$NEO4J_LOG"
    log "neo4j: starting Neo4j $(find "$NEO4J_BUILD/lib" -name 'org.neo4j.neo4j-[0-9]*.jar' -printf '%f\n' | sed 's/^org\.neo4j\.neo4j-//; s/\.jar$//' | head -n1) (heap $NEO4J_HEAP, page cache ${NEO4J_PAGECACHE_MB}m, auth ${auth%%/*})"
    (
      cd "$NEO4J_DIR"
      NEO4J_HOME_DIR="$NEO4J_DIR/home" NEO4J_BOLT_HOST="$HOST" NEO4J_BOLT_PORT="$NEO4J_BOLT_PORT" \
        NEO4J_AUTH="$auth" NEO4J_PAGECACHE_MB="$NEO4J_PAGECACHE_MB" NEO4J_READY_FILE="$NEO4J_READY" \
        exec setsid java "${jopts[@]}" -jar "$NEO4J_JAR" </dev/null >>"$NEO4J_LOG" 2>&1 9>&-
    ) &
    echo $! >"$NEO4J_PID"
    disown 2>/dev/null || true
  fi
  local i
  for ((i = 0; i < WAIT_NEO4J * 10; i++)); do
    if ! pid_alive "$NEO4J_PID" realm-neo4j-launcher; then
      show_log "$NEO4J_LOG" 60
      [[ -f $NEO4J_DIR/home/logs/debug.log ]] && show_log "$NEO4J_DIR/home/logs/debug.log" 30
      rm -f "$NEO4J_PID"
      die "neo4j: the launcher exited during startup"
    fi
    if [[ -f $NEO4J_READY ]] && probe bolt "$NEO4J_BOLT_PORT"; then
      return
    fi
    sleep 0.1
  done
  show_log "$NEO4J_LOG" 60
  [[ -f $NEO4J_DIR/home/logs/debug.log ]] && show_log "$NEO4J_DIR/home/logs/debug.log" 30
  die "neo4j: Bolt not ready on $HOST:$NEO4J_BOLT_PORT after ${WAIT_NEO4J}s (still running as pid $(cat "$NEO4J_PID"); stop it with: scripts/services.sh down neo4j)"
}

down_neo4j() {
  # NEO4J_CDS=1 dumps the class archive at exit: allow for it
  if stop_pid "$NEO4J_PID" realm-neo4j-launcher neo4j 60; then
    rm -f "$NEO4J_READY"
    log "neo4j: stopped"
  elif probe bolt "$NEO4J_BOLT_PORT"; then
    log "neo4j: left running (it was not started by services.sh)"
  else
    log "neo4j: not running"
  fi
}

status_neo4j() {
  if probe bolt "$NEO4J_BOLT_PORT"; then
    if pid_alive "$NEO4J_PID" realm-neo4j-launcher; then
      echo "neo4j     up    bolt://$HOST:$NEO4J_BOLT_PORT (pid $(cat "$NEO4J_PID"), started by services.sh)"
    else
      echo "neo4j     up    bolt://$HOST:$NEO4J_BOLT_PORT (not started by services.sh)"
    fi
  elif pid_alive "$NEO4J_PID" realm-neo4j-launcher; then
    echo "neo4j     starting (pid $(cat "$NEO4J_PID"); log $NEO4J_LOG)"
    return 1
  else
    echo "neo4j     down"
    return 1
  fi
}

# ------------------------------------------------------------------ Qdrant

QDRANT_DIR="$SERVICES_DIR/qdrant"
QDRANT_PID="$QDRANT_DIR/qdrant.pid"
QDRANT_LOG="$QDRANT_DIR/qdrant.log"
QDRANT_READY="$QDRANT_DIR/ready"

qdrant_venv() {
  local stamp_file="$QDRANT_VENV/.requirements-stamp" want
  command -v "$PYTHON" >/dev/null || die "qdrant: $PYTHON not found"
  want="$(sha256sum "$QDRANT_SRC/requirements.txt" | cut -d' ' -f1) $("$PYTHON" -c 'import sys; print(sys.version.split()[0])')"
  if [[ -x $QDRANT_VENV/bin/python && -f $stamp_file && $(cat "$stamp_file") == "$want" ]]; then
    return
  fi
  local t0
  t0=$(now_ms)
  log "qdrant: installing Python dependencies into $QDRANT_VENV (pip, PyPI)"
  rm -rf "$QDRANT_VENV"
  mkdir -p "$QDRANT_DIR"
  if ! { "$PYTHON" -m venv "$QDRANT_VENV" &&
    "$QDRANT_VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q \
      -r "$QDRANT_SRC/requirements.txt"; } >"$QDRANT_DIR/pip.log" 2>&1; then
    show_log "$QDRANT_DIR/pip.log" 40
    die "qdrant: could not create the venv / install requirements (needs python3-venv and PyPI)"
  fi
  echo "$want" >"$stamp_file"
  log "qdrant: venv ready in $(secs_since "$t0")s"
}

up_qdrant() {
  if pid_alive "$QDRANT_PID" qdrant/server.py && probe http "$QDRANT_PORT"; then
    log "qdrant: already running on $HOST:$QDRANT_PORT (pid $(cat "$QDRANT_PID"))"
    return
  fi
  if ! pid_alive "$QDRANT_PID" qdrant/server.py && probe http "$QDRANT_PORT"; then
    log "qdrant: something already answers /readyz on $HOST:$QDRANT_PORT (not started by services.sh); using it"
    return
  fi
  qdrant_venv
  mkdir -p "$QDRANT_DIR"
  if ! pid_alive "$QDRANT_PID" qdrant/server.py; then
    if probe tcp "$QDRANT_PORT"; then
      die "qdrant: port $QDRANT_PORT is taken by something that does not answer like Qdrant"
    fi
    rm -f "$QDRANT_READY"
    : >"$QDRANT_LOG"
    log "qdrant: starting (qdrant-client local mode behind $QDRANT_SRC/server.py)"
    (
      cd "$QDRANT_DIR"
      QDRANT_HOST="$HOST" QDRANT_PORT="$QDRANT_PORT" QDRANT_READY_FILE="$QDRANT_READY" PYTHONUNBUFFERED=1 \
        exec setsid "$QDRANT_VENV/bin/python" "$QDRANT_SRC/server.py" </dev/null >>"$QDRANT_LOG" 2>&1 9>&-
    ) &
    echo $! >"$QDRANT_PID"
    disown 2>/dev/null || true
  fi
  local i
  for ((i = 0; i < WAIT_QDRANT * 10; i++)); do
    if ! pid_alive "$QDRANT_PID" qdrant/server.py; then
      show_log "$QDRANT_LOG"
      rm -f "$QDRANT_PID"
      die "qdrant: the server exited during startup"
    fi
    if [[ -f $QDRANT_READY ]] && probe http "$QDRANT_PORT"; then
      return
    fi
    sleep 0.1
  done
  show_log "$QDRANT_LOG"
  die "qdrant: no answer on http://$HOST:$QDRANT_PORT/readyz after ${WAIT_QDRANT}s"
}

down_qdrant() {
  if stop_pid "$QDRANT_PID" qdrant/server.py qdrant 15; then
    rm -f "$QDRANT_READY"
    log "qdrant: stopped"
  elif probe http "$QDRANT_PORT"; then
    log "qdrant: left running (it was not started by services.sh)"
  else
    log "qdrant: not running"
  fi
}

status_qdrant() {
  if probe http "$QDRANT_PORT"; then
    if pid_alive "$QDRANT_PID" qdrant/server.py; then
      echo "qdrant    up    http://$HOST:$QDRANT_PORT (pid $(cat "$QDRANT_PID"), qdrant-client local mode, started by services.sh)"
    else
      echo "qdrant    up    http://$HOST:$QDRANT_PORT (not started by services.sh)"
    fi
  else
    echo "qdrant    down"
    return 1
  fi
}

# ------------------------------------------------------------------ env

print_env() { # names...
  local s
  for s in "$@"; do
    case $s in
      postgres) echo "export DATABASE_URL=postgresql://$PG_USER:$PG_PASSWORD@$HOST:$PG_PORT/$PG_DB" ;;
      redis) echo "export REDIS_URL=redis://$HOST:$REDIS_PORT" ;;
      neo4j)
        echo "export NEO4J_URI=bolt://$HOST:$NEO4J_BOLT_PORT"
        echo "export NEO4J_USERNAME=neo4j"
        echo "export NEO4J_USER=neo4j"
        echo "export NEO4J_PASSWORD=$NEO4J_PASSWORD"
        ;;
      qdrant)
        echo "export QDRANT_URL=http://$HOST:$QDRANT_PORT"
        [[ -n ${QDRANT_API_KEY:-} ]] && echo "export QDRANT_API_KEY=$QDRANT_API_KEY"
        ;;
    esac
  done
  return 0
}

# ------------------------------------------------------------------ main

usage() {
  sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

cmd=${1:-}
[[ -n $cmd ]] || usage
shift || true
names=("$@")
((${#names[@]})) || names=("${ALL[@]}")
for n in "${names[@]}"; do
  case $n in postgres | redis | neo4j | qdrant) ;; *) die "unknown service '$n' (expected: ${ALL[*]})" ;; esac
done

run_up() {
  local t0
  t0=$(now_ms)
  "up_$1"
  log "$1: up in $(secs_since "$t0")s"
}

# PostgreSQL and Redis first (quick), then Neo4j and Qdrant side by side: their
# first start builds (Maven) and installs (pip), which overlap well.
up_all() {
  local n seq=() par=() pids=() p rc=0
  for n in "$@"; do
    case $n in neo4j | qdrant) par+=("$n") ;; *) seq+=("$n") ;; esac
  done
  for n in "${seq[@]}"; do run_up "$n"; done
  if ((${#par[@]} == 1)); then
    run_up "${par[0]}"
  elif ((${#par[@]} > 1)); then
    for n in "${par[@]}"; do
      (run_up "$n") &
      pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || rc=1; done
    ((rc == 0)) || die "not all services came up (see above)"
  fi
}

# One services.sh at a time per SERVICES_DIR (up/down/restart).
lock() {
  exec 9>"$SERVICES_DIR/.lock"
  if command -v flock >/dev/null && ! flock -w 600 9; then
    die "another services.sh holds $SERVICES_DIR/.lock"
  fi
}

case $cmd in
  up)
    lock
    total=$(now_ms)
    up_all "${names[@]}"
    log "all requested services up in $(secs_since "$total")s; environment:"
    print_env "${names[@]}"
    ;;
  down)
    lock
    for ((k = ${#names[@]} - 1; k >= 0; k--)); do "down_${names[k]}"; done
    ;;
  restart)
    lock
    for ((k = ${#names[@]} - 1; k >= 0; k--)); do "down_${names[k]}"; done
    up_all "${names[@]}"
    print_env "${names[@]}"
    ;;
  status)
    rc=0
    for n in "${names[@]}"; do "status_$n" || rc=1; done
    exit $rc
    ;;
  env)
    print_env "${names[@]}"
    ;;
  -h | --help | help) usage ;;
  *) usage ;;
esac
