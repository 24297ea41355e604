package org.ichcds.reporting;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Validates FHIR R4 resources against the core specification and the project's profiles, code systems and value sets
 * in {@code fhir-profiles/} (loaded from the classpath). Building one is slow (seconds, the first validation longer);
 * build it once and share it: validation is thread-safe.
 */
public final class ProfileValidator {

    private static final String LOCATION = "classpath*:fhir-profiles/**/*.json";
    private static final Set<ResultSeverityEnum> ERRORS = Set.of(ResultSeverityEnum.ERROR, ResultSeverityEnum.FATAL);

    private final FhirContext context;
    private final ValidationSupportChain chain;
    private final FhirValidator validator;

    private ProfileValidator(FhirContext context, PrePopulatedValidationSupport profiles) {
        this.context = context;
        this.chain = new ValidationSupportChain(
                profiles,
                new DefaultProfileValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context));
        this.validator = context.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    /** A validator over the conformance resources in {@code fhir-profiles/} on the classpath. */
    public static ProfileValidator fromClasspath() {
        FhirContext context = FhirContext.forR4Cached();
        var profiles = new PrePopulatedValidationSupport(context);
        var parser = context.newJsonParser();
        try {
            Resource[] files = new PathMatchingResourcePatternResolver().getResources(LOCATION);
            if (files.length == 0) {
                throw new IllegalStateException("no FHIR profiles found at " + LOCATION);
            }
            for (Resource file : files) {
                try (InputStream in = file.getInputStream()) {
                    add(profiles, parser.parseResource(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read FHIR profiles at " + LOCATION, e);
        }
        return new ProfileValidator(context, profiles);
    }

    private static void add(PrePopulatedValidationSupport profiles, IBaseResource resource) {
        // examples and other resources in fhir-profiles/ are not conformance resources and are skipped
        if (resource instanceof StructureDefinition sd) {
            profiles.addStructureDefinition(sd);
        } else if (resource instanceof CodeSystem cs) {
            profiles.addCodeSystem(cs);
        } else if (resource instanceof ValueSet vs) {
            profiles.addValueSet(vs);
        }
    }

    /** Every message (errors, warnings, information), each as "SEVERITY location: message". */
    List<String> messages(IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .map(ProfileValidator::format)
                .toList();
    }

    /** The error and fatal messages; empty when the resource conforms. */
    public List<String> errors(IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(m -> ERRORS.contains(m.getSeverity()))
                .map(ProfileValidator::format)
                .toList();
    }

    /** The error and fatal messages of a resource given as JSON. */
    List<String> errors(String json) {
        return errors(context.newJsonParser().parseResource(json));
    }

    /** The profile with its snapshot, as the validator sees it (for tests of the profiles themselves). */
    StructureDefinition snapshot(String url) {
        var profile = (StructureDefinition) chain.fetchStructureDefinition(url);
        if (profile == null || profile.hasSnapshot()) {
            return profile;
        }
        return (StructureDefinition) chain.generateSnapshot(
                new ValidationSupportContext(chain), profile.copy(), url, Terminology.BASE, profile.getName());
    }

    private static String format(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
    }
}
