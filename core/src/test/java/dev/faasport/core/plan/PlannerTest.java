package dev.faasport.core.plan;

import dev.faasport.packaging.ConfigHash;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import dev.faasport.core.plan.UnitChange.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.faasport.core.fake.Units.deployed;
import static dev.faasport.core.fake.Units.desired;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlannerTest {

    @Test
    void everyKindOfChange() {
        List<DeployUnit> want = List.of(
                desired("shop", "new", "aaa", "c1"),
                desired("shop", "code", "bbb2", "c1"),
                desired("shop", "config", "ccc", "c2"),
                desired("shop", "both", "ddd2", "c2"),
                desired("shop", "same", "EEE", "c1"));
        List<DeployedUnit> have = List.of(
                deployed("shop", "code", "bbb1", "c1"),
                deployed("shop", "config", "ccc", "c1"),
                deployed("shop", "both", "ddd1", "c1"),
                deployed("shop", "same", "eee", "c1"),
                deployed("shop", "gone", "fff", "c1"),
                deployed("other-set", "foreign", "ggg", "c1"));

        DeployPlan plan = Planner.plan(want, have);

        assertThat(plan.setName()).isEqualTo("shop");
        assertThat(plan.changes()).extracting(UnitChange::name, UnitChange::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("both", Kind.UPDATE),
                org.assertj.core.groups.Tuple.tuple("code", Kind.UPDATE_CODE),
                org.assertj.core.groups.Tuple.tuple("config", Kind.UPDATE_CONFIG),
                org.assertj.core.groups.Tuple.tuple("new", Kind.CREATE),
                org.assertj.core.groups.Tuple.tuple("same", Kind.UNCHANGED),
                org.assertj.core.groups.Tuple.tuple("gone", Kind.DELETE));
        assertThat(plan.ofKind(Kind.CREATE).get(0).current()).isNull();
        assertThat(plan.ofKind(Kind.DELETE).get(0).desired()).isNull();
        assertThat(plan.ofKind(Kind.UNCHANGED).get(0).current().artifactSha256()).isEqualTo("eee");
        assertThat(plan.counts()).containsEntry(Kind.UNCHANGED, 1).containsEntry(Kind.DELETE, 1);
        assertThat(plan.hasRemoteChanges()).isTrue();
    }

    @Test
    void aMissingConfigHashOnTheTargetMeansTheConfigChanged() {
        DeployPlan plan = Planner.plan(List.of(desired("shop", "a", "x", "c1")), List.of(deployed("shop", "a", "x", null)));
        assertThat(plan.changes()).extracting(UnitChange::kind).containsExactly(Kind.UPDATE_CONFIG);
    }

    @Test
    void nothingChangedMeansNoRemoteStep() {
        DeployPlan plan = Planner.plan(List.of(desired("shop", "a", "x", "c")), List.of(deployed("shop", "a", "x", "c")));
        assertThat(plan.hasRemoteChanges()).isFalse();
    }

    @Test
    void removeDeletesEveryUnitOfTheSetOnly() {
        DeployPlan plan = Planner.plan("shop", List.of(), List.of(deployed("shop", "b", "1", "c"),
                deployed("shop", "a", "1", "c"), deployed("else", "z", "1", "c")));
        assertThat(plan.changes()).extracting(UnitChange::name).containsExactly("a", "b");
        assertThat(plan.changes()).extracting(UnitChange::kind).containsOnly(Kind.DELETE);
    }

    @Test
    void refusesDuplicateDesiredUnits() {
        assertThatThrownBy(() -> Planner.plan(List.of(desired("shop", "a", "1", "c"), desired("shop", "a", "2", "c")),
                List.of())).hasMessageContaining("two desired units are named a");
    }

    @Test
    void rendersATable() {
        DeployPlan plan = Planner.plan(List.of(desired("shop", "hello", "0123456789abcdef", "c"),
                desired("shop", "same", "ffff", "c")), List.of(deployed("shop", "same", "ffff", "c"),
                deployed("shop", "old", "9999", "c")));
        String text = plan.render();
        assertThat(text).startsWith("Plan for function set 'shop':\n");
        assertThat(text).contains("UNIT   CHANGE     FUNCTIONS  CODE       CONFIG");
        assertThat(text).contains("hello  create     hello      +01234567  new");
        assertThat(text).contains("same   unchanged  same       ffff       same");
        assertThat(text).contains("old    delete     old        -9999      removed");
        assertThat(text).endsWith("1 create, 1 unchanged, 1 delete");
    }

    @Test
    void theTableSaysWhenCodeGoesUpAgainBecauseAnEnvironmentVariableChanged() {
        DeployUnit v2 = new DeployUnit("shop", "app", List.of(withGreeting("hello")), desired("shop", "app", "bbbb", "c2").artifact(),
                "c2", Map.of());
        // a target whose package carries the environment (Azure) reports the environment it deployed
        DeployedUnit asDeployed = new DeployedUnit("shop", "app", "aaaa", "c1", List.of(), Map.of(),
                Map.of(ConfigHash.ENVIRONMENT_ATTRIBUTE, ConfigHash.environment(List.of(withGreeting("hi")))));
        String text = Planner.plan(List.of(v2), List.of(asDeployed)).render();
        assertThat(text).contains("  app   update  app        aaaa->bbbb  changed\n")
                .contains("\n  app: code re-uploaded because an environment variable changed\n");

        DeployedUnit sameEnvironment = new DeployedUnit("shop", "app", "aaaa", "c1", List.of(), Map.of(),
                Map.of(ConfigHash.ENVIRONMENT_ATTRIBUTE, ConfigHash.environment(v2.functions())));
        assertThat(Planner.plan(List.of(v2), List.of(sameEnvironment)).render()).as("the code itself changed")
                .doesNotContain("re-uploaded");
        assertThat(Planner.plan(List.of(v2), List.of(deployed("shop", "app", "aaaa", "c1"))).render())
                .as("a target whose package holds no environment reports none").doesNotContain("re-uploaded");
    }

    private static FunctionSpec withGreeting(String greeting) {
        return new FunctionSpec("app", "com.example.App", FunctionShape.HTTP, new Trigger.Http(List.of("GET"), true), 512, 30,
                Map.of("GREETING", greeting), 0, 0, null, Map.of());
    }

    @Test
    void hashesCutShortByTheTargetStillMatch() {
        String sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        DeployPlan plan = Planner.plan(List.of(desired("shop", "a", sha, sha)),
                List.of(deployed("shop", "a", sha.substring(0, 63).toUpperCase(), sha.substring(0, 63))));
        assertThat(plan.changes()).extracting(UnitChange::kind).containsExactly(Kind.UNCHANGED);
        assertThat(Planner.sameHash(sha, sha.substring(0, 31))).isFalse();
        assertThat(Planner.sameHash(sha, "1" + sha.substring(1, 63))).isFalse();
    }

    @Test
    void failOnParses() {
        assertThat(dev.faasport.core.Requests.FailOn.parse(" Warning ")).isEqualTo(dev.faasport.core.Requests.FailOn.WARNING);
        assertThat(dev.faasport.core.Requests.FailOn.parse(null)).isEqualTo(dev.faasport.core.Requests.FailOn.VIOLATION);
        assertThatThrownBy(() -> dev.faasport.core.Requests.FailOn.parse("error"))
                .hasMessage("faas.failOn 'error' is unknown, perhaps you should use violation or warning");
    }
}
