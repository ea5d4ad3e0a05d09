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
 * Runs Azure Functions Java functions as portable functions: each public method annotated {@code @FunctionName} is
 * one function, named by that annotation, whose trigger parameter ({@code @HttpTrigger}, {@code @QueueTrigger},
 * {@code @BlobTrigger}, {@code @TimerTrigger}) gives its shape and trigger settings ({@link AzureTriggers}). Detection
 * reads annotation names only: this class never touches an Azure type, so it also runs where the Azure library is
 * absent (the build).
 */
public final class AzureNativeAdapter implements NativeAdapter {

    static final String ANNOTATIONS = "com.microsoft.azure.functions.annotation.";
    static final String FUNCTION_NAME = ANNOTATIONS + "FunctionName";
    static final String HTTP_TRIGGER = ANNOTATIONS + "HttpTrigger";
    static final String QUEUE_TRIGGER = ANNOTATIONS + "QueueTrigger";
    static final String BLOB_TRIGGER = ANNOTATIONS + "BlobTrigger";
    static final String TIMER_TRIGGER = ANNOTATIONS + "TimerTrigger";
    /** The triggers Faasport translates, and the shape each runs as. */
    static final Map<String, Shape> TRIGGERS = Map.of(HTTP_TRIGGER, Shape.HTTP, QUEUE_TRIGGER, Shape.QUEUE,
            BLOB_TRIGGER, Shape.STORAGE, TIMER_TRIGGER, Shape.SCHEDULE);

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
        List<VendorFunction> found = new ArrayList<>();
        List<String> untranslated = new ArrayList<>();
        for (Method m : azureMethods(handler)) {
            if (method != null && !m.getName().equals(method)) continue;
            Annotation trigger = trigger(m);
            String name = functionName(m);
            if (trigger == null) {
                untranslated.add("'" + name + "' (method " + m.getName() + ") " + otherTriggers(m));
                continue;
            }
            List<String> bindings = otherBindings(m);
            if (!bindings.isEmpty()) {
                untranslated.add("'" + name + "' (method " + m.getName() + ") has " + String.join(", ", bindings));
                continue;
            }
            String simple = trigger.annotationType().getSimpleName();
            found.add(new VendorFunction(name, m.getName(), "Azure @FunctionName(\"" + name + "\") method with @" + simple,
                    List.of(TRIGGERS.get(trigger.annotationType().getName())), AzureTriggers.settings(trigger)));
        }
        if (!untranslated.isEmpty()) {
            throw new IllegalArgumentException("class " + handler.getName() + " holds Azure functions Faasport cannot "
                    + "translate: " + String.join(", ", untranslated) + (found.isEmpty() ? "" : "; it translates "
                    + found.stream().map(f -> "'" + f.name() + "' (" + f.api().substring(f.api().lastIndexOf('@')) + ")").toList())
                    + "; Faasport runs @FunctionName methods with an @HttpTrigger, @QueueTrigger, @BlobTrigger or "
                    + "@TimerTrigger parameter and @BindingName, @QueueOutput, @BlobOutput or @HttpOutput bindings, perhaps you should move the others to a class Faasport does not deploy, "
                    + "or declare the functions in <functions> with handlers " + handler.getName() + "::method");
        }
        return found;
    }

    @Override
    public Object adapt(Class<?> handler, Object instance, String function, String method, Shape shape) {
        List<Method> methods = azureMethods(handler).stream().filter(m -> trigger(m) != null).toList();
        Method chosen = null;
        for (Method m : methods) {
            if (method != null ? m.getName().equals(method) : function.equals(functionName(m))
                    || function.equals(new VendorFunction(functionName(m), null, "", List.of(shape), null).portableName())) {
                chosen = m;
            }
        }
        if (chosen == null && methods.size() == 1) chosen = methods.get(0);
        if (chosen == null) {
            List<String> names = methods.stream().map(AzureNativeAdapter::functionName).toList();
            throw new IllegalArgumentException("function '" + function + "': " + handler.getName() + " has "
                    + (methods.isEmpty() ? "no @FunctionName method with a trigger Faasport translates" : "several functions "
                    + names) + ", perhaps you should name the Faasport function after one of them");
        }
        Shape own = TRIGGERS.get(trigger(chosen).annotationType().getName());
        if (own != shape && shape != Shape.TYPED) {
            throw new IllegalArgumentException("function '" + function + "': " + handler.getName() + "::"
                    + chosen.getName() + " is an Azure " + own + " function but was packaged as " + shape
                    + ", perhaps you should remove the <trigger> that contradicts its @" + trigger(chosen).annotationType().getSimpleName());
        }
        // the classes below use Azure types: loaded only here, at run time, where the user's Azure library is present
        AzureMethod call = new AzureMethod(instance, chosen, functionName(chosen));
        return own == Shape.HTTP ? AzureHttpFunction.of(call) : new AzureEventFunction(call);
    }

    /** @return the public {@code @FunctionName} methods, in function-name order */
    static List<Method> azureMethods(Class<?> handler) {
        List<Method> found = new ArrayList<>();
        for (Method m : handler.getMethods()) {
            if (NativeHandlers.annotation(m.getDeclaredAnnotations(), FUNCTION_NAME) != null) found.add(m);
        }
        found.sort(Comparator.comparing(AzureNativeAdapter::functionName)); // getMethods() has no stable order
        return found;
    }

    /** @return the trigger annotation Faasport translates on one of the method's parameters, or null */
    static Annotation trigger(Method m) {
        for (Annotation[] parameter : m.getParameterAnnotations()) {
            for (Annotation a : parameter) {
                if (TRIGGERS.containsKey(a.annotationType().getName())) return a;
            }
        }
        return null;
    }

    /** Binding annotations Faasport supplies; any other of Azure's on a method or parameter would be left unbound. */
    private static final java.util.Set<String> BOUND = java.util.Set.of("FunctionName", "BindingName", "QueueOutput",
            "BlobOutput", "HttpOutput", "StorageAccount", "HttpTrigger", "QueueTrigger", "BlobTrigger", "TimerTrigger",
            // retry policies: the target's own redelivery applies instead
            "FixedDelayRetry", "ExponentialBackoffRetry");

    /** @return Azure binding annotations of the method and its parameters that Faasport does not supply ({@code @BlobInput}) */
    private static List<String> otherBindings(Method m) {
        List<String> names = new ArrayList<>();
        List<Annotation> all = new ArrayList<>(List.of(m.getDeclaredAnnotations()));
        for (Annotation[] parameter : m.getParameterAnnotations()) all.addAll(List.of(parameter));
        for (Annotation a : all) {
            String n = a.annotationType().getName();
            if (n.startsWith(ANNOTATIONS) && !BOUND.contains(a.annotationType().getSimpleName())) {
                names.add("@" + a.annotationType().getSimpleName());
            }
        }
        return names;
    }

    /** @return what a method without a translated trigger has instead, for the message */
    private static String otherTriggers(Method m) {
        List<String> names = new ArrayList<>();
        for (Annotation[] parameter : m.getParameterAnnotations()) {
            for (Annotation a : parameter) {
                String n = a.annotationType().getName();
                if (n.startsWith(ANNOTATIONS) && n.endsWith("Trigger")) names.add("@" + a.annotationType().getSimpleName());
            }
        }
        return names.isEmpty() ? "has no trigger parameter" : "has " + String.join(", ", names);
    }

    static String functionName(Method m) {
        Object v = NativeHandlers.attribute(NativeHandlers.annotation(m.getDeclaredAnnotations(), FUNCTION_NAME), "value");
        return v == null ? m.getName() : String.valueOf(v);
    }
}
