package org.ichcds.hooks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/** The CDS services this server offers: one JSON definition per service in {@code cds-services/}. */
@Component
class CdsServiceCatalog {

    private final Map<String, CdsServiceDefinition> services;
    private final List<CdsServiceDefinition> ordered;

    CdsServiceCatalog() throws IOException {
        this(new PathMatchingResourcePatternResolver().getResources("classpath*:cds-services/*.json"));
    }

    CdsServiceCatalog(Resource... definitions) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        List<CdsServiceDefinition> loaded = new ArrayList<>();
        for (Resource resource : definitions) {
            try (InputStream in = resource.getInputStream()) {
                CdsServiceDefinition definition = mapper.readValue(in, CdsServiceDefinition.class);
                definition.validate(resource.getFilename());
                loaded.add(definition);
            }
        }
        loaded.sort(Comparator.comparing(CdsServiceDefinition::id));
        Map<String, CdsServiceDefinition> byId = new LinkedHashMap<>();
        for (CdsServiceDefinition definition : loaded) {
            if (byId.put(definition.id(), definition) != null) {
                throw new IllegalStateException("two CDS service definitions share the id " + definition.id());
            }
        }
        this.services = Map.copyOf(byId);
        this.ordered = List.copyOf(loaded);
    }

    List<CdsServiceDefinition> all() {
        return ordered;
    }

    Optional<CdsServiceDefinition> find(String id) {
        return Optional.ofNullable(services.get(id));
    }
}
