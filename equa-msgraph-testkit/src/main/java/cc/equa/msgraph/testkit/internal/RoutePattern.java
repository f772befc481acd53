package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A path pattern of the route table, relative to {@code /v1.0}: segments separated by {@code /}, each one of
 * <ul>
 *   <li>a literal ({@code groups}, {@code $ref}), compared exactly;</li>
 *   <li>a parameter {@code {name}}, binding the decoded segment; the names {@code relation} and {@code cast} are typed
 *       (see {@link #TYPED});</li>
 *   <li>a literal with one embedded parameter, for OData key syntax such as
 *       {@code servicePrincipals(appId='{appId}')} (matched case-insensitively, as Graph does).</li>
 * </ul>
 * A pattern only matches paths with exactly as many segments, and binds left to right: a typed parameter that
 * refuses its segment makes the whole pattern miss.
 */
final class RoutePattern {
    /**
     * Typed parameters: a binder returns the value or null (no match). {@code cast} throws for an unknown
     * {@code microsoft.graph.*} type: Graph answers 400 for a cast it does not know rather than "no such segment".
     */
    private static final Map<String, Function<String, @Nullable Object>> TYPED = Map.of(
            "relation", Relation::of,
            "cast", RoutePattern::cast);

    private final String text;
    private final List<@Nullable String> names = new ArrayList<>();
    private final List<Function<String, @Nullable Object>> segments = new ArrayList<>();

    RoutePattern(String text) {
        this.text = text;
        for (String segment : text.split("/")) {
            segments.add(binder(segment));
        }
    }

    private Function<String, @Nullable Object> binder(String segment) {
        int open = segment.indexOf('{');
        if (open < 0) {
            names.add(null);
            return s -> s.equals(segment) ? s : null;
        }
        int close = segment.indexOf('}', open);
        String name = segment.substring(open + 1, close);
        names.add(name);
        if (open == 0 && close == segment.length() - 1) {
            return TYPED.getOrDefault(name, s -> s);
        }
        Pattern embedded = Pattern.compile("(?i)" + Pattern.quote(segment.substring(0, open)) + "([^']*)"
                + Pattern.quote(segment.substring(close + 1)));
        return s -> {
            Matcher m = embedded.matcher(s);
            return m.matches() ? m.group(1) : null;
        };
    }

    /** The bound parameters if the path matches, else null. */
    @Nullable Map<String, Object> match(List<String> path) {
        if (path.size() != segments.size()) {
            return null;
        }
        Map<String, Object> bound = new HashMap<>();
        for (int i = 0; i < path.size(); i++) {
            Object value = segments.get(i).apply(path.get(i));
            if (value == null) {
                return null;
            }
            String name = names.get(i);
            if (name != null) {
                bound.put(name, value);
            }
        }
        return bound;
    }

    private static @Nullable Object cast(String segment) {
        if (!segment.startsWith("microsoft.graph.") && !segment.startsWith("graph.")) {
            return null;
        }
        for (ObjectType t : ObjectType.values()) {
            if (t.castName().equalsIgnoreCase(segment) || t.castName().equalsIgnoreCase("microsoft." + segment)) {
                return t;
            }
        }
        throw GraphException.unsupported("Unsupported type cast '" + segment + "'.");
    }

    @Override
    public String toString() {
        return text;
    }
}
