package dev.faasport.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSetConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigMapperTest {

    @Test
    void copiesEveryPomFieldOntoTheNeutralConfig() {
        DefaultsParameter d = new DefaultsParameter();
        d.memory = 512;
        d.timeout = 20;
        d.environment = Map.of("A", "1");
        FunctionParameter f = new FunctionParameter();
        f.name = "thumbs";
        f.handler = "x.Thumbs";
        f.trigger = "storage";
        f.bucket = "uploads";
        f.events = List.of("created");
        f.suffix = ".png";
        f.memory = 1024;
        f.setPublic(true);
        f.options = Map.of("aws.snapStart", "true");

        FunctionSetConfig c = ConfigMapper.toConfig("media", d, List.of(f));

        assertThat(c.getName()).isEqualTo("media");
        assertThat(c.getDefaults().getMemoryMb()).isEqualTo(512);
        assertThat(c.getDefaults().getTimeoutSeconds()).isEqualTo(20);
        FunctionConfig fc = c.getFunctions().get(0);
        assertThat(fc.getName()).isEqualTo("thumbs");
        assertThat(fc.getBucket()).isEqualTo("uploads");
        assertThat(fc.getEvents()).containsExactly("created");
        assertThat(fc.getSuffix()).isEqualTo(".png");
        assertThat(fc.getMemoryMb()).isEqualTo(1024);
        assertThat(fc.getTimeoutSeconds()).isNull();
        assertThat(fc.getPublicAccess()).isTrue();
        assertThat(fc.getOptions()).containsEntry("aws.snapStart", "true");
    }

    @Test
    void noFunctionsMeansDiscovery() {
        assertThat(ConfigMapper.toConfig("s", null, null).getFunctions()).isEmpty();
    }

    @Test
    void readsMavensOutputTimestampForms() {
        assertThat(MavenInputs.timestamp("2026-11-27T00:00:00Z")).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(MavenInputs.timestamp("1700000000")).isEqualTo(Instant.ofEpochSecond(1700000000));
        assertThat(MavenInputs.timestamp(null)).isNull();
        assertThat(MavenInputs.timestamp("x")).isNull();
    }
}
