package dev.faasport.runtime.nativeaws;

import dev.faasport.runtime.NativeAdapter;
import dev.faasport.runtime.NativeHandlers;
import dev.faasport.runtime.Shape;
import dev.faasport.runtime.VendorFunction;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Runs AWS Lambda Java handlers as portable functions. The handler is a {@code RequestHandler<I, O>}, a
 * {@code RequestStreamHandler}, or the public method a handler string {@code package.Class::method} names with one of
 * Lambda's signatures ({@link LambdaCall}). Its input type decides the shape: {@code APIGatewayV2HTTPEvent} (HTTP API
 * payload 2.0 / function URL) and {@code APIGatewayProxyRequestEvent} (REST API payload 1.0) are HTTP, {@code S3Event}
 * (or {@code S3EventNotification}) STORAGE, {@code SQSEvent} and {@code SNSEvent} QUEUE, {@code ScheduledEvent}
 * SCHEDULE; any other type (a POJO, {@code Map}, {@code String}, a number) and streams are TYPED, invoked with JSON;
 * the other {@code aws-lambda-java-events} types are refused with the list of those that run. Detection reads type
 * names only: this class never touches an AWS type, so it also runs where the AWS libraries are absent (the build).
 */
public final class AwsNativeAdapter implements NativeAdapter {

    static final String REQUEST_HANDLER = "com.amazonaws.services.lambda.runtime.RequestHandler";
    static final String STREAM_HANDLER = "com.amazonaws.services.lambda.runtime.RequestStreamHandler";
    static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
    static final String EVENTS = "com.amazonaws.services.lambda.runtime.events.";
    static final String HTTP_EVENT = EVENTS + "APIGatewayV2HTTPEvent";
    static final String HTTP_RESPONSE = EVENTS + "APIGatewayV2HTTPResponse";
    static final String REST_EVENT = EVENTS + "APIGatewayProxyRequestEvent";
    static final String REST_RESPONSE = EVENTS + "APIGatewayProxyResponseEvent";
    static final String S3_EVENT = EVENTS + "S3Event";
    static final String S3_NOTIFICATION = EVENTS + "models.s3.S3EventNotification";
    static final String SQS_EVENT = EVENTS + "SQSEvent";
    static final String SNS_EVENT = EVENTS + "SNSEvent";
    static final String SCHEDULED_EVENT = EVENTS + "ScheduledEvent";
    /** The event types that run on every platform, and their shapes. */
    private static final Map<String, Shape> EVENT_SHAPES = Map.of(HTTP_EVENT, Shape.HTTP, REST_EVENT, Shape.HTTP,
            S3_EVENT, Shape.STORAGE, S3_NOTIFICATION, Shape.STORAGE, SQS_EVENT, Shape.QUEUE, SNS_EVENT, Shape.QUEUE,
            SCHEDULED_EVENT, Shape.SCHEDULE);
    private static final Map<String, String> HTTP_RESPONSES = Map.of(HTTP_EVENT, HTTP_RESPONSE, REST_EVENT, REST_RESPONSE);

    /**
     * What a class offers Lambda.
     *
     * @param api    as the messages name it
     * @param shape  the shape its input implies
     * @param input  its input type (an {@code InputStream} for stream handlers)
     * @param method the handler method a handler string names, or null for the interface's {@code handleRequest}
     * @param stream whether it reads and writes streams
     */
    record Handler(String api, Shape shape, Type input, Method method, boolean stream) {
    }

    @Override
    public String vendor() {
        return "aws";
    }

    @Override
    public String artifact() {
        return "dev.faasport:faasport-runtime-native-aws";
    }

    @Override
    public List<VendorFunction> functions(Class<?> handler, String method) {
        Handler h = handler(handler, method);
        return h == null ? List.of() : List.of(new VendorFunction(null, method, h.api(), List.of(h.shape()), Map.of()));
    }

    /** @return what Lambda would run of the class, or null when it is not an AWS handler */
    static Handler handler(Class<?> type, String method) {
        boolean requestHandler = NativeHandlers.implementsType(type, REQUEST_HANDLER);
        boolean streamHandler = NativeHandlers.implementsType(type, STREAM_HANDLER);
        if (method == null || method.equals("handleRequest") && (requestHandler || streamHandler)) {
            if (streamHandler) return new Handler("AWS RequestStreamHandler", Shape.TYPED, Object.class, null, true);
            if (!requestHandler) return null;
            Type in = NativeHandlers.typeArgument(type, REQUEST_HANDLER, 0);
            Type out = NativeHandlers.typeArgument(type, REQUEST_HANDLER, 1);
            String api = "AWS RequestHandler<" + simple(in) + ", " + simple(out) + ">";
            return new Handler(api, shape(type, api, in, out), in, null, false);
        }
        Method m = method(type, method);
        if (m == null) {
            if (!requestHandler && !streamHandler) return null; // a method of no AWS handler: another vendor's, or none
            throw new IllegalArgumentException("class " + type.getName() + " is an AWS " + (requestHandler
                    ? "RequestHandler" : "RequestStreamHandler") + " without a public method " + method + " taking (I), "
                    + "(I, Context), (InputStream, OutputStream) or (InputStream, OutputStream, Context), perhaps you "
                    + "should name its handleRequest method in the handler (" + type.getName() + "::handleRequest)");
        }
        String params = String.join(", ", Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList());
        String api = "AWS handler method " + type.getSimpleName() + "::" + method + "(" + params + ")";
        if (isStream(m)) return new Handler(api, Shape.TYPED, Object.class, m, true);
        Type in = m.getGenericParameterTypes()[0];
        return new Handler(api, shape(type, api, in, m.getGenericReturnType()), in, m, false);
    }

    /**
     * The method Lambda runs for {@code Class::name}: a public, non-bridge method of that name with one of the handler
     * signatures; of several, the one with the most parameters, as Lambda's runtime prefers ("Define Lambda function
     * handler in Java", docs.aws.amazon.com/lambda/latest/dg/java-handler.html, read 2026-12).
     */
    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && !m.isBridge() && !Modifier.isStatic(m.getModifiers())
                        && m.getDeclaringClass() != Object.class && signature(m)
                        && Arrays.stream(m.getDeclaredAnnotations()).noneMatch(a -> a.annotationType().getName()
                        .startsWith("com.microsoft.azure.functions.")))
                .max(Comparator.comparingInt(Method::getParameterCount)).orElse(null);
    }

    private static boolean signature(Method m) {
        Class<?>[] p = m.getParameterTypes();
        return isStream(m) || p.length == 1 && !p[0].getName().equals(CONTEXT)
                || p.length == 2 && p[1].getName().equals(CONTEXT);
    }

    static boolean isStream(Method m) {
        Class<?>[] p = m.getParameterTypes();
        return (p.length == 2 || p.length == 3 && p[2].getName().equals(CONTEXT))
                && p[0] == java.io.InputStream.class && p[1] == java.io.OutputStream.class;
    }

    private static Shape shape(Class<?> type, String api, Type in, Type out) {
        String input = NativeHandlers.rawName(in);
        Shape shape = EVENT_SHAPES.get(input);
        if (shape == Shape.HTTP && !HTTP_RESPONSES.get(input).equals(NativeHandlers.rawName(out))) {
            throw new IllegalArgumentException("class " + type.getName() + " is an " + api + ", which Faasport runs "
                    + "when it answers the event's own response type, perhaps you should return "
                    + simpleName(HTTP_RESPONSES.get(input)));
        }
        if (shape != null) return shape;
        if (input.startsWith(EVENTS)) {
            throw new IllegalArgumentException("class " + type.getName() + " is an " + api + ": Faasport translates "
                    + "APIGatewayV2HTTPEvent, APIGatewayProxyRequestEvent, S3Event, SQSEvent, SNSEvent and ScheduledEvent "
                    + "into every platform's events, not " + simple(in) + ", perhaps you should take one of those, or a "
                    + "POJO or Map<String, Object> of the fields you need (it is then invoked with JSON)");
        }
        return Shape.TYPED;
    }

    private static String simple(Type t) {
        return t == null ? "?" : simpleName(t.getTypeName());
    }

    private static String simpleName(String name) {
        return name.replaceAll("[\\w$]+\\.", "").replace('$', '.');
    }

    @Override
    public Object adapt(Class<?> handler, Object instance, String function, String method, Shape packaged) {
        Handler h;
        try {
            h = handler(handler, method);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("function '" + function + "': " + e.getMessage(), e);
        }
        if (h == null) {
            throw new IllegalArgumentException("function '" + function + "': " + handler.getName() + " is no AWS "
                    + "handler, perhaps you should implement RequestHandler<I, O> or name a handler method (Class::method)");
        }
        // the classes below use AWS types: loaded only here, at run time, where the user's AWS libraries are present
        LambdaCall call = LambdaCall.of(instance, h.method());
        if (h.shape() == Shape.TYPED) return new AwsTypedFunction(call, h.input(), h.stream());
        String input = NativeHandlers.rawName(h.input());
        return switch (h.shape()) {
            case HTTP -> input.equals(REST_EVENT) ? new AwsRestFunction(call) : new AwsHttpFunction(call);
            case STORAGE -> new AwsStorageFunction(call, input.equals(S3_EVENT));
            case QUEUE -> new AwsQueueFunction(call, input.equals(SNS_EVENT));
            case SCHEDULE -> new AwsScheduleFunction(call);
            case TYPED -> throw new AssertionError(h);
        };
    }
}
