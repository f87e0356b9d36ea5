# Shared by the scripts: build the project when its sources changed, and run a main class on the
# runtime classpath (Flink included, for embedded runs) with the JVM flags Flink needs on Java 17.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
. "$here/jvm-opens.sh"
jobs="$root/flink-jobs"
cp_file="$jobs/target/runtime-classpath.txt"

cemsflow_build() {
  local newest
  newest=$(find "$root/pom.xml" "$jobs/pom.xml" "$jobs/src/main" "$root/schemas" -newer "$cp_file" -print -quit 2>/dev/null || true)
  if [[ ! -f "$cp_file" || ! -d "$jobs/target/classes" || -n "$newest" ]]; then
    echo "cemsflow: building (the first run takes a minute)..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never compile dependency:build-classpath -pl flink-jobs \
        -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=compile) >&2
  fi
}

# cemsflow_java HEAP MAIN_CLASS ARGS...
cemsflow_java() {
  local heap="$1" main="$2"; shift 2
  cemsflow_build
  exec java ${CEMSFLOW_JAVA_OPTS:-$heap} $JVM_OPENS -cp "$jobs/target/classes:$(cat "$cp_file")" "$main" "$@"
}
