package dev.faasport.packaging;

import dev.faasport.image.FunctionImages;
import dev.faasport.image.ImageRequest;
import dev.faasport.image.ImageResult;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the container images of one packaging run are built: which functions, from which base, to which registry,
 * for which platforms. Settings are read as {@code <providerId>.image.X} first, then {@code image.X}.
 */
final class ImagePlan {
    /** The main class of Knative (generic HTTP) images, from faasport-runtime-http. */
    static final String HTTP_MAIN = "dev.faasport.runtime.http.HttpMain";
    /** File-name prefixes of adapter jars that only Lambda images on a non-AWS base need (the runtime interface client). */
    static final List<String> LAMBDA_IMAGE_ONLY = List.of("aws-lambda-java-runtime-interface-client",
            "aws-lambda-java-serialization");
    static final String KNATIVE_PLATFORMS = "linux/amd64,linux/arm64";
    private static final String RIC_COORDINATES = "com.amazonaws:aws-lambda-java-runtime-interface-client:2.10.1";

    final boolean lambda;
    final Set<String> functions;
    final String registry;
    final String base;
    final boolean insecure;
    final List<String> platforms;
    final String architecture;
    final Path cacheDir;
    final String providerId;

    private ImagePlan(boolean lambda, Set<String> functions, String registry, String base, boolean insecure,
                      List<String> platforms, String architecture, Path cacheDir, String providerId) {
        this.lambda = lambda;
        this.functions = functions;
        this.registry = registry;
        this.base = base;
        this.insecure = insecure;
        this.platforms = platforms;
        this.architecture = architecture;
        this.cacheDir = cacheDir;
        this.providerId = providerId;
    }

    /** @return the functions of the request packaged as images for this format (all for OCI_IMAGE, packageType image on Lambda) */
    static Set<String> imageFunctions(PackageRequest req, PackageFormat format) {
        Set<String> out = new TreeSet<>();
        for (FunctionSpec f : req.functions()) {
            if (format == PackageFormat.OCI_IMAGE
                    || format == PackageFormat.LAMBDA_ZIP && f.packageType() == FunctionSpec.PackageType.IMAGE) {
                out.add(f.name());
            }
        }
        return out;
    }

    /** @return the plan, or null when no function of the request is an image for this format */
    static ImagePlan of(PackageRequest req, String providerId, PackageFormat format, Map<String, String> settings)
            throws PackagingException {
        Set<String> functions = imageFunctions(req, format);
        if (functions.isEmpty()) {
            return null;
        }
        boolean lambda = format == PackageFormat.LAMBDA_ZIP;
        String first = functions.iterator().next();
        String registry = setting(settings, providerId, "image.registry");
        if (registry == null) {
            throw new PackagingException("Function '" + first + "' of set '" + req.setName() + "' is packaged as a"
                    + " container image for " + providerId + " but no image registry is configured, perhaps you should"
                    + " set <image.registry> in the plugin's <settings> (e.g. ghcr.io/myteam, or 127.0.0.1:5000/myteam"
                    + " with <image.insecure>true</image.insecure> for a local registry)");
        }
        registry = registry.replaceAll("/+$", "");
        String base = setting(settings, providerId, "image.base");
        if (base == null) {
            // the base's Java runs the project's classes and Faasport's runtime jars in the image alike
            int adapters = JavaLevel.measure(null, req.adapters(lambda ? PackageFormat.LAMBDA_ZIP : PackageFormat.OCI_IMAGE),
                    null);
            int level = dev.faasport.limits.JavaRuntimes.version(settings.get(dev.faasport.limits.JavaRuntimes.VERSION));
            String java = level == 0 && adapters == 0 ? "17" : Integer.toString(Math.max(level, adapters));
            // AWS's base already holds the runtime interface client; Knative needs any image with java on its PATH
            base = lambda ? "public.ecr.aws/lambda/java:" + java : "eclipse-temurin:" + java + "-jre";
        }
        boolean insecure = "true".equalsIgnoreCase(setting(settings, providerId, "image.insecure"));
        String architecture = settings.getOrDefault("aws.architecture", "x86_64").trim().toLowerCase(Locale.ROOT);
        List<String> platforms = new ArrayList<>();
        if (lambda) {
            if (!architecture.equals("x86_64") && !architecture.equals("arm64")) {
                throw new PackagingException("aws.architecture '" + architecture + "' of set '" + req.setName()
                        + "' is unknown, perhaps you should use x86_64 or arm64");
            }
            platforms.add(architecture.equals("arm64") ? "linux/arm64" : "linux/amd64");
        } else {
            String list = setting(settings, providerId, "image.platforms");
            for (String p : (list == null ? KNATIVE_PLATFORMS : list).split(",")) {
                if (!p.isBlank()) {
                    platforms.add(p.trim());
                }
            }
            if (platforms.isEmpty()) {
                throw new PackagingException("image.platforms of set '" + req.setName() + "' is empty, perhaps you"
                        + " should set it to e.g. " + KNATIVE_PLATFORMS);
            }
        }
        String cache = setting(settings, providerId, "image.cacheDir");
        return new ImagePlan(lambda, functions, registry, base, insecure, List.copyOf(platforms), architecture,
                cache == null ? null : Path.of(cache), providerId);
    }

    private static String setting(Map<String, String> settings, String providerId, String key) {
        String v = settings.get(providerId + "." + key);
        if (v == null || v.isBlank()) {
            v = settings.get(key);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** @return the inputs of the plan that no file stat covers, for the up-to-date fingerprint */
    Map<String, Object> fingerprint() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("functions", List.copyOf(functions));
        m.put("registry", registry);
        m.put("base", base);
        m.put("insecure", insecure);
        m.put("platforms", platforms);
        m.put("cacheDir", cacheDir == null ? "" : cacheDir.toString());
        return m;
    }

    /** @return where a function's image is pushed: {@code <registry>/<set>/<function>:<providerId>} */
    String target(String setName, String function) {
        return registry + "/" + repositoryPart(setName) + "/" + repositoryPart(function) + ":" + providerId;
    }

    /** Image repository components are lower case letters and digits separated by '.', '_' or '-'. */
    static String repositoryPart(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[._-]+|[._-]+$", "")
                .replaceAll("([._-])[._-]+", "$1");
        return s.isEmpty() ? "fn" : s;
    }

    /** @return whether an adapter jar is only for Lambda images (never put into zips) */
    static boolean lambdaImageOnly(Path jar) {
        return lambdaImageOnly(jar.getFileName().toString());
    }

    /** @return whether an adapter jar, by file name, is only for Lambda images */
    static boolean lambdaImageOnly(String jarName) {
        return LAMBDA_IMAGE_ONLY.stream().anyMatch(jarName::startsWith);
    }

    /** @return the Faasport jars of a function's image: the format's adapters, the runtime interface client only where needed */
    List<Path> runtimeJars(PackageRequest req) {
        if (!lambda) {
            return req.adapters(PackageFormat.OCI_IMAGE);
        }
        boolean awsBase = FunctionImages.isAwsLambdaBaseImage(base);
        return req.adapters(PackageFormat.LAMBDA_ZIP).stream().filter(j -> !awsBase || !lambdaImageOnly(j)).toList();
    }

    /** Checks that the runtime jars can start the image, before anything is built. */
    void checkRuntime(List<Path> runtimeJars, String setName) throws PackagingException {
        if (lambda) {
            boolean ric = runtimeJars.stream().anyMatch(j -> j.getFileName().toString()
                    .startsWith("aws-lambda-java-runtime-interface-client"));
            if (!FunctionImages.isAwsLambdaBaseImage(base) && !ric) {
                throw new PackagingException("The Lambda container images of set '" + setName + "' use base image '"
                        + base + "', which does not hold the Lambda runtime interface client, and none was given"
                        + ", perhaps you should use a public.ecr.aws/lambda/java base image or add "
                        + RIC_COORDINATES + " to the plugin's dependencies");
            }
        } else if (runtimeJars.stream().noneMatch(j -> j.getFileName().toString().startsWith("faasport-runtime-http"))) {
            throw new PackagingException("The " + providerId + " container images of set '" + setName + "' need"
                    + " faasport-runtime-http (the HTTP server the image runs) and it was not given, perhaps you should"
                    + " add dev.faasport:faasport-runtime-http to the plugin's dependencies");
        }
    }

    /** @return the image request for one function */
    ImageRequest request(FunctionImages.FunctionContent content, String target) {
        ImageRequest r = lambda
                ? FunctionImages.lambda(content, base, target, architecture, Map.of(), insecure)
                // an empty CMD: the base image's own (e.g. jshell) must not become the server's arguments
                : FunctionImages.http(content, base, target, FunctionImages.javaEntrypoint(HTTP_MAIN), List.of(),
                        Map.of(), platforms, insecure);
        return cacheDir == null ? r : r.withCacheDirectory(cacheDir);
    }

    /** @return the manifest's description of a pushed image */
    Map<String, Object> json(ImageResult r, ImageRequest request) {
        Map<String, Object> a = new java.util.TreeMap<>();
        a.put("format", PackageFormat.OCI_IMAGE.name());
        a.put("imageRef", r.imageRef());
        a.put("digest", r.digest());
        a.put("sha256", r.digestHex());
        a.put("target", request.targetImage());
        a.put("base", request.baseImage());
        a.put("platforms", r.platforms().isEmpty() ? request.platforms() : r.platforms());
        a.put("layers", r.layerDigests());
        a.put("totalBytes", r.totalBytes());
        a.put("applicationUncompressedBytes", r.applicationUncompressedBytes());
        a.put("baseCompressedBytes", r.baseCompressedBytes());
        a.put("pushedLayers", r.pushedLayers());
        a.put("reusedLayers", r.reusedLayers());
        if (request.entrypoint() != null) {
            a.put("entrypoint", request.entrypoint());
        }
        if (request.cmd() != null) {
            a.put("cmd", request.cmd());
        }
        return a;
    }
}
