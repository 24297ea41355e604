package org.ichcds.fhir;

import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The H2 URL the server opens: it keeps the database open until the server has closed it, whatever happens to the
 * threads that use it.
 *
 * <ul>
 *   <li>H2 closes every database in a JVM shutdown hook of its own unless the URL says {@code DB_CLOSE_ON_EXIT=FALSE};
 *       that hook runs beside Spring's, so on SIGTERM the database went away under the JPA layer and the running
 *       analyses ("Database is already closed"). With the setting the database closes when its pool does, after
 *       everything that uses it.
 *   <li>A thread interrupted while H2 reads or writes its file (an analysis stopped at its deadline or by a shutdown
 *       while it checks that it still holds its job) closes the file channel, and H2 then closes the whole database
 *       for every connection ("The database has been closed [90098]"): the FHIR store and the job table would be gone
 *       until a restart. H2's {@code retry:} file system reopens the file and repeats the operation instead; it is
 *       the same file, so a database made without it opens with it.
 * </ul>
 *
 * Both go into any H2 URL that does not say otherwise (a {@code --spring.datasource.url} of the command line or of a
 * test), not only into the default.
 */
@Configuration(proxyBeanMethods = false)
class H2DatabaseUrl {

    static final String CLOSE_WITH_THE_POOL = ";DB_CLOSE_ON_EXIT=FALSE";
    static final String RETRY_ON_INTERRUPT = "retry:";
    // the name after jdbc:h2: or jdbc:h2:file: already names a file system (nio:, split:, retry:, …), a server or
    // memory; a Windows drive letter (C:) is a path
    private static final Pattern OTHER_STORE = Pattern.compile("^(mem:|tcp:|ssl:|zip:|[A-Za-z][A-Za-z0-9]+:).*");

    @Bean
    static BeanPostProcessor h2UrlTheServerNeeds() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DataSourceProperties properties && properties.getUrl() != null) {
                    properties.setUrl(interruptSafe(closedByTheServer(properties.getUrl())));
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

    /** The URL of an H2 database in a file, on H2's {@code retry:} file system unless it names a file system. */
    static String interruptSafe(String url) {
        String head;
        if (url.startsWith("jdbc:h2:file:")) {
            head = "jdbc:h2:file:";
        } else if (url.startsWith("jdbc:h2:")) {
            head = "jdbc:h2:";
        } else {
            return url;
        }
        String name = url.substring(head.length());
        if (OTHER_STORE.matcher(name).matches()) {
            return url;
        }
        return head + RETRY_ON_INTERRUPT + name;
    }
}
