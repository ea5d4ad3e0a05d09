package dev.faasport.runtime.nativeazure;

import dev.faasport.runtime.NativeAdapter;
import dev.faasport.runtime.NativeHandlers;
import dev.faasport.runtime.Shape;
import dev.faasport.runtime.VendorFunction;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Runs Azure Functions Java HTTP functions as portable functions: a public method annotated {@code @FunctionName}
 * with an {@code @HttpTrigger} parameter. The descriptor's handler is the class; when it holds several such methods,
 * the one whose {@code @FunctionName} equals the Faasport function's name is used. Detection reads annotation names
 * only: this class never touches an Azure type, so it also runs where the Azure library is absent (the build).
 */
public final class AzureNativeAdapter implements NativeAdapter {

    static final String FUNCTION_NAME = "com.microsoft.azure.functions.annotation.FunctionName";
    static final String HTTP_TRIGGER = "com.microsoft.azure.functions.annotation.HttpTrigger";

    @Override
    public String vendor() {
        return "azure";
    }

    @Override
    public String artifact() {
        return "dev.faasport:faasport-runtime-native-azure";
    }

    @Override
    public List<VendorFunction> functions(Class<?> handler, String method) {
        // most classes of a project are not Azure functions: skip reflecting over their methods when Azure is absent
        if (!NativeHandlers.visible(handler.getClassLoader(), FUNCTION_NAME)) return List.of();
        return httpMethods(handler).stream()
                .filter(m -> method == null || m.getName().equals(method))
                .map(m -> new VendorFunction(functionName(m), m.getName(), "Azure @FunctionName method with an "
                        + "@HttpTrigger", List.of(Shape.HTTP), Map.of("trigger", "http"))).toList();
    }

    @Override
    public Object adapt(Class<?> handler, Object instance, String function, String method, Shape shape) {
        List<Method> methods = httpMethods(handler);
        Method chosen = null;
        for (Method m : methods) {
            if (method != null ? m.getName().equals(method) : function.equals(functionName(m))) chosen = m;
        }
        if (chosen == null && methods.size() == 1) chosen = methods.get(0);
        if (chosen == null) {
            List<String> names = methods.stream().map(AzureNativeAdapter::functionName).toList();
            throw new IllegalArgumentException("function '" + function + "': " + handler.getName() + " has "
                    + (methods.isEmpty() ? "no @FunctionName method with an @HttpTrigger parameter" : "several HTTP functions "
                    + names) + ", perhaps you should name the Faasport function after one of them");
        }
        // the class below uses Azure types: loaded only here, at run time, where the user's Azure library is present
        return AzureHttpFunction.of(instance, chosen, functionName(chosen));
    }

    /** @return the public {@code @FunctionName} methods with an {@code @HttpTrigger} parameter, in name order */
    static List<Method> httpMethods(Class<?> handler) {
        List<Method> found = new ArrayList<>();
        for (Method m : handler.getMethods()) {
            if (NativeHandlers.annotation(m.getDeclaredAnnotations(), FUNCTION_NAME) == null) continue;
            for (Annotation[] parameter : m.getParameterAnnotations()) {
                if (NativeHandlers.annotation(parameter, HTTP_TRIGGER) != null) {
                    found.add(m);
                    break;
                }
            }
        }
        found.sort(Comparator.comparing(AzureNativeAdapter::functionName)); // getMethods() has no stable order
        return found;
    }

    static String functionName(Method m) {
        Object v = NativeHandlers.attribute(NativeHandlers.annotation(m.getDeclaredAnnotations(), FUNCTION_NAME), "value");
        return v == null ? m.getName() : String.valueOf(v);
    }
}
