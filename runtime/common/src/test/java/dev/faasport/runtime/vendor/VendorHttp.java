package dev.faasport.runtime.vendor;

/** Stands for a vendor's own HTTP handler interface (as the native adapters see AWS, Google or Azure types). */
public interface VendorHttp<I, O> {
    O call(I request);
}
