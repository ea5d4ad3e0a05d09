package dev.faasport.image;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The image layouts Faasport builds for one function, as {@link ImageRequest}s for {@link ImageBuilder}. Every layout
 * has three layers, least often changed first, so a code-only change uploads one small layer: the dependency jars,
 * the Faasport runtime jars (runtime-common and the platform adapter), and the user's classes with the package
 * descriptor {@code faasport-functions.json}.
 */
public final class FunctionImages {

    /** Lambda's task root: classes at the root, jars under {@code lib/}. */
    public static final String LAMBDA_TASK_ROOT = "/var/task";
    /** The handler Faasport's AWS adapter exposes to Lambda. */
    public static final String LAMBDA_HANDLER = "dev.faasport.runtime.aws.LambdaHandler::handleRequest";
    /** The main class of the AWS Lambda runtime interface client (aws-lambda-java-runtime-interface-client). */
    public static final String LAMBDA_RUNTIME_INTERFACE_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The application root of the generic HTTP layout (the local provider's package layout). */
    public static final String HTTP_APP_ROOT = "/app";
    /** The environment variable adapters pick their function by. */
    public static final String FUNCTION_ENV = "FAASPORT_FUNCTION";
    /** The descriptor's file name at the classpath root. */
    public static final String DESCRIPTOR = "faasport-functions.json";

    private FunctionImages() {
    }

    /**
     * What goes into a function's image.
     *
     * @param functionName     the function, written to {@code FAASPORT_FUNCTION}
     * @param dependencyJars   the user's dependency jars
     * @param runtimeJars      Faasport's runtime jars for the target (runtime-common, the adapter, and for Lambda
     *                         on a non-AWS base image the runtime interface client)
     * @param classesDirectory the user's compiled classes and resources (may be missing when there are none)
     * @param descriptor       the package descriptor file, copied to the classpath root as {@value #DESCRIPTOR}
     */
    public record FunctionContent(String functionName, List<Path> dependencyJars, List<Path> runtimeJars,
                                  Path classesDirectory, Path descriptor) {
        public FunctionContent {
            Objects.requireNonNull(functionName, "functionName");
            dependencyJars = dependencyJars == null ? List.of() : List.copyOf(dependencyJars);
            runtimeJars = runtimeJars == null ? List.of() : List.copyOf(runtimeJars);
            Objects.requireNonNull(descriptor, "descriptor");
        }
    }

    /** @return the three layers of a function's content below {@code root}: dependencies, faasport-runtime, classes */
    public static List<Layer> layers(FunctionContent content, String root) {
        String lib = Layer.join(root, "lib");
        List<Layer.Entry> classes = new ArrayList<>();
        Layer.addDirectory(classes, content.classesDirectory(), root);
        // the descriptor sits with the classes: both change with the user's project, the jars rarely
        classes.removeIf(e -> e.pathInImage().equals(Layer.join(root, DESCRIPTOR)));
        classes.add(new Layer.Entry(content.descriptor(), Layer.join(root, DESCRIPTOR)));
        java.util.Set<String> used = new java.util.HashSet<>();
        return List.of(
                new Layer("dependencies", jarEntries(content.dependencyJars(), lib, used)),
                new Layer("faasport-runtime", jarEntries(content.runtimeJars(), lib, used)),
                new Layer("classes", classes));
    }

    /** Places jars under {@code lib}; two jars with one file name (same artifact of two groups) both stay on the classpath. */
    private static List<Layer.Entry> jarEntries(List<Path> jars, String lib, java.util.Set<String> used) {
        List<Layer.Entry> entries = new ArrayList<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            if (!used.add(name)) {
                String stem = name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
                name = stem + "-" + Integer.toHexString(jar.toAbsolutePath().toString().hashCode()) + ".jar";
                used.add(name);
            }
            entries.add(new Layer.Entry(jar, Layer.join(lib, name)));
        }
        return entries;
    }

    /** @return whether the base image is one of AWS's Lambda Java base images, whose entry point runs the handler given as CMD */
    public static boolean isAwsLambdaBaseImage(String baseImage) {
        return baseImage.startsWith("public.ecr.aws/lambda/java") || baseImage.startsWith("amazon/aws-lambda-java");
    }

    /**
     * The AWS Lambda Java image layout (files under {@value #LAMBDA_TASK_ROOT}, jars under {@code lib/}). On an AWS
     * Lambda base image the base's entry point is kept and CMD is the handler; on any other base image (which must
     * have {@code java} on its PATH) the entry point runs the runtime interface client, which must be among the
     * runtime jars, with the handler as its argument. Lambda runs single-platform images only.
     *
     * @param architecture Lambda's architecture: {@code x86_64} or {@code arm64}
     */
    public static ImageRequest lambda(FunctionContent content, String baseImage, String targetImage, String architecture,
                                      Map<String, String> environment, boolean insecure) {
        String platform = switch (architecture) {
            case "x86_64", "amd64" -> "linux/amd64";
            case "arm64", "aarch64" -> "linux/arm64";
            default -> throw new IllegalArgumentException("Lambda architecture '" + architecture + "' of function '"
                    + content.functionName() + "' is unknown, perhaps you should use x86_64 or arm64");
        };
        Map<String, String> env = new TreeMap<>(environment == null ? Map.of() : environment);
        env.put(FUNCTION_ENV, content.functionName());
        List<String> entrypoint = null;
        if (!isAwsLambdaBaseImage(baseImage)) {
            // the runtime interface client loads user code from LAMBDA_TASK_ROOT, which only AWS base images set
            env.putIfAbsent("LAMBDA_TASK_ROOT", LAMBDA_TASK_ROOT);
            entrypoint = List.of("java", "-cp", LAMBDA_TASK_ROOT + ":" + LAMBDA_TASK_ROOT + "/lib/*",
                    LAMBDA_RUNTIME_INTERFACE_CLIENT);
        }
        return new ImageRequest(baseImage, targetImage, layers(content, LAMBDA_TASK_ROOT), entrypoint,
                List.of(LAMBDA_HANDLER), env, List.of(platform), insecure, LAMBDA_TASK_ROOT, null);
    }

    /**
     * The generic HTTP layout for Knative and other container platforms: the local provider's package layout under
     * {@value #HTTP_APP_ROOT} (classes at the root, jars under {@code lib/}), with the caller's entry point (see
     * {@link #javaEntrypoint(String)}), for one or more platforms.
     */
    public static ImageRequest http(FunctionContent content, String baseImage, String targetImage,
                                    List<String> entrypoint, List<String> cmd, Map<String, String> environment,
                                    List<String> platforms, boolean insecure) {
        Map<String, String> env = new TreeMap<>(environment == null ? Map.of() : environment);
        env.put(FUNCTION_ENV, content.functionName());
        return new ImageRequest(baseImage, targetImage, layers(content, HTTP_APP_ROOT), entrypoint, cmd, env,
                platforms, insecure, HTTP_APP_ROOT, null);
    }

    /** @return an entry point that runs {@code mainClass} with the HTTP layout's classpath ({@code java} from the PATH) */
    public static List<String> javaEntrypoint(String mainClass) {
        return List.of("java", "-cp", HTTP_APP_ROOT + ":" + HTTP_APP_ROOT + "/lib/*", mainClass);
    }

}
