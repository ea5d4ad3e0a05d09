package dev.faasport.runtime.nativegcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding a background function's payload as Gson's reflective binding does. */
class GsonFieldsTest {

    static class Base {
        private String id;
    }

    static class Payload extends Base {
        private String count;          // a JSON number read into a String is its text
        private int size;              // numbers come as strings in Google's int64 fields
        private boolean hold;
        private Date created;
        private Map<String, String> labels;
        private List<Part> parts;
        private transient String skipped = "kept";
        private String absent = "default";
        private Object anything;
    }

    static class Part {
        private long n;
    }

    static class NoDefault {
        private final String x;

        NoDefault(String x) {
            this.x = x;
        }
    }

    @Test
    void privateFieldsOfTheClassAndItsSuperclassesAreFilledByName() {
        Payload p = (Payload) GsonFields.read("{\"id\":\"a\",\"count\":7,\"size\":\"21476\",\"hold\":\"true\","
                + "\"created\":\"2020-05-06T15:14:15.917Z\",\"labels\":{\"k\":\"v\"},\"parts\":[{\"n\":1},{\"n\":\"2\"}],"
                + "\"skipped\":\"no\",\"unknown\":1,\"anything\":{\"x\":[1,\"y\"]}}", Payload.class);
        assertThat(((Base) p).id).isEqualTo("a");
        assertThat(p.count).isEqualTo("7");
        assertThat(p.size).isEqualTo(21476);
        assertThat(p.hold).isTrue();
        assertThat(p.created.toInstant()).hasToString("2020-05-06T15:14:15.917Z");
        assertThat(p.labels).containsExactly(Map.entry("k", "v"));
        assertThat(p.parts).extracting(part -> part.n).containsExactly(1L, 2L);
        assertThat(p.skipped).isEqualTo("kept");
        assertThat(p.absent).as("what the constructor set stays").isEqualTo("default");
        assertThat(p.anything).isEqualTo(Map.of("x", List.of(1.0, "y")));
    }

    @Test
    void dataThatDoesNotFitNamesThePath() {
        assertThatThrownBy(() -> GsonFields.read("{\"parts\":[{\"n\":\"many\"}]}", Payload.class))
                .hasMessageStartingWith("$.parts[0].n: expected a number, found \"many\"");
        assertThatThrownBy(() -> GsonFields.read("{\"labels\":[1]}", Payload.class))
                .hasMessageStartingWith("$.labels: expected an object, found [1]");
        assertThatThrownBy(() -> GsonFields.read("{\"x\":\"a\"}", NoDefault.class))
                .hasMessageContaining("cannot create " + NoDefault.class.getName())
                .hasMessageContaining("perhaps you should give it a no-argument constructor");
    }
}
