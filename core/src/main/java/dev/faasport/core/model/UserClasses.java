package dev.faasport.core.model;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the class loader the core inspects user code with: the compiled classes and the runtime dependencies,
 * over the platform loader, so the build tool's own classes (and its copy of the Faasport API) cannot leak in.
 * Handlers are recognised by interface name, so the user's copy of the API jar is the one that counts.
 */
public final class UserClasses {

    private UserClasses() {
    }

    /**
     * @param classesDir   the compiled classes ({@code target/classes}); may be null
     * @param dependencies the runtime dependency jars
     * @return a loader the caller closes when done
     */
    public static URLClassLoader loader(Path classesDir, List<Path> dependencies) {
        List<URL> urls = new ArrayList<>();
        try {
            if (classesDir != null) {
                urls.add(classesDir.toUri().toURL());
            }
            for (Path jar : dependencies == null ? List.<Path>of() : dependencies) {
                urls.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("a class path entry is not a valid URL: " + e.getMessage(), e);
        }
        return new URLClassLoader("faasport-user-classes", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
