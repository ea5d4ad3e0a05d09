package dev.faasport.provider.aws.conformance.fn;

import dev.faasport.api.Context;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.ScheduleFunction;
import dev.faasport.provider.aws.conformance.dep.Greetings;

/** Schedule: logs the tick's time and expression. */
public class Nightly implements ScheduleFunction {
    @Override
    public void handle(ScheduleEvent event, Context context) {
        context.logger().info(Greetings.handled("tick " + event.scheduledTime() + " " + event.expression()));
    }
}
