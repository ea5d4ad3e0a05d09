package dev.faasport.runtime.aws;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The signer against AWS's Signature Version 4 test suite (aws-sig-v4-test-suite, case post-vanilla). */
class SigV4Test {
    private static final SigV4.Credentials SUITE = new SigV4.Credentials("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    @Test
    void signsThePostVanillaCaseAsTheSuiteDoes() {
        Map<String, String> headers = SigV4.sign("example.amazonaws.com", "us-east-1", "service", Map.of(), new byte[0],
                SUITE, Instant.parse("2015-08-30T12:36:00Z"));
        assertThat(headers).containsEntry("X-Amz-Date", "20150830T123600Z").containsEntry("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, "
                        + "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    @Test
    void aSessionTokenIsSentAndSigned() {
        Map<String, String> headers = SigV4.sign("secretsmanager.eu-west-1.amazonaws.com", "eu-west-1",
                "secretsmanager", Map.of("Content-Type", "application/x-amz-json-1.1"), "{}".getBytes(),
                new SigV4.Credentials("ASIAEXAMPLE", "secret", "token"), Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(headers).containsEntry("X-Amz-Security-Token", "token");
        assertThat(headers.get("Authorization"))
                .contains("Credential=ASIAEXAMPLE/20261208/eu-west-1/secretsmanager/aws4_request")
                .contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token");
    }
}
