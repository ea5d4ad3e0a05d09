package dev.faasport.spi;

/** The artifact layouts the core packager can build. A provider names the one it deploys. */
public enum PackageFormat {
    /** classes at the root, dependency jars under {@code lib/}, a {@code faasport-function.json} descriptor */
    LOCAL_ZIP,
    /** AWS Lambda's Java zip layout: classes at the root, jars under {@code lib/} */
    LAMBDA_ZIP,
    /** an Azure Functions app: {@code host.json}, a folder per function with {@code function.json}, the jars */
    AZURE_APP_ZIP,
    /** a Google Cloud Functions source zip holding the prebuilt jar(s) */
    GCF_SOURCE_ZIP,
    /** an OCI image */
    OCI_IMAGE
}
