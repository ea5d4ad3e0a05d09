package dev.faasport.limits;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.faasport.limits.Units.spec;
import static dev.faasport.limits.Units.unit;
import static org.assertj.core.api.Assertions.assertThat;

/** AWS rules that depend on what the provider deploys: the environment as Lambda measures it, S3 notifications. */
class AwsDeployedShapeTest {

    final LimitChecker checker = new LimitChecker();

    List<Finding> findings(List<DeployUnit> units, String key) {
        return checker.check("aws", null, units, Map.of()).findings().stream().filter(f -> f.key().equals(key)).toList();
    }

    @Test
    void theEnvironmentIsMeasuredAsTheCompactJsonLambdaMeasuresIncludingFaasportsOwnVariables() {
        // names plus values make exactly 4096 bytes, which the old sum let through; Lambda measures
        // {"A":"v...","B":"v...",...,"FAASPORT_FUNCTION":"orders","FAASPORT_SQS_BATCH_ITEM_FAILURES":"true"}
        Map<String, String> env = Map.of("A", "v".repeat(2047), "B", "w".repeat(2047));
        FunctionSpec q = spec("orders", new Trigger.Queue("jobs", 10, 3), 512, 30, env, 0, 0, null, Map.of());
        Finding f = findings(List.of(unit(q)), "environment.bytes").get(0);
        long json = ("{\"A\":\"" + "v".repeat(2047) + "\",\"B\":\"" + "w".repeat(2047) + "\",\"FAASPORT_FUNCTION\":\"orders\","
                + "\"FAASPORT_SQS_BATCH_ITEM_FAILURES\":\"true\"}").length();
        assertThat(LimitChecker.environmentBytes("aws", q)).isEqualTo(json);
        assertThat(f.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(f.message()).contains("compact JSON", "FAASPORT_", "perhaps you should");

        // quotes and backslashes count escaped, as in the JSON Lambda measures
        FunctionSpec quoted = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of("Q", "\"\\"), 0, 0, null, Map.of());
        assertThat(LimitChecker.environmentBytes("aws", quoted)).isEqualTo("{\"FAASPORT_FUNCTION\":\"f\",\"Q\":\"\\\"\\\\\"}".length());
        // other vendors keep their own measure: names plus values as written
        assertThat(LimitChecker.environmentBytes("gcp", quoted)).isEqualTo(3);
    }

    static FunctionSpec storage(String name, String bucket, Set<Trigger.StorageEventKind> events, String prefix,
                                String suffix) {
        return new FunctionSpec(name, "com.example.H", FunctionShape.STORAGE, new Trigger.Storage(bucket, events,
                prefix, suffix), 512, 30, Map.of(), 0, 0, null, Map.of());
    }

    @Test
    void twoStorageFunctionsWhoseFiltersOverlapOnOneBucketForTheSameEventAreRefusedWithAFix() {
        Set<Trigger.StorageEventKind> created = Set.of(Trigger.StorageEventKind.CREATED);
        FunctionSpec all = storage("archive", "pics", created, "", "");
        FunctionSpec thumbs = storage("thumbs", "pics", created, "in/", ".png");
        List<Finding> found = findings(List.of(unit(all), unit(thumbs)), StorageOverlaps.KEY);
        assertThat(found).extracting(Finding::function, Finding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("archive", Severity.FITS),
                org.assertj.core.groups.Tuple.tuple("thumbs", Severity.VIOLATION));
        assertThat(found.get(1).message()).contains("'thumbs'", "'archive'", "bucket 'pics'", "notification-how-to-filtering",
                "perhaps you should give 'archive' and 'thumbs' prefixes");
    }

    @Test
    void filtersThatCannotMatchOneObjectTogetherOrOtherEventsOrBucketsFit() {
        Set<Trigger.StorageEventKind> created = Set.of(Trigger.StorageEventKind.CREATED);
        Set<Trigger.StorageEventKind> deleted = Set.of(Trigger.StorageEventKind.DELETED);
        // S3's own examples: images/ beside logs/; .jpg beside .png; a common prefix with different suffixes
        assertThat(overlapping(storage("a", "b", created, "images/", ""), storage("c", "b", created, "logs/", ""))).isFalse();
        assertThat(overlapping(storage("a", "b", created, "", ".jpg"), storage("c", "b", created, "", ".png"))).isFalse();
        assertThat(overlapping(storage("a", "b", created, "images", ".jpg"), storage("c", "b", created, "images", ".png"))).isFalse();
        assertThat(overlapping(storage("a", "b", created, "in/", ""), storage("c", "b", deleted, "in/", ""))).isFalse();
        assertThat(overlapping(storage("a", "b", created, "in/", ""), storage("c", "other", created, "in/", ""))).isFalse();
        // and the overlapping ones: prefix in prefix, suffix in suffix (jpg and pg), the same filter twice
        assertThat(overlapping(storage("a", "b", created, "in/", ""), storage("c", "b", created, "in/raw/", ""))).isTrue();
        assertThat(overlapping(storage("a", "b", created, "", "jpg"), storage("c", "b", created, "", "pg"))).isTrue();
        assertThat(overlapping(storage("a", "b", created, "images", "jpg"), storage("c", "b", created, "", "jpg"))).isTrue();
    }

    boolean overlapping(FunctionSpec a, FunctionSpec b) {
        return findings(List.of(unit(a), unit(b)), StorageOverlaps.KEY).stream()
                .anyMatch(f -> f.severity() == Severity.VIOLATION);
    }
}
