package ai.katonic.kpc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OverridesTest {
    @Test
    void readOnceFromTheNamesTheSimulatorPrints() {
        Map<String, String> env = Map.of("chartsRepository", "http://127.0.0.1:5000/charts//", "imageRegistry", " ",
                "jumpHostAddress", " 127.0.0.1:2222 ");
        Overrides o = Overrides.from(env::get);
        assertThat(o.chartsRepository()).isEqualTo("http://127.0.0.1:5000/charts");
        assertThat(o.imageRegistry()).as("blank is none").isNull();
        assertThat(o.jumpHostAddress()).isEqualTo("127.0.0.1:2222");
        assertThat(Overrides.from(k -> null)).isEqualTo(Overrides.NONE);
    }

    @Test
    void aJvmPropertyOfTheSameNameIsRead() {
        String before = System.getProperty("kpc.jumpHostAddress");
        System.setProperty("kpc.jumpHostAddress", "127.0.0.1:4022");
        try {
            assertThat(Overrides.fromEnvironment().jumpHostAddress()).isEqualTo("127.0.0.1:4022");
        } finally {
            if (before == null) System.clearProperty("kpc.jumpHostAddress");
            else System.setProperty("kpc.jumpHostAddress", before);
        }
    }

    @Test
    void theEnvironmentsNamesAreTheSameInATurkishLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
        try {
            assertThat(Overrides.envName("chartsRepository")).isEqualTo("KPC_CHARTS_REPOSITORY");
            assertThat(Overrides.envName("imageRegistry")).isEqualTo("KPC_IMAGE_REGISTRY");
            assertThat(Overrides.envName("jumpHostAddress")).isEqualTo("KPC_JUMP_HOST_ADDRESS");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
