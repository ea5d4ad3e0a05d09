package dev.faasport.runtime.vendor;

/** Implements the vendor interface with types the test adapter does not translate: not a function. */
public class OtherTypes implements VendorHttp<Integer, Integer> {
    @Override
    public Integer call(Integer request) {
        return request;
    }
}
