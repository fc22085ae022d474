package io.ultrawatch.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void quotesEscapeEverythingJsonRequires() {
        assertThat(Json.quote("plain")).isEqualTo("\"plain\"");
        assertThat(Json.quote("say \"hi\" \\ bye")).isEqualTo("\"say \\\"hi\\\" \\\\ bye\"");
        assertThat(Json.quote("a\nb\rc\td\be\ff")).isEqualTo("\"a\\nb\\rc\\td\\be\\ff\"");
        assertThat(Json.quote("\u0000\u001f\u2028")).isEqualTo("\"\\u0000\\u001f\\u2028\"");
        assertThat(Json.quote("é✓")).isEqualTo("\"é✓\"");
    }
}
