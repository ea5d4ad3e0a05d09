package dev.faasport.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Function sources a test writes as text, compiled for Java 17 with the JDK's compiler. */
public final class Sources {

    private Sources() {
    }

    /**
     * @param packagePath the sources' package as a path ({@code shop/fn}), for the compiler's file names
     * @param sources     simple class name to source text
     * @param classPath   what the sources compile against (e.g. faasport-runtime-api)
     * @return {@code out}, holding the class files
     */
    public static Path compile(String packagePath, Map<String, String> sources, Path classPath, Path out)
            throws IOException {
        return compile(packagePath, sources, List.of(classPath), out);
    }

    /** As {@link #compile(String, Map, Path, Path)}, against several jars (a vendor's API and what it needs). */
    public static Path compile(String packagePath, Map<String, String> sources, List<Path> classPath, Path out)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler, perhaps you should run the tests on a JDK");
        }
        Files.createDirectories(out);
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + packagePath + "/" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("--release", "17", "-d", out.toString(), "-classpath",
                    String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
            if (!javac.getTask(errors, files, null, options, null, units).call()) {
                throw new IllegalStateException("the test functions in " + packagePath + " do not compile: " + errors);
            }
        }
        return out;
    }
}
