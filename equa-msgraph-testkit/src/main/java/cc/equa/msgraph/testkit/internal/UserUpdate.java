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
 * body; application permission User.ReadWrite.All (least privileged) or Directory.ReadWrite.All, or the scenario roles
 * of {@link #checkPermission}. The body is checked
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
            "userType", "ageGroup", "consentProvidedForMinor", "employeeHireDate",
            "employeeLeaveDateTime", "employeeType", "employeeOrgData", "faxNumber", "onPremisesExtensionAttributes",
            "onPremisesImmutableId", "postalCode", "state", "streetAddress", "showInAddressList",
            "aboutMe", "birthday", "interests", "mySite", "pastProjects", "preferredName", "responsibilities", "schools",
            "skills", "preferredDataLocation", "customSecurityAttributes", "authorizationInfo", "employeeExperience");
    /**
     * mailNickname: at most 64 characters (user resource page); the characters refused are those group.md bans,
     * applied to users too by assumption (the user page lists none).
     */
    /**
     * Maximum lengths from the user resource page
     * (https://learn.microsoft.com/en-us/graph/api/resources/user?view=graph-rest-1.0): displayName 256, jobTitle
     * 128, department/companyName/givenName/surname 64, employeeId 16; the others the fake models also use the
     * page's values (officeLocation 128, mobilePhone 64, city 128, country 128).
     */
    private static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(Map.entry("displayName", 256),
            Map.entry("jobTitle", 128), Map.entry("department", 64), Map.entry("companyName", 64),
            Map.entry("employeeId", 16), Map.entry("givenName", 64), Map.entry("surname", 64),
            Map.entry("mailNickname", 64), Map.entry("officeLocation", 128), Map.entry("mobilePhone", 64),
            Map.entry("city", 128), Map.entry("country", 128), Map.entry("businessPhones", 64),
            Map.entry("preferredLanguage", 64));
    /** A plain SMTP address (otherMails, mail, userPrincipalName): local part, one @, a dotted domain. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern BAD_NICKNAME = Pattern.compile("[@()\\\\\\[\\]\";:<>, \\s]");

    private UserUpdate() {
    }

    /**
     * Application permissions the user-update page's "Permissions for specific scenarios" names as least privileged
     * for single properties: User.EnableDisableAccount.All (with User.Read.All) for accountEnabled,
     * User-Mail.ReadWrite.All for otherMails, User-Phone.ReadWrite.All for businessPhones and mobilePhone.
     */
    private static final Map<String, Set<String>> SCENARIO_ROLES = Map.of(
            "accountEnabled", Set.of("User.EnableDisableAccount.All"),
            "otherMails", Set.of("User-Mail.ReadWrite.All"),
            "businessPhones", Set.of("User-Phone.ReadWrite.All"),
            "mobilePhone", Set.of("User-Phone.ReadWrite.All"));

    /** The permission check: User.ReadWrite.All/Directory.ReadWrite.All, or per property its scenario role. */
    static void checkPermission(Caller caller, JsonObject body) {
        if (caller.hasAny(Permissions.UPDATE_USER.anyOf)) {
            return;
        }
        Set<String> names = new java.util.HashSet<>(body.keySet());
        names.remove("@odata.type");
        if (names.isEmpty()) {
            throw GraphException.denied();
        }
        for (String name : names) {
            Set<String> roles = SCENARIO_ROLES.get(name);
            if (roles == null || !caller.hasAny(roles)
                    || name.equals("accountEnabled") && !caller.hasAny(Permissions.FULL_USER_READ)) {
                throw GraphException.denied();
            }
        }
    }

    static void apply(TenantState t, Entity u, JsonObject body) {
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
        if (changes.get("userPrincipalName") instanceof String upn) {
            String domain = upn.substring(upn.indexOf('@') + 1);
            if (!domain.equalsIgnoreCase(t.info.domain())) {
                // user-update: the domain of userPrincipalName must be a verified domain of the tenant
                throw GraphException.badRequest("The domain portion of the userPrincipalName property is invalid. "
                        + "You must use one of the verified domain names in your organization.");
            }
            Entity other = t.user(upn);
            if (other != null && other != u) {
                throw new GraphException(400, "Request_BadRequest", "Another object with the same value for "
                        + "property userPrincipalName already exists.");
            }
        }
        changes.forEach((name, value) -> set(u, name, value));
    }

    private static String canonical(String name) {
        // OData property names are case-sensitive: "DisplayName" is not a property of microsoft.graph.user
        String c = ODataProperties.canonical(name, cc.equa.msgraph.testkit.ObjectType.USER);
        if (name.equals(c) || name.equals("mail") || name.equals("userPrincipalName")) {
            return name;
        }
        for (Set<String> s : List.of(READ_ONLY, UNMODELLED)) {
            if (s.contains(name)) {
                return name;
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
                    String s = x.getAsString();
                    if (s.length() > MAX_LENGTH.getOrDefault(name, 256)
                            || name.equals("otherMails") && !ADDRESS.matcher(s).matches()) {
                        throw invalid(given);
                    }
                    out.add(s);
                }
                // user resource: businessPhones "Only one number can be set for this property"
                if (name.equals("businessPhones") && out.size() > 1) {
                    throw invalid(given);
                }
                return out;
            }
            case "displayName", "mailNickname" -> {
                String s = string(v, given);
                if (s.isBlank()) {
                    throw invalid(given);
                }
                if (s.length() > MAX_LENGTH.get(name)
                        || name.equals("mailNickname") && BAD_NICKNAME.matcher(s).find()) {
                    throw invalid(given);
                }
                return s;
            }
            case "mail", "userPrincipalName" -> {
                String s = string(v, given);
                if (!ADDRESS.matcher(s).matches() || s.length() > 113) {
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
                String s = v.isJsonNull() ? "" : string(v, given);
                if (s.length() > MAX_LENGTH.getOrDefault(name, 256)) {
                    throw invalid(given);
                }
                return s;
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
            case "userPrincipalName" -> u.userPrincipalName = (String) value;
            case "mail" -> {
                // user-update: "Changes to this property also update proxyAddresses" (the new primary SMTP)
                String old = u.mail;
                u.mail = (String) value;
                u.proxyAddresses.removeIf(a -> a.startsWith("SMTP:") || a.equalsIgnoreCase("smtp:" + value));
                if (old != null && !old.equalsIgnoreCase(u.mail)) {
                    u.proxyAddresses.add("smtp:" + old);
                }
                u.proxyAddresses.add(0, "SMTP:" + u.mail);
            }
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
