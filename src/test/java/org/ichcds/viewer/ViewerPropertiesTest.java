package org.ichcds.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

/** The shipped settings: the postgres profile (replicas on one database) will not start without a viewer secret. */
class ViewerPropertiesTest {

    private static Binder shipped(boolean postgres, Map<String, Object> overrides) throws Exception {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("overrides", overrides));
        new YamlPropertySourceLoader()
                .load("application.yaml", new ClassPathResource("application.yaml")).stream()
                        .filter(d -> postgres || d.getProperty("spring.config.activate.on-profile") == null)
                        .forEach(d -> {
                            // a profile document overrides the default one, as Spring Boot orders them
                            if (d.getProperty("spring.config.activate.on-profile") != null) {
                                sources.addAfter("overrides", d);
                            } else {
                                sources.addLast(d);
                            }
                        });
        return new Binder(ConfigurationPropertySources.from(sources));
    }

    @Test
    void thePostgresProfileRefusesToStartWithoutATokenSecretAndSaysWhatToSet() throws Exception {
        assertThatThrownBy(() -> shipped(true, Map.of()).bind("ichcds.viewer", Bindable.of(ViewerProperties.class)))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("ichcds.viewer.token-secret is required")
                .hasMessageContaining("replicas on one database");
        ViewerProperties withSecret = shipped(true, Map.of("ichcds.viewer.token-secret", "s".repeat(40)))
                .bind("ichcds.viewer", Bindable.of(ViewerProperties.class))
                .get();
        assertThat(withSecret.requireTokenSecret()).isTrue();
    }

    @Test
    void aSingleServerStartsWithARandomSecret() throws Exception {
        ViewerProperties single = shipped(false, Map.of())
                .bind("ichcds.viewer", Bindable.of(ViewerProperties.class))
                .orElse(null);
        // nothing under ichcds.viewer in the default document: the defaults apply, no secret required
        assertThat(single == null || !single.requireTokenSecret()).isTrue();
    }
}
