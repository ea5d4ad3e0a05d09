package dev.faasport.runtime.nativeaws;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3BucketEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.UserIdentityEntity;
import dev.faasport.api.Context;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * An AWS {@code RequestHandler<S3Event, ?>} as a portable storage function: each storage event becomes an S3
 * notification with one record ({@code ObjectCreated:Put} or {@code ObjectRemoved:Delete}, the key URL-encoded as
 * S3 sends it). The handler's result is ignored; its exception fails the event, so the platform retries it.
 */
final class AwsStorageFunction implements StorageFunction {

    private final LambdaCall user;
    private final boolean s3Event;

    AwsStorageFunction(LambdaCall user, boolean s3Event) {
        this.user = user;
        this.s3Event = s3Event;
    }

    @Override
    public void handle(StorageEvent event, Context context) throws Exception {
        List<S3EventNotificationRecord> records = List.of(record(event, LambdaContextView.region(context)));
        user.call(s3Event ? new S3Event(records) : new S3EventNotification(records), null, new LambdaContextView(context));
    }

    static S3EventNotificationRecord record(StorageEvent e, String region) {
        boolean created = e.kind() != StorageEvent.Kind.DELETED;
        Instant time = e.time() == null ? Instant.now() : e.time();
        S3ObjectEntity object = new S3ObjectEntity(s3Key(e.key()), e.size() < 0 ? null : e.size(), e.etag(), "", sequencer(time));
        S3BucketEntity bucket = new S3BucketEntity(e.bucket(), new UserIdentityEntity("faasport"), "arn:aws:s3:::" + e.bucket());
        S3Entity s3 = new S3Entity("faasport", bucket, object, "1.0");
        return new S3EventNotificationRecord(region,
                created ? "ObjectCreated:Put" : "ObjectRemoved:Delete", "aws:s3", time.toString(), "2.1",
                new S3EventNotification.RequestParametersEntity("127.0.0.1"),
                new S3EventNotification.ResponseElementsEntity(null, null), s3, new UserIdentityEntity("faasport"));
    }

    /** S3 URL-encodes keys in notifications (a space is '+'), keeping the '/' between segments. */
    static String s3Key(String key) {
        List<String> segments = new java.util.ArrayList<>();
        for (String segment : key.split("/", -1)) segments.add(URLEncoder.encode(segment, StandardCharsets.UTF_8));
        return String.join("/", segments);
    }

    /** S3's sequencer orders events of one key: hex of the event time is monotonic enough across platforms. */
    private static String sequencer(Instant time) {
        return String.format("%016X", time.toEpochMilli());
    }
}
