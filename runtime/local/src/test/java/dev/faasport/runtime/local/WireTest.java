package dev.faasport.runtime.local;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireTest {

    @Test
    void requestsAndResponsesRoundTripAndEndOfStreamIsNull() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Wire.writeRequest(out, new Wire.Request(Wire.KIND_HTTP, "id-1", 3000, "POST", "/a/ü", "q=1&r",
                List.of("x-a", "1", "x-a", "2"), "body".getBytes(StandardCharsets.UTF_8)));
        Wire.writeResponse(out, new Wire.Response(201, List.of("content-type", "text/plain"), new byte[0]));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        Wire.Request r = Wire.readRequest(in);
        assertThat(r.kind()).isEqualTo(Wire.KIND_HTTP);
        assertThat(r.invocationId()).isEqualTo("id-1");
        assertThat(r.timeoutMillis()).isEqualTo(3000);
        assertThat(r.path()).isEqualTo("/a/ü");
        assertThat(r.rawQuery()).isEqualTo("q=1&r");
        assertThat(r.headers()).containsExactly("x-a", "1", "x-a", "2");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("body");
        Wire.Response res = Wire.readResponse(in);
        assertThat(res.status()).isEqualTo(201);
        assertThat(res.headers()).containsExactly("content-type", "text/plain");
        assertThat(res.body()).isEmpty();
        assertThat(Wire.readRequest(in)).isNull();
    }

    @Test
    void aResponseCutShortIsAnEofNotGarbage() {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(new byte[]{0, 0, 0, (byte) 200, 0}));
        assertThatThrownBy(() -> Wire.readResponse(in)).isInstanceOf(EOFException.class);
    }
}
