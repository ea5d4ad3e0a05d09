package dev.faasport.lockin;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.faasport.lockin.fixtures.Hello;
import dev.faasport.lockin.fixtures.Orders;
import dev.faasport.lockin.fixtures.Reports;
import dev.faasport.lockin.fixtures.Thumbnail;
import dev.faasport.lockin.fixtures.Unused;
import dev.faasport.lockin.fixtures.Uploads;
import dev.faasport.lockin.fixtures.store.OrderStore;
import dev.faasport.packaging.Dependency;
import dev.faasport.packaging.JavaLevelTest;
import dev.faasport.packaging.PackagingException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scan reads fixture classes compiled against the vendors' real SDKs and function APIs. */
class LockInScannerTest {

    private static final String FIXTURES = "dev/faasport/lockin/fixtures/";

    @TempDir
    Path dir;

    private Path classes;
    private Dependency orderStore;
    private final LockInScanner scanner = new LockInScanner();

    /** The project's classes (every fixture but the store) and a library jar holding the store. */
    @BeforeEach
    void project() throws Exception {
        Path testClasses = jarOf(LockInScannerTest.class);
        classes = dir.resolve("classes");
        try (Stream<Path> files = Files.walk(testClasses.resolve(FIXTURES))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String rel = testClasses.relativize(p).toString().replace('\\', '/');
                if (Files.isRegularFile(p) && !rel.startsWith(FIXTURES + "store/")) {
                    Files.createDirectories(classes.resolve(rel).getParent());
                    Files.copy(p, classes.resolve(rel));
                }
            }
        }
        String store = OrderStore.class.getName().replace('.', '/') + ".class";
        orderStore = new Dependency("com.acme:order-store:1.0", JavaLevelTest.jar(dir.resolve("order-store.jar"),
                Map.of(store, Files.readAllBytes(testClasses.resolve(store)))));
    }

    static Path jarOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Dependency sdk(String coordinates, Class<?> c) throws URISyntaxException {
        return new Dependency(coordinates, jarOf(c));
    }

    private static List<String> ids(List<Tie> ties) {
        return ties.stream().map(t -> t.api().id()).toList();
    }

    @Test
    void aUtilCountsForTheFunctionThatReachesItAndAnUnusedClassTaintsNone() throws Exception {
        LockIn lockIn = scanner.scan(classes, List.of(sdk("software.amazon.awssdk:s3:2", S3Client.class)),
                Map.of("thumbnail", Thumbnail.class.getName(), "hello", Hello.class.getName()));

        assertThat(lockIn.tiesOf("hello")).isEmpty(); // Unused calls S3 and the string constant names S3Client
        assertThat(ids(lockIn.tiesOf("thumbnail"))).containsExactly("aws.s3"); // RequestHandler and S3Event: translated
        Tie s3 = lockIn.tiesOf("thumbnail").get(0);
        assertThat(s3.path()).startsWith(Thumbnail.class.getName(), "dev.faasport.lockin.fixtures.Images")
                .last().asString().startsWith("software.amazon.awssdk.services.s3.");
        assertThat(s3.dependency()).isNull();
        assertThat(s3.api().kind()).isEqualTo(VendorApi.Kind.REMOTE);
        assertThat(lockIn.unreached()).isEmpty();
        // the unused class does use S3: scanned as a handler of its own it is tied
        assertThat(ids(scanner.scan(classes, List.of(), Map.of("unused", Unused.class.getName())).tiesOf("unused")))
                .containsExactly("aws.s3");
    }

    @Test
    void anSdkPackagedButReachedFromNoHandlerIsNamedForTheSet() throws Exception {
        LockIn lockIn = scanner.scan(classes, List.of(sdk("software.amazon.awssdk:s3:2", S3Client.class)),
                Map.of("hello", Hello.class.getName()));

        assertThat(lockIn.tiesOf("hello")).isEmpty();
        assertThat(lockIn.unreached()).singleElement().satisfies(p -> {
            assertThat(p.api().id()).isEqualTo("aws.s3");
            assertThat(p.dependency()).isEqualTo("software.amazon.awssdk:s3:2");
        });
        assertThat(lockIn.unreachedLine("gcp")).startsWith("Packaged with every function but reached from no handler"
                + " (used through reflection or dependency injection, which class files do not show, or not at all):"
                + " software.amazon.awssdk:s3:2 (AWS Amazon S3);");
        assertThat(lockIn.unreachedLine("aws")).isNull(); // nothing stays behind on AWS itself
    }

    @Test
    void aDependencyThatCallsDynamoDbTiesTheFunctionThatCallsIt() throws Exception {
        LockIn lockIn = scanner.scan(classes, List.of(orderStore,
                        sdk("software.amazon.awssdk:dynamodb:2", DynamoDbClient.class)),
                Map.of("orders", Orders.class.getName() + "::apply", "hello", Hello.class.getName()));

        assertThat(ids(lockIn.tiesOf("orders"))).containsExactly("aws.dynamodb");
        Tie dynamo = lockIn.tiesOf("orders").get(0);
        assertThat(dynamo.dependency()).isEqualTo("com.acme:order-store:1.0");
        assertThat(dynamo.path()).startsWith(Orders.class.getName(), OrderStore.class.getName());
        assertThat(dynamo.evidence()).endsWith("(in com.acme:order-store:1.0)");
        assertThat(lockIn.tiesOf("hello")).isEmpty();

        // a library's reference to an SDK that is not on the runtime classpath is an optional integration it never loads
        assertThat(scanner.scan(classes, List.of(orderStore), Map.of("orders", Orders.class.getName())).tiesOf("orders"))
                .isEmpty();
    }

    @Test
    void aDamagedClassOfADependencyIsSkippedAndADamagedClassOfTheProjectFailsWithTheFix() throws Exception {
        String store = OrderStore.class.getName().replace('.', '/') + ".class";
        Dependency damaged = new Dependency("com.acme:order-store:1.0", JavaLevelTest.jar(dir.resolve("damaged.jar"),
                Map.of(store, new byte[]{(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9, 99})));
        assertThat(scanner.scan(classes, List.of(damaged), Map.of("orders", Orders.class.getName())).tiesOf("orders"))
                .isEmpty();

        Path own = classes.resolve(Orders.class.getName().replace('.', '/') + ".class");
        Files.write(own, new byte[]{1, 2, 3});
        assertThatThrownBy(() -> scanner.scan(classes, List.of(), Map.of("orders", Orders.class.getName())))
                .isInstanceOf(PackagingException.class)
                .hasMessageStartingWith("Cannot read " + own + " to find the vendor APIs it calls (")
                .hasMessageEndingWith("), perhaps you should run mvn clean and build again");
    }

    @Test
    void googleStorageIsRemoteAndTheMetadataServerIdentityDoesNotMove() throws Exception {
        LockIn lockIn = scanner.scan(classes, List.of(), Map.of("reports", Reports.class.getName()));

        assertThat(ids(lockIn.tiesOf("reports"))).containsExactly("gcp.metadata", "gcp.storage");
        Tie metadata = lockIn.tiesOf("reports").get(0);
        assertThat(lockIn.consequence(metadata, "aws")).isEqualTo("does not work on aws: the metadata server"
                + " (metadata.google.internal) answers only on Google Cloud");
        Tie storage = lockIn.tiesOf("reports").get(1);
        assertThat(lockIn.consequence(storage, "gcp")).isEqualTo("native on Google Cloud");
        assertThat(lockIn.fix(storage, "gcp")).isNull();
        assertThat(lockIn.consequence(storage, "azure")).isEqualTo("keeps working on azure with Google Cloud"
                + " credentials and network egress to Google Cloud (cross-cloud data transfer is billed)");
        assertThat(lockIn.fix(storage, "azure")).isEqualTo("move the data to Blob Storage (com.azure:azure-storage-blob)"
                + " and call that instead, or keep Cloud Storage and give the function Google Cloud credentials from"
                + " azure's secret store (never in its environment)");
        // the local runtime serves the Cloud Storage JSON API itself (issue 15)
        assertThat(lockIn.outcome(storage, "local")).isEqualTo("served on local");
        assertThat(lockIn.consequence(storage, "local")).startsWith("served on local by the local runtime's Cloud Storage");
        assertThat(lockIn.fix(storage, "local")).isNull();
        assertThat(lockIn.fix(metadata, "local")).isNotNull();
    }

    @Test
    void azureHostBindingsDoNotMoveWhileTheTranslatedHttpTriggerIsNoLockIn() throws Exception {
        LockIn lockIn = scanner.scan(classes, List.of(), Map.of("uploads", Uploads.class.getName()));

        assertThat(ids(lockIn.tiesOf("uploads"))).containsExactly("azure.blob", "azure.functions.bindings");
        Tie binding = lockIn.tiesOf("uploads").get(1);
        assertThat(binding.path()).last().isEqualTo("com.microsoft.azure.functions.annotation.CosmosDBOutput");
        assertThat(lockIn.consequence(binding, "gcp")).startsWith("does not work on gcp: the Functions host runs");
        assertThat(lockIn.fix(binding, "gcp")).startsWith("call the service through its SDK");
    }

    @Test
    void theCatalogueClassifiesTheVendorsOwnClasses() throws Exception {
        VendorApis apis = VendorApis.load();
        assertThat(apis.match(S3Client.class.getName()).id()).isEqualTo("aws.s3");
        assertThat(apis.match(DynamoDbClient.class.getName()).id()).isEqualTo("aws.dynamodb");
        assertThat(apis.match(com.google.cloud.storage.Storage.class.getName()).id()).isEqualTo("gcp.storage");
        assertThat(apis.match(com.azure.storage.blob.BlobServiceClient.class.getName()).id()).isEqualTo("azure.blob");
        assertThat(apis.match("com.amazonaws.services.lambda.AWSLambdaClient").id()).isEqualTo("aws.lambda");
        assertThat(apis.match("com.google.cloud.functions.v2.FunctionServiceClient").id()).isEqualTo("gcp.functions");
        assertThat(apis.match("com.amazonaws.services.s3control.AWSS3Control")).isNull(); // a package, not a prefix
        assertThat(apis.match("com.amazonaws.services.lambda.runtime.Context").kind())
                .isEqualTo(VendorApi.Kind.TRANSLATED);
        assertThat(apis.match("com.amazonaws.services.lambda.runtime.api.client.AWSLambda").kind())
                .isEqualTo(VendorApi.Kind.PLATFORM);
        // every function API and event class the adapters translate, every other one of the vendors' jars is not
        for (String c : entries(jarOf(S3Event.class), "com/amazonaws/services/lambda/runtime/events/")) {
            boolean translated = List.of("APIGatewayProxyRequestEvent", "APIGatewayProxyResponseEvent",
                    "APIGatewayV2HTTPEvent", "APIGatewayV2HTTPResponse", "S3Event", "SQSEvent", "SQSBatchResponse",
                    "ScheduledEvent", "SNSEvent").stream().anyMatch(n -> c.startsWith(
                    "com.amazonaws.services.lambda.runtime.events." + n)) || c.contains(".events.models.s3.");
            assertThat(apis.match(c).kind()).as(c).isEqualTo(translated ? VendorApi.Kind.TRANSLATED
                    : VendorApi.Kind.PLATFORM);
        }
        for (String c : entries(jarOf(com.microsoft.azure.functions.annotation.FunctionName.class),
                "com/microsoft/azure/functions/annotation/")) {
            String simple = c.substring(c.lastIndexOf('.') + 1);
            boolean translated = List.of("FunctionName", "HttpTrigger", "HttpOutput", "AuthorizationLevel",
                    "BindingName", "QueueTrigger", "QueueOutput", "BlobTrigger", "BlobOutput", "TimerTrigger")
                    .stream().anyMatch(simple::startsWith);
            assertThat(apis.match(c).kind()).as(c).isEqualTo(translated ? VendorApi.Kind.TRANSLATED
                    : VendorApi.Kind.PLATFORM);
        }
        assertThat(apis.apis()).allSatisfy(a -> assertThat(a.source()).isNotBlank());
    }

    /** AWS publishes its SDK's modules as data (the BOM): every v2 service package named is one of them. */
    @Test
    void everyAwsSdkServicePackageOfTheCatalogueIsAModuleOfAwsBom() throws Exception {
        Path s3Jar = jarOf(S3Client.class); // <repo>/software/amazon/awssdk/s3/<version>/s3-<version>.jar
        String version = s3Jar.getParent().getFileName().toString();
        String bom = Files.readString(s3Jar.getParent().getParent().getParent()
                .resolve("bom/" + version + "/bom-" + version + ".pom"));
        List<String> services = VendorApis.load().apis().stream().flatMap(a -> a.prefixes().stream())
                .filter(p -> p.startsWith("software.amazon.awssdk.services."))
                .map(p -> p.substring("software.amazon.awssdk.services.".length(), p.length() - 1)).toList();
        assertThat(services).hasSizeGreaterThan(10)
                .allSatisfy(s -> assertThat(bom).contains("<artifactId>" + s + "</artifactId>"));
    }

    /** @return {@code group:artifact:version} of a jar in the local Maven repository, else {@code test:<file>} */
    private static String coordinates(Path jar) throws URISyntaxException {
        Path repository = jarOf(S3Client.class); // <repository>/software/amazon/awssdk/s3/<version>/s3-<version>.jar
        for (int i = 0; i < 6; i++) {
            repository = repository.getParent();
        }
        if (!jar.startsWith(repository)) {
            return "test:" + jar.getFileName();
        }
        Path version = jar.getParent();
        Path artifact = version.getParent();
        return repository.relativize(artifact.getParent()).toString().replace(java.io.File.separatorChar, '.') + ":"
                + artifact.getFileName() + ":" + version.getFileName();
    }

    private static List<String> entries(Path jar, String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar.toFile())) {
            z.stream().map(ZipEntry::getName).filter(n -> n.startsWith(prefix) && n.endsWith(".class"))
                    .forEach(n -> out.add(n.substring(0, n.length() - 6).replace('/', '.')));
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    /**
     * Every jar of this test's class path (the AWS, Google and Azure SDKs with Netty, Jackson, gRPC ...) as the
     * runtime dependencies: the scan reads only what the handlers reach. Prints the time; asserts what was found.
     */
    @Test
    void scansAProjectWithTheVendorSdksOnTheClasspath() throws Exception {
        List<Dependency> all = new ArrayList<>();
        all.add(orderStore);
        for (String element : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (element.endsWith(".jar")) {
                all.add(new Dependency(coordinates(Path.of(element)), Path.of(element)));
            }
        }
        Map<String, String> handlers = new LinkedHashMap<>();
        for (Class<?> c : List.of(Thumbnail.class, Hello.class, Orders.class, Reports.class, Uploads.class)) {
            handlers.put(c.getSimpleName().toLowerCase(java.util.Locale.ROOT), c.getName());
        }
        long start = System.nanoTime();
        LockIn lockIn = scanner.scan(classes, all, handlers);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("lock-in scan of " + handlers.size() + " functions over " + all.size() + " jars: "
                + millis + " ms");

        assertThat(lockIn.functions()).containsOnlyKeys(handlers.keySet());
        assertThat(ids(lockIn.tiesOf("orders"))).containsExactly("aws.dynamodb");
        assertThat(ids(lockIn.tiesOf("thumbnail"))).containsExactly("aws.s3");
        assertThat(lockIn.tiesOf("hello")).isEmpty();
        assertThat(lockIn.unreached()).extracting(p -> p.api().id())
                .doesNotContain("aws.s3", "aws.dynamodb", "gcp.storage", "azure.blob");
    }
}
