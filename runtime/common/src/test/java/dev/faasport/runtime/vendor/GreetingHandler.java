package dev.faasport.runtime.vendor;

/** A user handler written against the "vendor" API only; its static initialiser must not run at detection. */
public class GreetingHandler implements VendorHttp<String, String> {
    public static final String MARK = "faasport.test.vendorInit";

    static {
        System.setProperty(MARK, "ran");
    }

    @Override
    public String call(String request) {
        return "vendor says " + request;
    }
}
