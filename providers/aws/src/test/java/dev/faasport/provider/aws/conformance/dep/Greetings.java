package dev.faasport.provider.aws.conformance.dep;

/** A "third-party dependency" of the conformance functions: packaged as its own jar, so the shared layer holds it. */
public final class Greetings {

    private Greetings() {
    }

    /** @return a line naming what handled an event, and on which Java */
    public static String handled(String what) {
        return "handled " + what + " on Java " + Runtime.version().feature();
    }
}
