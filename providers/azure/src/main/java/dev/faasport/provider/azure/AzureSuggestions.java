package dev.faasport.provider.azure;

/** Every "perhaps you should ..." of the Azure provider, in one place so the tone stays consistent and tests can assert it. */
final class AzureSuggestions {
    static final String SET_SUBSCRIPTION = "set azure.subscription (-Dfaas.azure.subscription=<subscription id>) to the id "
            + "shown by the Azure portal under Subscriptions";
    static final String GRANT_ROLES = "ask for " + AzurePermissions.ROLES + " (see providers/azure/README.md, "
            + "\"Permissions\")";
    static final String CHOOSE_APP_NAME = "choose another name with azure.app: function app names are global "
            + "(<app>.azurewebsites.net)";
    static final String CHOOSE_STORAGE_ACCOUNT = "choose another storage account with azure.storageAccount (3-24 lower-case "
            + "letters and digits, unique across Azure)";
    static final String RETRY_LATER = "run the deploy again; it resumes where it stopped";
    static final String CHECK_REQUEST = "check the values named in the message against the Azure documentation";
    static final String SET_KEY_VAULT = "set azure.keyVault (-Dfaas.azure.keyVault=<vault name>, or <resource group>/<vault"
            + " name> when the vault is in another group) to the key vault that holds the secrets the functions reference";
    static final String EMULATOR_LOGS = "run against Azure, or read the logs in Application Insights / the Kudu log stream";

    private AzureSuggestions() {
    }
}
