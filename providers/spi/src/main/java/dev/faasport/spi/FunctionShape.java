package dev.faasport.spi;

/** The Java shape of a user's function, which decides how adapters call it and which triggers fit it. */
public enum FunctionShape {
    /** implements {@code dev.faasport.api.HttpFunction} */
    HTTP,
    /** implements {@code java.util.function.Function<I,O>}: JSON in, JSON out (HTTP POST body, or an event) */
    TYPED,
    /** implements {@code dev.faasport.api.StorageFunction} */
    STORAGE,
    /** implements {@code dev.faasport.api.QueueFunction} */
    QUEUE,
    /** implements {@code dev.faasport.api.ScheduleFunction} */
    SCHEDULE;

    /** @return whether a function of this shape can be invoked by the trigger kind */
    public boolean accepts(String triggerKind) {
        return switch (this) {
            case HTTP -> triggerKind.equals("http");
            case TYPED -> true;
            case STORAGE -> triggerKind.equals("storage");
            case QUEUE -> triggerKind.equals("queue");
            case SCHEDULE -> triggerKind.equals("schedule");
        };
    }
}
