package org.ichcds.fhir;

import java.util.Locale;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps an H2 database open until the server has closed it. H2 closes every database in a JVM shutdown hook of its
 * own unless the URL says {@code DB_CLOSE_ON_EXIT=FALSE}; that hook runs beside Spring's, so on SIGTERM the database
 * went away under the JPA layer and the running analyses ("Database is already closed"). With the setting the
 * database closes when its pool does, after everything that uses it. Added to any H2 URL that does not say otherwise
 * (a {@code --spring.datasource.url} of the command line or of a test), not only to the default.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseShutdownOrder {

    static final String CLOSE_WITH_THE_POOL = ";DB_CLOSE_ON_EXIT=FALSE";

    @Bean
    static BeanPostProcessor h2ClosesWithItsPool() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DataSourceProperties properties && properties.getUrl() != null) {
                    properties.setUrl(closedByTheServer(properties.getUrl()));
                }
                return bean;
            }
        };
    }

    /** The URL, with {@code DB_CLOSE_ON_EXIT=FALSE} when it is an H2 URL without a choice of its own. */
    static String closedByTheServer(String url) {
        if (!url.startsWith("jdbc:h2:") || url.toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
            return url;
        }
        return url + CLOSE_WITH_THE_POOL;
    }
}
