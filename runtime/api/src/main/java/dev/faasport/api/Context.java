package dev.faasport.api;

import java.time.Duration;
import java.util.Map;

/**
 * What a function knows about the invocation it is serving. Provided by the adapter of whichever platform runs it.
 */
public interface Context {

    /** @return the function's name in the function set */
    String functionName();

    /** @return a unique id of this invocation (the platform's request id where it has one) */
    String invocationId();

    /** @return the time left before the platform ends this invocation */
    Duration remainingTime();

    /** @return a logger whose lines reach the platform's log stream for this function */
    Logger logger();

    /** @return the function's environment variables */
    Map<String, String> environment();

    /** A line logger; lines go to the platform's logs, tagged with the invocation. */
    interface Logger {
        /** Logs one informational line. */
        void info(String message);

        /** Logs one error line. */
        void error(String message, Throwable error);
    }
}
