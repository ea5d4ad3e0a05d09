package dev.faasport.api;

/** A function run on a schedule. */
@FunctionalInterface
public interface ScheduleFunction {

    /**
     * Handles one tick.
     *
     * @param event   the tick
     * @param context the invocation context
     * @throws Exception any failure
     */
    void handle(ScheduleEvent event, Context context) throws Exception;
}
