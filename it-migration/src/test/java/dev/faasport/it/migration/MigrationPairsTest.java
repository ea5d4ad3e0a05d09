package dev.faasport.it.migration;

import dev.faasport.core.model.Project;
import dev.faasport.core.migrate.MigrationOutcome;
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
        assertThat(listed(from)).containsExactlyInAnyOrderElementsOf(held(from, NAMES));

        MigrationOutcome out = migrate(request(project, from, to, false, Map.of()));

        assertVerified(out, NAMES);
        String md = Files.readString(out.markdown());
        assertThat(md).contains(NAMES.toArray(String[]::new));
        assertThat(Files.readString(out.html())).contains(NAMES.toArray(String[]::new));
        assertThat(listed(from)).as("source untouched without cutover").containsExactlyInAnyOrderElementsOf(held(from, NAMES));
        assertThat(listed(to)).containsExactlyInAnyOrderElementsOf(held(to, NAMES));

        MigrationOutcome cut = migrate(request(project, from, to, true, Map.of()));

        assertThat(cut.status()).isEqualTo(MigrationOutcome.Status.CUT_OVER);
        assertThat(listed(from)).as("source removed by the cutover").isEmpty();
        assertThat(listed(to)).containsExactlyInAnyOrderElementsOf(held(to, NAMES));
    }
}
