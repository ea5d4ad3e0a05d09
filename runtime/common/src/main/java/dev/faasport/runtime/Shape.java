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
    SCHEDULE
}
