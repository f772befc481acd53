package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The properties each kind of directory object exposes, as the fake's OData queries and responses see them: the
 * accessor per property name, {@code $select} parsing, and the user's default property set. Property names are
 * matched case-insensitively and answered in their canonical spelling, as Graph does
 * (https://learn.microsoft.com/en-us/graph/api/resources/user?view=graph-rest-1.0,
 * https://learn.microsoft.com/en-us/graph/api/resources/group?view=graph-rest-1.0).
 */
final class ODataProperties {
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ODataProperties() {
    }

    /** Properties by entity kind: name → accessor. Unmodelled properties answer null (or [] for collections). */
    static final Map<String, Function<Entity, @Nullable Object>> USER_PROPS = Map.ofEntries(
            Map.entry("id", e -> e.id), Map.entry("displayName", e -> e.displayName), Map.entry("mail", e -> e.mail),
            Map.entry("userPrincipalName", e -> e.userPrincipalName), Map.entry("otherMails", e -> e.otherMails),
            Map.entry("proxyAddresses", e -> e.proxyAddresses), Map.entry("accountEnabled", e -> e.accountEnabled),
            Map.entry("userType", e -> e.userType), Map.entry("mailNickname", e -> e.mailNickname),
            Map.entry("givenName", e -> e.profile.get("givenName")), Map.entry("surname", e -> e.profile.get("surname")),
            Map.entry("jobTitle", e -> e.profile.get("jobTitle")),
            Map.entry("department", e -> e.profile.get("department")),
            Map.entry("companyName", e -> e.profile.get("companyName")),
            Map.entry("employeeId", e -> e.profile.get("employeeId")),
            Map.entry("usageLocation", e -> e.profile.get("usageLocation")),
            Map.entry("mobilePhone", e -> e.profile.get("mobilePhone")),
            Map.entry("officeLocation", e -> e.profile.get("officeLocation")),
            Map.entry("preferredLanguage", e -> e.profile.get("preferredLanguage")),
            Map.entry("city", e -> e.profile.get("city")), Map.entry("country", e -> e.profile.get("country")),
            Map.entry("businessPhones", e -> e.profile.getOrDefault("businessPhones", List.of())));
    static final Map<String, Function<Entity, @Nullable Object>> GROUP_PROPS = Map.ofEntries(
            Map.entry("id", e -> e.id), Map.entry("displayName", e -> e.displayName),
            Map.entry("description", e -> e.description), Map.entry("mailNickname", e -> e.mailNickname),
            Map.entry("mail", e -> e.mail), Map.entry("groupTypes", e -> e.groupTypes),
            Map.entry("mailEnabled", e -> e.mailEnabled), Map.entry("securityEnabled", e -> e.securityEnabled),
            Map.entry("visibility", e -> e.visibility),
            Map.entry("onPremisesSyncEnabled", e -> e.onPremisesSyncEnabled ? Boolean.TRUE : null),
            Map.entry("membershipRule", e -> e.membershipRule),
            Map.entry("membershipRuleProcessingState", e -> e.membershipRule == null ? null : "On"),
            Map.entry("createdDateTime", e -> e.createdDateTime == null ? null : e.createdDateTime.toString()),
            Map.entry("proxyAddresses", e -> e.proxyAddresses), Map.entry("deletedDateTime", e -> null),
            Map.entry("renewedDateTime", e -> e.createdDateTime == null ? null : e.createdDateTime.toString()),
            Map.entry("securityIdentifier", e -> null), Map.entry("isAssignableToRole", e -> null));
    static final Map<String, Function<Entity, @Nullable Object>> OTHER_PROPS = Map.ofEntries(
            Map.entry("id", e -> e.id), Map.entry("displayName", e -> e.displayName), Map.entry("mail", e -> e.mail),
            Map.entry("appId", e -> e.appId), Map.entry("accountEnabled", e -> e.accountEnabled),
            Map.entry("proxyAddresses", e -> e.proxyAddresses));

    /**
     * What {@code GET /users} returns without {@code $select}: user-list documents this default set, unlike groups,
     * which return all their properties.
     */
    static final List<String> USER_DEFAULT = List.of("businessPhones", "displayName", "givenName", "jobTitle", "mail",
            "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id");

    /**
     * The first user property outside the basic profile a {@code $filter} names (string literals skipped), or null.
     */
    static @Nullable String nonBasicUserProperty(String filter) {
        String code = filter.replaceAll("'(?:[^']|'')*'", "''");
        Matcher m = WORD.matcher(code);
        while (m.find()) {
            String word = m.group();
            for (String k : USER_PROPS.keySet()) {
                if (k.equalsIgnoreCase(word) && !Permissions.BASIC_USER_PROPERTIES.contains(k)) {
                    return k;
                }
            }
        }
        return null;
    }

    static Map<String, Function<Entity, @Nullable Object>> props(ObjectType t) {
        return switch (t) {
            case USER -> USER_PROPS;
            case GROUP -> GROUP_PROPS;
            default -> OTHER_PROPS;
        };
    }

    static String typeName(@Nullable ObjectType t) {
        return t == null ? "microsoft.graph.directoryObject" : t.castName();
    }

    /** Parse {@code $select}; for a known type unknown names fail, for directoryObject lists they are kept. */
    static @Nullable Set<String> select(@Nullable String select, @Nullable ObjectType type) {
        if (select == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String raw : select.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                throw GraphException.badRequest("Invalid $select value.");
            }
            String canonical = canonical(name, type);
            if (canonical == null) {
                throw GraphException.badRequest("Could not find a property named '" + name + "' on type '"
                        + typeName(type) + "'.");
            }
            out.add(canonical);
        }
        return out;
    }

    static @Nullable String canonical(String name, @Nullable ObjectType type) {
        List<Map<String, Function<Entity, @Nullable Object>>> maps = type == null
                ? List.of(USER_PROPS, GROUP_PROPS, OTHER_PROPS) : List.of(props(type));
        for (Map<String, Function<Entity, @Nullable Object>> m : maps) {
            for (String k : m.keySet()) {
                if (k.equalsIgnoreCase(name)) {
                    return k;
                }
            }
        }
        return null;
    }

    static @Nullable Object value(Entity e, String prop) {
        Function<Entity, @Nullable Object> f = props(e.type).get(prop);
        return f == null ? null : f.apply(e);
    }
}
