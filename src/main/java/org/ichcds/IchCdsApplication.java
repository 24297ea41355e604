package org.ichcds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ICH CDS server: FHIR store at {@code /fhir}, CDS Hooks at {@code /cds-services}, STOW-RS at
 * {@code /dicom-web/studies} and a DICOM receiver when switched on ({@code ichcds.intake.*}), health at
 * {@code /livez} and {@code /readyz}, the other actuator endpoints on the loopback management port.
 * It scans the server's packages only; the command line, training, the PACS process and the demo's stand-ins for an
 * EHR live beside it and are never loaded into it. Settings records are looked for under org.ichcds, and
 * ArchitectureTest keeps every one of them (and every Spring component) inside the scanned packages.
 */
@SpringBootApplication(
        scanBasePackages = {
            "org.ichcds.hooks",
            "org.ichcds.viewer",
            "org.ichcds.intake",
            "org.ichcds.analysis",
            "org.ichcds.writeback",
            "org.ichcds.reporting",
            "org.ichcds.fhir",
            "org.ichcds.inference",
            "org.ichcds.preprocessing",
            "org.ichcds.dicom",
            "org.ichcds.web",
            "org.ichcds.audit"
        })
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
