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
        d.memory = "512";
        d.timeout = " 20 ";
        d.environment = Map.of("A", "1");
        FunctionParameter f = new FunctionParameter();
        f.name = "thumbs";
        f.handler = "x.Thumbs";
        f.trigger = "storage";
        f.bucket = "uploads";
        f.events = List.of("created");
        f.suffix = ".png";
        f.memory = "1024";
        f.setPublic("true");
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
    void typeErrorsInThePomSayWhatAValidValueLooksLike() {
        DefaultsParameter d = new DefaultsParameter();
        d.timeout = "30s";
        FunctionParameter f = new FunctionParameter();
        f.name = "hello";
        f.handler = HelloForTest.class.getName();
        f.memory = "512MB";
        f.setPublic("yes");

        var e = org.assertj.core.api.Assertions.catchThrowableOfType(dev.faasport.core.error.ConfigurationException.class,
                () -> dev.faasport.core.model.FunctionSets.build(ConfigMapper.toConfig("media", d, List.of(f)),
                        ConfigMapperTest.class.getClassLoader()));

        assertThat(e.problems()).extracting(dev.faasport.core.error.ConfigurationException.Problem::message)
                .containsExactlyInAnyOrder(
                        "The set's <defaults>: <timeout> '30s' is not a whole number, perhaps you should write digits"
                                + " only, e.g. <timeout>30</timeout> (seconds)",
                        "Function 'hello': <memory> '512MB' is not a whole number, perhaps you should write digits"
                                + " only, e.g. <memory>512</memory> (MB)",
                        "Function 'hello': <public> 'yes' is neither true nor false, perhaps you should write"
                                + " <public>true</public> or <public>false</public>");
    }

    /** A handler for the test above. */
    public static class HelloForTest implements dev.faasport.api.HttpFunction {
        @Override
        public dev.faasport.api.HttpResponse handle(dev.faasport.api.HttpRequest request,
                                                    dev.faasport.api.Context context) {
            return null;
        }
    }

    @Test
    void aCommandLinePropertyThePomOverridesIsFound() {
        RemoveMojo mojo = new RemoveMojo();
        mojo.setName = "shop";
        mojo.parallelism = 4;
        org.apache.maven.plugin.descriptor.MojoDescriptor d = new org.apache.maven.plugin.descriptor.MojoDescriptor();
        for (String[] p : List.of(new String[]{"setName", "${faas.setName}"}, new String[]{"parallelism", "${faas.parallelism}"},
                new String[]{"outputDirectory", null})) {
            org.apache.maven.plugin.descriptor.Parameter param = new org.apache.maven.plugin.descriptor.Parameter();
            param.setName(p[0]);
            param.setExpression(p[1]);
            try {
                d.addParameter(param);
            } catch (org.apache.maven.plugin.descriptor.DuplicateParameterException ex) {
                throw new IllegalStateException(ex);
            }
        }
        java.util.Properties user = new java.util.Properties();
        user.setProperty("faas.setName", "other");
        user.setProperty("faas.parallelism", "4");

        assertThat(AbstractFaasMojo.overridden(d, user, mojo)).containsExactly(
                new dev.faasport.core.error.Overridden("faas.setName", "other", "shop"));
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
