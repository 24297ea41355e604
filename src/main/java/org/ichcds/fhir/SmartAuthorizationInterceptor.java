package org.ichcds.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.ichcds.fhir.SmartScope.Context;
import org.ichcds.fhir.SmartScope.Permission;

/**
 * What a caller of {@code /fhir} may do, from the SMART scopes of its access token (verified by Spring Security before
 * HAPI sees the request). Deny by default:
 *
 * <ul>
 *   <li>{@code r}/{@code s} (and v1 {@code read}) scopes read and search their type; {@code patient/} scopes only
 *       inside the compartment of the token's {@code patient}, and nothing without one;
 *   <li>writes only with {@code system/} scopes ({@code c} create, {@code u} update, {@code d} delete): a user or
 *       patient token never changes the store that holds the AI results;
 *   <li>{@code AuditEvent} only with a scope that names it: a wildcard does not reach the audit trail, and nobody
 *       writes it;
 *   <li>no operation ({@code $expunge}, {@code $delete-expunge}, {@code $reindex}, bulk export, …) for anyone, and no
 *       delete with {@code _expunge}.
 * </ul>
 */
final class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

    static final String AUDIT_EVENT = "AuditEvent";

    private final TokenScopes tokens;

    SmartAuthorizationInterceptor(TokenScopes tokens) {
        super(PolicyEnum.DENY);
        this.tokens = tokens;
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        IAuthRuleBuilder rules =
                new RuleBuilder().allow("capabilities").metadata().andThen();
        Optional<TokenScopes.Grant> grant = tokens.current();
        if (grant.isEmpty()) {
            return rules.denyAll("no access token").build();
        }
        // the audit trail is written by the server alone: no scope creates, changes or deletes an entry
        rules = rules.deny("the audit trail is written by the server only")
                .write()
                .resourcesOfType(AUDIT_EVENT)
                .withAnyId()
                .andThen()
                .deny("the audit trail is written by the server only")
                .create()
                .resourcesOfType(AUDIT_EVENT)
                .withAnyId()
                .andThen()
                .deny("the audit trail is written by the server only")
                .delete()
                .resourcesOfType(AUDIT_EVENT)
                .withAnyId()
                .andThen();
        List<SmartScope> scopes = grant.get().scopes();
        boolean auditNamed = scopes.stream().anyMatch(s -> s.resourceType().equals(AUDIT_EVENT));
        if (!auditNamed) {
            rules = rules.deny("the audit trail needs an AuditEvent scope")
                    .read()
                    .resourcesOfType(AUDIT_EVENT)
                    .withAnyId()
                    .andThen();
        }
        for (SmartScope scope : scopes) {
            rules = add(rules, scope, grant.get().patient());
        }
        return rules.denyAll("outside the access token's scopes").build();
    }

    private static IAuthRuleBuilder add(IAuthRuleBuilder rules, SmartScope scope, Optional<String> patient) {
        if (scope.context() == Context.PATIENT && patient.isEmpty()) {
            return rules; // a patient scope without a patient grants nothing
        }
        String name = "scope " + scope.context().name().toLowerCase() + "/" + scope.resourceType();
        String type = scope.resourceType();
        if (scope.permissions().contains(Permission.READ) || scope.permissions().contains(Permission.SEARCH)) {
            IAuthRuleBuilderRuleOpClassifier read = types(rules.allow(name).read(), type);
            rules = (scope.context() == Context.PATIENT
                            ? read.inCompartment("Patient", new IdType("Patient", patient.get()))
                            : read.withAnyId())
                    .andThen();
        }
        if (scope.context() != Context.SYSTEM) {
            return rules; // user and patient tokens never write
        }
        if (scope.permissions().contains(Permission.CREATE)) {
            rules = types(rules.allow(name).create(), type).withAnyId().andThen();
        }
        if (scope.permissions().contains(Permission.UPDATE)) {
            rules = types(rules.allow(name).write(), type).withAnyId().andThen();
        }
        if (scope.permissions().contains(Permission.DELETE)) {
            rules = types(rules.allow(name).delete(), type).withAnyId().andThen();
        }
        return rules;
    }

    private static IAuthRuleBuilderRuleOpClassifier types(
            ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp op, String type) {
        return type.equals("*") ? op.allResources() : op.resourcesOfType(type);
    }
}
