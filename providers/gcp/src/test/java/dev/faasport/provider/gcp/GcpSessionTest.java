package dev.faasport.provider.gcp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.faasport.provider.gcp.GcpTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GcpSessionTest {
    private static final String SET = "Shop_Set";

    @TempDir
    Path dir;
    FakeCloudFunctions server;
    Map<String, String> props;

    @BeforeEach
    void start() throws Exception {
        server = new FakeCloudFunctions();
        server.operationDelayMillis = 150;
        props = props(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonObject json(InvocationResult r) {
        return JsonParser.parseString(r.bodyAsString()).getAsJsonObject();
    }

    @Test
    void createInvokeUnchangedUpdateConfigUpdateCodeDelete() throws Exception {
        Artifact v1 = zip(dir, "hello", "v1");
        DeployUnit u1 = unit(SET, http("hello", 256, 30, Map.of()), v1, "cfg-1");
        try (ProviderSession s = open(SET, props)) {
            DeployedUnit d = s.apply(create(u1));
            assertThat(server.creates.get()).isEqualTo(1);
            assertThat(server.uploads.get()).isEqualTo(1);
            assertThat(d.name()).isEqualTo("hello");
            assertThat(d.artifactSha256()).isEqualTo(v1.sha256());
            assertThat(d.configHash()).isEqualTo("cfg-1");
            assertThat(d.attributes()).containsEntry("state", "ACTIVE");
            assertThat(d.endpoints()).containsEntry("hello", server.endpoint() + "/fn/hello");
            assertThat(server.operationPolls.get()).as("the LRO was polled until done").isPositive();
            JsonObject stored = server.function("hello");
            assertThat(stored.getAsJsonObject("buildConfig").get("entryPoint").getAsString())
                    .isEqualTo("dev.faasport.runtime.gcp.GcfHttpHandler");
            assertThat(stored.getAsJsonObject("serviceConfig").getAsJsonObject("environmentVariables")
                    .get("FAASPORT_FUNCTION").getAsString()).isEqualTo("hello");
            assertThat(stored.getAsJsonObject("labels").get("faasport-set").getAsString()).isEqualTo("shop_set");
            assertThat(server.isPublic("hello")).isTrue();
            assertThat(server.lastUploadHeaders()).as("the 2nd gen upload contract lists only content-type")
                    .containsKey("Content-Type").doesNotContainKey("x-goog-content-length-range");

            InvocationResult r = s.invoke("hello", new Invocation("POST", "/greet", Map.of("X-Test", "1"),
                    "{\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8)));
            assertThat(r.status()).isEqualTo(200);
            assertThat(json(r).get("codeSha256").getAsString()).isEqualTo(v1.sha256());
            assertThat(json(r).get("path").getAsString()).isEqualTo("/greet");
            assertThat(json(r).get("body").getAsString()).contains("Ada");

            List<DeployedUnit> listed = s.list();
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).artifactSha256()).isEqualTo(v1.sha256());
            assertThat(listed.get(0).functions().get(0).memoryMb()).isEqualTo(256);
            assertThat(listed.get(0).functions().get(0).environment()).containsOnlyKeys("GREETING");
            assertThat(stored.getAsJsonObject("labels").has("goog-managed-by")).as("platform label").isTrue();

            // unchanged: the planner compares these hashes and sends nothing (UnitUpdate has no UNCHANGED kind)
            assertThat(listed.get(0).configHash()).isEqualTo(u1.configHash());
            // a rerun of an already applied change converges without upload or update
            s.apply(update(u1, listed.get(0)));
            assertThat(server.uploads.get()).isEqualTo(1);
            assertThat(server.updates.get()).isZero();

            // configuration only: one PATCH, no upload
            DeployUnit u2 = unit(SET, http("hello", 1024, 30, Map.of()), v1, "cfg-2");
            DeployedUnit d2 = s.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, u2, listed.get(0)));
            assertThat(server.updates.get()).isEqualTo(1);
            assertThat(server.uploads.get()).isEqualTo(1);
            assertThat(d2.configHash()).isEqualTo("cfg-2");
            assertThat(server.function("hello").getAsJsonObject("labels").has("goog-managed-by"))
                    .as("foreign labels survive a labels update").isTrue();
            assertThat(server.function("hello").getAsJsonObject("serviceConfig").get("availableMemory").getAsString())
                    .isEqualTo("1024Mi");

            // code: one upload, one PATCH, and the new code answers
            Artifact v2 = zip(dir, "hello", "v2");
            DeployUnit u3 = unit(SET, http("hello", 1024, 30, Map.of()), v2, "cfg-2");
            DeployedUnit d3 = s.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CODE, u3, d2));
            assertThat(server.uploads.get()).isEqualTo(2);
            assertThat(server.updates.get()).isEqualTo(2);
            assertThat(d3.artifactSha256()).isEqualTo(v2.sha256());
            assertThat(json(s.invoke("hello", new Invocation("GET", "/", null, null))).get("codeSha256").getAsString())
                    .isEqualTo(v2.sha256());

            s.delete(d3);
            assertThat(server.functionCount()).isZero();
            assertThat(s.list()).isEmpty();
            s.delete(d3); // deleting a missing unit succeeds
            assertThat(server.callsWithoutIntEnums.get()).as("the SDK asks for numeric enums").isZero();
        }
    }

    @Test
    void storageTriggersWatchFromTheBucketsLocation() throws Exception {
        server.createBucket("photos-us", "US").createBucket("photos-here", "EUROPE-WEST1");
        props.put("gcp.storageEndpoint", server.endpoint()); // where the Cloud Storage client reads bucket locations
        try (ProviderSession s = open(SET, props)) {
            s.apply(create(unit(SET, withTrigger("thumbs-us", FunctionShape.STORAGE,
                    new Trigger.Storage("photos-us", null, null, null)), zip(dir, "t", "t"), "c")));
            assertThat(server.function("thumbs-us").getAsJsonObject("eventTrigger").get("triggerRegion").getAsString())
                    .as("a multi-region bucket, lower case as Eventarc spells it").isEqualTo("us");
            s.apply(create(unit(SET, withTrigger("thumbs-here", FunctionShape.STORAGE,
                    new Trigger.Storage("photos-here", null, null, null)), zip(dir, "h", "h"), "c")));
            assertThat(server.function("thumbs-here").getAsJsonObject("eventTrigger").get("triggerRegion")
                    .getAsString()).isEqualTo("europe-west1");
            int creates = server.creates.get();
            assertThatThrownBy(() -> s.apply(create(unit(SET, withTrigger("thumbs-none", FunctionShape.STORAGE,
                    new Trigger.Storage("no-such-bucket", null, null, null)), zip(dir, "n", "n"), "c"))))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("no-such-bucket");
                        assertThat(e.suggestion()).contains("create the bucket");
                    });
            assertThat(server.creates.get()).as("nothing created for a missing bucket").isEqualTo(creates);
        }
        props.put("gcp.triggerRegion", "US");
        try (ProviderSession s = open(SET, props)) {
            // an explicit trigger region needs no bucket read (no storage.buckets.get permission)
            s.apply(create(unit(SET, withTrigger("thumbs-given", FunctionShape.STORAGE,
                    new Trigger.Storage("photos-us", null, null, null)), zip(dir, "g", "g"), "c")));
            assertThat(server.function("thumbs-given").getAsJsonObject("eventTrigger").get("triggerRegion")
                    .getAsString()).isEqualTo("us");
            // a redeploy finds nothing to change
            int updates = server.updates.get();
            s.apply(update(unit(SET, withTrigger("thumbs-given", FunctionShape.STORAGE,
                    new Trigger.Storage("photos-us", null, null, null)), zip(dir, "g", "g"), "c"), null));
            assertThat(server.updates.get()).isEqualTo(updates);
        }
    }

    @Test
    void longRunningOperationsArePolledUntilDone() throws Exception {
        try (ProviderSession s = open(SET, props)) {
            s.apply(create(unit(SET, http("warm-up", 256, 30, Map.of()), zip(dir, "w", "w"), "c")));
            server.operationDelayMillis = 600;
            int before = server.operationPolls.get();
            long start = System.nanoTime();
            DeployedUnit d = s.apply(create(unit(SET, http("slow-build", 256, 30, Map.of()), zip(dir, "s", "s"), "c")));
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(600);
            assertThat(server.operationPolls.get() - before).isGreaterThanOrEqualTo(5);
            assertThat(d.attributes()).containsEntry("state", "ACTIVE").containsKey("gcp.build");
        }
    }

    @Test
    void aFunctionOfAnotherSetIsNeverTakenOver() throws Exception {
        // issue 19: a second set deploying a function of the same name planned "create" and replaced the first set's
        server.operationDelayMillis = 20;
        try (ProviderSession mine = open(SET, props); ProviderSession other = open("other", props)) {
            mine.apply(create(unit(SET, http("hello", 256, 30, Map.of()), zip(dir, "mine", "mine"), "c")));
            assertThatThrownBy(() -> other.apply(create(unit("other", http("hello", 256, 30, Map.of()),
                    zip(dir, "theirs", "theirs"), "c")))).isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("'hello'", "belongs to set '" + SET + "'");
                        assertThat(e.suggestion()).contains("rename");
                    });
            assertThat(mine.list()).extracting(DeployedUnit::name).containsExactly("hello");
            assertThat(other.list()).isEmpty();
            assertThat(mine.list().get(0).artifactSha256()).isEqualTo(zip(dir, "mine2", "mine").sha256());
        }
    }

    @Test
    void listsOnlyThisSetAcrossPages() throws Exception {
        server.operationDelayMillis = 20;
        server.maxPageSize = 3;
        try (ProviderSession mine = open(SET, props); ProviderSession other = open("other", props)) {
            for (int i = 0; i < 7; i++) {
                mine.apply(create(unit(SET, http("fn-" + i, 256, 30, Map.of()), zip(dir, "f" + i, "x" + i), "c")));
            }
            other.apply(create(unit("other", http("stranger", 256, 30, Map.of()), zip(dir, "s", "s"), "c")));
            assertThat(mine.list()).extracting(DeployedUnit::name)
                    .containsExactly("fn-0", "fn-1", "fn-2", "fn-3", "fn-4", "fn-5", "fn-6");
            assertThat(other.list()).extracting(DeployedUnit::name).containsExactly("stranger");
            int lists = server.lists.get();
            mine.list();
            assertThat(server.lists.get() - lists).as("8 functions in pages of 3").isEqualTo(3);
        }
    }

    @Test
    void clientSideValidationFailsBeforeAnyRemoteCall() throws Exception {
        Artifact a = zip(dir, "v", "v");
        try (ProviderSession s = open(SET, props)) {
            assertThatThrownBy(() -> s.apply(create(unit(SET, http("ab", 256, 30, Map.of()), a, "c"))))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("'ab'");
                        assertThat(e.suggestion()).startsWith("perhaps you should rename it");
                    });
            assertThatThrownBy(() -> s.apply(create(unit(SET, http("big-mem", 8192, 30, Map.of("gcp.cpu", "1")), a, "c"))))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.getMessage()).contains("big-mem").contains("needs at least 2 vCPU");
                        assertThat(e.suggestion()).contains("gcp.cpu");
                    });
            FunctionSpec slowEvent = new FunctionSpec("slow-event", "x.Y", FunctionShape.STORAGE,
                    new Trigger.Storage("b", null, null, null), 256, 600, null, 0, 0, null, null);
            assertThatThrownBy(() -> s.apply(create(unit(SET, slowEvent, a, "c"))))
                    .isInstanceOfSatisfying(ProviderException.class, e ->
                            assertThat(e.getMessage()).contains("timeoutSeconds 600 > 540"));
            FunctionSpec both = new FunctionSpec("both-events", "x.Y", FunctionShape.STORAGE,
                    new Trigger.Storage("b", Set.of(Trigger.StorageEventKind.CREATED, Trigger.StorageEventKind.DELETED),
                            null, null), 256, 60, null, 0, 0, null, null);
            assertThatThrownBy(() -> s.apply(create(unit(SET, both, a, "c"))))
                    .hasMessageContaining("one event trigger");
            // issue 19: checked for every unit before the first change, so a good unit is not deployed beside a bad one
            assertThatThrownBy(() -> s.verify(List.of(unit(SET, http("good", 256, 30, Map.of()), a, "c"),
                    unit(SET, http("bad-ingress", 256, 30, Map.of("gcp.ingress", "everyone")), a, "c"))))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).contains("bad-ingress"));
            assertThat(server.apiCalls.get()).isZero();
            // an HTTP function may run an hour; concurrency > 1 raises the default CPU to 1
            s.apply(create(unit(SET, new FunctionSpec("long-http", "x.Y", FunctionShape.HTTP,
                    new Trigger.Http(null, false), 256, 3600, null, 80, 1, null, null), a, "c")));
            JsonObject svc = server.function("long-http").getAsJsonObject("serviceConfig");
            assertThat(svc.get("availableCpu").getAsString()).isEqualTo("1");
            assertThat(svc.get("maxInstanceRequestConcurrency").getAsInt()).isEqualTo(80);
            assertThat(svc.get("minInstanceCount").getAsInt()).isEqualTo(1);
            assertThat(server.isPublic("long-http")).isFalse();
        }
    }

    @Test
    void configurationIsValidatedBeforeAnyRemoteCall() {
        Map<String, String> p = props(server);
        p.remove("gcp.project");
        assertThatThrownBy(() -> open(SET, p)).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.suggestion()).contains("gcp.project"));
        Map<String, String> p2 = props(server);
        p2.put("gcp.endpoint", "127.0.0.1:8080");
        assertThatThrownBy(() -> open(SET, p2)).hasMessageContaining("has no scheme");
        Map<String, String> p3 = props(server);
        p3.remove("gcp.endpoint");
        assertThatThrownBy(() -> open(SET, p3)).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.getMessage()).contains("gcp.noCredentials=true without gcp.endpoint"));
        Map<String, String> p4 = props(server);
        p4.put("gcp.runtime", "java11");
        assertThatThrownBy(() -> open(SET, p4)).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.suggestion()).contains("java17"));
        assertThat(server.apiCalls.get()).isZero();
    }

    @Test
    void buildFailureNamesTheBuildLog() throws Exception {
        server.failNextBuild("broken");
        try (ProviderSession s = open(SET, props)) {
            DeployUnit u = unit(SET, http("broken", 256, 30, Map.of()), zip(dir, "b", "b"), "c");
            assertThatThrownBy(() -> s.apply(create(u))).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("Build failed").contains("console.cloud.google.com/cloud-build");
                assertThat(e.suggestion()).contains("build log");
            });
            // the next deploy uploads again and converges (the build works now)
            DeployedUnit d = s.apply(create(u));
            assertThat(d.attributes()).containsEntry("state", "ACTIVE");
            assertThat(server.uploads.get()).isEqualTo(2);
            assertThat(server.creates.get()).isEqualTo(1);
        }
    }

    @Test
    void throttlingAndUnavailabilityAreRetryable() throws Exception {
        try (ProviderSession s = open(SET, props)) {
            server.failNext(1, 429);
            assertThatThrownBy(s::list).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("RESOURCE_EXHAUSTED");
            });
            server.failNext(1, 503);
            assertThatThrownBy(s::list).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("UNAVAILABLE");
            });
            assertThat(s.list()).isEmpty();
        }
    }

    @Test
    void convergesUnderRandomFaultsAndSlowCalls() throws Exception {
        server.operationDelayMillis = 30;
        server.faultRate = 0.25;
        server.slowRate = 0.1;
        server.slowMillis = 100;
        List<ProviderException> seen = Collections.synchronizedList(new ArrayList<>());
        try (ProviderSession s = open(SET, props)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<DeployedUnit>> results = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    DeployUnit u = unit(SET, http("flaky-" + i, 256, 30, Map.of()), zip(dir, "f" + i, "f" + i), "c");
                    results.add(pool.submit(() -> applyWithRetries(s, create(u), seen)));
                }
                for (Future<DeployedUnit> f : results) {
                    assertThat(f.get().attributes()).containsEntry("state", "ACTIVE");
                }
            } finally {
                pool.shutdownNow();
            }
            server.faultRate = 0;
            assertThat(s.list()).hasSize(6);
        }
        assertThat(server.faultsInjected.get()).isPositive();
        assertThat(seen).isNotEmpty().allMatch(ProviderException::retryable);
        assertThat(server.functionCount()).isEqualTo(6);
    }

    @Test
    void killedBuildRerunConverges() throws Exception {
        server.operationDelayMillis = 1500;
        DeployUnit u = unit(SET, http("killed", 256, 30, Map.of()), zip(dir, "k", "k"), "c");
        Map<String, String> impatient = props(server);
        impatient.put("gcp.operationTimeoutSeconds", "1");
        try (ProviderSession first = open(SET, impatient)) {
            assertThatThrownBy(() -> first.apply(create(u))).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.retryable()).isTrue());
        }
        assertThat(server.pendingOperations()).isEqualTo(1);
        try (ProviderSession rerun = open(SET, props)) {
            DeployedUnit d = rerun.apply(create(u));
            assertThat(d.attributes()).containsEntry("state", "ACTIVE");
        }
        assertThat(server.creates.get()).isEqualTo(1);
        assertThat(server.uploads.get()).isEqualTo(1);
        assertThat(server.updates.get()).isZero();
        assertThat(server.deployedSha("killed")).isEqualTo(u.artifact().sha256());
    }

    @Test
    void concurrentCreatesOfOneUnitConvergeOnOneFunction() throws Exception {
        DeployUnit u = unit(SET, http("racy", 256, 30, Map.of()), zip(dir, "r", "r"), "c");
        try (ProviderSession a = open(SET, props); ProviderSession b = open(SET, props)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<DeployedUnit> fa = pool.submit(() -> a.apply(create(u)));
                Future<DeployedUnit> fb = pool.submit(() -> b.apply(create(u)));
                assertThat(fa.get().artifactSha256()).isEqualTo(u.artifact().sha256());
                assertThat(fb.get().artifactSha256()).isEqualTo(u.artifact().sha256());
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(server.functionCount()).isEqualTo(1);
        assertThat(server.function("racy").get("state").getAsInt()).isEqualTo(1);
    }

    @Test
    void eventFunctionsGetTriggersAndCloudEvents() throws Exception {
        server.createBucket("uploads", "EUROPE-WEST1");
        try (ProviderSession s = open(SET, props)) {
            Artifact a = zip(dir, "e", "e");
            s.apply(create(unit(SET, withTrigger("thumbnail", FunctionShape.STORAGE,
                    new Trigger.Storage("uploads", null, "in/", "")), a, "c")));
            JsonObject t = server.function("thumbnail").getAsJsonObject("eventTrigger");
            assertThat(t.get("eventType").getAsString()).isEqualTo("google.cloud.storage.object.v1.finalized");
            assertThat(t.toString()).contains("\"attribute\":\"bucket\"").contains("\"value\":\"uploads\"");
            assertThat(server.function("thumbnail").getAsJsonObject("buildConfig").get("entryPoint").getAsString())
                    .isEqualTo("dev.faasport.runtime.gcp.GcfEventHandler");
            assertThat(WARNINGS).anyMatch(w -> w.contains("thumbnail") && w.contains("prefix"));
            // what the platform filled in (transport topic, LOG_EXECUTION_ID, max instances, its label) is no change
            s.apply(create(unit(SET, withTrigger("thumbnail", FunctionShape.STORAGE,
                    new Trigger.Storage("uploads", null, "in/", "")), a, "c")));
            assertThat(server.updates.get()).isZero();
            assertThat(server.uploads.get()).isEqualTo(1);

            InvocationResult r = s.invoke("thumbnail", new Invocation(null, null, null,
                    "{\"kind\":\"CREATED\",\"bucket\":\"uploads\",\"key\":\"in/cat.png\",\"size\":12}"
                            .getBytes(StandardCharsets.UTF_8)));
            assertThat(r.status()).isEqualTo(200);
            JsonObject echo = json(r);
            assertThat(echo.get("ceType").getAsString()).isEqualTo("google.cloud.storage.object.v1.finalized");
            assertThat(echo.get("ceSpecversion").getAsString()).isEqualTo("1.0");
            assertThat(echo.get("ceSource").getAsString()).isEqualTo("//storage.googleapis.com/projects/_/buckets/uploads");
            assertThat(JsonParser.parseString(echo.get("body").getAsString()).getAsJsonObject().get("name").getAsString())
                    .isEqualTo("in/cat.png");

            s.apply(create(unit(SET, withTrigger("orders", FunctionShape.QUEUE, new Trigger.Queue("orders", 10, 3)), a, "c")));
            JsonObject q = server.function("orders").getAsJsonObject("eventTrigger");
            assertThat(q.get("pubsubTopic").getAsString()).isEqualTo("projects/faasport-test/topics/orders");
            assertThat(q.get("retryPolicy").getAsInt()).isEqualTo(2);
            InvocationResult qr = s.invoke("orders", new Invocation(null, null, null, "hello".getBytes(StandardCharsets.UTF_8)));
            assertThat(json(qr).get("body").getAsString()).contains("aGVsbG8="); // base64 of the message data

            s.apply(create(unit(SET, withTrigger("nightly", FunctionShape.SCHEDULE,
                    new Trigger.Schedule("cron(0 3 ? * MON-FRI *)")), a, "c")));
            JsonObject sched = server.function("nightly");
            assertThat(sched.getAsJsonObject("eventTrigger").get("pubsubTopic").getAsString())
                    .isEqualTo("projects/faasport-test/topics/faasport-schedule-nightly");
            assertThat(sched.getAsJsonObject("serviceConfig").getAsJsonObject("environmentVariables")
                    .get("FAASPORT_SCHEDULE").getAsString()).isEqualTo("0 3 * * MON-FRI");
            assertThat(server.topic("projects/faasport-test/topics/orders")).as("queue topic created").isNotNull();
            assertThat(server.topic("projects/faasport-test/topics/faasport-schedule-nightly")).isNotNull();
            JsonObject job = server.job("projects/faasport-test/locations/europe-west1/jobs/faasport-nightly");
            assertThat(job.get("schedule").getAsString()).isEqualTo("0 3 * * MON-FRI");
            assertThat(job.get("timeZone").getAsString()).isEqualTo("Etc/UTC");
            assertThat(job.getAsJsonObject("pubsubTarget").get("topicName").getAsString())
                    .isEqualTo("projects/faasport-test/topics/faasport-schedule-nightly");
            // a new schedule updates the job; deleting the function removes the job and its topic
            DeployedUnit nightly = s.apply(create(unit(SET, withTrigger("nightly", FunctionShape.SCHEDULE,
                    new Trigger.Schedule("rate(15 minutes)")), a, "c2")));
            assertThat(server.job("projects/faasport-test/locations/europe-west1/jobs/faasport-nightly")
                    .get("schedule").getAsString()).isEqualTo("*/15 * * * *");
            s.delete(nightly);
            assertThat(server.job("projects/faasport-test/locations/europe-west1/jobs/faasport-nightly")).isNull();
            assertThat(server.topic("projects/faasport-test/topics/faasport-schedule-nightly")).isNull();
            assertThat(server.topic("projects/faasport-test/topics/orders")).as("user topics stay").isNotNull();
            s.apply(create(unit(SET, withTrigger("nightly", FunctionShape.SCHEDULE,
                    new Trigger.Schedule("cron(0 3 ? * MON-FRI *)")), a, "c")));

            List<DeployedUnit> listed = s.list();
            assertThat(listed).extracting(d -> d.functions().get(0).trigger().kind())
                    .containsExactlyInAnyOrder("storage", "queue", "schedule");
            assertThat(listed).allMatch(d -> d.endpoints().isEmpty());
        }
    }

    @Test
    void publicAccessOnlyWhenConfigured() throws Exception {
        Map<String, String> p = props(server);
        p.put("gcp.public", "false");
        DeployUnit u = unit(SET, http("private-fn", 256, 30, Map.of()), zip(dir, "p", "p"), "c");
        try (ProviderSession s = open(SET, p)) {
            s.apply(create(u));
            assertThat(server.isPublic("private-fn")).isFalse();
            assertThat(s.invoke("private-fn", new Invocation("GET", "/", null, null)).status()).isEqualTo(403);
        }
        p.put("gcp.public", "true");
        try (ProviderSession s = open(SET, p)) {
            DeployedUnit current = s.list().get(0);
            s.apply(update(u, current));
            assertThat(server.isPublic("private-fn")).isTrue();
            assertThat(s.invoke("private-fn", new Invocation("GET", "/", null, null)).status()).isEqualTo(200);
        }
    }

    @Test
    void logsAreReadOldestFirst() throws Exception {
        try (ProviderSession s = open(SET, props)) {
            s.apply(create(unit(SET, http("chatty", 256, 30, Map.of()), zip(dir, "c", "c"), "c")));
            for (int i = 0; i < 3; i++) {
                s.invoke("chatty", new Invocation("GET", "/n" + i, null, null));
            }
            List<String> lines = s.logs("chatty", 2);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains("handled GET /n1");
            assertThat(lines.get(1)).contains("handled GET /n2");
            List<String> doctor = s.doctor();
            assertThat(doctor).anyMatch(l -> l.contains("faasport-test") && l.contains("europe-west1"));
            assertThat(doctor).anyMatch(l -> l.contains("credentials: none"));
            assertThat(doctor).contains("runtime java17: GA");
            assertThat(doctor).anyMatch(l -> l.contains("functions of set 'Shop_Set': 1"));
        }
    }

    @Test
    void doctorTestsThePermissionsDeployMigrateAndRemoveNeed() throws Exception {
        try (ProviderSession s = open(SET, props)) {
            List<String> all = s.doctor();
            assertThat(all).anyMatch(l -> l.startsWith("permissions: all ") && l.contains("granted"));
            assertThat(server.permissionTests.get()).as("one projects.testIamPermissions call").isEqualTo(1);
            List<String> asked = server.lastPermissionsAsked();
            assertThat(asked).contains("cloudfunctions.functions.create", "cloudfunctions.functions.sourceCodeSet",
                    "cloudfunctions.functions.delete", "iam.serviceAccounts.actAs", "run.services.setIamPolicy",
                    "pubsub.topics.create", "cloudscheduler.jobs.create", "storage.buckets.get");

            server.grantOnly(Set.of("cloudfunctions.functions.get", "cloudfunctions.functions.list"));
            List<String> few = s.doctor();
            assertThat(few).anyMatch(l -> l.startsWith("permission cloudfunctions.functions.create: FAILED missing")
                    && l.contains("deploy") && l.contains("roles/cloudfunctions.developer"));
            assertThat(few).anyMatch(l -> l.startsWith("permission cloudscheduler.jobs.delete: FAILED missing")
                    && l.contains("remove"));
            assertThat(few).noneMatch(l -> l.startsWith("permission cloudfunctions.functions.list:"));
        }
    }

    @Test
    void invokingAMissingFunctionSaysDeployFirst() throws Exception {
        try (ProviderSession s = open(SET, props)) {
            assertThatThrownBy(() -> s.invoke("nothing-here", new Invocation("GET", "/", null, null)))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.suggestion()).contains("faas:deploy"));
        }
    }
}
