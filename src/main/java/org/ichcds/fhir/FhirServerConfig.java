package org.ichcds.fhir;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.ichcds.audit.AuditRecorder;
import org.ichcds.audit.AuditStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI FHIR JPA server (R4) inside the Spring Boot application, mounted at {@code /fhir}. HAPI manages its own tables
 * (Hibernate {@code hbm2ddl.auto=update}); the application's tables live apart in the Flyway-managed {@code app} schema.
 */
@Configuration(proxyBeanMethods = false)
@Import({
    JpaR4Config.class,
    HapiJpaConfig.class,
    JpaBatch2Config.class,
    Batch2JobsConfig.class,
    ThreadPoolFactoryConfig.class,
    SubscriptionChannelConfig.class
})
class FhirServerConfig {

    @Bean
    JpaStorageSettings jpaStorageSettings() {
        JpaStorageSettings settings = new JpaStorageSettings();
        settings.setAllowExternalReferences(true);
        // no caller may erase or bulk-delete the store that holds the AI results (the interceptor refuses the
        // operations too; with these off, HAPI itself cannot run them)
        settings.setAllowMultipleDelete(false);
        settings.setExpungeEnabled(false);
        settings.setDeleteExpungeEnabled(false);
        // HAPI answers a search repeated within a minute from the first one's results; a report written just after
        // the hook's answer must show up in the clinician's next search, not a minute later
        settings.setReuseCachedSearchResultsForMillis(null);
        return settings;
    }

    @Bean
    PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    /** A connection ended by the database empties its pool ({@link EvictPoolOnOutage}). */
    @Bean
    static BeanPostProcessor evictPoolOnOutage() {
        return EvictPoolOnOutage.installer();
    }

    /**
     * Replicas started together on a fresh PostgreSQL database create HAPI's tables, and write its search parameter
     * identities, one at a time.
     */
    @Bean
    static SchemaCreationLock schemaCreationLock(
            ObjectProvider<DataSource> dataSource,
            ObjectProvider<ISearchParamRegistry> searchParamRegistry,
            ObjectProvider<ca.uhn.fhir.jpa.cache.ISearchParamIdentityCacheSvc> identities) {
        return new SchemaCreationLock(dataSource, searchParamRegistry, identities);
    }

    /** Named {@code entityManagerFactory}: HAPI's repositories look it up by the default name. */
    @Bean(name = "entityManagerFactory")
    LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            DataSource dataSource,
            JpaProperties jpaProperties) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        factory.setJpaPropertyMap(jpaProperties.getProperties());
        return factory;
    }

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(
            IFhirSystemDao<?, ?> systemDao,
            ResourceProviderFactory resourceProviders,
            IJpaSystemProvider systemProvider,
            FhirServerParts parts,
            FhirServerAccess access) {
        RestfulServer server = new RestfulServer(systemDao.getContext());
        server.registerInterceptor(new SmartAuthorizationInterceptor(access.tokens()));
        server.registerInterceptor(new SmartSearchNarrowing(access.tokens()));
        server.registerInterceptor(access.discovery());
        server.registerInterceptor(new FhirAccessAudit(access.trail()));
        server.registerInterceptor(new DatabaseOutageInterceptor(parts.dataSource()));
        // AuditEvent is served from the audit trail's own table, read-only, instead of HAPI's store
        server.registerProviders(resourceProviders.createProviders().stream()
                .filter(p -> !(p instanceof IResourceProvider r && r.getResourceType() == AuditEvent.class))
                .toList());
        server.registerProvider(new AuditEventProvider(access.store()));
        server.registerProvider(systemProvider);
        server.setServerConformanceProvider(new JpaCapabilityStatementProvider(
                server, systemDao, parts.storageSettings(), parts.searchParamRegistry(), parts.validationSupport()));
        server.setPagingProvider(parts.pagingProvider());
        server.setImplementationDescription("ICH CDS FHIR store");
        server.setDefaultPrettyPrint(true);
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    SmartDiscovery smartDiscovery(FhirSecurityProperties properties) {
        return new SmartDiscovery(properties);
    }

    @Bean
    ServletRegistrationBean<jakarta.servlet.http.HttpServlet> smartConfigurationServlet(SmartDiscovery discovery) {
        ServletRegistrationBean<jakarta.servlet.http.HttpServlet> registration =
                new ServletRegistrationBean<>(discovery.servlet(), SmartDiscovery.PATH);
        registration.setName("smartConfiguration");
        return registration;
    }

    /** Who may do what on the server, and the record of it. */
    record FhirServerAccess(TokenScopes tokens, SmartDiscovery discovery, AuditRecorder trail, AuditStore store) {}

    @Bean
    FhirServerAccess fhirServerAccess(
            TokenScopes tokens, SmartDiscovery discovery, AuditRecorder trail, AuditStore store) {
        return new FhirServerAccess(tokens, discovery, trail, store);
    }

    /** The HAPI beans the servlet needs besides the DAOs, grouped to keep the bean method small. */
    record FhirServerParts(
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DatabaseBackedPagingProvider pagingProvider,
            DataSource dataSource) {}

    @Bean
    FhirServerParts fhirServerParts(
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DatabaseBackedPagingProvider pagingProvider,
            DataSource dataSource) {
        return new FhirServerParts(storageSettings, searchParamRegistry, validationSupport, pagingProvider, dataSource);
    }
}
