package dev.faasport.spi;

/**
 * The one spelling of a diagnosis line ({@link ProviderSession#doctor()}): {@code <check>: <result>}, and for a check
 * that failed {@code <check>: FAILED <what>, perhaps you should <fix>}. Providers write failed checks with it and
 * faas:doctor finds them with {@link #isFailure}, so the two cannot drift apart.
 */
public final class DoctorLines {

    private DoctorLines() {
    }

    /** @return {@code <check>: FAILED <message>, perhaps you should <suggestion>} (no suggestion part without one) */
    public static String failed(String check, ProviderException e) {
        return check + ": " + failure(e);
    }

    /** @return {@code FAILED <message>, perhaps you should <suggestion>}, for a line whose check is already written */
    public static String failure(ProviderException e) {
        return "FAILED " + e.getMessage() + (e.suggestion() == null ? "" : ", perhaps you should " + e.suggestion());
    }

    /** @return whether a line reports a failed check ({@code <check>: FAILED ...}, or a permission {@code MISSING}) */
    public static boolean isFailure(String line) {
        return line.contains(": FAILED") || line.contains(": MISSING");
    }
}
