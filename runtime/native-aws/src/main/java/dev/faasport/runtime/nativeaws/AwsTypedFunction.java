package dev.faasport.runtime.nativeaws;

import dev.faasport.runtime.NativeAdapter;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.json.JsonBinding;
import dev.faasport.runtime.json.JsonException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * A Lambda handler of any other input (a POJO, {@code Map}, {@code String}, a number) or of streams as a portable
 * TYPED function: the platform binds the JSON it was invoked with to the handler's input type, as Lambda does, and
 * writes its result as JSON. A stream handler reads the JSON's bytes and what it writes is the output: JSON, else
 * the text as a JSON string. Exceptions are the handler's own.
 */
final class AwsTypedFunction implements NativeAdapter.TypedFunction {

    private final LambdaCall user;
    private final Type input;
    private final boolean stream;

    AwsTypedFunction(LambdaCall user, Type input, boolean stream) {
        this.user = user;
        this.input = input;
        this.stream = stream;
    }

    @Override
    public Type inputType() {
        return input;
    }

    @Override
    public Object apply(Object in) {
        throw new IllegalStateException("a Lambda handler runs with its invocation's Context: apply(input, context)");
    }

    @Override
    public Object apply(Object in, dev.faasport.api.Context context) {
        try {
            LambdaContextView lambda = new LambdaContextView(context);
            if (!stream) return user.call(in, null, lambda);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            user.call(new ByteArrayInputStream(JsonBinding.write(in).getBytes(StandardCharsets.UTF_8)), out, lambda);
            String text = out.toString(StandardCharsets.UTF_8);
            if (text.isBlank()) return null;
            try {
                return Json.parse(text);
            } catch (JsonException notJson) {
                return text;
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw AwsTypedFunction.<RuntimeException>sneaky(e);
        }
    }

    /** Rethrows the handler's checked exception unchanged, so the platform reports its own type. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
