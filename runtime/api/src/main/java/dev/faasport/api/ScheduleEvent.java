package dev.faasport.api;

import java.time.Instant;

/**
 * A vendor-neutral schedule tick.
 *
 * @param expression    the schedule expression from the function set ({@code cron(...)} or {@code rate(...)})
 * @param scheduledTime when the tick was due
 * @param manual        true when the tick was fired by hand rather than by the clock
 */
public record ScheduleEvent(String expression, Instant scheduledTime, boolean manual) {
}
