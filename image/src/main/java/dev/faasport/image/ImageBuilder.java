package dev.faasport.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.image.json.OciIndexTemplate;
import com.google.cloud.tools.jib.image.json.V22ManifestListTemplate;
import com.google.cloud.tools.jib.registry.RegistryClient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an image with jib-core (no Docker daemon), pushes it, and reads its manifest back to report digests, sizes
 * and how many layers were uploaded. Credentials for a registry come, in this order, from
 * {@link #withCredential(String, String, String)} (e.g. Maven settings servers), the Docker config
 * ({@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}, including its credential helpers) and the
 * well-known credential helpers, as Jib's own plugins do. Thread-safe; one build per call.
 */
public final class ImageBuilder {

    // jib-core times each blob upload step; a PATCH lap exists only when bytes were really sent (not skipped or mounted)
    private static final Pattern UPLOADED_BLOB = Pattern.compile("^pushBlob PATCH (sha256:[0-9a-f]{64})$");

    private final Consumer<String> log;
    private final Map<String, Credential> knownCredentials;

    /** A builder that logs nothing. */
    public ImageBuilder() {
        this(message -> { });
    }

    /** @param log receives jib-core's progress and diagnostics, one line each */
    public ImageBuilder(Consumer<String> log) {
        this(log, Map.of());
    }

    private ImageBuilder(Consumer<String> log, Map<String, Credential> knownCredentials) {
        this.log = log;
        this.knownCredentials = Map.copyOf(knownCredentials);
    }

    /**
     * @param registry the registry host (and port) the credential is for, e.g. {@code ghcr.io}
     * @return a builder that uses this username/password for that registry before any other source
     */
    public ImageBuilder withCredential(String registry, String username, String password) {
        Map<String, Credential> all = new HashMap<>(knownCredentials);
        all.put(registry, Credential.from(username, password));
        return new ImageBuilder(log, all);
    }

    /**
     * Builds the image and pushes it to {@code request.targetImage()}.
     *
     * @throws ImageException when the request is invalid, a registry refuses or cannot be reached, or a file is unreadable
     */
    public ImageResult build(ImageRequest request) throws ImageException {
        ImageReference base = reference(request.baseImage(), "baseImage");
        ImageReference target = reference(request.targetImage(), "targetImage");
        Set<Platform> platforms = platforms(request.platforms());
        for (Layer layer : request.layers()) {
            for (Layer.Entry entry : layer.entries()) {
                if (!Files.isRegularFile(entry.source())) {
                    throw new ImageException("Image layer '" + layer.name() + "' names " + entry.source()
                            + " which is not a readable file, perhaps you should build the project before packaging it");
                }
            }
        }

        if (!request.insecure()) {
            probeTls(target, "targetImage");
            if (!base.isScratch() && !base.getRegistry().equals(target.getRegistry())) {
                probeTls(base, "baseImage");
            }
        }

        JibContainerBuilder builder = base.isScratch() ? Jib.fromScratch() : Jib.from(registryImage(base));
        builder.setPlatforms(platforms);
        for (Layer layer : request.layers()) {
            FileEntriesLayer.Builder layerBuilder = FileEntriesLayer.builder().setName(layer.name());
            for (Layer.Entry entry : layer.entries()) {
                layerBuilder.addEntry(entry.source(), AbsoluteUnixPath.get(entry.pathInImage()));
            }
            builder.addFileEntriesLayer(layerBuilder.build());
        }
        if (request.entrypoint() != null) {
            builder.setEntrypoint(request.entrypoint());
        }
        if (request.cmd() != null) {
            builder.setProgramArguments(request.cmd());
        }
        builder.setEnvironment(request.environment());
        if (request.workingDirectory() != null) {
            builder.setWorkingDirectory(AbsoluteUnixPath.get(request.workingDirectory()));
        }

        Set<String> uploaded = ConcurrentHashMap.newKeySet();
        Containerizer containerizer = Containerizer.to(registryImage(target))
                .setAllowInsecureRegistries(request.insecure())
                .setToolName("faasport")
                .addEventHandler(LogEvent.class, e -> {
                    // jib-core's debug and progress lines are for its own developers
                    if (e.getLevel() != LogEvent.Level.DEBUG && e.getLevel() != LogEvent.Level.PROGRESS) {
                        log.accept(e.getMessage());
                    }
                })
                .addEventHandler(TimerEvent.class, e -> {
                    Matcher m = UPLOADED_BLOB.matcher(e.getDescription());
                    if (m.matches()) {
                        uploaded.add(m.group(1));
                    }
                });
        if (request.cacheDirectory() != null) {
            containerizer.setBaseImageLayersCache(request.cacheDirectory().resolve("base"))
                    .setApplicationLayersCache(request.cacheDirectory().resolve("application"));
        }

        JibContainer container;
        try {
            container = builder.containerize(containerizer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("Building image " + target + " was interrupted", e);
        } catch (Exception e) {
            throw failure("Building image " + target + " from " + base, e, request);
        }
        String digest = container.getDigest().toString();
        long appBytes = request.layers().stream().mapToLong(Layer::uncompressedBytes).sum();
        // jib-core skips empty layers, so only non-empty ones follow the base image's layers
        int appLayers = (int) request.layers().stream().filter(l -> !l.entries().isEmpty()).count();
        return describe(target, digest, request.insecure(), uploaded, appBytes, appLayers);
    }

    /** Reads the pushed manifest (or manifest list) back to report layers, sizes and platforms. */
    private ImageResult describe(ImageReference target, String digest, boolean insecure, Set<String> uploaded,
                                 long appBytes, int appLayers)
            throws ImageException {
        FailoverHttpClient http = new FailoverHttpClient(insecure, false, e -> log.accept(e.getMessage()));
        try {
            RegistryClient client = registryClient(target, http);
            ManifestTemplate top = client.pullManifest(digest).getManifest();
            Map<String, BuildableManifestTemplate> images = new LinkedHashMap<>();
            if (top instanceof V22ManifestListTemplate list) {
                for (V22ManifestListTemplate.ManifestDescriptorTemplate m : list.getManifests()) {
                    images.put(m.getPlatform().getOs() + "/" + m.getPlatform().getArchitecture(),
                            (BuildableManifestTemplate) client.pullManifest(m.getDigest()).getManifest());
                }
            } else if (top instanceof OciIndexTemplate index) {
                for (OciIndexTemplate.ManifestDescriptorTemplate m : index.getManifests()) {
                    String platform = m.getPlatform() == null ? "unknown"
                            : m.getPlatform().getOs() + "/" + m.getPlatform().getArchitecture();
                    images.put(platform, (BuildableManifestTemplate) client.pullManifest(m.getDigest().toString()).getManifest());
                }
            } else if (top instanceof BuildableManifestTemplate single) {
                images.put("single", single);
            } else {
                throw new ImageException("Image " + target + "@" + digest + " has a manifest of type "
                        + top.getManifestMediaType() + " which Faasport cannot read, perhaps you should push in Docker v2.2 or OCI format");
            }
            List<String> firstLayers = new ArrayList<>();
            Set<String> allLayers = new LinkedHashSet<>();
            long largest = 0;
            long largestBase = 0;
            for (BuildableManifestTemplate image : images.values()) {
                long size = image.getContainerConfiguration().getSize();
                long base = 0;
                int baseLayers = image.getLayers().size() - appLayers;
                int index = 0;
                for (BuildableManifestTemplate.ContentDescriptorTemplate layer : image.getLayers()) {
                    size += layer.getSize();
                    if (index++ < baseLayers) {
                        base += layer.getSize();
                    }
                    allLayers.add(layer.getDigest().toString());
                    if (images.values().iterator().next() == image) {
                        firstLayers.add(layer.getDigest().toString());
                    }
                }
                largest = Math.max(largest, size);
                largestBase = Math.max(largestBase, base);
            }
            int pushed = (int) allLayers.stream().filter(uploaded::contains).count();
            List<String> platforms = images.containsKey("single") ? List.of() : List.copyOf(images.keySet());
            String ref = target.getRegistry() + "/" + target.getRepository() + "@" + digest;
            return new ImageResult(ref, digest, firstLayers, largest, pushed, allLayers.size() - pushed, platforms,
                    appBytes, largestBase);
        } catch (ImageException e) {
            throw e;
        } catch (Exception e) {
            throw failure("Reading back the manifest of " + target + "@" + digest, e, null);
        } finally {
            try {
                http.shutDown();
            } catch (IOException ignored) {
                // closing idle connections cannot change the result
            }
        }
    }

    private RegistryClient registryClient(ImageReference image, FailoverHttpClient http) throws Exception {
        Optional<Credential> credential = credential(image);
        RegistryClient client = RegistryClient.factory(EventHandlers.NONE, image.getRegistry(), image.getRepository(), http)
                .setCredential(credential.orElse(null))
                .newRegistryClient();
        // registries with token auth want a bearer token first; anonymous ones answer without a challenge
        if (!client.doPullBearerAuth() && credential.isPresent() && !credential.get().isOAuth2RefreshToken()) {
            client.configureBasicAuth();
        }
        return client;
    }

    private Optional<Credential> credential(ImageReference image) throws Exception {
        for (CredentialRetriever retriever : retrievers(image)) {
            Optional<Credential> credential = retriever.retrieve();
            if (credential.isPresent()) {
                return credential;
            }
        }
        return Optional.empty();
    }

    private RegistryImage registryImage(ImageReference image) {
        RegistryImage registryImage = RegistryImage.named(image);
        for (CredentialRetriever retriever : retrievers(image)) {
            registryImage.addCredentialRetriever(retriever);
        }
        return registryImage;
    }

    private List<CredentialRetriever> retrievers(ImageReference image) {
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(image, e -> log.accept(e.getMessage()));
        List<CredentialRetriever> retrievers = new ArrayList<>();
        Credential known = knownCredentials.get(image.getRegistry());
        if (known != null) {
            retrievers.add(factory.known(known, "Faasport configuration"));
        }
        retrievers.add(factory.dockerConfig());
        retrievers.add(factory.wellKnownCredentialHelpers());
        return retrievers;
    }

    /**
     * Fails fast when a registry cannot be reached or does not speak TLS: jib-core retries such secure connections
     * with exponential backoff for about a minute before it gives up.
     */
    private static void probeTls(ImageReference image, String field) throws ImageException {
        URI uri = URI.create("https://" + image.getRegistry() + "/v2/");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (SSLException e) {
            throw new ImageException("Registry " + image.getRegistry() + " of " + field + " '" + image
                    + "' does not answer over TLS (" + e.getMessage() + "), perhaps you should allow insecure registries "
                    + "if it is a local registry serving plain HTTP, or fix its certificate", e);
        } catch (ConnectException e) {
            throw new ImageException("Registry " + image.getRegistry() + " of " + field + " '" + image
                    + "' refused the connection, perhaps you should check that the registry is running and reachable", e);
        } catch (IOException e) {
            // anything else (a proxy, a slow network) is left to jib-core, which knows more ways to reach a registry
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("Checking registry " + image.getRegistry() + " was interrupted", e);
        }
    }

    static ImageReference reference(String value, String field) throws ImageException {
        try {
            return ImageReference.parse(value);
        } catch (InvalidImageReferenceException e) {
            throw new ImageException("Image reference '" + value + "' in " + field
                    + " is invalid, perhaps you should write it as registry/repository:tag", e);
        }
    }

    static Set<Platform> platforms(List<String> values) throws ImageException {
        Set<Platform> platforms = new LinkedHashSet<>();
        for (String value : values) {
            String[] parts = value.split("/");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new ImageException("Platform '" + value + "' is invalid, perhaps you should write it as os/architecture, e.g. linux/amd64");
            }
            platforms.add(new Platform(parts[1], parts[0]));
        }
        return platforms;
    }

    private static ImageException failure(String what, Exception e, ImageRequest request) {
        Throwable cause = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RegistryUnauthorizedException || t instanceof InsecureRegistryException
                    || t instanceof ConnectException) {
                cause = t;
                break;
            }
        }
        String suggestion;
        if (cause instanceof RegistryUnauthorizedException) {
            suggestion = "perhaps you should log in to the registry (docker login), configure a credential helper in "
                    + "~/.docker/config.json, or add a <server> with the registry's host as id to the Maven settings";
        } else if (cause instanceof InsecureRegistryException) {
            suggestion = "perhaps you should use a registry with a trusted TLS certificate, or allow insecure registries "
                    + "for a local registry only";
        } else if (cause instanceof ConnectException) {
            suggestion = "perhaps you should check that the registry is running and reachable"
                    + (request != null && !request.insecure() ? ", and allow insecure registries if it serves plain HTTP" : "");
        } else {
            suggestion = "perhaps you should check the image references, the registry and its credentials";
        }
        return new ImageException(what + " failed: " + describeCause(e) + ", " + suggestion, e);
    }

    private static String describeCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getClass().getSimpleName() + " (" + message + ")";
    }

}
