package dev.faasport.runtime;

/**
 * The Java shape of a user's function; decides how an adapter calls it. Same names as
 * {@code dev.faasport.spi.FunctionShape} and the {@code shape} field of {@code faasport-functions.json}.
 */
public enum Shape {
    /** implements {@link dev.faasport.api.HttpFunction} */
    HTTP,
    /** implements {@link java.util.function.Function}: JSON in, JSON out */
    TYPED,
    /** implements {@link dev.faasport.api.StorageFunction} */
    STORAGE,
    /** implements {@link dev.faasport.api.QueueFunction} */
    QUEUE,
    /** implements {@link dev.faasport.api.ScheduleFunction} */
    SCHEDULE;

    /** @return whether a function of this shape can be invoked by the trigger kind (as {@code FunctionShape.accepts}) */
    public boolean accepts(String triggerKind) {
        return switch (this) {
            case HTTP -> "http".equals(triggerKind);
            case TYPED -> true;
            case STORAGE -> "storage".equals(triggerKind);
            case QUEUE -> "queue".equals(triggerKind);
            case SCHEDULE -> "schedule".equals(triggerKind);
        };
    }

    /** @return the trigger kind a function of this shape takes when the configuration names none */
    public String naturalTrigger() {
        return switch (this) {
            case HTTP, TYPED -> "http";
            case STORAGE -> "storage";
            case QUEUE -> "queue";
            case SCHEDULE -> "schedule";
        };
    }
}
