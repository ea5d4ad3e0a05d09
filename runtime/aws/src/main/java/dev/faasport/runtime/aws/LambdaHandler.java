package dev.faasport.runtime.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.api.PartialBatchFailure;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.FunctionEntry;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.InvocationContext;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.NeutralEvent;
import dev.faasport.runtime.NeutralEvents;
import dev.faasport.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The AWS Lambda entry point of every Faasport function: handler string
 * {@value #HANDLER}. Reads the raw event and tells its kind by shape: API Gateway HTTP API / function URL
 * (payload 2.0) and REST API (1.0) requests are answered in the same format; S3 notifications, SQS batches, SNS
 * notifications (a queue batch of the topic) and EventBridge scheduled events become neutral events; neutral event JSON ({@link NeutralEvents}) and, for TYPED
 * functions, any other JSON are a direct invocation. The function is {@code FAASPORT_FUNCTION}, or the only one in
 * {@code faasport-functions.json}.
 *
 * <p>SQS: a failing batch fails the invocation, so Lambda retries it and then moves it to the dead-letter queue.
 * With {@value #BATCH_ITEM_FAILURES}{@code =true} in the function's environment (set it only together with
 * {@code FunctionResponseTypes=[ReportBatchItemFailures]} on the event source mapping) a failed batch is retried
 * message by message and only the failing messages are reported in {@code batchItemFailures}; a function that throws
 * {@link PartialBatchFailure} names them itself.
 */
public final class LambdaHandler implements RequestStreamHandler {

    /** The Lambda handler string for this class. */
    public static final String HANDLER = "dev.faasport.runtime.aws.LambdaHandler::handleRequest";
    /** Environment variable that turns on SQS partial batch responses. */
    public static final String BATCH_ITEM_FAILURES = "FAASPORT_SQS_BATCH_ITEM_FAILURES";

    private final FunctionRegistry registry;
    private final Map<String, String> environment;
    private volatile Invoker invoker;
    /** The function's environment with its secrets read, once per cold start; null until read. */
    private volatile Map<String, String> withSecrets;

    /** Used by Lambda: reads the descriptor and the secrets and creates the handler during the init phase. */
    public LambdaHandler() {
        this(null, System.getenv());
        try {
            // secrets first: the user's constructor may read them
            environment(invoker(null).entry());
            invoker(null).entry().instance(); // in Lambda's init phase, before the first request
        } catch (RuntimeException e) {
            // reported again, with the request id, by the first invocation
            System.err.println("Faasport: function not ready: " + e.getMessage());
        }
    }

    /** For tests and embedding: a given registry and environment. */
    LambdaHandler(FunctionRegistry registry, Map<String, String> environment) {
        this.registry = registry;
        this.environment = environment;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context lambda) throws IOException {
        byte[] raw = input.readAllBytes();
        Invoker inv = invoker(lambda.getFunctionName());
        FunctionEntry entry = inv.entry();
        dev.faasport.api.Context ctx = new InvocationContext(entry.name(), lambda.getAwsRequestId(),
                lambda::getRemainingTimeInMillis, environment(entry), logger(lambda));
        String text = new String(raw, StandardCharsets.UTF_8);
        Object event = text.isBlank() ? null : Json.parse(text);
        Object response = switch (LambdaEvents.kind(event)) {
            case HTTP_V2 -> LambdaEvents.response(inv.http(LambdaEvents.httpV2((Map<?, ?>) event), ctx), true);
            case HTTP_V1 -> LambdaEvents.response(inv.http(LambdaEvents.httpV1((Map<?, ?>) event), ctx), false);
            case S3 -> {
                for (StorageEvent e : LambdaEvents.s3((Map<?, ?>) event)) call(inv, new NeutralEvent.Storage(e), ctx);
                yield Invoker.handled(entry.name());
            }
            case SQS -> sqs(inv, (Map<?, ?>) event, ctx);
            case SNS -> {
                Map<?, ?> sns = (Map<?, ?>) event;
                call(inv, new NeutralEvent.Queue(LambdaEvents.snsTopic(sns), LambdaEvents.sns(sns)), ctx);
                yield Invoker.handled(entry.name());
            }
            case SCHEDULE -> {
                // expression null: the Invoker fills in the descriptor's schedule
                ScheduleEvent tick = new ScheduleEvent(null, LambdaEvents.instant(((Map<?, ?>) event).get("time")), false);
                call(inv, new NeutralEvent.Schedule(tick), ctx);
                yield Invoker.handled(entry.name());
            }
            case OTHER -> {
                byte[] out = direct(inv, raw, ctx);
                yield out == null ? Invoker.handled(entry.name()) : new String(out, StandardCharsets.UTF_8);
            }
        };
        String out = response instanceof String s ? s : Json.write(response);
        output.write(out.getBytes(StandardCharsets.UTF_8));
    }

    private Object sqs(Invoker inv, Map<?, ?> event, dev.faasport.api.Context ctx) {
        String queue = LambdaEvents.sqsQueue(event);
        List<QueueMessage> messages = LambdaEvents.sqs(event);
        if (!"true".equalsIgnoreCase(environment.get(BATCH_ITEM_FAILURES))) {
            call(inv, new NeutralEvent.Queue(queue, messages), ctx);
            return Invoker.handled(inv.entry().name());
        }
        List<Map<String, String>> failures = new ArrayList<>();
        try {
            inv.event(new NeutralEvent.Queue(queue, messages), ctx);
        } catch (PartialBatchFailure partial) {
            // the function named the messages that failed: Lambda deletes the others ("Handling errors for an SQS
            // event source in Lambda", docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html, read 2026-12)
            for (String id : partial.failedMessageIds()) failures.add(Map.of("itemIdentifier", id));
        } catch (Exception batchFailure) {
            // find the failing messages: each alone, as a batch of one (at-least-once allows the repeat)
            for (QueueMessage m : messages) {
                try {
                    inv.event(new NeutralEvent.Queue(queue, List.of(m)), ctx);
                } catch (Exception e) {
                    failures.add(Map.of("itemIdentifier", m.id()));
                }
            }
        }
        return Map.of("batchItemFailures", failures);
    }

    private static void call(Invoker inv, NeutralEvent event, dev.faasport.api.Context ctx) {
        try {
            inv.event(event, ctx);
        } catch (Exception e) {
            throw LambdaHandler.<RuntimeException>sneaky(e);
        }
    }

    private static byte[] direct(Invoker inv, byte[] raw, dev.faasport.api.Context ctx) {
        try {
            return inv.direct(raw, ctx);
        } catch (Exception e) {
            throw LambdaHandler.<RuntimeException>sneaky(e);
        }
    }

    /** Rethrows the user's exception unchanged, so Lambda reports its own type as errorType. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }


    /**
     * @return the environment user code sees: the descriptor's and the process's variables, and the values of the
     *         secrets the function references (read once; a failed read is tried again by the next invocation)
     */
    private Map<String, String> environment(FunctionEntry entry) {
        Map<String, String> env = withSecrets;
        if (env == null) {
            Map<String, String> secrets = SecretsManagerReader.resolve(environment);
            if (secrets.isEmpty()) {
                env = InvocationContext.environment(entry);
            } else {
                Map<String, String> merged = new java.util.HashMap<>(InvocationContext.environment(entry));
                merged.putAll(secrets);
                env = java.util.Collections.unmodifiableMap(merged);
            }
            withSecrets = env;
        }
        return env;
    }

    private Invoker invoker(String lambdaFunctionName) {
        Invoker i = invoker;
        if (i == null) {
            FunctionRegistry r = registry != null ? registry : FunctionRegistry.shared();
            i = new Invoker(r.select(lambdaFunctionName, environment));
            invoker = i;
        }
        return i;
    }

    private static dev.faasport.api.Context.Logger logger(Context lambda) {
        LambdaLogger log = lambda.getLogger();
        String id = lambda.getAwsRequestId();
        if (log == null) return InvocationContext.stdLogger(id);
        return new dev.faasport.api.Context.Logger() {
            @Override
            public void info(String message) {
                log.log("[" + id + "] " + message + "\n");
            }

            @Override
            public void error(String message, Throwable error) {
                StringWriter trace = new StringWriter();
                if (error != null) error.printStackTrace(new PrintWriter(trace));
                log.log("[" + id + "] ERROR " + message + "\n" + trace);
            }
        };
    }
}
