package dev.faasport.limits;

/**
 * One Java runtime a vendor offers, as its limit table lists it.
 *
 * @param name    the vendor's spelling ({@code java21} on AWS and Google, {@code 21} on Azure); what providers deploy
 * @param java    the Java feature version it runs: it runs class files up to this version
 * @param lts     a long-term-support release
 * @param preview offered as a preview only: never chosen by default, accepted when asked for
 */
public record JavaRuntime(String name, int java, boolean lts, boolean preview) {

    /** @return whether it runs classes compiled for the given Java feature version */
    public boolean runs(int level) {
        return level <= java;
    }

    /** @return the name with the Java version when the name does not say it ("java21", "21 (Java 21)") */
    public String describe() {
        String text = name.equals("java" + java) ? name : name + " (Java " + java + ")";
        return preview ? text + ", preview" : text;
    }
}
