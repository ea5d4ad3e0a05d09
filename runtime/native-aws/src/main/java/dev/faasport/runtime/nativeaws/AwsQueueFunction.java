package dev.faasport.runtime.nativeaws;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.faasport.api.Context;
import dev.faasport.api.PartialBatchFailure;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.QueueMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * An AWS {@code RequestHandler<SQSEvent, ?>} or {@code RequestHandler<SNSEvent, ?>} as a portable queue function: the
 * batch becomes the records SQS or SNS would send (formats: "Using Lambda with Amazon SQS",
 * docs.aws.amazon.com/lambda/latest/dg/with-sqs.html, and "Invoking Lambda functions with Amazon SNS notifications",
 * docs.aws.amazon.com/lambda/latest/dg/with-sns.html, read 2026-12). An {@code SQSBatchResponse} naming failed
 * messages is a {@link PartialBatchFailure}, which every platform maps onto its redelivery.
 *
 * <p>What no neutral message carries is left out rather than made up: SQS's {@code receiptHandle},
 * {@code SenderId} and {@code md5OfMessageAttributes}, the account in the queue and topic ARNs
 * ({@code arn:aws:sqs:region::queue}), SNS's signature fields and subscription ARN; attribute types are
 * {@code String}.
 */
final class AwsQueueFunction implements QueueFunction {

    private final LambdaCall user;
    private final boolean sns;

    AwsQueueFunction(LambdaCall user, boolean sns) {
        this.user = user;
        this.sns = sns;
    }

    @Override
    public void handle(String queue, List<QueueMessage> messages, Context context) throws Exception {
        String region = LambdaContextView.region(context);
        Object result = user.call(sns ? snsEvent(queue, messages, region) : sqsEvent(queue, messages, region), null,
                new LambdaContextView(context));
        if (!sns && result instanceof SQSBatchResponse response) failures(response, messages);
    }

    static SQSEvent sqsEvent(String queue, List<QueueMessage> messages, String region) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (QueueMessage m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.id());
            r.setBody(m.bodyAsString());
            r.setMd5OfBody(md5(m.bodyAsString()));
            Map<String, String> system = new LinkedHashMap<>();
            system.put("ApproximateReceiveCount", Integer.toString(m.deliveryCount()));
            system.put("SentTimestamp", Long.toString(m.sentAt().toEpochMilli()));
            r.setAttributes(system);
            Map<String, SQSEvent.MessageAttribute> attributes = new TreeMap<>();
            m.attributes().forEach((k, v) -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType("String");
                a.setStringValue(v);
                attributes.put(k, a);
            });
            r.setMessageAttributes(attributes);
            r.setEventSource("aws:sqs");
            r.setEventSourceArn("arn:aws:sqs:" + region + "::" + queue);
            r.setAwsRegion(region);
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    static SNSEvent snsEvent(String topic, List<QueueMessage> messages, String region) {
        List<SNSEvent.SNSRecord> records = new ArrayList<>();
        for (QueueMessage m : messages) {
            Map<String, SNSEvent.MessageAttribute> attributes = new TreeMap<>();
            m.attributes().forEach((k, v) -> {
                // SNS's subject travels as the attribute Subject (runtime/aws does the same the other way)
                if (!k.equals("Subject")) attributes.put(k, new SNSEvent.MessageAttribute().withType("String").withValue(v));
            });
            SNSEvent.SNS sns = new SNSEvent.SNS().withType("Notification").withMessageId(m.id())
                    .withTopicArn("arn:aws:sns:" + region + "::" + topic).withSubject(m.attributes().get("Subject"))
                    .withMessage(m.bodyAsString()).withTimestamp(new DateTime(m.sentAt().toEpochMilli(), DateTimeZone.UTC))
                    .withSignatureVersion("1").withMessageAttributes(attributes);
            records.add(new SNSEvent.SNSRecord().withEventSource("aws:sns").withEventVersion("1.0").withSns(sns));
        }
        return new SNSEvent().withRecords(records);
    }

    /**
     * Lambda deletes the messages a batch response does not name; an empty or unknown itemIdentifier fails the whole
     * batch ("Handling errors for an SQS event source in Lambda",
     * docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html, read 2026-12).
     */
    static void failures(SQSBatchResponse response, List<QueueMessage> messages) throws PartialBatchFailure {
        if (response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) return;
        Set<String> ids = messages.stream().map(QueueMessage::id).collect(Collectors.toSet());
        List<String> failed = new ArrayList<>();
        for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
            String id = f == null ? null : f.getItemIdentifier();
            if (id == null || !ids.contains(id)) {
                throw new IllegalStateException("the SQSBatchResponse names itemIdentifier " + (id == null ? "null"
                        : "'" + id + "'") + ", which is no message of the batch, so the whole batch fails (as on "
                        + "Lambda), perhaps you should report each failed record's getMessageId()");
            }
            if (!failed.contains(id)) failed.add(id);
        }
        throw new PartialBatchFailure(failed, null);
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has MD5
        }
    }
}
