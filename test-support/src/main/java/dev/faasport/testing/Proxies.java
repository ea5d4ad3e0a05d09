package dev.faasport.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Stand-ins for a vendor runtime's interfaces (requests, responses, contexts) built as dynamic proxies in a package's
 * class loader: default methods run as written, {@code toString}, {@code hashCode} and {@code equals} answer as an
 * object's identity does, everything else goes to the given handler.
 */
public final class Proxies {

    private Proxies() {
    }

    /**
     * @param loader  the package's class loader
     * @param type    the interface, loaded by {@code loader}
     * @param handler answers the interface's abstract methods
     * @return the proxy
     */
    public static Object of(ClassLoader loader, Class<?> type, InvocationHandler handler) {
        return Proxy.newProxyInstance(loader, new Class<?>[] {type}, (p, m, a) -> {
            if (m.isDefault()) {
                return InvocationHandler.invokeDefault(p, m, a);
            }
            return switch (m.getName()) {
                case "toString" -> type.getSimpleName() + "(test host)";
                case "hashCode" -> System.identityHashCode(p);
                case "equals" -> p == a[0];
                default -> handler.invoke(p, m, a);
            };
        });
    }

    /**
     * For a handler's default branch.
     *
     * @throws UnsupportedOperationException always, naming the method
     */
    public static Object unsupported(Method m) {
        throw new UnsupportedOperationException("the test host does not implement " + m.getName());
    }
}
