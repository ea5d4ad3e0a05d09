package dev.faasport.it.migration;

import dev.faasport.core.Project;
import dev.faasport.core.migrate.MigrationOutcome;
import dev.faasport.core.migrate.Verification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole function set moves between every ordered pair of providers (their test servers run the packages) and verifies. */
class MigrationPairsTest extends MigrationSupport {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"local,aws", "aws,local", "local,gcp", "gcp,local", "aws,gcp", "gcp,aws", "local,azure", "azure,local", "aws,azure", "azure,aws", "gcp,azure", "azure,gcp"})
    void theSetMigratesVerifiesAndCutsOverOnlyWhenAsked(String from, String to) throws Exception {
        Project project = project(all());
        deploy(project, from);
        assertThat(listed(from)).containsExactlyInAnyOrderElementsOf(held(from));

        MigrationOutcome out = migrate(request(project, from, to, false, Map.of()));

        assertThat(out.verifications()).extracting(Verification::function).containsExactlyInAnyOrderElementsOf(NAMES);
        assertThat(out.verifications()).allSatisfy(v -> assertThat(v.result())
                .as(v.function() + ": " + v.detail() + " source " + v.sourceStatus() + " " + v.sourceBody() + " target "
                        + v.targetStatus() + " " + v.targetBody()).isEqualTo(Verification.Result.PASSED));
        assertThat(out.status()).isEqualTo(MigrationOutcome.Status.VERIFIED);
        String md = Files.readString(out.markdown());
        assertThat(md).contains(NAMES.toArray(String[]::new));
        assertThat(Files.readString(out.html())).contains(NAMES.toArray(String[]::new));
        assertThat(listed(from)).as("source untouched without cutover").containsExactlyInAnyOrderElementsOf(held(from));
        assertThat(listed(to)).containsExactlyInAnyOrderElementsOf(held(to));

        MigrationOutcome cut = migrate(request(project, from, to, true, Map.of()));

        assertThat(cut.status()).isEqualTo(MigrationOutcome.Status.CUT_OVER);
        assertThat(listed(from)).as("source removed by the cutover").isEmpty();
        assertThat(listed(to)).containsExactlyInAnyOrderElementsOf(held(to));
    }

    /** Azure lists the set as one app whose functions it does not report; the others list each function. */
    private static java.util.List<String> held(String providerId) {
        return providerId.equals("azure") ? java.util.List.of(Clouds.SET) : NAMES;
    }
}
