# Shared by the scripts: build the project when its sources changed, and run a main class on the
# runtime classpath (Flink included, for embedded runs) with the JVM flags Flink needs on Java 17.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
. "$here/jvm-opens.sh"
jobs="$root/flink-jobs"
tools="$here/tools"
# the tools module's runtime classpath: the job's classes and every library
cp_file="$tools/target/runtime-classpath.txt"

cemsflow_build() {
  local newest
  newest=$(find "$root/pom.xml" "$jobs/pom.xml" "$jobs/src/main" "$tools/pom.xml" "$tools/src/main" "$root/schemas" \
      "$here/lib.sh" -newer "$cp_file" -print -quit 2>/dev/null || true)
  if [[ ! -f "$cp_file" || ! -d "$jobs/target/classes" || ! -d "$tools/target/classes" || -n "$newest" ]]; then
    echo "cemsflow: building (the first run takes a minute)..." >&2
    # includeScope (not mdep.includeScope): without it test jars came along, and a test jar's
    # log4j2-test.properties silenced every log of the tools
    # -am: the job's module first; each module writes the file, the tools' (last) stays. test-compile,
    # not compile: the tools' tests use the job's test kit, which Maven resolves only once compiled
    (cd "$root" && mvn -q -B -Dstyle.color=never test-compile dependency:build-classpath -pl scripts/tools -am \
        -Dmdep.outputFile="$cp_file" -DincludeScope=compile) >&2
    touch "$cp_file" # the plugin leaves an unchanged classpath file as it was: without this, every call rebuilds
  fi
}

# cemsflow_java HEAP MAIN_CLASS ARGS...
cemsflow_java() {
  local heap="$1" main="$2"; shift 2
  cemsflow_build
  exec java ${CEMSFLOW_JAVA_OPTS:-$heap} $JVM_OPENS -Dlog4j2.configurationFile="$jobs/target/classes/log4j2.properties" \
    -cp "$tools/target/classes:$(cat "$cp_file")" "$main" "$@"
}

# cemsflow_local HEAP ARGS...: run-local with its class data shared (AppCDS, JDK 17's dynamic
# archive): the classes a run loads, parsed and verified once, mapped by every later run (the
# bundled sample took 4.9 s against 6.4; x12 about a second less). CDS takes classes from jars
# only, so run-local runs the two modules' classes from jars made of their class directories,
# again whenever those change. The first run after that writes the archive as it exits (about 5 s
# more), if it succeeds; a run without an input (--help) never writes one.
cds_dir="$tools/target/run-local-cds"
cemsflow_local() {
  local heap="$1"; shift
  # without the JDK's jar tool (a runtime without it), from the class directories, unshared
  command -v jar >/dev/null || cemsflow_java "$heap" org.cemsflow.cli.Cemsflow run-local "$@"
  cemsflow_build
  local archive="$cds_dir/run-local.jsa"
  mkdir -p "$cds_dir"
  # under a lock: runs started together make the jars once; a running JVM keeps the files it
  # opened when they are replaced (removed, then written anew)
  (
    flock 9
    if [[ ! -f "$cds_dir/cemsflow-jobs.jar" \
        || -n "$(find "$jobs/target/classes" "$tools/target/classes" "$cp_file" -newer "$cds_dir/cemsflow-jobs.jar" -print -quit)" ]]; then
      rm -f "$cds_dir/cemsflow-tools.jar" "$cds_dir/cemsflow-jobs.jar" "$archive"
      jar --create --file "$cds_dir/cemsflow-tools.jar" -C "$tools/target/classes" .
      jar --create --file "$cds_dir/cemsflow-jobs.jar" -C "$jobs/target/classes" .
    fi
  ) 9>"$cds_dir.lock"
  local cp run=(java ${CEMSFLOW_JAVA_OPTS:-$heap} -Xlog:cds=off -Xlog:cds+dynamic=off)
  cp="$cds_dir/cemsflow-tools.jar:$cds_dir/cemsflow-jobs.jar:$(tr ':' '\n' < "$cp_file" | grep -vxF "$jobs/target/classes" | paste -sd:)"
  local main=($JVM_OPENS -Dlog4j2.configurationFile="$jobs/target/classes/log4j2.properties" -cp "$cp" org.cemsflow.cli.Cemsflow run-local "$@")
  # an archive of these jars (written after them) and of this JDK
  if [[ "$archive" -nt "$cds_dir/cemsflow-jobs.jar" && ! "$(command -v java)" -nt "$archive" ]]; then
    exec "${run[@]}" -XX:SharedArchiveFile="$archive" "${main[@]}"
  fi
  if [[ " $* " != *" --input "* ]]; then
    exec "${run[@]}" "${main[@]}"
  fi
  # written under a name of its own, then renamed: a run started meanwhile never maps half a file
  local rc=0
  "${run[@]}" -XX:ArchiveClassesAtExit="$archive.$$" "${main[@]}" || rc=$?
  if [[ $rc -eq 0 && -s "$archive.$$" ]]; then mv -f "$archive.$$" "$archive"; else rm -f "$archive.$$"; fi
  return $rc
}

# The shaded job jar, rebuilt when the sources changed.
jar="$jobs/target/cemsflow-flink-jobs-0.1.0-SNAPSHOT.jar"
cemsflow_jar() {
  local newest
  newest=$(find "$root/pom.xml" "$jobs/pom.xml" "$jobs/src/main" "$root/schemas" -newer "$jar" -print -quit 2>/dev/null || true)
  if [[ ! -f "$jar" || -n "$newest" ]]; then
    echo "cemsflow: building the job jar..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never package -Dmaven.test.skip=true -pl flink-jobs) >&2
  fi
}

# cemsflow_submit --config FILE [--set k=v]... [--savepoint PATH] [--parallelism N]: the streaming
# job on the standalone cluster of scripts/stack (its Flink configuration and classpath); prints the job id.
cemsflow_submit() {
  local stack="${CEMSFLOW_STACK_DIR:-/tmp/cemsflow-stack}" flink_args=() job_args=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --savepoint) flink_args+=(-s "$2"); shift 2 ;;
      --parallelism) flink_args+=(-p "$2"); shift 2 ;;
      --config|--set) job_args+=("$1" "$2"); shift 2 ;;
      *) echo "cemsflow submit: unknown argument '$1'" >&2; return 2 ;;
    esac
  done
  [[ -f "$stack/flink.classpath" && -f "$stack/flink/conf/config.yaml" ]] \
    || { echo "cemsflow submit: no cluster here; run scripts/stack up first" >&2; return 1; }
  curl -sf --max-time 5 http://127.0.0.1:8081/overview >/dev/null \
    || { echo "cemsflow submit: the Flink cluster does not answer on 127.0.0.1:8081; run scripts/stack up" >&2; return 1; }
  cemsflow_jar
  local out
  out="$(FLINK_CONF_DIR="$stack/flink/conf" java $JVM_OPENS -Dlog.file="$stack/logs/flink-client.log" \
      -Dlog4j.configurationFile="file:$stack/flink/conf/log4j-cli.properties" -cp "$(cat "$stack/flink.classpath")" \
      org.apache.flink.client.cli.CliFrontend run -d "${flink_args[@]}" "$jar" "${job_args[@]}" 2>&1)" \
    || { echo "$out" >&2; echo "cemsflow submit: submission failed; see $stack/logs/flink-client.log" >&2; return 1; }
  local id; id="$(echo "$out" | sed -n 's/.*JobID \([0-9a-f]\{32\}\).*/\1/p' | tail -1)"
  [[ -n "$id" ]] || { echo "$out" >&2; return 1; }
  echo "cemsflow: submitted job $id (web UI http://127.0.0.1:8081/#/job/running/$id)" >&2
  echo "$id"
}
