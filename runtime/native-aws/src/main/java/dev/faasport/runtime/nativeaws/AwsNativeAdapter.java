package dev.faasport.runtime.nativeaws;

import dev.faasport.runtime.NativeAdapter;
import dev.faasport.runtime.NativeHandlers;
import dev.faasport.runtime.Shape;
import dev.faasport.runtime.VendorFunction;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/**
 * Runs AWS Lambda Java handlers as portable functions: a {@code RequestHandler<APIGatewayV2HTTPEvent,
 * APIGatewayV2HTTPResponse>} (HTTP API payload 2.0 / function URL) or {@code RequestHandler<APIGatewayProxyRequestEvent,
 * APIGatewayProxyResponseEvent>} (REST API payload 1.0) is an HTTP function, a
 * {@code RequestHandler<S3Event, ?>} (or {@code S3EventNotification}) a storage function. Detection reads type names
 * only: this class never touches an AWS type, so it also runs where the AWS libraries are absent (the build).
 */
public final class AwsNativeAdapter implements NativeAdapter {

    static final String REQUEST_HANDLER = "com.amazonaws.services.lambda.runtime.RequestHandler";
    static final String HTTP_EVENT = "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent";
    static final String HTTP_RESPONSE = "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse";
    static final String REST_EVENT = "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent";
    static final String REST_RESPONSE = "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent";
    static final String S3_EVENT = "com.amazonaws.services.lambda.runtime.events.S3Event";
    static final String S3_NOTIFICATION = "com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification";

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
        return detect(handler).map(shape -> List.of(VendorFunction.of("AWS RequestHandler<"
                + NativeHandlers.rawName(NativeHandlers.typeArgument(handler, REQUEST_HANDLER, 0)) + ", ?>", shape)))
                .orElse(List.of());
    }

    Optional<Shape> detect(Class<?> handler) {
        Type in = NativeHandlers.typeArgument(handler, REQUEST_HANDLER, 0);
        if (in == null) return Optional.empty();
        String input = NativeHandlers.rawName(in);
        if (input.equals(HTTP_EVENT) && HTTP_RESPONSE.equals(NativeHandlers.rawName(NativeHandlers.typeArgument(handler, REQUEST_HANDLER, 1)))) {
            return Optional.of(Shape.HTTP);
        }
        if (input.equals(REST_EVENT) && REST_RESPONSE.equals(NativeHandlers.rawName(NativeHandlers.typeArgument(handler, REQUEST_HANDLER, 1)))) {
            return Optional.of(Shape.HTTP);
        }
        if (input.equals(S3_EVENT) || input.equals(S3_NOTIFICATION)) return Optional.of(Shape.STORAGE);
        return Optional.empty();
    }

    @Override
    public Object adapt(Class<?> handler, Object instance, String function, String method, Shape packaged) {
        Shape shape = detect(handler).orElseThrow(() -> new IllegalArgumentException("function '" + function + "': "
                + handler.getName() + " is not a RequestHandler of APIGatewayV2HTTPEvent, APIGatewayProxyRequestEvent or S3Event, perhaps you should "
                + "implement RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> or RequestHandler<S3Event, ?>"));
        // the classes below use AWS types: loaded only here, at run time, where the user's AWS libraries are present
        String input = NativeHandlers.rawName(NativeHandlers.typeArgument(handler, REQUEST_HANDLER, 0));
        if (shape == Shape.STORAGE) return AwsStorageFunction.of(instance, S3_EVENT.equals(input));
        return input.equals(REST_EVENT) ? AwsRestFunction.of(instance) : AwsHttpFunction.of(instance);
    }
}
