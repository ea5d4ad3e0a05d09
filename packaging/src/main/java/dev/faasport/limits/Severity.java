package dev.faasport.limits;

/** How a function stands against one limit, from best to worst. */
public enum Severity {
    /** within the limit */
    FITS,
    /** the vendor documents no limit for this; nothing was invented */
    UNDOCUMENTED,
    /** deploys, but may fail at run time or needs a detour (e.g. upload through storage) */
    WARNING,
    /** the vendor will refuse it */
    VIOLATION;

    /** @return the worse of the two */
    public Severity max(Severity other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
