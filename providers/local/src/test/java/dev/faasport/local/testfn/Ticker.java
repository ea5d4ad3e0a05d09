package dev.faasport.local.testfn;

import dev.faasport.api.Context;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.ScheduleFunction;

/** A schedule function that records each tick as a marker object. */
public class Ticker implements ScheduleFunction {
    @Override
    public void handle(ScheduleEvent event, Context context) throws Exception {
        Marks.put(context, "tick/" + (event.manual() ? "manual" : "timer") + "/" + event.scheduledTime().toEpochMilli(),
                event.expression());
    }
}
