package dev.faasport.it.migration;

import dev.faasport.core.session.Target;
import dev.faasport.local.LocalProvider;
import dev.faasport.provider.aws.LambdaTestServer;
import dev.faasport.provider.aws.RicRuntime;
import dev.faasport.provider.azure.testing.ArmTestServer;
import dev.faasport.provider.azure.testing.AzuriteProcess;
import dev.faasport.image.LocalRegistry;
import dev.faasport.provider.gcp.FakeCloudFunctions;
import dev.faasport.provider.knative.testing.KnativeTestCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The providers a test migrates between, each started on demand on 127.0.0.1 with an ephemeral port: a private local
 * runtime ({@code local.port=0}), the aws test-jar's LambdaTestServer running packages under AWS's runtime interface
 * client (RicRuntime), the gcp test-jar's FakeCloudFunctions running packages through the real Google adapter, the azure
 * test-jar's ARM test server with Azurite, and for Knative a real OCI registry (Debian's docker-registry, with the
 * tests' base image pushed first) plus the knative test-jar's cluster, whose controller pulls each service's image
 * and runs it. Closing stops everything that was started.
 */
final class Clouds implements AutoCloseable {

    static final String SET = "shop";
    static final String ROLE = "arn:aws:iam::" + LambdaTestServer.ACCOUNT + ":role/faasport-it-role";
    static final String BUCKET = "shop-uploads";
    static final String QUEUE = "shop-orders";

    private final Path dir;
    private final List<AutoCloseable> started = new ArrayList<>();
    private Map<String, String> local;
    LambdaTestServer aws;
    FakeCloudFunctions gcp;
    ArmTestServer azure;
    private AzuriteProcess azurite;
    LocalRegistry registry;
    private String baseImage;
    KnativeTestCluster knative;

    Clouds(Path dir) {
        this.dir = dir;
    }

    Target target(String id) {
        return new Target(id, properties(id), dir.resolve("work-" + id));
    }

    Map<String, String> properties(String id) {
        try {
            return switch (id) {
                case "local" -> local();
                case "aws" -> aws();
                case "gcp" -> gcp();
                case "azure" -> azure();
                case "knative" -> knative();
                default -> throw new IllegalArgumentException(id);
            };
        } catch (Exception e) {
            throw new IllegalStateException("starting the " + id + " test server failed: " + e, e);
        }
    }

    private Map<String, String> local() {
        if (local == null) {
            local = Map.of("local.home", dir.resolve("local-home").toString(), "local.port", "0",
                    "local.idleSeconds", "60");
            Map<String, String> props = local;
            started.add(() -> LocalProvider.stopDaemon(props));
        }
        return local;
    }

    private Map<String, String> aws() throws Exception {
        if (aws == null) {
            // fake static keys for the test server only (set when it starts, so a live run keeps the user's own login);
            // the SDK's default chain reads these system properties
            System.setProperty("aws.accessKeyId", "AKIAFAASPORTITEST000");
            System.setProperty("aws.secretAccessKey", "faasport-it-fake-secret");
            aws = new LambdaTestServer().transitions(Duration.ofMillis(20), Duration.ofMillis(20)).role(ROLE)
                    .queue(QUEUE, 360).bucket(BUCKET); // AWS's advice: 6 x the 60 s timeout of 'orders'
            RicRuntime runtime = new RicRuntime(dir.resolve("aws-runtime"));
            aws.runtime(runtime);
            LambdaTestServer server = aws;
            started.add(server::close);
            started.add(runtime);
        }
        Map<String, String> p = aws.providerProperties(ROLE, 20);
        p.put("aws.waitSeconds", "10");
        return p;
    }

    private Map<String, String> azure() throws Exception {
        if (azure == null) {
            azurite = new AzuriteProcess();
            started.add(azurite);
            azure = new ArmTestServer().runPackages(dir.resolve("azure-runtime"));
            started.add(azure);
        }
        Map<String, String> p = new java.util.TreeMap<>(azure.providerProperties(
                "00000000-0000-0000-0000-0000000000a1", azurite, "rg-faasport-it", 20));
        p.put("azure.scmHost", azure.scmHost()); // the Kudu log stream, which faas:logs reads
        return p;
    }

    private Map<String, String> gcp() throws Exception {
        if (gcp == null) {
            gcp = new FakeCloudFunctions();
            gcp.operationDelayMillis = 50;
            gcp.createBucket(BUCKET, "EUROPE-WEST1"); // storage triggers watch an existing bucket from its location
            gcp.runPackages(dir.resolve("gcp-runtime"));
            started.add(gcp);
        }
        return Map.of("gcp.project", "faasport-it", "gcp.region", "europe-west1", "gcp.endpoint", gcp.endpoint(),
                "gcp.noCredentials", "true", "gcp.pollMillis", "20");
    }

    /**
     * The project settings a set needs to be packaged as images: the local registry (insecure, as configured), the
     * base image the tests pushed to it, and a Jib cache inside the test directory.
     */
    Map<String, String> imageSettings() {
        try {
            if (registry == null) {
                registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")));
                started.add(registry);
                // nothing is pulled from the internet; the base holds no JDK, the test cluster runs the host's java
                baseImage = registry.pushBaseImage("test/base:1", dir.resolve("base"));
            }
        } catch (Exception e) {
            throw new IllegalStateException("starting the registry failed: " + e, e);
        }
        return Map.of("image.registry", registry.host() + "/it", "image.base", baseImage, "image.insecure", "true",
                "image.cacheDir", dir.resolve("jib-cache").toString());
    }

    private Map<String, String> knative() throws Exception {
        imageSettings();
        if (knative == null) {
            knative = KnativeTestCluster.start(dir.resolve("knative"), registry.host());
            started.add(knative);
        }
        return Map.of("knative.endpoint", knative.endpoint(), "knative.namespace", "faasport-it",
                "knative.readyTimeoutSeconds", "60");
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping a test server failed: " + e);
            }
        }
        started.clear();
    }
}
