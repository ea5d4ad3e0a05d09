package dev.faasport.runtime.nativeaws;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.faasport.api.Context;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.ScheduleFunction;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * An AWS {@code RequestHandler<ScheduledEvent, ?>} as a portable schedule function: each tick becomes the event an
 * EventBridge schedule sends ({@code source} aws.events, {@code detail-type} Scheduled Event, an empty
 * {@code detail}; "Using Lambda with Amazon EventBridge (CloudWatch Events)" / "Amazon EventBridge events",
 * docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html, read 2026-12). The id is the
 * invocation's; the account and the rule ARN in {@code resources} are not known off AWS and are left empty.
 */
final class AwsScheduleFunction implements ScheduleFunction {

    private final LambdaCall user;

    AwsScheduleFunction(LambdaCall user) {
        this.user = user;
    }

    @Override
    public void handle(ScheduleEvent tick, Context context) throws Exception {
        user.call(event(tick, context.invocationId(), LambdaContextView.region(context)), null, new LambdaContextView(context));
    }

    static ScheduledEvent event(ScheduleEvent tick, String id, String region) {
        return new ScheduledEvent().withId(id).withDetailType("Scheduled Event").withSource("aws.events")
                .withRegion(region).withTime(new DateTime(tick.scheduledTime().toEpochMilli(), DateTimeZone.UTC))
                .withResources(List.of()).withDetail(Map.of());
    }
}
