package dev.faasport.lockin;

import java.util.List;

/**
 * A function's use of one vendor API.
 *
 * @param api        the API
 * @param path       how the handler reaches it: the handler, the classes in between, and the API's class
 * @param dependency the coordinates of the dependency whose class calls the API, or null when the project's own
 *                   classes do
 */
public record Tie(VendorApi api, List<String> path, String dependency) {

    public Tie {
        path = List.copyOf(path);
    }

    /** @return "com.example.Thumbnail -> com.example.Images -> software.amazon...S3Client (in com.acme:x:1.0)" */
    public String evidence() {
        return String.join(" -> ", path) + (dependency == null ? "" : " (in " + dependency + ")");
    }
}
