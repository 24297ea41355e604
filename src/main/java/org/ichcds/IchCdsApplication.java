package org.ichcds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/** The ICH CDS server: FHIR store at {@code /fhir}, CDS Hooks at {@code /cds-services}, health at {@code /actuator}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IchCdsApplication {

    /** Starts the server with Spring Boot's usual argument handling ({@code --key=value} overrides settings). */
    public static ConfigurableApplicationContext start(String... args) {
        return SpringApplication.run(IchCdsApplication.class, args);
    }

    public static void main(String[] args) {
        start(args);
    }
}
