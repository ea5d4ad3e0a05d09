package dev.faasport.provider.aws;

import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.ProviderException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** Invoking a deployed function on its alias (an HTTP function as its function URL would) and reading its logs. */
final class LambdaInvocations {

    private final AwsClients clients;
    private final AwsSettings settings;

    LambdaInvocations(AwsClients clients, AwsSettings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    /** @param fn the owned function, as GetFunction answered it */
    InvocationResult invoke(String function, String name, GetFunctionResponse fn, Invocation invocation)
            throws ProviderException {
        boolean http = "http".equals(LambdaMapping.tags(fn).get(LambdaMapping.TAG_TRIGGER));
        byte[] payload = http ? FunctionUrlEvents.request(invocation, clients.region().id(), name)
                : invocation.body();
        InvokeResponse r;
        try {
            Integer configured = fn.configuration() == null ? null : fn.configuration().timeout();
            int timeout = configured == null ? 0 : configured;
            r = clients.invoker().invoke(b -> b.functionName(name).qualifier(settings.alias())
                    .overrideConfiguration(clients.invocation(timeout))
                    .invocationType(InvocationType.REQUEST_RESPONSE).logType(LogType.TAIL)
                    .payload(SdkBytes.fromByteArray(payload)));
        } catch (RuntimeException e) {
            throw AwsErrors.map("Invoking Lambda function '" + name + "'", function, e);
        }
        List<String> tail = r.logResult() == null ? List.of()
                : new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8).lines().toList();
        byte[] body = r.payload() == null ? new byte[0] : r.payload().asByteArray();
        if (r.functionError() != null) {
            // a function URL answers 502 when the function throws; event functions count as failed (5xx)
            return new InvocationResult(http ? 502 : 500, Map.of("x-amz-function-error", r.functionError(),
                    "content-type", "application/json"), body, tail);
        }
        if (http) {
            return FunctionUrlEvents.response(body, tail);
        }
        return new InvocationResult(200, Map.of("content-type", "application/json"), body, tail);
    }

    /** @return the last lines of the function's CloudWatch log group over the past day */
    List<String> logs(String function, String name, int maxLines) throws ProviderException {
        String group = "/aws/lambda/" + name;
        Deque<String> lines = new ArrayDeque<>();
        long since = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        try {
            String token = null;
            do {
                String t = token;
                FilterLogEventsResponse r = clients.logs().filterLogEvents(FilterLogEventsRequest.builder()
                        .logGroupName(group).startTime(since).nextToken(t).build());
                for (FilteredLogEvent e : r.events()) {
                    lines.addLast(e.message() == null ? "" : e.message().stripTrailing());
                    while (lines.size() > Math.max(maxLines, 0)) {
                        lines.removeFirst();
                    }
                }
                token = r.nextToken();
            } while (token != null);
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return List.of(); // never invoked: Lambda creates the log group on first run
            }
            throw AwsErrors.map("Reading the CloudWatch logs of '" + name + "'", function, e);
        }
        return List.copyOf(lines);
    }
}
