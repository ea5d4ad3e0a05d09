package dev.faasport.runtime.nativeazure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import dev.faasport.api.Context;
import dev.faasport.runtime.NativeHandlers;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.json.JsonBinding;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code @FunctionName} method and how the Java worker calls it: the trigger parameter gets the trigger's value,
 * an {@code ExecutionContext} parameter the invocation's context, a {@code @BindingName} parameter the trigger
 * metadata of that name, an {@code OutputBinding} parameter annotated {@code @QueueOutput} or {@code @BlobOutput} a
 * holder whose value {@link AzureOutputs} writes after the method returns (as does a return value, when the method
 * itself carries one of them); an {@code @HttpOutput} one a holder for the HTTP answer. Values are converted as the worker converts them: {@code String}, {@code byte[]},
 * numbers, else bound from JSON.
 */
final class AzureMethod {

    static final String BINDING_NAME = AzureNativeAdapter.ANNOTATIONS + "BindingName";
    static final String QUEUE_OUTPUT = AzureNativeAdapter.ANNOTATIONS + "QueueOutput";
    static final String BLOB_OUTPUT = AzureNativeAdapter.ANNOTATIONS + "BlobOutput";
    static final String HTTP_OUTPUT = AzureNativeAdapter.ANNOTATIONS + "HttpOutput";
    private static final Pattern EXPRESSION = Pattern.compile("\\{([^{}]+)}");

    final Object instance;
    final Method method;
    final String azureName;

    AzureMethod(Object instance, Method method, String azureName) {
        this.instance = instance;
        this.method = method;
        this.azureName = azureName;
    }

    /** The trigger annotation's attribute (its {@code path}, {@code route}), or null. */
    String triggerAttribute(String name) {
        Object v = NativeHandlers.attribute(AzureNativeAdapter.trigger(method), name);
        return v instanceof String s && !s.isBlank() ? s : null;
    }

    /**
     * Calls the method and writes its outputs.
     *
     * @param trigger  the trigger parameter's value for its declared type
     * @param metadata trigger metadata by binding name (also what {@code {name}} in an output path resolves to)
     * @return what the method returned, or what it set in its {@code @HttpOutput} binding (an HTTP function's answer)
     */
    Object call(Function<Type, Object> trigger, Map<String, Object> metadata, Context context) throws Exception {
        Type[] types = method.getGenericParameterTypes();
        Annotation[][] annotations = method.getParameterAnnotations();
        Object[] args = new Object[types.length];
        List<AzureOutputs.Output> outputs = new ArrayList<>();
        Holder http = null;
        for (int i = 0; i < types.length; i++) {
            Class<?> raw = JsonBinding.rawClass(types[i]);
            Annotation binding = NativeHandlers.annotation(annotations[i], BINDING_NAME);
            Annotation output = output(annotations[i]);
            if (NativeHandlers.annotation(annotations[i], AzureNativeAdapter.trigger(method).annotationType().getName()) != null) {
                args[i] = trigger.apply(types[i]);
            } else if (raw == ExecutionContext.class) {
                args[i] = new AzureHttpFunction.Execution(context, azureName);
            } else if (NativeHandlers.annotation(annotations[i], HTTP_OUTPUT) != null && raw == OutputBinding.class) {
                http = new Holder();
                args[i] = http;
            } else if (output != null && raw == OutputBinding.class) {
                Holder holder = new Holder();
                args[i] = holder;
                outputs.add(new AzureOutputs.Output(output, target(output, metadata), holder::getValue));
            } else if (binding != null) {
                args[i] = convert(metadata.get(String.valueOf(NativeHandlers.attribute(binding, "value"))), types[i]);
            } else if (raw.isPrimitive()) {
                args[i] = raw == boolean.class ? Boolean.FALSE : JsonBinding.fromJson(0L, raw);
            }
        }
        Annotation returned = output(method.getDeclaredAnnotations());
        Object[] result = new Object[1];
        if (returned != null) outputs.add(new AzureOutputs.Output(returned, target(returned, metadata), () -> result[0]));
        AzureOutputs.check(outputs, context); // before the function runs: nothing it does is then lost
        try {
            result[0] = method.invoke(instance, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
        AzureOutputs.write(outputs, context);
        // an HTTP function answers with its @HttpOutput, else with its return value unless an output binding took it
        return http != null ? http.getValue() : returned != null ? null : result[0];
    }

    private static Annotation output(Annotation[] annotations) {
        Annotation a = NativeHandlers.annotation(annotations, QUEUE_OUTPUT);
        return a != null ? a : NativeHandlers.annotation(annotations, BLOB_OUTPUT);
    }

    /** An output's queue or {@code container/blob}, binding expressions ({@code {name}}) resolved from the metadata. */
    private static String target(Annotation output, Map<String, Object> metadata) {
        String raw = String.valueOf(NativeHandlers.attribute(output, output.annotationType().getName().equals(QUEUE_OUTPUT)
                ? "queueName" : "path"));
        Matcher m = EXPRESSION.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = metadata.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("output '" + raw + "' names {" + m.group(1) + "}, which this trigger "
                        + "does not bind (it binds " + metadata.keySet() + "), perhaps you should use one of those");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(v)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Converts a trigger value or metadata value to a parameter type, as the Java worker does. */
    static Object convert(Object value, Type type) {
        Class<?> raw = JsonBinding.rawClass(type);
        if (value == null) return raw.isPrimitive() ? convert(raw == boolean.class ? "false" : "0", type) : null;
        if (raw == byte[].class) return value instanceof byte[] b ? b : text(value).getBytes(StandardCharsets.UTF_8);
        if (raw == String.class || raw == Object.class) return text(value);
        if (value instanceof byte[] b) return JsonBinding.read(b, type);
        if (value instanceof String s && !(Number.class.isAssignableFrom(box(raw)) || raw == boolean.class)) {
            return JsonBinding.read(s, type); // a POJO from JSON text
        }
        if (value instanceof String s) return JsonBinding.fromJson(Json.parse(s), type);
        return JsonBinding.fromJson(JsonBinding.toJson(value), type);
    }

    private static String text(Object value) {
        if (value instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (value instanceof String s) return s;
        Object json = JsonBinding.toJson(value);
        return json instanceof String s ? s : Json.write(json);
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) return c;
        return c == int.class ? Integer.class : c == long.class ? Long.class : c == double.class ? Double.class
                : c == float.class ? Float.class : c == short.class ? Short.class : c == byte.class ? Byte.class : c;
    }

    /** The worker's {@code OutputBinding}: the function sets a value, written after it returns. */
    static final class Holder implements OutputBinding<Object> {
        private Object value;

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public void setValue(Object value) {
            this.value = value;
        }
    }
}
