package dev.faasport.core.error;

import java.util.List;

/** faas:doctor printed every check and at least one failed: the build fails, naming the failed checks. */
public class DoctorFailedException extends FaasportException {

    private final List<String> failed;

    public DoctorFailedException(String target, List<String> failed) {
        super(failed.size() + (failed.size() == 1 ? " check" : " checks") + " of " + target + " failed:\n  "
                + String.join("\n  ", failed));
        this.failed = List.copyOf(failed);
    }

    /** @return the lines of the checks that failed */
    public List<String> failed() {
        return failed;
    }
}
