package org.ichcds.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ichcds.dicom.DicomWebSettings;
import org.ichcds.pacs.PacsProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * The settings the command-line tools need, read the way the server reads them but without starting an application
 * context: {@code application.yaml} from the classpath, then {@code ./config/application.yaml} when present, then
 * environment variables (ICHCDS_PACS_PASSWORD=...), later sources winning.
 */
final class Settings {

    private final PacsProperties pacs;
    private final DicomWebSettings dicomWeb;

    private Settings(PacsProperties pacs, DicomWebSettings dicomWeb) {
        this.pacs = pacs;
        this.dicomWeb = dicomWeb;
    }

    /** Reads the settings of the current working directory and process environment. */
    static Settings load() {
        return load(Path.of("config", "application.yaml"), System.getenv());
    }

    static Settings load(Path overrides, Map<String, String> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment)));
        if (Files.isRegularFile(overrides)) {
            yaml(new FileSystemResource(overrides)).forEach(sources::addLast);
        }
        yaml(new ClassPathResource("application.yaml")).forEach(sources::addLast);
        Binder binder = new Binder(ConfigurationPropertySources.from(sources));
        try {
            return new Settings(
                    binder.bind("ichcds.pacs", Bindable.of(PacsProperties.class))
                            .get(),
                    binder.bind("ichcds.dicomweb", Bindable.of(DicomWebSettings.class))
                            .get());
        } catch (BindException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IllegalArgumentException("invalid setting under " + e.getName() + ": " + cause.getMessage(), e);
        } catch (java.util.NoSuchElementException e) {
            throw new IllegalArgumentException("missing settings ichcds.pacs or ichcds.dicomweb in application.yaml");
        }
    }

    /** The documents of a YAML file that apply without a profile. */
    private static List<PropertySource<?>> yaml(Resource resource) {
        try {
            List<PropertySource<?>> documents = new ArrayList<>();
            for (PropertySource<?> document :
                    new YamlPropertySourceLoader().load(resource.getDescription(), resource)) {
                if (document.getProperty("spring.config.activate.on-profile") == null) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource.getDescription(), e);
        }
    }

    PacsProperties pacs() {
        return pacs;
    }

    DicomWebSettings dicomWeb() {
        return dicomWeb;
    }
}
