package dev.faasport.runtime.nativegcp;

import com.google.cloud.functions.BackgroundFunction;
import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloud.functions.RawBackgroundFunction;
import dev.faasport.api.Context;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.ScheduleFunction;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;
import dev.faasport.runtime.InvocationContext;
import io.cloudevents.CloudEvent;
import java.lang.reflect.Type;
import java.util.List;

/**
 * A Functions Framework event function (a {@code CloudEventsFunction}, or a 1st gen {@code BackgroundFunction<T>} or
 * {@code RawBackgroundFunction}) as a portable storage, queue or schedule function. Each neutral event becomes the
 * CloudEvent Google would deliver ({@link GoogleEvents}); a background function gets it as the invoker hands it one,
 * converted to the legacy event, with {@code T} bound from its data as Gson binds it ({@link GsonFields}). A queue batch
 * is delivered one message at a time, as Pub/Sub pushes: the first failure fails the batch. On Google itself the
 * function gets the CloudEvent Eventarc delivered, unchanged ({@link InvocationContext#platformEvent()}).
 */
final class GcpEventFunction implements StorageFunction, QueueFunction, ScheduleFunction {

    /** Hands one CloudEvent to the user's function. */
    @FunctionalInterface
    interface Delivery {
        void deliver(CloudEvent event) throws Exception;
    }

    private final Delivery delivery;
    private final String function;

    private GcpEventFunction(Delivery delivery, String function) {
        this.delivery = delivery;
        this.function = function;
    }

    static GcpEventFunction cloudEvents(Object instance, String function) {
        return new GcpEventFunction(((CloudEventsFunction) instance)::accept, function);
    }

    static GcpEventFunction raw(Object instance, String function) {
        RawBackgroundFunction user = (RawBackgroundFunction) instance;
        return new GcpEventFunction(e -> {
            GoogleEvents.Legacy legacy = GoogleEvents.legacy(e);
            user.accept(legacy.data(), legacy.context());
        }, function);
    }

    @SuppressWarnings("unchecked")
    static GcpEventFunction background(Object instance, Type payload, String function) {
        BackgroundFunction<Object> user = (BackgroundFunction<Object>) instance;
        return new GcpEventFunction(e -> {
            GoogleEvents.Legacy legacy = GoogleEvents.legacy(e);
            user.accept(GsonFields.read(legacy.data(), payload), legacy.context());
        }, function);
    }

    @Override
    public void handle(StorageEvent event, Context context) throws Exception {
        CloudEvent own = original(context, GoogleEvents.FINALIZED, GoogleEvents.DELETED);
        delivery.deliver(own != null ? own : GoogleEvents.storage(event, context.invocationId()));
    }

    @Override
    public void handle(String queue, List<QueueMessage> messages, Context context) throws Exception {
        CloudEvent own = messages.size() == 1 ? original(context, GoogleEvents.PUBLISHED) : null;
        if (own != null) {
            delivery.deliver(own);
            return;
        }
        String topic = queue != null ? queue : function;
        for (QueueMessage m : messages) {
            delivery.deliver(GoogleEvents.pubsub(project(context), topic, "faasport-" + function, m));
        }
    }

    /** A tick reaches a 2nd gen function as Cloud Scheduler's Pub/Sub message on the function's schedule topic. */
    @Override
    public void handle(ScheduleEvent event, Context context) throws Exception {
        CloudEvent own = original(context, GoogleEvents.PUBLISHED);
        // the topic the Google provider creates for a scheduled function (FunctionMapping.scheduleTopic)
        delivery.deliver(own != null ? own : GoogleEvents.pubsub(project(context), "faasport-schedule-" + function,
                "faasport-" + function, GoogleEvents.tick(event, context.invocationId())));
    }

    /** @return on Google, the CloudEvent Eventarc delivered (runtime/gcp passes it along) when of one of the types */
    private static CloudEvent original(Context context, String... types) {
        if (context instanceof InvocationContext ic && ic.platformEvent() instanceof CloudEvent e
                && List.of(types).contains(e.getType()) && e.getData() != null) {
            return e;
        }
        return null;
    }

    /** @return the project Google's client libraries would name (their environment variables), else {@code _} */
    static String project(Context context) {
        String p = context.environment().get("GOOGLE_CLOUD_PROJECT");
        if (p == null || p.isBlank()) p = context.environment().get("GCLOUD_PROJECT");
        return p == null || p.isBlank() ? "_" : p;
    }
}
