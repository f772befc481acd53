package cc.equa.msgraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Keeps the one convention for values that may be absent (issue 16): in the public records of core and spi, every
 * {@code @Nullable} component is read through a non-deprecated {@code xIfAny()} returning {@code Optional} (or
 * {@code OptionalInt}, …), and the component's own accessor, which returns {@code null}, is deprecated.
 */
class OptionalConventionTest {

    private static final List<String> PACKAGES = List.of("cc.equa.msgraph", "cc.equa.msgraph.spi");

    @Test
    void everyMaybeAbsentRecordComponentIsReadThroughAnOptionalAndItsNullableAccessorIsDeprecated() {
        List<String> violations = new ArrayList<>();
        int maybeAbsent = 0;
        for (Class<?> record : publicRecords()) {
            maybeAbsent += nullableComponents(record).size();
            violations.addAll(violations(record));
        }
        assertEquals(List.of(), violations);
        // 40 when the convention was adopted (0.2.0): proves the check sees the components at all.
        assertTrue(maybeAbsent >= 40, "only " + maybeAbsent + " @Nullable record components found");
    }

    @Test
    void eachOptionalAccessorAgreesWithTheComponent() throws Exception {
        for (Class<?> record : publicRecords()) {
            if (nullableComponents(record).isEmpty()) {
                continue;
            }
            Object absent = instance(record, true);
            Object present = instance(record, false);
            for (RecordComponent rc : nullableComponents(record)) {
                Method twin = record.getMethod(rc.getName() + "IfAny");
                String where = record.getName() + "#" + twin.getName();
                assertEquals(null, rc.getAccessor().invoke(absent), where);
                assertEquals(Optional.empty(), unwrap(twin.invoke(absent)), where + " when absent");
                Object value = rc.getAccessor().invoke(present);
                assertTrue(value != null, where);
                assertEquals(Optional.of(value), unwrap(twin.invoke(present)), where + " when present");
            }
        }
    }

    @Test
    void theCheckFindsEachKindOfViolation() {
        assertEquals(List.of(), violations(Conforming.class));
        List<String> found = violations(Violating.class);
        String bad = Violating.class.getName();
        assertEquals(List.of(
                bad + ".missing: no public xIfAny() accessor missingIfAny()",
                bad + ".missing: its accessor returns null but is not @Deprecated(since = ...)",
                bad + ".count: countIfAny() returns java.util.Optional<java.lang.Integer>, expected java.util.OptionalInt",
                bad + ".note: noteIfAny() is itself deprecated",
                bad + ".note: its accessor returns null but is not @Deprecated(since = ...)"), found);
    }

    private static List<Class<?>> publicRecords() {
        List<Class<?>> records = new ArrayList<>();
        for (String pkg : PACKAGES) {
            ApiSurface.publicTypes(pkg).stream().filter(Class::isRecord).forEach(records::add);
        }
        assertTrue(records.size() >= 20, "public records not found: " + records);
        return records;
    }

    private static List<RecordComponent> nullableComponents(Class<?> record) {
        return List.of(record.getRecordComponents()).stream()
                .filter(rc -> rc.getAnnotatedType().isAnnotationPresent(Nullable.class)).toList();
    }

    /** The convention, checked on one record. */
    static List<String> violations(Class<?> record) {
        List<String> violations = new ArrayList<>();
        for (RecordComponent rc : nullableComponents(record)) {
            String where = record.getName() + "." + rc.getName();
            String twinName = rc.getName() + "IfAny";
            Method twin;
            try {
                twin = record.getMethod(twinName);
            } catch (NoSuchMethodException e) {
                twin = null;
            }
            if (twin == null || Modifier.isStatic(twin.getModifiers())) {
                violations.add(where + ": no public xIfAny() accessor " + twinName + "()");
            } else {
                String expected = expectedTwinType(rc.getGenericType());
                if (!twin.getGenericReturnType().getTypeName().equals(expected)) {
                    violations.add(where + ": " + twinName + "() returns " + twin.getGenericReturnType().getTypeName()
                            + ", expected " + expected);
                }
                if (twin.isAnnotationPresent(Deprecated.class)) {
                    violations.add(where + ": " + twinName + "() is itself deprecated");
                }
            }
            Deprecated deprecated = rc.getAccessor().getAnnotation(Deprecated.class);
            if (deprecated == null || deprecated.since().isEmpty()) {
                violations.add(where + ": its accessor returns null but is not @Deprecated(since = ...)");
            }
        }
        return violations;
    }

    private static String expectedTwinType(Type component) {
        if (component == Integer.class) {
            return OptionalInt.class.getName();
        }
        if (component == Long.class) {
            return OptionalLong.class.getName();
        }
        if (component == Double.class) {
            return OptionalDouble.class.getName();
        }
        return Optional.class.getName() + "<" + component.getTypeName() + ">";
    }

    private static Optional<?> unwrap(Object optional) {
        if (optional instanceof OptionalInt i) {
            return i.isPresent() ? Optional.of(i.getAsInt()) : Optional.empty();
        }
        if (optional instanceof OptionalLong l) {
            return l.isPresent() ? Optional.of(l.getAsLong()) : Optional.empty();
        }
        if (optional instanceof OptionalDouble d) {
            return d.isPresent() ? Optional.of(d.getAsDouble()) : Optional.empty();
        }
        return (Optional<?>) optional;
    }

    /** Build a record through its canonical constructor, its nullable components all null or all set. */
    private static Object instance(Class<?> record, boolean absent) throws Exception {
        RecordComponent[] components = record.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            boolean nullable = components[i].getAnnotatedType().isAnnotationPresent(Nullable.class);
            values[i] = nullable && absent ? null : sample(components[i].getType(), components[i].getGenericType());
        }
        Constructor<?> canonical = record.getDeclaredConstructor(types);
        return canonical.newInstance(values);
    }

    private static Object sample(Class<?> type, Type generic) throws Exception {
        if (type == String.class) {
            return "value";
        }
        if (type == Integer.class || type == int.class) {
            return 7;
        }
        if (type == Boolean.class || type == boolean.class) {
            return true;
        }
        if (type == Instant.class) {
            return Instant.EPOCH;
        }
        if (type == Duration.class) {
            return Duration.ofSeconds(1);
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type == OrganizationId.class) {
            return OrganizationId.of("acme");
        }
        if (type == Secret.class) {
            return Secret.of("not-a-real-secret");
        }
        if (type.isSealed()) {
            return sample(type.getPermittedSubclasses()[0], type.getPermittedSubclasses()[0]);
        }
        if (type.isRecord()) {
            return instance(type, false);
        }
        throw new AssertionError("no sample value for " + (generic instanceof ParameterizedType p ? p : type)
                + ": add one to OptionalConventionTest");
    }

    /** Follows the convention. */
    public record Conforming(String id, @Nullable String note, @Nullable Integer count) {

        /**
         * The note.
         *
         * @return the note
         */
        public Optional<String> noteIfAny() {
            return Optional.ofNullable(note);
        }

        /**
         * The note.
         *
         * @return the note or null
         * @deprecated use {@link #noteIfAny()}
         */
        @Deprecated(since = "0.2.0")
        public @Nullable String note() {
            return note;
        }

        /**
         * The count.
         *
         * @return the count
         */
        public OptionalInt countIfAny() {
            return count == null ? OptionalInt.empty() : OptionalInt.of(count);
        }

        /**
         * The count.
         *
         * @return the count or null
         * @deprecated use {@link #countIfAny()}
         */
        @Deprecated(since = "0.2.0")
        public @Nullable Integer count() {
            return count;
        }
    }

    /** Breaks it in each way the check knows. */
    public record Violating(@Nullable String missing, @Nullable Integer count, @Nullable String note) {

        /**
         * A boxed integer where OptionalInt is the convention.
         *
         * @return the count
         */
        public Optional<Integer> countIfAny() {
            return Optional.ofNullable(count);
        }

        /**
         * The count.
         *
         * @return the count or null
         * @deprecated use {@link #countIfAny()}
         */
        @Deprecated(since = "0.2.0")
        public @Nullable Integer count() {
            return count;
        }

        /**
         * A deprecated twin, and the nullable accessor left undeprecated.
         *
         * @return the note
         * @deprecated wrongly
         */
        @Deprecated
        public Optional<String> noteIfAny() {
            return Optional.ofNullable(note);
        }
    }
}
