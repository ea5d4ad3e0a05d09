package dev.faasport.runtime.nativeaws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * One call of the user's handler as Lambda makes it: {@code RequestHandler.handleRequest},
 * {@code RequestStreamHandler.handleRequest}, or the method a handler string {@code package.Class::method} names with
 * one of Lambda's handler signatures {@code (I)}, {@code (I, Context)}, {@code (InputStream, OutputStream)},
 * {@code (InputStream, OutputStream, Context)} ("Define Lambda function handler in Java",
 * docs.aws.amazon.com/lambda/latest/dg/java-handler.html, read 2026-12).
 */
@FunctionalInterface
interface LambdaCall {

    /**
     * @param input  the event (for a stream handler, an {@link InputStream} of the JSON)
     * @param output where a stream handler writes its result, else null
     * @return the handler's result (null for a stream handler)
     */
    Object call(Object input, OutputStream output, Context context) throws Exception;

    @SuppressWarnings("unchecked")
    static LambdaCall of(Object instance, Method method) {
        if (method == null && instance instanceof RequestStreamHandler stream) {
            return (in, out, ctx) -> {
                stream.handleRequest((InputStream) in, out, ctx);
                return null;
            };
        }
        if (method == null) {
            RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) instance;
            return (in, out, ctx) -> handler.handleRequest(in, ctx);
        }
        boolean stream = AwsNativeAdapter.isStream(method);
        int count = method.getParameterCount();
        return (in, out, ctx) -> {
            Object[] args = stream ? count == 2 ? new Object[] {in, out} : new Object[] {in, out, ctx}
                    : count == 1 ? new Object[] {in} : new Object[] {in, ctx};
            try {
                return method.invoke(instance, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception x) throw x;
                throw (Error) cause;
            }
        };
    }
}
