package org.ichcds.fhir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART App Launch scope on FHIR resources: {@code patient/Observation.rs}, {@code system/*.cruds}, or the v1 forms
 * {@code user/Patient.read} and {@code system/*.write} (SMART App Launch 2.2 §3, "Scopes for requesting FHIR
 * resources"). Scopes of other kinds ({@code openid}, {@code launch}, {@code fhirUser}) and scopes with a query
 * ({@code patient/Observation.rs?category=…}) are not resource grants here: a query narrows what a scope grants, and a
 * server that cannot enforce the narrowing must grant nothing rather than the whole type.
 *
 * @param context whose data: the patient in the token's {@code patient} claim, the user's, or the system's
 * @param resourceType a FHIR resource type, or {@code *} for all
 * @param permissions what may be done
 */
record SmartScope(Context context, String resourceType, Set<Permission> permissions) {

    /** The compartment a scope applies to. */
    public enum Context {
        PATIENT,
        USER,
        SYSTEM
    }

    /** SMART v2 permissions, in the order the scope syntax requires them. */
    public enum Permission {
        CREATE('c'),
        READ('r'),
        UPDATE('u'),
        DELETE('d'),
        SEARCH('s');

        final char letter;

        Permission(char letter) {
            this.letter = letter;
        }
    }

    // context / type . permissions; a type is a FHIR resource type name (letters) or *
    private static final Pattern SCOPE = Pattern.compile("(patient|user|system)/([A-Z][A-Za-z]{0,63}|\\*)\\.([a-z*]+)");

    public SmartScope {
        permissions = Set.copyOf(permissions);
    }

    /** Whether this scope grants a permission on a resource type. */
    public boolean grants(Permission permission, String type) {
        return permissions.contains(permission) && (resourceType.equals("*") || resourceType.equals(type));
    }

    /** The resource-access scopes among a token's scopes; everything else is left out. */
    public static List<SmartScope> parseAll(Collection<String> scopes) {
        List<SmartScope> parsed = new ArrayList<>();
        for (String scope : scopes) {
            parse(scope).ifPresent(parsed::add);
        }
        return parsed;
    }

    /** One scope, or empty when it is not a resource-access scope this server enforces. */
    public static Optional<SmartScope> parse(String scope) {
        Matcher m = SCOPE.matcher(scope == null ? "" : scope.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        Context context = Context.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        return permissions(m.group(3)).map(p -> new SmartScope(context, m.group(2), p));
    }

    private static Optional<Set<Permission>> permissions(String text) {
        switch (text) {
            case "read": // SMART v1: read and search
                return Optional.of(EnumSet.of(Permission.READ, Permission.SEARCH));
            case "write": // SMART v1: create, update, delete
                return Optional.of(EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE));
            case "*":
                return Optional.of(EnumSet.allOf(Permission.class));
            default:
                break;
        }
        // SMART v2: a subset of c, r, u, d, s, each at most once and in that order
        EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
        int next = 0;
        Permission[] order = Permission.values();
        for (char c : text.toCharArray()) {
            while (next < order.length && order[next].letter != c) {
                next++;
            }
            if (next == order.length) {
                return Optional.empty();
            }
            granted.add(order[next++]);
        }
        return granted.isEmpty() ? Optional.empty() : Optional.of(granted);
    }
}
