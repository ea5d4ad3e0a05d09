#!/usr/bin/env bash
# Packaging benchmark (issue 3): 20 functions sharing ~30 MB of dependencies, packaged by Faasport for aws, azure
# and gcp at once, against a maven-shade-plugin uber jar of the same classes and dependencies, in the same run.
# Usage: benchmarks/packaging/run.sh [workdir]   (needs faasport-packaging, -provider-spi, -runtime-common, -json in ~/.m2
# or built under packaging/target; the generated project's dependencies come from ~/.m2 or Maven Central)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${1:-$(mktemp -d /tmp/faasport-bench.XXXXXX)}"
M2="${M2_REPO:-$HOME/.m2/repository}"
V=0.1.0-SNAPSHOT
mkdir -p "$WORK/project/src/main/java/bench"
echo "workdir: $WORK"

cat > "$WORK/project/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>bench-functions</artifactId><version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <project.build.outputTimestamp>2026-11-27T00:00:00Z</project.build.outputTimestamp>
  </properties>
  <dependencies>
    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>s3</artifactId><version>2.57.8</version></dependency>
    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>lambda</artifactId><version>2.57.8</version></dependency>
    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>iam</artifactId><version>2.57.8</version></dependency>
    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>cloudwatchlogs</artifactId><version>2.57.8</version></dependency>
    <dependency><groupId>net.bytebuddy</groupId><artifactId>byte-buddy</artifactId><version>1.18.3</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
      <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
      <plugin><artifactId>maven-clean-plugin</artifactId><version>3.4.0</version></plugin>
      <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
    </plugins>
  </build>
  <profiles>
    <profile><id>shade</id>
      <build><plugins>
        <plugin><artifactId>maven-shade-plugin</artifactId><version>3.5.3</version>
          <executions><execution><phase>package</phase><goals><goal>shade</goal></goals>
            <configuration><createDependencyReducedPom>false</createDependencyReducedPom></configuration>
          </execution></executions></plugin>
      </plugins></build>
    </profile>
  </profiles>
</project>
POM
for i in $(seq 0 19); do
  cat > "$WORK/project/src/main/java/bench/Fn$i.java" <<JAVA
package bench;
public class Fn$i implements java.util.function.Function<String, String> {
    public String apply(String in) { return "fn$i:" + in; }
}
JAVA
done

cd "$WORK/project"
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

# warm-up: resolves everything once and writes the dependency classpath
mvn -B -q clean package -DskipTests -Pshade dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null

best_jar=999999; best_shade=999999
for round in 1 2 3; do
  t0=$(now); mvn -B -q -o clean package -DskipTests >/dev/null; t1=$(now)
  mvn -B -q -o clean package -DskipTests -Pshade >/dev/null; t2=$(now)
  j=$(ms $t0 $t1); s=$(ms $t1 $t2)
  (( j < best_jar )) && best_jar=$j
  (( s < best_shade )) && best_shade=$s
done
# keep target/classes for Faasport (the shade run left them in place)
shade_only=$(( best_shade - best_jar ))
uber=$(ls -1 target/bench-functions-1.0.jar)
echo "maven: clean package ${best_jar} ms, clean package + shade ${best_shade} ms => shade itself ${shade_only} ms, uber jar $(( $(stat -c %s "$uber") / 1048576 )) MB"

jar_of() { # prefer the freshly built module jar, else the local repository
  local module="$1" artifact="$2"
  if [[ -f "$ROOT/$module/target/$artifact-$V.jar" ]]; then echo "$ROOT/$module/target/$artifact-$V.jar";
  else echo "$M2/dev/faasport/$artifact/$V/$artifact-$V.jar"; fi
}
# the packaging module's own runtime classpath (spi, faasport-json, the image builder and jib-core)
(cd "$ROOT" && mvn -B -q -o -pl packaging dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$WORK/packaging-cp.txt" >/dev/null)
CP="$(jar_of packaging faasport-packaging):$(cat "$WORK/packaging-cp.txt")"
ADAPTERS="$(jar_of runtime/common faasport-runtime-common):$(jar_of runtime/json faasport-json):$(jar_of runtime/api faasport-runtime-api)"
rm -rf "$WORK/faas"
java -cp "$CP" "$HERE/PackBench.java" "$WORK/project/target/classes" "$WORK/cp.txt" "$WORK/faas" "$ADAPTERS" | tee "$WORK/faasport.txt"
full=$(grep 'no-layer' "$WORK/faasport.txt" | sed -E 's/.*full package ([0-9]+) ms.*/\1/')
full_layer=$(grep 'with-layer' "$WORK/faasport.txt" | sed -E 's/.*full package ([0-9]+) ms.*/\1/')
awk -v f="$full" -v fl="$full_layer" -v s="$shade_only" 'BEGIN {
  printf "ratio faasport(aws+azure+gcp) / shade: %.2fx without layer, %.2fx with the shared Lambda layer (goal <= 1.5x)\n", f / s, fl / s }'
