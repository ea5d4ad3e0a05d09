package it.triggers;

import dev.faasport.api.Context;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.ScheduleFunction;

/** A nightly job: records each tick in bucket "results". */
public class Nightly implements ScheduleFunction {
    @Override
    public void handle(ScheduleEvent event, Context context) throws Exception {
        Marker.put(context, "results", "ticks/" + (event.manual() ? "manual" : "timer"), event.scheduledTime().toString());
    }
}
