package dev.faasport.core;

import dev.faasport.core.error.HelpfulSuggestions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelpfulSuggestionsPerhapsTest {
    @Test
    void saysPerhapsYouShouldOnceWhateverTheProviderWrote() {
        assertThat(HelpfulSuggestions.perhaps("raise the memory")).isEqualTo(", perhaps you should raise the memory");
        assertThat(HelpfulSuggestions.perhaps("Perhaps you should raise the memory"))
                .isEqualTo(", perhaps you should raise the memory");
        assertThat(HelpfulSuggestions.providerFailed("Deploying", "gcp", "quota", "perhaps you should ask for more"))
                .isEqualTo("Deploying on provider 'gcp' failed: quota, perhaps you should ask for more");
    }
}
