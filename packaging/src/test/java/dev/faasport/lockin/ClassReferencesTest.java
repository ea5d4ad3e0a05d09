package dev.faasport.lockin;

import dev.faasport.lockin.fixtures.Clients;
import dev.faasport.lockin.fixtures.Hello;
import dev.faasport.lockin.fixtures.Uploads;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Constant pools of classes javac compiled against the real SDKs. */
class ClassReferencesTest {

    private static Set<String> of(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return ClassReferences.read(in);
        }
    }

    @Test
    void typesOnlyInGenericSignaturesAndArraysCount() throws IOException {
        assertThat(of(Clients.class)).contains("software.amazon.awssdk.services.dynamodb.DynamoDbClient",
                "software.amazon.awssdk.services.s3.S3Client", "java.util.List", "java.util.Map")
                .doesNotContain(Clients.class.getName());
    }

    @Test
    void annotationTypesCountAndStringConstantsDoNot() throws IOException {
        assertThat(of(Uploads.class)).contains("com.microsoft.azure.functions.annotation.CosmosDBOutput",
                "com.microsoft.azure.functions.annotation.HttpTrigger",
                "com.microsoft.azure.functions.annotation.AuthorizationLevel",
                "com.azure.storage.blob.BlobServiceClientBuilder");
        assertThat(of(Hello.class)).noneMatch(c -> c.startsWith("software."));
    }

    @Test
    void bytesThatAreNoClassFileAreMalformed() {
        assertThatThrownBy(() -> ClassReferences.read(new ByteArrayInputStream(new byte[]{1, 2, 3, 4, 5})))
                .isInstanceOf(ClassReferences.MalformedClassException.class).hasMessage("not a class file");
        assertThatThrownBy(() -> ClassReferences.read(new ByteArrayInputStream(new byte[]{(byte) 0xCA, (byte) 0xFE})))
                .isInstanceOf(ClassReferences.MalformedClassException.class).hasMessage("truncated class file");
    }
}
