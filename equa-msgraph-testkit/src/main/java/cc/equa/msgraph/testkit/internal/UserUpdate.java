package cc.equa.msgraph.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code PATCH /users/{id}} (https://learn.microsoft.com/en-us/graph/api/user-update?view=graph-rest-1.0): 204 and no
 * body; application permission User.ReadWrite.All (least privileged) or Directory.ReadWrite.All. The body is checked
 * whole before anything changes:
 * <ul>
 *   <li>a read-only property is 400 {@code Request_BadRequest} "Property 'x' is read-only and cannot be set." (the
 *       wording Graph gives, quoted in microsoftgraph/msgraph-beta-sdk-java issue 621 and
 *       microsoftgraph/microsoft-graph-docs-contrib issues 8197 and 8042);</li>
 *   <li>a name the user type does not have is 400 {@code BadRequest} with OData's "does not exist on type" message;</li>
 *   <li>a real writable property the fake does not model (passwordProfile, identities, birthday…) is 400
 *       {@code Request_UnsupportedQuery} naming the fake, never silently ignored;</li>
 *   <li>a value of the wrong JSON type is 400 "Invalid value specified for property".</li>
 * </ul>
 */
final class UserUpdate {
    /** Writable string properties the fake stores in {@link Entity#profile} and returns on GET. */
    private static final Set<String> PROFILE_STRINGS = Set.of("givenName", "surname", "jobTitle", "department",
            "companyName", "employeeId", "usageLocation", "mobilePhone", "officeLocation", "preferredLanguage", "city",
            "country");
    /** Read-only user properties (user resource page: "Read-only"; and the issues cited above). */
    private static final Set<String> READ_ONLY = Set.of("id", "createdDateTime", "deletedDateTime", "proxyAddresses",
            "assignedLicenses", "assignedPlans", "provisionedPlans", "creationType", "externalUserState",
            "externalUserStateChangeDateTime", "onPremisesSyncEnabled", "onPremisesLastSyncDateTime",
            "onPremisesSecurityIdentifier", "onPremisesDomainName", "onPremisesSamAccountName",
            "onPremisesUserPrincipalName", "onPremisesProvisioningErrors", "securityIdentifier",
            "signInSessionsValidFromDateTime", "refreshTokensValidFromDateTime", "lastPasswordChangeDateTime",
            "licenseAssignmentStates", "isResourceAccount", "imAddresses", "signInActivity");
    /** Writable on Graph, not modelled by the fake. */
    private static final Set<String> UNMODELLED = Set.of("passwordProfile", "passwordPolicies", "identities",
            "userPrincipalName", "mail", "userType", "ageGroup", "consentProvidedForMinor", "employeeHireDate",
            "employeeLeaveDateTime", "employeeType", "employeeOrgData", "faxNumber", "onPremisesExtensionAttributes",
            "onPremisesImmutableId", "postalCode", "state", "streetAddress", "showInAddressList",
            "aboutMe", "birthday", "interests", "mySite", "pastProjects", "preferredName", "responsibilities", "schools",
            "skills", "preferredDataLocation", "customSecurityAttributes", "authorizationInfo", "employeeExperience");
    /**
     * mailNickname: at most 64 characters (user resource page); the characters refused are those group.md bans,
     * applied to users too by assumption (the user page lists none).
     */
    private static final Pattern BAD_NICKNAME = Pattern.compile("[@()\\\\\\[\\]\";:<>, \\s]");

    private UserUpdate() {
    }

    static void apply(Entity u, JsonObject body) {
        Map<String, Object> changes = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : body.entrySet()) {
            String name = e.getKey();
            if (name.equals("@odata.type")) {
                continue;
            }
            String canonical = canonical(name);
            if (READ_ONLY.contains(canonical)) {
                throw new GraphException(400, "Request_BadRequest", "Property '" + name
                        + "' is read-only and cannot be set.");
            }
            if (UNMODELLED.contains(canonical)) {
                throw GraphException.unsupported("Updating the user property '" + name
                        + "' is not modelled by the fake tenant.");
            }
            changes.put(canonical, value(canonical, name, e.getValue()));
        }
        changes.forEach((name, value) -> set(u, name, value));
    }

    private static String canonical(String name) {
        String c = ODataProperties.canonical(name, cc.equa.msgraph.testkit.ObjectType.USER);
        if (c != null) {
            return c;
        }
        for (Set<String> s : List.of(READ_ONLY, UNMODELLED)) {
            for (String k : s) {
                if (k.equalsIgnoreCase(name)) {
                    return k;
                }
            }
        }
        throw new GraphException(400, "BadRequest", "The property '" + name + "' does not exist on type "
                + "'microsoft.graph.user'. Make sure to only use property names that are defined by the type or mark "
                + "the type as open type.");
    }

    /** The checked new value ({@code ""} stands for null, which clears a profile property). */
    private static Object value(String name, String given, JsonElement v) {
        switch (name) {
            case "accountEnabled" -> {
                if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean()) {
                    return v.getAsBoolean();
                }
                throw invalid(given);
            }
            case "otherMails", "businessPhones" -> {
                if (!v.isJsonArray()) {
                    throw invalid(given);
                }
                List<String> out = new ArrayList<>();
                for (JsonElement x : v.getAsJsonArray()) {
                    if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
                        throw invalid(given);
                    }
                    out.add(x.getAsString());
                }
                return out;
            }
            case "displayName", "mailNickname" -> {
                String s = string(v, given);
                if (s.isBlank()) {
                    throw invalid(given);
                }
                if (name.equals("mailNickname") && (s.length() > 64 || BAD_NICKNAME.matcher(s).find())) {
                    throw invalid(given);
                }
                return s;
            }
            case "usageLocation" -> {
                String s = v.isJsonNull() ? "" : string(v, given);
                if (!s.isEmpty() && !s.matches("[A-Za-z]{2}")) {
                    throw invalid(given);
                }
                return s.toUpperCase(Locale.ROOT);
            }
            default -> {
                if (!PROFILE_STRINGS.contains(name)) {
                    // a readable property the fake models but a client may not write
                    throw GraphException.unsupported("Updating the user property '" + given
                            + "' is not modelled by the fake tenant.");
                }
                return v.isJsonNull() ? "" : string(v, given);
            }
        }
    }

    private static String string(JsonElement v, String given) {
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw invalid(given);
        }
        return v.getAsString();
    }

    private static GraphException invalid(String name) {
        return GraphException.badRequest("Invalid value specified for property '" + name + "' of resource 'User'.");
    }

    @SuppressWarnings("unchecked")
    private static void set(Entity u, String name, Object value) {
        switch (name) {
            case "displayName" -> u.displayName = (String) value;
            case "mailNickname" -> u.mailNickname = (String) value;
            case "accountEnabled" -> u.accountEnabled = (Boolean) value;
            case "otherMails" -> u.otherMails = new ArrayList<>((List<String>) value);
            default -> {
                if ("".equals(value)) {
                    u.profile.remove(name);
                } else {
                    u.profile.put(name, value);
                }
            }
        }
    }
}
