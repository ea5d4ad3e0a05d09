package example;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

// Handler value: example.Tally::count (streams, no Context)
public class Tally {

    public void count(InputStream input, OutputStream output) throws IOException {
        byte[] bytes = input.readAllBytes();
        output.write(("{\"bytes\":" + bytes.length + "}").getBytes(StandardCharsets.UTF_8));
    }
}
